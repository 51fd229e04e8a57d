"""The appointments' state machine: which of the two people may do what, in which state, when.

::

    requested ──mentor: accept──────────► confirmed ──mentor: report (once begun)──► done
      │  ▲  ├───mentor: decline─────────► declined          │                     │
      │  │  └───mentor: propose─────────► proposed          │             learner: rate
      │  └──────learner: reschedule◄──────┤  │              │             mentor: report
      │                                   │  ├─learner: accept ──► confirmed
      │                                   │  ├─learner: decline ─► declined
      │                                   │  └─mentor: propose (again)
      └─either: cancel──► cancelled ◄─────┴───either: cancel (confirmed: up to the notice)
    confirmed ─mentor: propose──► proposed;  confirmed ─learner: reschedule──► requested
                                             (both up to the notice period, with a reason)

``requested`` waits for the mentor, ``proposed`` for the learner. ``declined``,
``cancelled`` are final; ``done`` only takes a report (mentor) and a rating (learner).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from dclic.core.errors import Conflict, NotAllowed
from dclic.core.i18n import gettext as _
from dclic.core.i18n import lazy_gettext as _l

ACTIONS = ("accept", "decline", "propose", "reschedule", "cancel", "report", "rate")
MENTOR, LEARNER = "mentor", "learner"
BOTH = (MENTOR, LEARNER)

# (state, action) → who may do it. Anything not listed is refused.
TRANSITIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("requested", "accept"): (MENTOR,),
    ("requested", "decline"): (MENTOR,),
    ("requested", "propose"): (MENTOR,),
    ("requested", "reschedule"): (LEARNER,),
    ("requested", "cancel"): BOTH,
    ("proposed", "accept"): (LEARNER,),
    ("proposed", "decline"): (LEARNER,),
    ("proposed", "propose"): (MENTOR,),
    ("proposed", "reschedule"): (LEARNER,),
    ("proposed", "cancel"): BOTH,
    ("confirmed", "propose"): (MENTOR,),
    ("confirmed", "reschedule"): (LEARNER,),
    ("confirmed", "cancel"): BOTH,
    ("confirmed", "report"): (MENTOR,),
    ("done", "report"): (MENTOR,),
    ("done", "rate"): (LEARNER,),
}
# Changes of a confirmed appointment: only up to the notice period, and with a reason.
NOTICE_BOUND = frozenset({"propose", "reschedule", "cancel"})

STATUS_LABELS = {
    "requested": _l("requested, waiting for the mentor"),
    "proposed": _l("new time proposed, waiting for the learner"),
    "confirmed": _l("confirmed"),
    "declined": _l("declined"),
    "cancelled": _l("cancelled"),
    "done": _l("done"),
}


def role_of(user, appointment) -> str | None:
    """``mentor`` or ``learner`` when ``user`` is one of the two people, else None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.id == appointment.mentor_id:
        return MENTOR
    if user.id == appointment.learner_id:
        return LEARNER
    return None


def check(user, appointment, action: str, now: datetime, notice: timedelta) -> str:
    """Raise unless ``user`` may do ``action`` on ``appointment`` now; returns their role.

    :class:`NotAllowed` (403) for someone who is not the right person, :class:`Conflict` (409)
    for an action the state or the time forbids.
    """
    role = role_of(user, appointment)
    if role is None:
        raise NotAllowed(_("This appointment is not yours."))
    allowed = TRANSITIONS.get((appointment.status, action))
    if allowed is None:
        raise Conflict(
            _(
                "This cannot be done any more: the appointment is %(status)s.",
                status=STATUS_LABELS[appointment.status],
            )
        )
    if role not in allowed:
        raise NotAllowed(_("The other person answers this, not you."))
    _check_time(appointment, action, now, notice)
    return role


def _check_time(appointment, action: str, now: datetime, notice: timedelta) -> None:
    starts_at = appointment.starts_at
    if action == "accept" and starts_at is None:
        raise Conflict(_("This request has no time yet: propose one."))
    if action == "accept" and starts_at <= now:
        raise Conflict(_("This time has passed: propose another one."))
    if appointment.status == "confirmed" and action in NOTICE_BOUND and starts_at - now < notice:
        hours = int(notice.total_seconds() // 3600)
        raise Conflict(
            _(
                "Too late: an appointment can be changed or cancelled up to %(hours)d hours before it starts.",
                hours=hours,
            )
        )
    if action == "report" and appointment.status == "confirmed" and starts_at > now:
        raise Conflict(_("The report is written once the appointment has begun."))


def allowed_actions(user, appointment, now: datetime, notice: timedelta) -> frozenset[str]:
    """The actions ``user`` may do on ``appointment`` now (to show only those forms)."""
    allowed = set()
    for action in ACTIONS:
        try:
            check(user, appointment, action, now, notice)
        except (NotAllowed, Conflict):
            continue
        allowed.add(action)
    return frozenset(allowed)


def needs_reason(appointment, action: str) -> bool:
    """Declining and cancelling always say why; so does changing a confirmed appointment."""
    return action in ("decline", "cancel") or (
        appointment.status == "confirmed" and action in ("propose", "reschedule")
    )
