"""The mentors' dashboard (stuck learners first, no N+1) and the mentors' notes (rights in the
service, never shown to the learner). Pages are checked by structure, not by English text."""

import re
from datetime import timedelta

import pytest

from dclic.core.db import utcnow
from dclic.core.errors import Invalid, NotAllowed
from dclic.learning.models import Enrolment
from dclic.mentoring import dashboard, notes
from dclic.mentoring.models import MentorNote
from tests.helpers import post_form


def html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def admin(create_user):
    return create_user(roles=("admin",))


@pytest.fixture
def enrol(session, create_course):
    """``enrol(learner, mentor, days_idle=None)``: a course enrolment mentored by ``mentor``,
    last active ``days_idle`` days ago (None: never)."""

    def make(learner, mentor, days_idle=None, status="active"):
        course = create_course()
        now = utcnow()
        enrolment = Enrolment(
            user_id=learner.id,
            course_id=course.id,
            mode="assigned",
            mentor_id=mentor.id,
            status=status,
            enrolled_at=now - timedelta(days=60),
            last_activity_at=None if days_idle is None else now - timedelta(days=days_idle),
        )
        session.add(enrolment)
        session.flush()
        return enrolment

    return make


@pytest.fixture
def group_mentor(create_user, admin):
    """``group_mentor(members)``: a user who is a mentor only within a new group of ``members``."""
    from dclic.accounts import groups

    def make(members=()):
        person = create_user(display_name="Mentor de groupe")
        group = groups.create_group(admin, f"Groupe {person.id}")
        for member in members:
            groups.add_member(admin, group, member)
        groups.assign_role(admin, person, "mentor", "group", group.id)
        return person, group

    return make


def test_stuck_learners_come_first_oldest_first(app, mentor, create_user, enrol):
    active = create_user(display_name="Aïcha Active")
    stuck = create_user(display_name="Zoé Bloquée")
    stuck_longer = create_user(display_name="Yao Bloqué")
    never = create_user(display_name="Moussa Jamais")
    done = create_user(display_name="Binta Finie")
    enrol(active, mentor, days_idle=1)
    enrol(stuck, mentor, days_idle=10)
    enrol(stuck_longer, mentor, days_idle=30)
    enrol(never, mentor)  # enrolled 60 days ago, never started
    enrol(done, mentor, days_idle=40, status="completed")  # nothing unfinished: not stuck
    rows = dashboard.list_learners(mentor, utcnow())
    assert [r.learner.id for r in rows] == [never.id, stuck_longer.id, stuck.id, active.id]
    assert [r.is_stuck for r in rows] == [True, True, True, False]
    assert all(r.is_mentored for r in rows)


def test_the_stuck_delay_is_configurable(app, mentor, create_user, enrol, monkeypatch):
    learner = create_user()
    enrol(learner, mentor, days_idle=10)
    monkeypatch.setitem(app.config, "DCLIC_MENTOR_STUCK_DAYS", 14)
    assert not dashboard.list_learners(mentor, utcnow())[0].is_stuck
    monkeypatch.setitem(app.config, "DCLIC_MENTOR_STUCK_DAYS", 7)
    assert dashboard.list_learners(mentor, utcnow())[0].is_stuck


def test_the_setting_is_validated(tmp_path):
    from dclic.config import ConfigError, build_config

    assert build_config(str(tmp_path), env={})["DCLIC_MENTOR_STUCK_DAYS"] == 7
    assert (
        build_config(str(tmp_path), env={"DCLIC_MENTOR_STUCK_DAYS": "3"})["DCLIC_MENTOR_STUCK_DAYS"]
        == 3
    )
    with pytest.raises(ConfigError):
        build_config(str(tmp_path), env={"DCLIC_MENTOR_STUCK_DAYS": "0"})


def test_group_members_are_on_a_group_mentors_dashboard(create_user, group_mentor, enrol):
    member, outsider = create_user(), create_user()
    person, group = group_mentor([member])
    enrol(outsider, create_user(roles=("mentor",)))
    rows = dashboard.list_learners(person, utcnow())
    assert [r.learner.id for r in rows] == [member.id]
    assert rows[0].groups == [group.name] and not rows[0].is_mentored


def test_the_dashboard_page_has_a_fixed_number_of_queries(
    client, sign_in, mentor, create_user, enrol, count_queries
):
    def learners(n):
        for _ in range(n):
            enrol(create_user(), mentor, days_idle=3)

    learners(1)
    sign_in(mentor)
    client.get("/mentoring/learners")
    with count_queries() as one:
        response = client.get("/mentoring/learners")
    assert response.status_code == 200
    learners(6)
    with count_queries() as seven:
        response = client.get("/mentoring/learners")
    page = html(response)
    assert len(re.findall(r'id="learner-\d', page)) == 7
    assert seven.n == one.n
    assert "/progress" in page and "/mentoring/learners/" in page


