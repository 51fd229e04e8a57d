"""API shapes of the catalogue: the query of the course list and the bodies returned."""

from __future__ import annotations

from marshmallow import Schema, fields, pre_load, validate

from dclic.core.schemas import PageQuerySchema, page_schema
from dclic.courses.models import LANGUAGES, LEVELS, TRACKS
from dclic.courses.search import DURATIONS, FORMATS, OUR_PROVIDER
from dclic.courses.validation import SLUG_PATTERN


class CourseQuerySchema(PageQuerySchema):
    """Filters of the course list; the same as the HTML catalogue's."""

    q = fields.String(
        validate=validate.Length(max=200),
        metadata={"description": "Words searched in title, summary and keywords (accents ignored)"},
    )
    track = fields.String(validate=validate.OneOf(TRACKS))
    level = fields.String(validate=validate.OneOf(LEVELS))
    language = fields.String(validate=validate.OneOf(LANGUAGES))
    domain = fields.String(validate=validate.Regexp(SLUG_PATTERN), metadata={"example": "web"})
    duration = fields.String(
        validate=validate.OneOf(list(DURATIONS)), metadata={"description": "Range of learning time"}
    )
    format = fields.String(
        validate=validate.OneOf(FORMATS),
        metadata={"description": "video, files or text: what the course's steps hold"},
    )
    provider = fields.String(
        validate=validate.Length(max=200),
        metadata={"description": f"{OUR_PROVIDER} for our own courses, or a harvested catalogue"},
    )

    @pre_load
    def drop_empty(self, data, **kwargs):
        # "?level=" means no filter, as in the HTML form.
        return {key: value for key, value in data.items() if value != ""}


class PathRefSchema(Schema):
    """A learning path as mentioned from a course."""

    code = fields.String(required=True)
    title = fields.String(required=True)
    track = fields.String(required=True)
    is_tutored = fields.Boolean(required=True)


class CourseSchema(Schema):
    """A published course."""

    code = fields.String(required=True, metadata={"example": "DCLIC-WEB-001"})
    title = fields.String(required=True)
    summary = fields.String(required=True)
    language = fields.String(required=True, metadata={"enum": list(LANGUAGES)})
    level = fields.String(required=True, metadata={"enum": list(LEVELS)})
    track = fields.String(
        required=True, metadata={"enum": list(TRACKS), "description": "A initiation, M careers"}
    )
    domain = fields.String(required=True)
    duration_minutes = fields.Integer(required=True)
    licence = fields.String(required=True)
    keywords = fields.List(fields.String(), attribute="keyword_list", required=True)
    published_at = fields.DateTime(required=True)


class CourseDetailSchema(CourseSchema):
    """A published course with the published paths that include it."""

    paths = fields.List(fields.Nested(PathRefSchema), attribute="published_paths", required=True)


class PathStepSchema(Schema):
    """A course's place in a path."""

    position = fields.Integer(required=True)
    is_required = fields.Boolean(required=True)
    course = fields.Nested(CourseSchema, required=True)


class PathSchema(Schema):
    """A published learning path."""

    code = fields.String(required=True, metadata={"example": "DCLIC-PATH-WEB"})
    title = fields.String(required=True)
    summary = fields.String(required=True)
    track = fields.String(required=True, metadata={"enum": list(TRACKS)})
    is_tutored = fields.Boolean(required=True, metadata={"description": "Followed with a mentor"})
    published_at = fields.DateTime(required=True)


class PathDetailSchema(PathSchema):
    """A published path with its published courses, in order."""

    courses = fields.List(
        fields.Nested(PathStepSchema), attribute="published_entries", required=True
    )


CoursePageSchema = page_schema(CourseSchema, "CoursePage")
PathPageSchema = page_schema(PathSchema, "PathPage")
