"""The catalogue's JSON API: published courses and learning paths, read-only for now."""

from __future__ import annotations

from dclic.core.api import endpoint, page_body
from dclic.core.schemas import PageQuerySchema
from dclic.courses import queries
from dclic.courses.schemas import (
    CourseDetailSchema,
    CoursePageSchema,
    CourseQuerySchema,
    PathDetailSchema,
    PathPageSchema,
)


@endpoint(
    summary="List published courses, filtered and paginated",
    tags=["courses"],
    query=CourseQuerySchema,
    response=CoursePageSchema,
)
def list_courses(query):
    return page_body(queries.list_published_courses(**query))


@endpoint(
    summary="A published course and the paths that include it",
    tags=["courses"],
    response=CourseDetailSchema,
    errors=(404,),
)
def get_course(code: str):
    return queries.get_published_course(code)


@endpoint(
    summary="List published learning paths",
    tags=["courses"],
    query=PageQuerySchema,
    response=PathPageSchema,
)
def list_paths(query):
    return page_body(queries.list_published_paths(**query))


@endpoint(
    summary="A published learning path and its courses, in order",
    tags=["courses"],
    response=PathDetailSchema,
    errors=(404,),
)
def get_path(code: str):
    return queries.get_published_path(code)
