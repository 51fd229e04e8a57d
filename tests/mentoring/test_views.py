"""The pages: wiring, rights (403), field errors (422), conflicts (409), sizes, no N+1."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from dclic.mentoring import services
from dclic.mentoring.models import AvailabilityWindow
from tests.helpers import post_form
from tests.mentoring.conftest import at


def html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def admin(create_user):
    return create_user(roles=("admin",))


def test_pages_need_a_signed_in_person(client, booked):
    for path in ("/mentoring", "/agenda", f"/appointments/{booked.id}", "/mentoring/availability"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_learner_finds_their_mentor_and_books(
    client, sign_in, available, learner, monday, outbox
):
    sign_in(learner)
    page = html(client.get("/mentoring"))
    assert f"/mentoring/mentors/{available.learner_code}" in page
    path = f"/mentoring/mentors/{available.learner_code}"
    week = 1 if at(monday, 9).isoformat() not in html(client.get(path)) else 0
    page = html(client.get(f"{path}?week={week}"))
    assert at(monday, 9).isoformat() in page  # slots are offered as radio buttons
    assert "Africa/Dakar" in page  # in the learner's zone, named
    response = post_form(
        client, f"{path}/book", {"slot": at(monday, 9).isoformat(), "topic": "Mon CV"}, page=path
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/agenda")
    assert "Awa Élève" in outbox()[-1]["Subject"]


def test_booking_errors_come_back_on_the_fields(client, sign_in, available, learner, monday):
    sign_in(learner)
    path = f"/mentoring/mentors/{available.learner_code}"
    response = post_form(client, f"{path}/book", {"slot": "", "topic": ""}, page=path)
    assert response.status_code == 422
    assert 'id="topic-error"' in html(response) and 'id="slot-error"' in html(response)
    response = post_form(client, f"{path}/book", {"slot": "lundi", "topic": "CV"}, page=path)
    assert response.status_code == 422
    services.book(learner, available, at(monday, 9), "Déjà pris")
    response = post_form(
        client, f"{path}/book", {"slot": at(monday, 9).isoformat(), "topic": "CV"}, page=path
    )
    assert response.status_code == 409 and 'id="slot-error"' in html(response)


def test_a_free_request_from_the_booking_page(client, sign_in, available, learner):
    sign_in(learner)
    path = f"/mentoring/mentors/{available.learner_code}"
    response = post_form(client, f"{path}/request", {"free-topic": ""}, page=path)
    assert response.status_code == 422 and 'id="free-topic-error"' in html(response)
    response = post_form(
        client,
        f"{path}/request",
        {"free-topic": "Orientation", "free-message": "Le soir"},
        page=path,
    )
    assert response.status_code == 302


def test_only_ones_own_mentor_can_be_booked(client, sign_in, available, create_user):
    sign_in(create_user())
    assert client.get(f"/mentoring/mentors/{available.learner_code}").status_code == 404


def test_the_availability_page_is_for_mentors(client, sign_in, mentor, learner):
    sign_in(learner)
    assert client.get("/mentoring/availability").status_code == 403


def test_a_mentor_publishes_availability_through_the_page(client, sign_in, mentor, session):
    sign_in(mentor)
    page = "/mentoring/availability"
    assert "Europe/Paris" in html(client.get(page))
    response = post_form(
        client, f"{page}/weekly", {"weekly-weekday": "0", "weekly-start": "12:00", "weekly-end": "09:00"}
    , page=page)  # fmt: skip
    assert response.status_code == 422 and 'id="weekly-end-error"' in html(response)
    response = post_form(
        client, f"{page}/weekly", {"weekly-weekday": "0", "weekly-start": "09:00", "weekly-end": "12:00"}
    , page=page)  # fmt: skip
    assert response.status_code == 302
    response = post_form(
        client, f"{page}/weekly", {"weekly-weekday": "0", "weekly-start": "11:00", "weekly-end": "13:00"}
    , page=page)  # fmt: skip
    assert response.status_code == 409
    response = post_form(
        client, f"{page}/settings",
        {"settings-slot_minutes": "5", "settings-buffer_minutes": "0", "settings-max_per_day": "x"},
        page=page,
    )  # fmt: skip
    assert response.status_code == 422
    assert 'id="settings-slot_minutes-error"' in html(response)
    assert 'id="settings-max_per_day-error"' in html(response)
    response = post_form(
        client, f"{page}/settings",
        {"settings-slot_minutes": "45", "settings-buffer_minutes": "15", "settings-max_per_day": "3",
         "settings-place": "Salle 4"},
        page=page,
    )  # fmt: skip
    assert response.status_code == 302
    windows = session.scalars(
        sa.select(AvailabilityWindow).where(AvailabilityWindow.mentor_id == mentor.id)
    ).all()
    assert [(w.weekday, w.start_minute, w.end_minute, w.time_zone) for w in windows] == [
        (0, 540, 720, "Europe/Paris")
    ]
    response = post_form(
        client, f"/mentoring/availability/windows/{windows[0].id}/delete", {}, page=page
    )
    assert response.status_code == 302


def test_one_off_times_and_absences_through_the_page(client, sign_in, mentor, monday, session):
    sign_in(mentor)
    page = "/mentoring/availability"
    day = monday.isoformat()
    response = post_form(
        client,
        f"{page}/once",
        {"once-date": day, "once-start": "22:00", "once-end": "00:00"},
        page=page,
    )
    assert response.status_code == 302
    window = session.scalar(sa.select(AvailabilityWindow).where(AvailabilityWindow.kind == "once"))
    assert (window.starts_at, window.ends_at) == (at(monday, 22), at(monday + timedelta(days=1), 0))
    response = post_form(
        client, f"{page}/absences",
        {"absence-first_day": day, "absence-last_day": (monday - timedelta(days=1)).isoformat()},
        page=page,
    )  # fmt: skip
    assert response.status_code == 422 and 'id="absence-last_day-error"' in html(response)
    response = post_form(
        client, f"{page}/absences", {"absence-first_day": day, "absence-last_day": day}, page=page
    )
    assert response.status_code == 302
    assert monday.strftime("%Y") in html(client.get(page))


def test_the_appointment_page_and_its_rights(
    client, sign_in, booked, mentor, learner, create_user, admin
):
    path = f"/appointments/{booked.id}"
    sign_in(create_user())
    assert client.get(path).status_code == 403
    assert client.get("/appointments/999999").status_code == 404
    sign_in(admin)
    page = html(client.get(path))
    assert "Mon CV" in page and "/accept" not in page  # sees, does not act
    sign_in(learner)
    page = html(client.get(path))
    assert "Africa/Dakar" in page and "/accept" not in page and "/cancel" in page
    assert post_form(client, f"{path}/accept", {}, page=path).status_code == 403
    sign_in(mentor)
    page = html(client.get(path))
    assert "Europe/Paris" in page and f"{path}/accept" in page and f"{path}/decline" in page


def test_answers_through_the_page(client, sign_in, booked, mentor, learner, monday, session):
    path = f"/appointments/{booked.id}"
    sign_in(mentor)
    response = post_form(client, f"{path}/decline", {"decline-reason": ""}, page=path)
    assert response.status_code == 422 and 'id="decline-reason-error"' in html(response)
    response = post_form(
        client, f"{path}/propose",
        {"propose-date": monday.isoformat(), "propose-start": "14:00", "propose-duration": "45"},
        page=path,
    )  # fmt: skip
    assert response.status_code == 302
    session.refresh(booked)
    assert booked.status == "proposed" and booked.ends_at - booked.starts_at == timedelta(
        minutes=45
    )
    sign_in(learner)
    assert post_form(client, f"{path}/accept", {}, page=path).status_code == 302
    session.refresh(booked)
    assert booked.status == "confirmed"


def test_a_time_the_clocks_skip_is_a_field_error(client, sign_in, booked, mentor, clock):
    from datetime import UTC, date, datetime

    clock(datetime(2026, 3, 20, tzinfo=UTC))
    path = f"/appointments/{booked.id}"
    sign_in(mentor)
    response = post_form(
        client, f"{path}/propose",
        {"propose-date": date(2026, 3, 29).isoformat(), "propose-start": "02:30", "propose-duration": "30"},
        page=path,
    )  # fmt: skip
    assert response.status_code == 422 and 'id="propose-start-error"' in html(response)


def test_the_learner_reschedules_on_a_page_of_free_slots(
    client, sign_in, booked, mentor, learner, monday, session
):
    path = f"/appointments/{booked.id}/reschedule"
    sign_in(mentor)
    assert client.get(path).status_code == 403  # the mentor proposes on the appointment page
    sign_in(learner)
    week = 1 if at(monday, 10).isoformat() not in html(client.get(path)) else 0
    assert at(monday, 10).isoformat() in html(client.get(f"{path}?week={week}"))
    response = post_form(
        client, path, {"slot": at(monday, 10).isoformat(), "reason": ""}, page=path
    )
    assert response.status_code == 302
    session.refresh(booked)
    assert booked.starts_at == at(monday, 10)


def test_report_and_rating_through_the_page(
    client, sign_in, booked, mentor, learner, clock, session
):
    services.accept(mentor, booked)
    clock(booked.ends_at + timedelta(hours=1))
    path = f"/appointments/{booked.id}"
    sign_in(mentor)
    assert post_form(client, f"{path}/report", {"report-report": ""}, page=path).status_code == 422
    assert (
        post_form(client, f"{path}/report", {"report-report": "Bien"}, page=path).status_code == 302
    )
    sign_in(learner)
    assert post_form(client, f"{path}/rating", {"rate-rating": "9"}, page=path).status_code == 422
    assert post_form(client, f"{path}/rating", {"rate-rating": "4"}, page=path).status_code == 302
    session.refresh(booked)
    assert (booked.status, booked.report, booked.rating) == ("done", "Bien", 4)


@pytest.mark.parametrize("view", ["list", "week", "month"])
def test_the_agenda_views(client, sign_in, booked, learner, monday, view):
    sign_in(learner)
    response = client.get(f"/agenda?view={view}&date={monday.isoformat()}")
    assert response.status_code == 200
    page = html(response)
    expected = "view=week" if view == "month" else f"/appointments/{booked.id}"
    assert expected in page and monday.isoformat() in page
    assert client.get("/agenda?view=nonsense&date=never").status_code == 200


def test_the_team_sees_anyones_agenda_and_it_is_recorded(
    client, sign_in, booked, learner, admin, session
):
    from dclic.audit.models import AuditEvent

    sign_in(learner)
    assert client.get(f"/agenda?of={learner.learner_code}").status_code == 403
    sign_in(admin)
    response = client.get(f"/agenda?of={learner.learner_code}")
    assert response.status_code == 200 and f"/appointments/{booked.id}" in html(response)
    assert client.get("/agenda?of=AAA-AAA-AAA").status_code == 404
    row = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "view_agenda"))
    assert row.object_id == str(learner.id)


def test_pages_stay_small(client, sign_in, booked, mentor, learner):
    sign_in(mentor)
    for path in (
        "/mentoring/availability",
        f"/appointments/{booked.id}",
        "/agenda?view=month",
        "/agenda?view=week",
        "/mentoring",
    ):
        response = client.get(path, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200
        assert len(response.get_data()) <= 14 * 1024, path
    sign_in(learner)
    response = client.get(
        f"/mentoring/mentors/{mentor.learner_code}", headers={"Accept-Encoding": "br"}
    )
    assert len(response.get_data()) <= 14 * 1024


def test_the_agenda_list_asks_a_fixed_number_of_queries(
    client, sign_in, available, learner, create_user, tutored, monday, count_queries
):
    sign_in(learner)
    services.book(learner, available, at(monday, 9), "Un")
    with count_queries() as few:
        client.get("/agenda")
    for n, hour in enumerate((10, 11), start=1):
        services.book(learner, available, at(monday + timedelta(days=7 * n), hour), f"N{n}")
    with count_queries() as many:
        client.get("/agenda")
    assert many.n == few.n


def test_what_waits_for_an_answer_is_on_the_mentoring_home(client, sign_in, booked, mentor):
    sign_in(mentor)
    assert f"/appointments/{booked.id}" in html(client.get("/mentoring"))


def test_far_dates_are_field_errors_never_a_crash(client, sign_in, booked, mentor, learner):
    sign_in(mentor)
    for view in ("month", "week", "list"):
        for day in ("9999-12-31", "0001-01-01"):
            assert client.get(f"/agenda?view={view}&date={day}").status_code == 200
    path = f"/appointments/{booked.id}"
    response = post_form(
        client, f"{path}/propose",
        {"propose-date": "9999-12-31", "propose-start": "23:30", "propose-duration": "240"},
        page=path,
    )  # fmt: skip
    assert response.status_code == 422 and 'id="propose-date-error"' not in html(response)
    assert 'id="propose-start-error"' in html(response)
    page = "/mentoring/availability"
    response = post_form(
        client, f"{page}/absences",
        {"absence-first_day": "9999-12-30", "absence-last_day": "9999-12-31"}, page=page,
    )  # fmt: skip
    assert response.status_code == 422
    response = post_form(
        client, f"{page}/once",
        {"once-date": "9999-12-31", "once-start": "22:00", "once-end": "00:00"}, page=page,
    )  # fmt: skip
    assert response.status_code == 422
    sign_in(learner)
    path = f"/mentoring/mentors/{mentor.learner_code}"
    response = post_form(
        client, f"{path}/book", {"slot": "9999-12-31T23:59:59+00:00", "topic": "CV"}, page=path
    )
    assert response.status_code == 422 and 'id="slot-error"' in html(response)
