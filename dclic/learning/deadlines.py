"""Due days of enrolments: a mentor or administrator sets the day a learner should have
finished a course or a path by; it shows on "My learning" (overdue marked) and, as an all-day
item, in the learner's agenda and calendar feed until the enrolment is completed.

Setting it takes the right to manage the learner's enrolments (``enrolment.manage``,
site-wide or in one of their groups), checked here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from babel.dates import format_date
from sqlalchemy.orm import joinedload

from dclic.core.db import db
from dclic.core.errors import Invalid, NotAllowed
from dclic.core.i18n import get_locale
from dclic.core.i18n import gettext as _
from dclic.learning import permissions
from dclic.learning.models import Enrolment

REACH = timedelta(days=2 * 366)  # a due day is within two years of today


def check_due_on(due_on: date | None, field: str = "due_on") -> date | None:
    """``due_on`` if empty or within two years of today, else a field error."""
    if due_on is None:
        return None
    today = datetime.now(UTC).date()
    if not today - REACH <= due_on <= today + REACH:
        raise Invalid(
            _("Some fields are not valid."), {field: [_("Choose a date within two years.")]}
        )
    return due_on


def can_set_due_on(actor, enrolment: Enrolment) -> bool:
    """Those who manage the learner's enrolments, never the learner themselves."""
    if actor is None:
        return True
    if actor.id == enrolment.user_id:
        return False
    return permissions.can_manage_enrolments_of(actor, enrolment.user)


def set_due_on(actor, enrolment: Enrolment, due_on: date | None) -> dict:
    """``actor`` sets (``None``: removes) the due day of ``enrolment``; returns the changes
    ``{"due_on": (old, new)}`` (empty when nothing changed)."""
    if not can_set_due_on(actor, enrolment):
        raise NotAllowed(_("You may not change the due date of this enrolment."))
    due_on = check_due_on(due_on)
    if enrolment.due_on == due_on:
        return {}
    changes = {"due_on": (enrolment.due_on, due_on)}
    enrolment.due_on = due_on
    db.session.flush()
    return changes


def due_state(enrolment: Enrolment, today: date | None = None) -> str | None:
    """``"overdue"``, ``"due"`` or ``None`` (no due day, or no longer followed)."""
    if enrolment.due_on is None or enrolment.status != "active":
        return None
    today = today or datetime.now(UTC).date()
    return "overdue" if enrolment.due_on < today else "due"


def day_label(day: date) -> str:
    """``30 mars 2026`` in the page's language."""
    return format_date(day, "long", locale=get_locale())


def list_due(user, first: date | None = None, last: date | None = None) -> list[Enrolment]:
    """``user``'s active enrolments with a due day in ``[first, last]`` (either open), by
    day, courses and paths loaded (one query). Completed ones are no longer due."""
    statement = sa.select(Enrolment).where(
        Enrolment.user_id == user.id,
        Enrolment.status == "active",
        Enrolment.due_on.is_not(None),
    )
    if first is not None:
        statement = statement.where(Enrolment.due_on >= first)
    if last is not None:
        statement = statement.where(Enrolment.due_on <= last)
    return list(
        db.session.scalars(
            statement.options(
                joinedload(Enrolment.course).lazyload("*"), joinedload(Enrolment.path).lazyload("*")
            ).order_by(Enrolment.due_on, Enrolment.id)
        )
    )
