"""Background work of the mentoring module: the reminders before confirmed appointments.

``send_reminders`` is run by ``flask dclic mentoring send-reminders`` (cron) or as the job
``"dclic.mentoring.tasks:send_reminders"``. Each reminder is sent **once**, even when the
command runs twice, or twice at the same moment: a reminder is first written as a row of
``appointment_reminders`` whose unique key is (appointment, delay, start time), inside a
savepoint; a second run finds the row (or, racing, is refused by the unique key) and sends
nothing. The mail leaves only after the commit, so a failed run sends nothing either.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from dclic.core.db import db, utcnow
from dclic.mentoring import notifications, queries
from dclic.mentoring.models import AppointmentReminder


def _due(appointment, offsets, now: datetime) -> list[int]:
    """The delays whose moment has come, leaving out those that had already passed when the
    appointment was confirmed (the confirmation itself told both people)."""
    due = []
    for minutes in offsets:
        moment = appointment.starts_at - timedelta(minutes=minutes)
        confirmed = appointment.confirmed_at
        if moment <= now and (confirmed is None or moment >= confirmed):
            due.append(minutes)
    return due


def _record(appointment, offsets: list[int]) -> bool:
    """Write the reminder rows not written yet; False when there is none left to write."""
    done = set(
        db.session.scalars(
            sa.select(AppointmentReminder.offset_minutes).where(
                AppointmentReminder.appointment_id == appointment.id,
                AppointmentReminder.starts_at == appointment.starts_at,
            )
        )
    )
    missing = [minutes for minutes in offsets if minutes not in done]
    if not missing:
        return False
    try:
        with db.session.begin_nested():
            for minutes in missing:
                db.session.add(
                    AppointmentReminder(
                        appointment_id=appointment.id,
                        offset_minutes=minutes,
                        starts_at=appointment.starts_at,
                    )
                )
    except IntegrityError:  # another run wrote them first
        return False
    return True


def send_reminders(now: datetime | None = None) -> int:
    """Remind both people of each confirmed appointment whose reminder is due; returns how
    many appointments were reminded. Delays: ``DCLIC_APPOINTMENT_REMINDERS``. When several
    are due at once (the command did not run for a while), one mail covers them."""
    offsets = current_app.config["DCLIC_APPOINTMENT_REMINDERS"]
    if not offsets:
        return 0
    now = now or utcnow()
    reminded = 0
    for appointment in queries.list_to_remind(now, timedelta(minutes=max(offsets))):
        due = _due(appointment, offsets, now)
        if due and _record(appointment, due):
            notifications.remind(appointment)
            reminded += 1
    return reminded