def test_the_dashboard_is_for_mentors_only(client, sign_in, learner):
    sign_in(learner)
    assert client.get("/mentoring/learners").status_code == 403


def test_the_dashboard_page_lists_stuck_first(client, sign_in, mentor, create_user, enrol):
    fine, stuck = create_user(display_name="Aa"), create_user(display_name="Zz")
    enrol(fine, mentor, days_idle=0)
    enrol(stuck, mentor, days_idle=20)
    sign_in(mentor)
    page = html(client.get("/mentoring/learners"))
    assert page.index(f'id="learner-{stuck.id}"') < page.index(f'id="learner-{fine.id}"')
    assert 'class="learner stuck"' in page


# --- notes -------------------------------------------------------------------------------------


def test_mentors_of_the_learner_write_and_read_notes_newest_first(
    mentor, create_user, enrol, group_mentor
):
    learner = create_user()
    enrol(learner, mentor)
    other, _group = group_mentor([learner])
    first = notes.add_note(mentor, learner, "  Difficultés en HTML. ")
    second = notes.add_note(other, learner, "Vu en classe virtuelle.")
    assert first.body == "Difficultés en HTML."
    assert [n.id for n in notes.list_notes(mentor, learner)] == [second.id, first.id]
    assert [n.id for n in notes.list_notes(other, learner)] == [second.id, first.id]


def test_notes_are_never_for_the_learner_nor_outsiders(
    mentor, create_user, enrol, group_mentor, admin
):
    learner = create_user()
    enrol(learner, mentor)
    notes.add_note(mentor, learner, "Privé")
    outsider, _group = group_mentor([create_user()])
    for person in (learner, outsider, create_user()):
        with pytest.raises(NotAllowed):
            notes.list_notes(person, learner)
        with pytest.raises(NotAllowed):
            notes.add_note(person, learner, "Non")
    pedagogical = create_user(roles=("pedagogical_admin",))
    assert len(notes.list_notes(pedagogical, learner)) == 1
    assert len(notes.list_notes(admin, learner)) == 1


def test_a_note_is_checked(mentor, create_user, enrol):
    learner = create_user()
    enrol(learner, mentor)
    for body in ("", "   ", "x" * 2001, "a\x00b"):
        with pytest.raises(Invalid) as caught:
            notes.add_note(mentor, learner, body)
        assert "body" in caught.value.errors
    assert len(notes.add_note(mentor, learner, "y" * 2000).body) == 2000


def test_a_note_is_audited_without_its_text(mentor, create_user, enrol, session):
    import sqlalchemy as sa

    from dclic.audit.models import AuditEvent

    learner = create_user()
    enrol(learner, mentor)
    note = notes.add_note(mentor, learner, "Secret pédagogique")
    session.flush()
    events = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.object_type == MentorNote.__tablename__)
    ).all()
    assert events and all("Secret" not in str(e.changes) for e in events)
    assert note.id in {int(e.object_id) for e in events}


def test_the_learner_page_form_and_rights(
    client, sign_in, mentor, create_user, enrol, group_mentor
):
    learner = create_user()
    enrol(learner, mentor)
    path = f"/mentoring/learners/{learner.learner_code}"
    sign_in(mentor)
    page = html(client.get(path))
    assert 'id="note-form"' in page and f"/learners/{learner.learner_code}/progress" in page
    response = post_form(client, f"{path}/notes", {"body": ""}, page=path)
    assert response.status_code == 422 and 'id="body-error"' in html(response)
    response = post_form(client, f"{path}/notes", {"body": "Très motivée"}, page=path)
    assert response.status_code == 302
    assert "Très motivée" in html(client.get(path))
    outsider, _group = group_mentor([create_user()])
    sign_in(outsider)
    assert client.get(path).status_code == 403
    sign_in(learner)
    assert client.get(path).status_code == 403


def test_a_note_needs_the_csrf_token(client, sign_in, mentor, create_user, enrol):
    learner = create_user()
    enrol(learner, mentor)
    sign_in(mentor)
    response = client.post(f"/mentoring/learners/{learner.learner_code}/notes", data={"body": "x"})
    assert response.status_code in (400, 422)
    assert notes.list_notes(mentor, learner) == []
