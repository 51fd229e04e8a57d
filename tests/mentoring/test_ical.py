"""iCalendar (RFC 5545): the .ics of one appointment and the subscription feed, parsed back with
the icalendar library; the feed's secret address is revocable and never stored as such."""

import re
from datetime import timedelta

import icalendar
import sqlalchemy as sa

from dclic.mentoring import services
from dclic.mentoring.models import CalendarFeed
from tests.helpers import post_form

FEED_LINK = re.compile(r"http://127\.0\.0\.1:5000(/calendar/[A-Za-z0-9_-]+\.ics)")


def _parse(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/calendar"
    body = response.get_data()
    assert b"\r\n" in body and all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0" and "dclic" in str(calendar["PRODID"])
    return calendar


def _events(calendar):
    return list(calendar.walk("VEVENT"))


def test_one_appointment_as_an_ics_file(app, client, sign_in, booked, mentor, learner, monkeypatch):
    monkeypatch.setitem(app.config, "DCLIC_MEETING_BASE_URL", "https://meet.jit.si")
    services.accept(mentor, booked)
    sign_in(learner)
    response = client.get(f"/appointments/{booked.id}.ics")
    assert "attachment" in response.headers["Content-Disposition"]
    [event] = _events(_parse(response))
    assert event.decoded("DTSTART") == booked.starts_at
    assert event.decoded("DTEND") == booked.ends_at
    assert event["DTSTART"].to_ical().endswith(b"Z")  # UTC: no VTIMEZONE needed
    assert str(event["UID"]) == f"appointment-{booked.id}@127.0.0.1"
    assert str(event["STATUS"]) == "CONFIRMED" and int(event["SEQUENCE"]) == 1
    assert "Koffi Mentor" in str(event["SUMMARY"]) and "Mon CV" in str(event["SUMMARY"])
    assert str(event["LOCATION"]).startswith("https://meet.jit.si/dclic-")
    assert str(event["URL"]).endswith(f"/appointments/{booked.id}")


def test_only_its_two_people_download_it(client, sign_in, booked, create_user):
    sign_in(create_user())
    assert client.get(f"/appointments/{booked.id}.ics").status_code == 403


def test_the_feed_follows_changes_and_cancellations(
    client, sign_in, booked, mentor, learner, monday
):
    from tests.mentoring.conftest import at

    services.accept(mentor, booked)
    sign_in(mentor)
    response = post_form(client, "/agenda/feed", {}, page="/agenda")
    assert response.status_code == 302
    path = FEED_LINK.search(client.get("/agenda").get_data(as_text=True)).group(1)
    anonymous = client.application.test_client()
    [event] = _events(_parse(anonymous.get(path)))
    assert str(event["STATUS"]) == "CONFIRMED" and "Awa Élève" in str(event["SUMMARY"])
    services.propose(mentor, booked, at(monday, 11), at(monday, 11, 30), "Changement")
    [event] = _events(_parse(anonymous.get(path)))
    assert str(event["STATUS"]) == "TENTATIVE" and int(event["SEQUENCE"]) == 2
    assert event.decoded("DTSTART") == at(monday, 11)
    services.cancel(mentor, booked, "Annulé")
    [event] = _events(_parse(anonymous.get(path)))
    assert str(event["STATUS"]) == "CANCELLED"


def test_the_feed_address_is_secret_revocable_and_renewable(
    client, sign_in, learner, booked, session
):
    sign_in(learner)
    post_form(client, "/agenda/feed", {}, page="/agenda")
    first = FEED_LINK.search(client.get("/agenda").get_data(as_text=True)).group(1)
    secret = first.rsplit("/", 1)[1].removesuffix(".ics")
    feed = session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == learner.id))
    assert secret not in (feed.nonce, feed.token_hash)  # only what finds it, not the secret
    assert len(_events(_parse(client.get(first)))) == 1
    post_form(client, "/agenda/feed", {}, page="/agenda")  # a new address
    second = FEED_LINK.search(client.get("/agenda").get_data(as_text=True)).group(1)
    assert second != first
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    post_form(client, "/agenda/feed/revoke", {}, page="/agenda")
    assert client.get(second).status_code == 404
    assert client.get("/calendar/guess.ics").status_code == 404
    assert FEED_LINK.search(client.get("/agenda").get_data(as_text=True)) is None


def test_the_feed_leaves_out_what_ended_long_ago(client, sign_in, learner, booked, session, clock):
    from dclic.mentoring import agenda_views

    services.open_feed(learner)
    session.flush()
    sign_in(learner)
    path = FEED_LINK.search(client.get("/agenda").get_data(as_text=True)).group(1)
    clock(booked.ends_at + agenda_views.FEED_PAST + timedelta(days=1))
    assert _events(_parse(client.get(path))) == []
