"""API shapes of the mentoring module: appointments, free slots and the bodies of the
actions. Shape and validation only; rights and rules are the services'."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from dclic.core.i18n import gettext as _
from dclic.core.schemas import PageQuerySchema, StrictSchema, page_schema
from dclic.mentoring.models import STATUSES

_TEXT = {"validate": validate.Length(max=2000)}


class AppointmentPersonSchema(Schema):
    """The other person of an appointment, as shown to its people."""

    code = fields.String(attribute="learner_code", required=True)
    name = fields.String(attribute="display_name", required=True)


class AppointmentSchema(Schema):
    """An appointment as one of its two people sees it (times in UTC, ISO 8601)."""

    id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"enum": list(STATUSES)})
    mentor = fields.Nested(AppointmentPersonSchema, required=True)
    learner = fields.Nested(AppointmentPersonSchema, required=True)
    starts_at = fields.DateTime(allow_none=True, metadata={"description": "None: free request"})
    ends_at = fields.DateTime(allow_none=True)
    topic = fields.String(required=True)
    message = fields.String(required=True)
    is_free_request = fields.Boolean(required=True)
    meeting_url = fields.String(allow_none=True)
    place = fields.String(allow_none=True)
    reason = fields.String(required=True, metadata={"description": "Of the last change"})
    sequence = fields.Integer(required=True)


AppointmentPageSchema = page_schema(AppointmentSchema, "AppointmentPage")


class AppointmentQuerySchema(PageQuerySchema):
    """``?when=upcoming|past`` and ``?status=`` narrow the list."""

    when = fields.String(load_default=None, validate=validate.OneOf(["upcoming", "past"]))
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))


class SlotSchema(Schema):
    starts_at = fields.DateTime(attribute="start", required=True)
    ends_at = fields.DateTime(attribute="end", required=True)


class SlotListSchema(Schema):
    items = fields.List(fields.Nested(SlotSchema), required=True)


class SlotQuerySchema(StrictSchema):
    """``?from=`` and ``?to=`` (dates, 31 days at most; default: the coming week)."""

    from_ = fields.Date(data_key="from", load_default=None)
    to = fields.Date(load_default=None)

    @validates_schema
    def _range(self, data, **kwargs):
        start, end = data.get("from_"), data.get("to")
        if start and end and not 0 <= (end - start).days <= 31:
            raise ValidationError(_("Choose at most 31 days, the end after the start."), "to")


class BookSchema(StrictSchema):
    """Book a free slot of my mentor (``starts_at`` from the slots), or, without
    ``starts_at``, ask for a time outside them (a free request)."""

    mentor = fields.String(required=True, validate=validate.Length(min=1, max=40))
    starts_at = fields.AwareDateTime(load_default=None)
    topic = fields.String(required=True, validate=validate.Length(min=1, max=200))
    message = fields.String(load_default="", **_TEXT)


class AcceptSchema(StrictSchema):
    meeting_url = fields.String(load_default=None, validate=validate.Length(max=500))
    place = fields.String(load_default=None, validate=validate.Length(max=200))


class ReasonSchema(StrictSchema):
    reason = fields.String(required=True, **_TEXT)


class ProposeSchema(StrictSchema):
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    reason = fields.String(load_default="", **_TEXT)


class RescheduleSchema(StrictSchema):
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(load_default=None, metadata={"description": "Mentor only"})
    reason = fields.String(load_default="", **_TEXT)
