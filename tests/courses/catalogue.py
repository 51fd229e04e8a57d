"""Helpers of the catalogue tests: a syllabus for a course, codes of a page of results."""

from __future__ import annotations

from dclic.core.db import db
from dclic.courses.models import CourseModule, Step


def add_syllabus(course, *modules: list[str], minutes: int | None = 10):
    """Give ``course`` one module per list of step kinds, e.g. ``["text", "video"]``."""
    start = len(course.modules)
    for number, kinds in enumerate(modules, start + 1):
        module = CourseModule(course=course, position=number, title=f"Module {number}")
        for position, kind in enumerate(kinds, 1):
            module.steps.append(
                Step(
                    position=position,
                    kind=kind,
                    title=f"Étape {number}.{position} ({kind})",
                    duration_minutes=minutes,
                )
            )
        db.session.add(module)
    db.session.flush()
    return course


def codes(page) -> list[str]:
    """The codes of a page of courses, in order."""
    return [course.code for course in page.items]


def search(q: str | None = None, **filters) -> list[str]:
    """Codes of the published courses found, in the catalogue's order (up to 100)."""
    from dclic.courses import queries

    return codes(queries.list_published_courses(q=q, per_page=100, **filters))
