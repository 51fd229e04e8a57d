"""The notification kinds of the mentoring module, with their default channels.

Each person chooses per kind, on ``/notifications/settings``, between in-app only, a mail at
once, the daily digest, or nothing (see ``dclic.notifications``). Imported by the module's
blueprint, so the kinds exist at start-up.
"""

from dclic.core.i18n import lazy_gettext as _l
from dclic.notifications.registry import declare_kind

APPOINTMENT = declare_kind(
    "appointment", _l("Requests and changes of my appointments"), default="immediate"
)
REMINDER = declare_kind(
    "appointment_reminder", _l("Reminders before my appointments"), default="immediate"
)
CLASS_SESSION = declare_kind(
    "class_session", _l("Virtual classes of my groups"), default="immediate"
)
ANNOUNCEMENT = declare_kind(
    "mentor_announcement", _l("Announcements from my mentors"), default="immediate"
)
AGENDA_EVENT = declare_kind(
    "agenda_event", _l("Changes to the events of my shared agendas"), default="immediate"
)
