"""Factories of the catalogue tests: courses and paths in any state, an editor."""

from __future__ import annotations

from itertools import count

import pytest

_serial = count(1)


@pytest.fixture
def editor(create_user):
    return create_user(roles=("editor",))


@pytest.fixture
def create_course(session):
    """``create_course(status="published", **overrides)`` → a flushed Course."""
    from dclic.courses import services

    def factory(status: str = "published", **overrides):
        n = next(_serial)
        values = {
            "code": f"TEST-C-{n:04d}",
            "title": f"Course {n}",
            "summary": f"What course {n} teaches.",
            "level": "beginner",
            "track": "A",
            "domain": "web",
            "duration_minutes": 60,
        }
        values.update(overrides)
        course = services.create_course(None, **values)
        if status in ("published", "archived"):
            services.publish_course(None, course)
        if status == "archived":
            services.archive_course(None, course)
        return course

    return factory


@pytest.fixture
def create_path(session):
    """``create_path(courses=[(course, is_required)…], publish=True, **overrides)``."""
    from dclic.courses import services

    def factory(courses=(), publish: bool = True, **overrides):
        n = next(_serial)
        values = {"code": f"TEST-P-{n:04d}", "title": f"Path {n}", "track": "M"}
        values.update(overrides)
        path = services.create_path(None, **values)
        for course, is_required in courses:
            services.add_course_to_path(None, path, course, is_required=is_required)
        if publish:
            services.publish_path(None, path)
        return path

    return factory
