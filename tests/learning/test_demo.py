"""The demo data set brings syllabi, a followed group and enrolments with progress; twice is once."""

import sqlalchemy as sa

from dclic.accounts import queries as accounts
from dclic.courses import queries as courses
from dclic.courses.models import Step
from dclic.demo import seed
from dclic.learning import queries
from dclic.learning.demo_syllabus import SYLLABUS
from dclic.learning.models import Enrolment, StepCompletion


def counts(session):
    return [
        session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Step, Enrolment, StepCompletion)
    ]


def test_the_demo_learners_follow_courses_with_progress_and_seeding_twice_adds_nothing(session):
    first = seed(admin_email="admin@dclic.example", admin_password="apprendre-le-numerique")
    assert first.created["course steps"] == sum(
        len(steps) for modules in SYLLABUS.values() for _title, steps in modules
    )
    assert first.created["enrolments"] == 4 and first.created["groups"] == 1
    before = counts(session)
    second = seed(admin_email="admin@dclic.example")
    assert not {"course steps", "enrolments", "groups"} & set(second.created)
    assert counts(session) == before

    fatou = accounts.get_user_by_email("fatou.ndiaye@dclic.example")
    [path] = queries.get_overview(fatou).paths
    assert path.path.code == "DCLIC-PATH-INIT"
    first_course, second_course = (item.progress for item in path.courses[:2])
    assert first_course.is_completed and 0 < second_course.percent < 100
    moussa = accounts.get_user_by_email("moussa.traore@dclic.example")
    [tutored] = queries.get_overview(moussa).paths
    assert tutored.enrolment.mentor.email == "aminata.diallo@dclic.example"
    chloe = accounts.get_user_by_email("chloe.martin@dclic.example")
    assert queries.get_overview(chloe).is_empty


def test_every_published_demo_course_has_a_syllabus_of_french_text_steps(session):
    from dclic.courses.demo import COURSES

    assert {spec[0] for spec in COURSES} == set(SYLLABUS)
    seed(admin_email="admin@dclic.example", admin_password="apprendre-le-numerique")
    for code in SYLLABUS:
        course = courses.get_course(code)
        assert course.is_published and len(course.modules) == 2, code
        for module in course.modules:
            assert module.steps and all(step.kind == "text" for step in module.steps)
            assert all("<p>" in step.body_html for step in module.steps)
