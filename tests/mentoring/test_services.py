"""The use cases, on both databases: availability, booking, every transition of an appointment
with its effects, the forbidden ones, and what reaches the other person."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.mentoring import availability, services
from dclic.mentoring.models import Appointment, AvailabilityWindow
from tests.mentoring.conftest import at


def test_settings_are_checked_and_return_their_changes(mentor, learner):
    changes = availability.save_settings(
        mentor, slot_minutes=45, buffer_minutes=15, max_per_day=3, place="Salle 2"
    )
    assert changes["slot_minutes"] == (None, 45) and changes["place"] == (None, "Salle 2")
    assert (
        availability.save_settings(
            mentor, slot_minutes=45, buffer_minutes=15, max_per_day=3, place="Salle 2"
        )
        == {}
    )
    with pytest.raises(Invalid) as caught:
        availability.save_settings(
            mentor, slot_minutes=5, buffer_minutes=-1, max_per_day=30, meeting_url="ftp://x"
        )
    assert set(caught.value.errors) == {"slot_minutes", "buffer_minutes", "max_per_day"}
    with pytest.raises(Invalid) as caught:
        availability.save_settings(
            mentor, slot_minutes=30, buffer_minutes=0, max_per_day=3, meeting_url="javascript:x"
        )
    assert set(caught.value.errors) == {"meeting_url"}
    with pytest.raises(NotAllowed):
        availability.save_settings(learner, slot_minutes=30, buffer_minutes=0, max_per_day=3)


def test_a_mentor_windows_never_overlap(mentor, monday):
    availability.publish_weekly_window(mentor, 0, 9 * 60, 12 * 60)
    availability.publish_weekly_window(mentor, 0, 12 * 60, 13 * 60)  # touching is fine
    availability.publish_weekly_window(mentor, 1, 10 * 60, 11 * 60)  # another day too
    with pytest.raises(Conflict) as caught:
        availability.publish_weekly_window(mentor, 0, 11 * 60, 14 * 60)
    assert "start" in caught.value.errors
    availability.publish_one_off_window(mentor, at(monday, 14), at(monday, 15))
    with pytest.raises(Conflict):
        availability.publish_one_off_window(mentor, at(monday, 14, 30), at(monday, 16))
    with pytest.raises(Invalid) as caught:
        availability.publish_weekly_window(mentor, 0, 15 * 60, 14 * 60)
    assert "end" in caught.value.errors
    with pytest.raises(Invalid):
        availability.publish_weekly_window(mentor, 7, 9 * 60, 10 * 60)
    with pytest.raises(Invalid):
        availability.publish_one_off_window(
            mentor, at(monday, 8), at(monday + timedelta(days=2), 8)
        )
    with pytest.raises(Invalid):
        past = datetime.now(UTC) - timedelta(days=2)
        availability.publish_one_off_window(mentor, past, past + timedelta(hours=1))


def test_the_database_itself_refuses_overlapping_windows_on_postgresql(
    app, session, mentor, monday
):
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("exclusion constraints are PostgreSQL's; SQLite's single writer + the check")
    availability.publish_one_off_window(mentor, at(monday, 14), at(monday, 15))
    overlapping = AvailabilityWindow(
        mentor_id=mentor.id, kind="once", starts_at=at(monday, 14, 30), ends_at=at(monday, 16)
    )
    with (
        pytest.raises(sa.exc.IntegrityError, match="ex_availability_windows_once"),
        session.begin_nested(),
    ):
        session.add(overlapping)


def test_windows_and_absences_belong_to_their_mentor(mentor, create_user, monday):
    other = create_user(roles=("mentor",))
    window = availability.publish_weekly_window(mentor, 0, 9 * 60, 10 * 60)
    absence = availability.add_absence(mentor, at(monday, 0), at(monday, 23))
    with pytest.raises(NotAllowed):
        availability.remove_window(other, window)
    with pytest.raises(NotAllowed):
        availability.remove_absence(other, absence)
    availability.remove_window(mentor, window)
    availability.remove_absence(mentor, absence)
    with pytest.raises(Invalid):
        availability.add_absence(mentor, at(monday, 10), at(monday, 9))


# --- booking -----------------------------------------------------------------------------------


def test_a_learner_books_a_free_slot_of_their_mentor(available, learner, monday, outbox, session):
    appointment = services.book(learner, available, at(monday, 9, 30), "  Mon CV ", "Bonjour")
    assert appointment.status == "requested"
    assert (appointment.starts_at, appointment.ends_at) == (at(monday, 9, 30), at(monday, 10))
    assert appointment.topic == "Mon CV" and appointment.mentor_id == available.id
    session.commit()
    [mail] = outbox()
    assert mail["To"] == available.email
    assert "Awa Élève" in mail["Subject"]
    assert "(Europe/Paris, UTC+0" in mail.get_content()  # the mentor's zone, named


def test_a_slot_is_booked_once(available, learner, create_user, tutored, monday):
    other = create_user()
    tutored(other, available)
    services.book(learner, available, at(monday, 9), "A")
    with pytest.raises(Conflict) as caught:
        services.book(other, available, at(monday, 9), "B")
    assert list(caught.value.errors) == ["slot"]


def test_only_offered_slots_can_be_booked(available, learner, monday):
    for wrong in (at(monday, 9, 10), at(monday, 13), at(monday - timedelta(days=14), 9)):
        with pytest.raises(Conflict):
            services.book(learner, available, wrong, "Mon CV")


def test_absences_the_buffer_and_the_maximum_per_day_close_slots(
    available, learner, create_user, tutored, monday
):
    others = [create_user() for _ in range(3)]
    for other in others:
        tutored(other, available)
    availability.add_absence(available, at(monday, 11), at(monday, 12))
    with pytest.raises(Conflict):
        services.book(learner, available, at(monday, 11), "Pendant l'absence")
    availability.save_settings(available, slot_minutes=30, buffer_minutes=30, max_per_day=2)
    services.book(learner, available, at(monday, 9), "Un")
    with pytest.raises(Conflict):  # 09:30 is in the break after 09:00–09:30
        services.book(others[0], available, at(monday, 9, 30), "Deux")
    services.book(others[0], available, at(monday, 10), "Deux")
    with pytest.raises(Conflict):  # two a day at most
        services.book(others[1], available, at(monday, 9 + 1, 0) + timedelta(hours=1), "Trois")


def test_only_ones_own_active_mentor_can_be_asked(available, learner, create_user, tutored, monday):
    stranger = create_user()
    with pytest.raises(NotAllowed):
        services.book(stranger, available, at(monday, 9), "Bonjour")
    withdrawn = create_user()
    tutored(withdrawn, available, status="withdrawn")
    with pytest.raises(NotAllowed):
        services.request_free(withdrawn, available, "Bonjour")
    not_a_mentor = create_user()  # named mentor, but without the right to offer appointments
    tutored(learner, not_a_mentor)
    with pytest.raises(NotAllowed):
        services.request_free(learner, not_a_mentor, "Bonjour")


def test_a_request_says_what_it_is_about(available, learner, monday):
    with pytest.raises(Invalid) as caught:
        services.book(learner, available, at(monday, 9), "   ")
    assert list(caught.value.errors) == ["topic"]
    with pytest.raises(Invalid) as caught:
        services.request_free(learner, available, "Sujet", "x" * 2001)
    assert set(caught.value.errors) == {"message"}
    with pytest.raises(Invalid):
        services.request_free(learner, available, "Sujet\x07")


def test_a_learner_cannot_hold_two_appointments_at_once(
    available, learner, create_user, tutored, monday
):
    second_mentor = create_user(roles=("mentor",))
    second_mentor.time_zone = "Europe/Paris"
    tutored(learner, second_mentor)
    availability.save_settings(second_mentor, slot_minutes=30, buffer_minutes=0, max_per_day=4)
    availability.publish_weekly_window(second_mentor, 0, 9 * 60, 10 * 60)
    services.book(learner, available, at(monday, 9), "Un")
    with pytest.raises(Conflict):
        services.book(learner, second_mentor, at(monday, 9), "Deux")


# --- the transitions and their effects ----------------------------------------------------------


def test_requested_then_accepted_with_a_new_video_room(app, booked, mentor, monkeypatch):
    monkeypatch.setitem(app.config, "DCLIC_MEETING_BASE_URL", "https://meet.jit.si")
    appointment = services.accept(mentor, booked)
    assert appointment.status == "confirmed" and appointment.confirmed_at is not None
    assert appointment.meeting_url.startswith("https://meet.jit.si/dclic-")
    assert len(appointment.meeting_url) > len("https://meet.jit.si/dclic-") + 20  # unguessable
    assert appointment.sequence == 1 and appointment.place is None


def test_accepting_uses_the_place_given_or_the_mentors_usual_one(booked, mentor):
    availability.save_settings(
        mentor, slot_minutes=30, buffer_minutes=0, max_per_day=4, place="Bureau 12"
    )
    assert services.accept(mentor, booked).place == "Bureau 12"


def test_accepting_with_a_link_typed_by_the_mentor(booked, mentor):
    with pytest.raises(Invalid):
        services.accept(mentor, booked, meeting_url="pas une adresse")
    appointment = services.accept(mentor, booked, meeting_url="https://visio.example.org/koffi")
    assert appointment.meeting_url == "https://visio.example.org/koffi"


def test_requested_then_declined_with_a_reason(booked, mentor, learner, outbox, session):
    with pytest.raises(Invalid) as caught:
        services.decline(mentor, booked, " ")
    assert "reason" in caught.value.errors
    services.decline(mentor, booked, "Je suis en formation ce jour-là.")
    assert booked.status == "declined" and booked.reason == "Je suis en formation ce jour-là."
    session.commit()
    assert outbox()[-1]["To"] == learner.email
    assert "Je suis en formation" in outbox()[-1].get_content()


def test_requested_then_proposed_then_accepted_by_the_learner(booked, mentor, learner, monday):
    wednesday = monday + timedelta(days=2)
    services.propose(mentor, booked, at(wednesday, 15), at(wednesday, 15, 45), "Lundi je suis pris")
    assert booked.status == "proposed"
    assert (booked.starts_at, booked.ends_at) == (at(wednesday, 15), at(wednesday, 15, 45))
    with pytest.raises(NotAllowed):
        services.accept(mentor, booked)
    services.accept(learner, booked)
    assert booked.status == "confirmed" and booked.sequence == 2


def test_a_proposal_declined_by_the_learner(booked, mentor, learner, monday):
    services.propose(mentor, booked, at(monday, 14), at(monday, 14, 30))
    with pytest.raises(NotAllowed):
        services.decline(mentor, booked, "non")
    services.decline(learner, booked, "Je travaille à cette heure-là")
    assert booked.status == "declined"


def test_the_learner_answers_a_proposal_with_another_slot(booked, mentor, learner, monday):
    services.propose(mentor, booked, at(monday, 14), at(monday, 14, 30))
    services.reschedule(learner, booked, at(monday, 11))
    assert booked.status == "requested" and booked.starts_at == at(monday, 11)
    services.propose(mentor, booked, at(monday, 15), at(monday, 15, 30))  # and again
    assert booked.status == "proposed"


def test_the_learner_moves_their_own_request_to_another_free_slot(booked, learner, monday):
    services.reschedule(learner, booked, at(monday, 10))
    assert booked.starts_at == at(monday, 10) and booked.status == "requested"
    services.reschedule(learner, booked, at(monday, 9))  # its own old time is free again
    with pytest.raises(Conflict):
        services.reschedule(learner, booked, at(monday, 9, 15))


def test_a_free_request_gets_a_time_from_the_mentor(available, learner, monday, outbox, session):
    appointment = services.request_free(learner, available, "Orientation", "Plutôt le soir")
    assert appointment.starts_at is None and appointment.is_free_request
    session.commit()
    assert "found no suitable time" in outbox()[-1].get_content()
    with pytest.raises(Conflict):
        services.accept(available, appointment)
    with pytest.raises(Conflict):  # the learner cannot pick a slot for it: it is on the mentor
        services.reschedule(learner, appointment, at(monday, 9, 1))
    services.reschedule(available, appointment, at(monday, 18))  # the mentor's way: propose
    assert appointment.status == "proposed"
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=30)
    services.accept(learner, appointment)
    assert appointment.status == "confirmed"


def test_a_mentor_proposal_cannot_overlap_their_other_appointments(
    booked, mentor, learner, create_user, tutored, monday
):
    other = create_user()
    tutored(other, mentor)
    second = services.book(other, mentor, at(monday, 10), "Autre")
    with pytest.raises(Conflict):
        services.propose(mentor, second, at(monday, 8, 45), at(monday, 9, 15))
    with pytest.raises(Invalid):
        services.propose(mentor, second, at(monday, 14), at(monday, 14, 5))
    with pytest.raises(Invalid):
        past = datetime.now(UTC) - timedelta(hours=1)
        services.propose(mentor, second, past, past + timedelta(minutes=30))


def test_either_side_cancels_with_a_reason(booked, mentor, learner):
    with pytest.raises(Invalid):
        services.cancel(learner, booked, "")
    services.accept(mentor, booked)
    services.cancel(learner, booked, "Malade")
    assert booked.status == "cancelled" and booked.reason == "Malade"
    with pytest.raises(Conflict):
        services.cancel(mentor, booked, "Déjà annulé")


def test_cancelled_time_is_free_again(booked, mentor, learner, create_user, tutored, monday):
    services.cancel(mentor, booked, "Empêchement")
    other = create_user()
    tutored(other, mentor)
    assert services.book(other, mentor, at(monday, 9), "Reprise").status == "requested"


def test_a_confirmed_appointment_moved_by_either_side(booked, mentor, learner, monday):
    services.accept(mentor, booked)
    with pytest.raises(Invalid):  # moving a confirmed appointment says why
        services.propose(mentor, booked, at(monday, 14), at(monday, 14, 30), "")
    services.propose(mentor, booked, at(monday, 14), at(monday, 14, 30), "Réunion imprévue")
    assert booked.status == "proposed"
    services.accept(learner, booked)
    with pytest.raises(Invalid):
        services.reschedule(learner, booked, at(monday, 10), "")
    services.reschedule(learner, booked, at(monday, 10), "Cours à 14 h")
    assert booked.status == "requested" and booked.starts_at == at(monday, 10)


def test_changes_stop_at_the_notice_period(app, booked, mentor, learner, monday, clock):
    services.accept(mentor, booked)
    clock(booked.starts_at - timedelta(hours=app.config["DCLIC_APPOINTMENT_NOTICE_HOURS"] - 1))
    with pytest.raises(Conflict):
        services.cancel(learner, booked, "Trop tard")
    with pytest.raises(Conflict):
        services.propose(mentor, booked, at(monday, 11), at(monday, 11, 30), "Trop tard")


def test_the_report_and_the_rating(booked, mentor, learner, clock, outbox, session):
    services.accept(mentor, booked)
    with pytest.raises(Conflict):
        services.write_report(mentor, booked, "Trop tôt")
    clock(booked.ends_at + timedelta(minutes=5))
    with pytest.raises(NotAllowed):
        services.write_report(learner, booked, "Moi aussi")
    with pytest.raises(Conflict):
        services.rate(learner, booked, 5)
    with pytest.raises(Invalid):
        services.write_report(mentor, booked, "")
    services.write_report(mentor, booked, "CV relu ; prochaine étape : lettre.")
    assert booked.status == "done" and booked.reported_at is not None
    session.commit()
    assert outbox()[-1]["To"] == learner.email
    services.write_report(mentor, booked, "CV relu ; lettre à écrire.")  # corrected, no new mail
    with pytest.raises(NotAllowed):
        services.rate(mentor, booked, 5)
    with pytest.raises(Invalid):
        services.rate(learner, booked, 6)
    services.rate(learner, booked, 4)
    services.rate(learner, booked, 5)
    assert booked.rating == 5
    session.commit()
    assert len(outbox()) == 3  # request, confirmation, report


def test_strangers_do_nothing(booked, create_user, monday):
    stranger = create_user(roles=("admin",))  # sees everything, acts on nothing
    for act in (
        lambda: services.accept(stranger, booked),
        lambda: services.decline(stranger, booked, "x"),
        lambda: services.cancel(stranger, booked, "x"),
        lambda: services.propose(stranger, booked, at(monday, 14), at(monday, 14, 30)),
        lambda: services.reschedule(stranger, booked, at(monday, 10)),
        lambda: services.write_report(stranger, booked, "x"),
        lambda: services.rate(stranger, booked, 3),
    ):
        with pytest.raises(NotAllowed):
            act()


def test_every_change_is_in_the_audit_trail(booked, mentor, session):
    from dclic.audit.models import AuditEvent

    services.decline(mentor, booked, "Indisponible")
    rows = session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.object_type == "appointments", AuditEvent.object_id == str(booked.id))
        .order_by(AuditEvent.id)
    ).all()
    assert [row.action for row in rows] == ["create", "update"]
    assert rows[0].changes["status"] == [None, "requested"]
    assert rows[1].changes["status"] == ["requested", "declined"]
    assert rows[1].changes["reason"] == ["", "Indisponible"]
    assert "message" not in rows[0].changes and "meeting_url" not in rows[0].changes


def test_the_other_side_is_told_in_the_app_after_the_commit(
    booked, mentor, learner, monkeypatch, session
):
    from dclic.mentoring import notifications

    sent = []
    monkeypatch.setattr(
        notifications, "emit_to_user", lambda user_id, event, data: sent.append((user_id, data))
    )
    services.accept(mentor, booked)
    assert sent == [(learner.id, {
        "id": booked.id, "event": "confirmed", "status": "confirmed",
        "url": f"http://127.0.0.1:5000/appointments/{booked.id}",
    })]  # fmt: skip


def test_the_socket_message_waits_for_the_commit(
    app, booked, mentor, learner, monkeypatch, session
):
    socketio = app.extensions["socketio"]
    emitted = []
    monkeypatch.setattr(socketio, "emit", lambda *args, **kwargs: emitted.append((args, kwargs)))
    services.accept(mentor, booked)
    assert emitted == []
    session.commit()
    assert emitted and emitted[-1][1]["to"] == f"user:{learner.id}"


def test_internationalised_addresses_get_their_mail(
    available, create_user, tutored, monday, outbox, session
):
    learner = create_user(email="élève@école.example", display_name="Awa")
    tutored(learner, available)
    appointment = services.book(learner, available, at(monday, 9), "Sujet")
    services.accept(available, appointment)
    session.commit()
    assert outbox()[-1]["To"] == "élève@école.example"


def test_no_mail_to_who_turned_mail_off_but_the_app_message_still(
    booked, mentor, learner, outbox, session
):
    learner.mail_notifications = "off"
    services.accept(mentor, booked)
    session.commit()
    assert [m["To"] for m in outbox()] == [mentor.email]


def test_the_unique_index_refuses_two_active_appointments_at_one_start(
    booked, mentor, create_user, tutored, session
):
    other = create_user()
    with pytest.raises(sa.exc.IntegrityError), session.begin_nested():
        session.add(
            Appointment(
                mentor_id=mentor.id,
                learner_id=other.id,
                status="requested",
                starts_at=booked.starts_at,
                ends_at=booked.ends_at,
                topic="Doublon",
            )
        )


def test_slots_within_the_notice_period_are_not_offered(available, learner, monday, clock):
    clock(at(monday, 9) - timedelta(hours=11))  # the notice period is 12 hours
    with pytest.raises(Conflict):
        services.book(learner, available, at(monday, 9), "Trop tard")
    assert services.book(learner, available, at(monday, 11), "À temps").status == "requested"
