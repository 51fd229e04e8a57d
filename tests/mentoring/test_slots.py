"""Free slots from plain values (no database): windows, absences, buffer, maximum per day,
and weekly windows across daylight-saving changes."""

from datetime import UTC, date, datetime, timedelta

from dclic.mentoring.slots import (
    Rules,
    Span,
    Weekly,
    cut,
    free_slots,
    merge,
    subtract,
    weekly_spans,
)
from dclic.mentoring.times import local_to_utc, minute_to_utc, zone_named

PARIS, DAKAR = "Europe/Paris", "Africa/Dakar"


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def rules(slot=30, buffer=0, per_day=10, zone=PARIS) -> Rules:
    return Rules(slot, buffer, per_day, zone)


def starts(spans):
    return [span.start for span in spans]


def test_merge_joins_overlapping_and_touching_spans():
    spans = [
        Span(utc(2026, 5, 4, 9), utc(2026, 5, 4, 10)),
        Span(utc(2026, 5, 4, 10), utc(2026, 5, 4, 11)),
    ]
    spans.append(Span(utc(2026, 5, 4, 10, 30), utc(2026, 5, 4, 12)))
    spans.append(Span(utc(2026, 5, 4, 14), utc(2026, 5, 4, 15)))
    assert merge(spans) == [
        Span(utc(2026, 5, 4, 9), utc(2026, 5, 4, 12)),
        Span(utc(2026, 5, 4, 14), utc(2026, 5, 4, 15)),
    ]


def test_subtract_cuts_holes_out():
    day = [Span(utc(2026, 5, 4, 8), utc(2026, 5, 4, 12))]
    holes = [
        Span(utc(2026, 5, 4, 9), utc(2026, 5, 4, 10)),
        Span(utc(2026, 5, 4, 11, 30), utc(2026, 5, 4, 13)),
    ]
    assert subtract(day, holes) == [
        Span(utc(2026, 5, 4, 8), utc(2026, 5, 4, 9)),
        Span(utc(2026, 5, 4, 10), utc(2026, 5, 4, 11, 30)),
    ]
    assert subtract(day, [Span(utc(2026, 5, 4, 7), utc(2026, 5, 4, 13))]) == []


def test_cut_keeps_the_buffer_between_slots_and_stays_inside():
    span = Span(utc(2026, 5, 4, 9), utc(2026, 5, 4, 11))
    assert starts(cut(span, timedelta(minutes=30), timedelta(minutes=15))) == [
        utc(2026, 5, 4, 9), utc(2026, 5, 4, 9, 45), utc(2026, 5, 4, 10, 30),
    ]  # fmt: skip


def test_a_weekly_window_keeps_its_local_hours_across_the_change_to_summer_time():
    # Europe/Paris goes to summer time on Sunday 29 March 2026: Mondays 09:00 stay 09:00 local.
    window = Weekly(0, 9 * 60, 10 * 60, PARIS)
    spans = weekly_spans(window, utc(2026, 3, 20), utc(2026, 4, 3))
    assert spans == [
        Span(utc(2026, 3, 23, 8), utc(2026, 3, 23, 9)),  # UTC+1
        Span(utc(2026, 3, 30, 7), utc(2026, 3, 30, 8)),  # UTC+2
    ]


def test_a_zone_without_daylight_saving_does_not_move():
    window = Weekly(0, 9 * 60, 10 * 60, DAKAR)
    spans = weekly_spans(window, utc(2026, 3, 20), utc(2026, 4, 3))
    assert spans == [
        Span(utc(2026, 3, 23, 9), utc(2026, 3, 23, 10)),
        Span(utc(2026, 3, 30, 9), utc(2026, 3, 30, 10)),
    ]


def test_the_night_of_the_change_is_one_hour_shorter_or_longer():
    # Sunday 02:00–04:00 local: 02:00 does not exist on 29 March (1 hour left), and 02:00–03:00
    # happens twice on 25 October (3 hours).
    window = Weekly(6, 2 * 60, 4 * 60, PARIS)
    spring = weekly_spans(window, utc(2026, 3, 28), utc(2026, 3, 30))
    autumn = weekly_spans(window, utc(2026, 10, 24), utc(2026, 10, 26))
    assert [s.end - s.start for s in spring] == [timedelta(hours=1)]
    assert [s.end - s.start for s in autumn] == [timedelta(hours=3)]
    assert (
        len(free_slots(rules(), weekly=[window], start=utc(2026, 3, 28), end=utc(2026, 3, 30))) == 2
    )
    assert (
        len(free_slots(rules(), weekly=[window], start=utc(2026, 10, 24), end=utc(2026, 10, 26)))
        == 6
    )


