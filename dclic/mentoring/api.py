"""The mentoring JSON API (bearer token): my appointments, my mentor's free slots, booking,
and the actions of the state machine. Rights, rules and clashes are the services' (403 for
the wrong person, 409 for the wrong state or a taken time, 422 with field errors)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from dclic.core.api import endpoint, page_body, paginate
from dclic.core.db import db, utcnow
from dclic.mentoring import queries, services
from dclic.mentoring.models import ACTIVE_STATUSES, Appointment
from dclic.mentoring.schemas import (
    AcceptSchema,
    AppointmentPageSchema,
    AppointmentQuerySchema,
    AppointmentSchema,
    BookSchema,
    ProposeSchema,
    ReasonSchema,
    RescheduleSchema,
    SlotListSchema,
    SlotQuerySchema,
)

TAGS = ["mentoring"]
ACTION_ERRORS = (403, 404, 409)


@endpoint(
    summary="My appointments (as learner or mentor), soonest first; ?when= and ?status=",
    tags=TAGS,
    query=AppointmentQuerySchema,
    response=AppointmentPageSchema,
    auth=True,
)
def list_appointments(actor, query):
    statement = sa.select(Appointment).where(
        sa.or_(Appointment.mentor_id == actor.id, Appointment.learner_id == actor.id)
    )
    now = utcnow()
    if query["when"] == "upcoming":
        statement = statement.where(
            sa.or_(
                Appointment.ends_at > now,
                sa.and_(Appointment.starts_at.is_(None), Appointment.status.in_(ACTIVE_STATUSES)),
            )
        )
    elif query["when"] == "past":
        statement = statement.where(Appointment.ends_at <= now)
    if query["status"]:
        statement = statement.where(Appointment.status == query["status"])
    order = (
        (Appointment.starts_at.desc(), Appointment.id.desc())
        if query["when"] == "past"
        else (Appointment.starts_at.is_(None), Appointment.starts_at, Appointment.id)
    )
    statement = queries.with_people(statement.order_by(*order))
    return page_body(paginate(statement, query["page"], query["per_page"]))


@endpoint(
    summary="One of my appointments",
    tags=TAGS,
    response=AppointmentSchema,
    auth=True,
    errors=(403, 404),
)
def get_appointment(actor, appointment_id: int):
    return queries.get_appointment(actor, appointment_id)


@endpoint(
    summary="The free slots of one of my mentors between two dates (31 days at most)",
    tags=TAGS,
    query=SlotQuerySchema,
    response=SlotListSchema,
    auth=True,
    errors=(404,),
)
def free_slots(actor, mentor_code: str, query):
    mentor = queries.get_mentor_for(actor, mentor_code)
    first = query["from_"] or utcnow().date()
    last = query["to"] or first + timedelta(days=7)
    start = datetime.combine(first, time.min, tzinfo=UTC)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=UTC)
    return {"items": queries.free_slots(mentor, start, end, services.earliest_booking())}


@endpoint(
    summary="Book a free slot of one of my mentors (or, without starts_at, a free request)",
    tags=TAGS,
    body=BookSchema,
    response=AppointmentSchema,
    status=201,
    auth=True,
    errors=ACTION_ERRORS,
)
def book(actor, body):
    mentor = queries.get_mentor_for(actor, body["mentor"].strip().upper())
    if body["starts_at"] is None:
        found = services.request_free(actor, mentor, body["topic"], body["message"])
    else:
        starts_at = body["starts_at"].astimezone(UTC)
        found = services.book(actor, mentor, starts_at, body["topic"], body["message"])
    db.session.commit()
    return found


def _act(action, actor, appointment_id: int, *args, **kwargs):
    appointment = queries.get_appointment(actor, appointment_id)
    found = action(actor, appointment, *args, **kwargs)
    db.session.commit()
    return found


@endpoint(
    summary="Accept (mentor: a request; learner: a proposed time)",
    tags=TAGS,
    body=AcceptSchema,
    response=AppointmentSchema,
    auth=True,
    errors=ACTION_ERRORS,
)
def accept(actor, appointment_id: int, body):
    return _act(services.accept, actor, appointment_id, **body)


@endpoint(
    summary="Decline, with a reason",
    tags=TAGS,
    body=ReasonSchema,
    response=AppointmentSchema,
    auth=True,
    errors=ACTION_ERRORS,
)
def decline(actor, appointment_id: int, body):
    return _act(services.decline, actor, appointment_id, body["reason"])


@endpoint(
    summary="Cancel, with a reason (a confirmed one up to the notice period)",
    tags=TAGS,
    body=ReasonSchema,
    response=AppointmentSchema,
    auth=True,
    errors=ACTION_ERRORS,
)
def cancel(actor, appointment_id: int, body):
    return _act(services.cancel, actor, appointment_id, body["reason"])


@endpoint(
    summary="The mentor proposes a time",
    tags=TAGS,
    body=ProposeSchema,
    response=AppointmentSchema,
    auth=True,
    errors=ACTION_ERRORS,
)
def propose(actor, appointment_id: int, body):
    return _act(
        services.propose,
        actor,
        appointment_id,
        body["starts_at"].astimezone(UTC),
        body["ends_at"].astimezone(UTC),
        body["reason"],
    )


@endpoint(
    summary="Ask for another time (learner: another free slot; mentor: any time)",
    tags=TAGS,
    body=RescheduleSchema,
    response=AppointmentSchema,
    auth=True,
    errors=ACTION_ERRORS,
)
def reschedule(actor, appointment_id: int, body):
    ends_at = body["ends_at"].astimezone(UTC) if body["ends_at"] else None
    return _act(
        services.reschedule,
        actor,
        appointment_id,
        body["starts_at"].astimezone(UTC),
        body["reason"],
        ends_at=ends_at,
    )
