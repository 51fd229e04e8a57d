"""API shapes of the learning module: enrolments, progress, the syllabus, the enrol body."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from dclic.core.i18n import gettext as _
from dclic.core.schemas import StrictSchema
from dclic.courses.models import STEP_KINDS
from dclic.learning.models import ENROLMENT_MODES, ENROLMENT_STATUSES

_STATUS = {"enum": list(ENROLMENT_STATUSES)}


class FollowedCourseSchema(Schema):
    """A course as named from an enrolment."""

    code = fields.String(required=True, metadata={"example": "DCLIC-WEB-001"})
    title = fields.String(required=True)
    language = fields.String(required=True)


class FollowedPathSchema(Schema):
    """A learning path as named from an enrolment."""

    code = fields.String(required=True, metadata={"example": "DCLIC-PATH-WEB"})
    title = fields.String(required=True)
    is_tutored = fields.Boolean(required=True)


def _status(item) -> str:
    # A course of a followed path is followed even before its own enrolment row exists.
    return item.enrolment.status if item.enrolment is not None else "active"


class LockSchema(Schema):
    """Whether a course waits for prerequisites in the learner's paths, and which."""

    locked = fields.Boolean(
        attribute="is_locked",
        required=True,
        metadata={"description": "true: prerequisites in the learner's paths not completed"},
    )
    locked_by = fields.Function(
        lambda p: [course.code for course in p.locked_by],
        required=True,
        metadata={
            "type": "array",
            "items": {"type": "string"},
            "description": "Codes of the courses to complete first: its steps wait for them",
        },
    )


class CourseProgressSchema(LockSchema):
    """A learner's progress in one course."""

    course = fields.Nested(FollowedCourseSchema, required=True)
    enrolment_id = fields.Function(
        lambda p: p.enrolment.id if p.enrolment else None,
        allow_none=True,
        metadata={"type": "integer", "description": "null: followed through a path only"},
    )
    status = fields.Function(_status, required=True, metadata={"type": "string", **_STATUS})
    steps_done = fields.Integer(attribute="done", required=True)
    steps_total = fields.Integer(attribute="total", required=True)
    percent = fields.Integer(required=True, metadata={"minimum": 0, "maximum": 100})
    last_activity_at = fields.DateTime(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)


class PathCourseProgressSchema(Schema):
    """A course's place in a path and the learner's progress in it."""

    position = fields.Function(lambda item: item.entry.position, metadata={"type": "integer"})
    is_required = fields.Boolean(required=True)
    progress = fields.Nested(CourseProgressSchema, required=True)


class PathProgressSchema(Schema):
    """A learner's progress in one learning path."""

    path = fields.Nested(FollowedPathSchema, required=True)
    enrolment_id = fields.Function(lambda p: p.enrolment.id, metadata={"type": "integer"})
    status = fields.Function(_status, required=True, metadata={"type": "string", **_STATUS})
    required_done = fields.Integer(
        required=True, metadata={"description": "Required courses completed"}
    )
    required_total = fields.Integer(required=True)
    percent = fields.Integer(
        required=True, metadata={"description": "Mean of the required courses' percentages"}
    )
    completed_at = fields.Function(lambda p: p.enrolment.completed_at, allow_none=True)
    courses = fields.List(fields.Nested(PathCourseProgressSchema), required=True)


class LearningSchema(Schema):
    """Everything a learner follows: courses on their own, and paths with their courses."""

    courses = fields.List(fields.Nested(CourseProgressSchema), required=True)
    paths = fields.List(fields.Nested(PathProgressSchema), required=True)


class EnrolmentSchema(Schema):
    """One enrolment, in a course or in a path."""

    id = fields.Integer(required=True)
    kind = fields.Function(
        lambda e: "course" if e.course_id else "path",
        metadata={"type": "string", "enum": ["course", "path"]},
    )
    course = fields.Nested(FollowedCourseSchema, allow_none=True)
    path = fields.Nested(FollowedPathSchema, allow_none=True)
    status = fields.String(required=True, metadata=_STATUS)
    mode = fields.String(required=True, metadata={"enum": list(ENROLMENT_MODES)})
    enrolled_at = fields.DateTime(required=True)
    completed_at = fields.DateTime(allow_none=True)


class EnrolBodySchema(StrictSchema):
    """What to enrol in: exactly one of a course code and a path code."""

    course = fields.String(validate=validate.Length(min=1, max=40))
    path = fields.String(validate=validate.Length(min=1, max=40))

    @validates_schema
    def exactly_one(self, data, **kwargs):
        if ("course" in data) == ("path" in data):
            raise ValidationError(_("Give either a course code or a path code."), "_schema")


class SyllabusStepSchema(Schema):
    """A step of the syllabus, and whether the learner has done it."""

    id = fields.Integer(attribute="step.id", required=True)
    position = fields.Integer(attribute="step.position", required=True)
    kind = fields.String(attribute="step.kind", required=True, metadata={"enum": list(STEP_KINDS)})
    title = fields.String(attribute="step.title", required=True)
    duration_minutes = fields.Integer(attribute="step.duration_minutes", allow_none=True)
    is_done = fields.Boolean(required=True)


class SyllabusModuleSchema(Schema):
    """A module of the syllabus with its steps, in order."""

    position = fields.Integer(required=True)
    title = fields.String(required=True)
    steps = fields.List(fields.Nested(SyllabusStepSchema), required=True)


class SyllabusSchema(LockSchema):
    """A course's modules and steps in order, with the learner's steps done."""

    course = fields.Nested(FollowedCourseSchema, required=True)
    steps_done = fields.Integer(attribute="done", required=True)
    steps_total = fields.Integer(attribute="total", required=True)
    percent = fields.Integer(required=True)
    modules = fields.List(fields.Nested(SyllabusModuleSchema), attribute="outline", required=True)