def test_a_window_until_midnight_ends_at_the_next_local_midnight():
    window = Weekly(4, 22 * 60, 1440, PARIS)  # Friday 22:00–24:00
    [span] = weekly_spans(window, utc(2026, 7, 1), utc(2026, 7, 6))
    assert span == Span(utc(2026, 7, 3, 20), utc(2026, 7, 3, 22))


def test_local_times_skipped_by_the_clock_are_refused_and_repeated_ones_take_the_first():
    paris = zone_named(PARIS)
    from datetime import time

    assert local_to_utc(date(2026, 3, 29), time(2, 30), paris) is None
    assert local_to_utc(date(2026, 10, 25), time(2, 30), paris) == utc(2026, 10, 25, 0, 30)
    assert local_to_utc(date(2026, 3, 29), time(3, 30), paris) == utc(2026, 3, 29, 1, 30)
    assert minute_to_utc(date(2026, 3, 29), 150, paris) == utc(2026, 3, 29, 1, 30)  # moved on


def test_free_slots_leave_out_absences_busy_times_with_their_buffer_and_the_past():
    window = Weekly(0, 9 * 60, 12 * 60, DAKAR)  # Monday 4 May 2026, 09:00–12:00 UTC
    busy = [Span(utc(2026, 5, 4, 10), utc(2026, 5, 4, 10, 30))]
    absences = [Span(utc(2026, 5, 4, 11, 30), utc(2026, 5, 5))]
    slots = free_slots(
        rules(slot=30, buffer=15, zone=DAKAR),
        weekly=[window],
        absences=absences,
        busy=busy,
        start=utc(2026, 5, 4),
        end=utc(2026, 5, 5),
        not_before=utc(2026, 5, 4, 9, 1),
    )
    # 09:00 is past; 09:45 and 10:30 touch the busy 10:00–10:30 within the buffer; 11:15 would
    # run into the absence.
    assert starts(slots) == []
    slots = free_slots(
        rules(slot=30, buffer=0, zone=DAKAR),
        weekly=[window],
        absences=absences,
        busy=busy,
        start=utc(2026, 5, 4),
        end=utc(2026, 5, 5),
    )
    assert starts(slots) == [
        utc(2026, 5, 4, 9),
        utc(2026, 5, 4, 9, 30),
        utc(2026, 5, 4, 10, 30),
        utc(2026, 5, 4, 11),
    ]


def test_one_off_windows_add_to_weekly_ones_and_the_maximum_per_day_closes_a_day():
    once = [Span(utc(2026, 5, 5, 14), utc(2026, 5, 5, 15))]
    weekly = [Weekly(0, 9 * 60, 10 * 60, DAKAR)]
    both = free_slots(
        rules(zone=DAKAR), weekly=weekly, once=once, start=utc(2026, 5, 4), end=utc(2026, 5, 6)
    )
    assert starts(both) == [
        utc(2026, 5, 4, 9),
        utc(2026, 5, 4, 9, 30),
        utc(2026, 5, 5, 14),
        utc(2026, 5, 5, 14, 30),
    ]
    busy = [Span(utc(2026, 5, 4, 18), utc(2026, 5, 4, 18, 30))]
    full = free_slots(
        rules(per_day=1, zone=DAKAR), weekly=weekly, once=once, busy=busy,
        start=utc(2026, 5, 4), end=utc(2026, 5, 6),
    )  # fmt: skip
    assert starts(full) == [utc(2026, 5, 5, 14), utc(2026, 5, 5, 14, 30)]


def test_the_day_of_the_maximum_is_the_mentors_local_day():
    # 23:30 UTC on 4 May is already 5 May in Asia/Tokyo: it fills the 5th there, not the 4th.
    weekly = [Weekly(day, 9 * 60, 10 * 60, "Asia/Tokyo") for day in range(7)]
    busy = [Span(utc(2026, 5, 4, 23, 30), utc(2026, 5, 5, 0))]
    slots = free_slots(
        rules(per_day=1, zone="Asia/Tokyo"), weekly=weekly, busy=busy,
        start=utc(2026, 5, 3, 15), end=utc(2026, 5, 5, 15),
    )  # fmt: skip
    # 4 May 09:00 Tokyo (00:00 UTC) stays; 5 May is full.
    assert starts(slots) == [utc(2026, 5, 4, 0), utc(2026, 5, 4, 0, 30)]
