"""Signal receivers: notices for what other modules announce through ``core/signals.py``."""

from __future__ import annotations

from dclic.core.i18n import gettext as _
from dclic.core.signals import course_completed
from dclic.notifications import services
from dclic.notifications.kinds import COURSE_COMPLETED


@course_completed.connect
def _on_course_completed(enrolment, user, course, completed_at, **extra):
    """A learner finished a course: tell them (a socket push after the commit; mail by choice)."""
    with services.in_language_of(user):
        title = _("Course completed: %(title)s", title=course.title)
        text = _("Well done! You have completed every step of this course.")
    services.notify(
        user,
        COURSE_COMPLETED,
        title,
        services.path_for("learning.resume", code=course.code),
        body=text,
    )
