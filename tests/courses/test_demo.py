"""The demo data set brings a catalogue, and loading it twice changes nothing."""

import sqlalchemy as sa

from dclic.courses import queries
from dclic.courses.models import Course, LearningPath
from dclic.demo import seed


def test_seeding_twice_creates_the_catalogue_once(session):
    first = seed(admin_email="admin@dclic.example", admin_password="apprendre-le-numerique")
    assert first.created["courses"] >= 10
    assert first.created["learning paths"] == 3
    courses = session.scalar(sa.select(sa.func.count(Course.id)))
    paths = session.scalar(sa.select(sa.func.count(LearningPath.id)))

    second = seed(admin_email="admin@dclic.example")
    assert "courses" not in second.created
    assert "learning paths" not in second.created
    assert session.scalar(sa.select(sa.func.count(Course.id))) == courses
    assert session.scalar(sa.select(sa.func.count(LearningPath.id))) == paths


def test_the_demo_catalogue_is_published_on_both_tracks_with_one_draft(session):
    seed(admin_email="admin@dclic.example", admin_password="apprendre-le-numerique")
    published = queries.list_published_courses(per_page=100)
    assert {course.track for course in published.items} == {"A", "M"}
    assert queries.get_course("DCLIC-WEB-003").status == "draft"
    assert "DCLIC-NET-001" in {
        c.code for c in queries.list_published_courses(q="securite", per_page=100).items
    }
    paths = queries.list_published_paths().items
    assert {(p.track, p.is_tutored) for p in paths} == {("A", False), ("M", True)}
    assert all(path.published_entries for path in paths)
