"""Time zones end to end: stored in UTC, offered and shown in each person's zone (named), weekly
windows kept in the mentor's local time across the change to summer time (Europe/Paris, end of
March) while a zone without daylight saving (Africa/Dakar) does not move."""

from datetime import UTC, date, datetime

from dclic.core.i18n import force_locale
from dclic.mentoring import availability, queries, services
from dclic.mentoring.times import span_label, zone_named
from tests.mentoring.conftest import DAKAR, PARIS

NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)
BEFORE, AFTER = date(2026, 3, 23), date(2026, 3, 30)  # Mondays around Sunday 29 March


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def test_weekly_slots_follow_the_mentors_clock_across_the_change(app, pair, clock):
    mentor, _learner = pair
    clock(NOW)
    availability.save_settings(mentor, slot_minutes=30, buffer_minutes=0, max_per_day=4)
    availability.publish_weekly_window(mentor, 0, 9 * 60, 10 * 60)
    slots = queries.free_slots(mentor, utc(2026, 3, 21), utc(2026, 4, 5), NOW)
    assert [s.start for s in slots] == [
        utc(2026, 3, 23, 8), utc(2026, 3, 23, 8, 30),  # 09:00 Paris = UTC+1
        utc(2026, 3, 30, 7), utc(2026, 3, 30, 7, 30),  # 09:00 Paris = UTC+2
    ]  # fmt: skip


def test_each_person_sees_the_time_in_their_zone_named(app, pair, clock, session, outbox):
    mentor, learner = pair
    clock(NOW)
    availability.save_settings(mentor, slot_minutes=30, buffer_minutes=0, max_per_day=4)
    availability.publish_weekly_window(mentor, 0, 9 * 60, 10 * 60)
    after = services.book(learner, mentor, utc(2026, 3, 30, 7), "Après le changement")
    before = services.book(learner, mentor, utc(2026, 3, 23, 8), "Avant le changement")
    assert after.starts_at == utc(2026, 3, 30, 7)  # stored in UTC
    with app.test_request_context(), force_locale("en"):

        def shown(appointment, zone):
            return span_label(appointment.starts_at, appointment.ends_at, zone_named(zone)).replace(
                "\u202f", " "
            )

        assert (
            shown(after, PARIS)
            == "Monday, March 30, 2026, 9:00 AM–9:30 AM (Europe/Paris, UTC+02:00)"
        )
        assert (
            shown(before, PARIS)
            == "Monday, March 23, 2026, 9:00 AM–9:30 AM (Europe/Paris, UTC+01:00)"
        )
        assert shown(after, DAKAR).endswith("7:00 AM–7:30 AM (Africa/Dakar, UTC+00:00)")
        assert shown(before, DAKAR).endswith("8:00 AM–8:30 AM (Africa/Dakar, UTC+00:00)")
        assert shown(before, None).endswith("8:00 AM–8:30 AM (UTC)")
    session.commit()
    to_mentor = [
        m.get_content().replace("\u202f", " ") for m in outbox() if m["To"] == mentor.email
    ]
    assert any("9:00 AM–9:30 AM (Europe/Paris, UTC+02:00)" in text for text in to_mentor)


def test_the_pages_show_the_viewers_zone(app, client, sign_in, pair, clock):
    mentor, learner = pair
    clock(NOW)
    availability.save_settings(mentor, slot_minutes=30, buffer_minutes=0, max_per_day=4)
    availability.publish_weekly_window(mentor, 0, 9 * 60, 10 * 60)
    appointment = services.book(learner, mentor, utc(2026, 3, 30, 7), "Sujet")
    sign_in(learner)
    page = client.get(f"/appointments/{appointment.id}?lang=fr").get_data(as_text=True)
    assert '07:00–07:30 <bdi dir="ltr">(Africa/Dakar, UTC+00:00)</bdi>' in page
    sign_in(mentor)
    page = client.get(f"/appointments/{appointment.id}?lang=fr").get_data(as_text=True)
    assert '09:00–09:30 <bdi dir="ltr">(Europe/Paris, UTC+02:00)</bdi>' in page
    book_page = f"/mentoring/mentors/{mentor.learner_code}?lang=fr"
    sign_in(learner)
    page = client.get(book_page).get_data(as_text=True)
    assert "08:00–08:30" in page and utc(2026, 3, 23, 8).isoformat() in page


def test_a_weekly_window_keeps_the_zone_it_was_made_in(app, pair, clock, session):
    mentor, _learner = pair
    clock(NOW)
    availability.save_settings(mentor, slot_minutes=60, buffer_minutes=0, max_per_day=4)
    window = availability.publish_weekly_window(mentor, 0, 9 * 60, 10 * 60)
    mentor.time_zone = DAKAR  # the mentor moves: windows made before stay in Paris time
    session.flush()
    assert window.time_zone == PARIS
    slots = queries.free_slots(mentor, utc(2026, 3, 29), utc(2026, 4, 5), NOW)
    assert [s.start for s in slots] == [utc(2026, 3, 30, 7)]
    availability.publish_weekly_window(mentor, 1, 9 * 60, 10 * 60)
    slots = queries.free_slots(mentor, utc(2026, 3, 29), utc(2026, 4, 5), NOW)
    assert [s.start for s in slots] == [utc(2026, 3, 30, 7), utc(2026, 3, 31, 9)]
