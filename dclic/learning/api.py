"""The learning JSON API: the signed-in learner's enrolments, progress and syllabus (bearer
token). Rights and rules are the services' (403 for a tutored path, 422 for a bad code)."""

from __future__ import annotations

from dclic.core.api import endpoint
from dclic.core.db import db
from dclic.learning import queries, services
from dclic.learning.schemas import (
    CourseProgressSchema,
    EnrolBodySchema,
    EnrolmentSchema,
    LearningSchema,
    SyllabusSchema,
)

TAGS = ["learning"]


@endpoint(
    summary="What I follow: my courses and paths, with my progress",
    tags=TAGS,
    response=LearningSchema,
    auth=True,
)
def my_learning(actor):
    return queries.get_overview(actor)


@endpoint(
    summary="Enrol me in a published course or a free learning path",
    tags=TAGS,
    body=EnrolBodySchema,
    response=EnrolmentSchema,
    status=201,
    auth=True,
    errors=(403,),
)
def enrol(actor, body):
    kind = "course" if "course" in body else "path"
    target = queries.get_target(kind, body[kind])
    enrolment = services.enrol(actor, actor, target)
    db.session.commit()
    return enrolment


@endpoint(
    summary="Leave one of my enrolments (kept as withdrawn; progress kept)",
    tags=TAGS,
    auth=True,
    errors=(403, 404, 409),
)
def withdraw(actor, enrolment_id: int):
    services.withdraw(actor, queries.get_user_enrolment(actor, enrolment_id))
    db.session.commit()


@endpoint(
    summary="My progress in one course I follow",
    tags=TAGS,
    response=CourseProgressSchema,
    auth=True,
    errors=(404,),
)
def course_progress(actor, code: str):
    return queries.get_course_progress(actor, code)


@endpoint(
    summary="Mark a step done; returns my progress in its course",
    tags=TAGS,
    response=CourseProgressSchema,
    auth=True,
    errors=(403, 404),
)
def complete_step(actor, step_id: int):
    step = queries.get_step(step_id)
    services.complete_step(actor, actor, step)
    found = queries.get_course_progress(actor, step.module.course.code)
    db.session.commit()
    return found


@endpoint(
    summary="The modules and steps of a course I follow, with the steps I have done",
    tags=TAGS,
    response=SyllabusSchema,
    auth=True,
    errors=(403, 404),
)
def syllabus(actor, code: str):
    return queries.get_syllabus(actor, code)
