"""A mentor's free slots, from plain values: pure functions, no database, every time in UTC.

The free slots between ``start`` and ``end`` are:

1. the weekly windows expanded day by day in **their** zone (so 09:00 stays 09:00 local
   across a daylight-saving change: the UTC instants move), plus the one-off windows, merged;
2. minus the absences;
3. cut into slots of ``slot_minutes``, one after the other from each window's start, with
   ``buffer_minutes`` between two slots;
4. without the slots that start before ``not_before``, come closer than the buffer to a busy
   appointment, or fall on a day (the mentor's local day) that already has ``max_per_day``
   appointments.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dclic.mentoring.times import minute_to_utc, zone_named

NO_MARGIN = timedelta(0)


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of time ``[start, end)`` (aware UTC datetimes)."""

    start: datetime
    end: datetime

    def overlaps(self, other: Span, margin: timedelta = NO_MARGIN) -> bool:
        """Closer than ``margin`` to ``other`` (overlapping when ``margin`` is zero)?"""
        return self.start < other.end + margin and other.start < self.end + margin


@dataclass(frozen=True)
class Weekly:
    """Every week on ``weekday`` (0 = Monday), from ``start_minute`` to ``end_minute`` after
    local midnight in ``time_zone``."""

    weekday: int
    start_minute: int
    end_minute: int
    time_zone: str


@dataclass(frozen=True)
class Rules:
    """A mentor's settings; ``time_zone`` says what "a day" is for ``max_per_day``."""

    slot_minutes: int
    buffer_minutes: int
    max_per_day: int
    time_zone: str


def weekly_spans(window: Weekly, start: datetime, end: datetime) -> list[Span]:
    """The occurrences of ``window`` that meet ``[start, end)``."""
    zone = zone_named(window.time_zone)
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    spans = []
    while day <= last:
        if day.weekday() == window.weekday:
            span = Span(
                minute_to_utc(day, window.start_minute, zone),
                minute_to_utc(day, window.end_minute, zone),
            )
            if span.start < span.end and span.overlaps(Span(start, end)):
                spans.append(span)
        day += timedelta(days=1)
    return spans


def merge(spans: Iterable[Span]) -> list[Span]:
    """The same time as ``spans``, in order, overlapping or touching spans joined."""
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def _minus(span: Span, hole: Span) -> list[Span]:
    if not span.overlaps(hole):
        return [span]
    parts = (Span(span.start, hole.start), Span(hole.end, span.end))
    return [part for part in parts if part.start < part.end]


def subtract(spans: Iterable[Span], holes: Iterable[Span]) -> list[Span]:
    """``spans`` without the time covered by ``holes``."""
    pieces = merge(spans)
    for hole in merge(holes):
        pieces = [part for piece in pieces for part in _minus(piece, hole)]
    return pieces


def cut(span: Span, slot: timedelta, buffer: timedelta) -> list[Span]:
    """Slots of length ``slot`` from the start of ``span``, ``buffer`` apart, inside it."""
    slots = []
    start = span.start
    while start + slot <= span.end:
        slots.append(Span(start, start + slot))
        start += slot + buffer
    return slots


def local_day(instant: datetime, time_zone: str) -> date:
    return instant.astimezone(zone_named(time_zone)).date()


def free_slots(
    rules: Rules,
    *,
    weekly: Iterable[Weekly] = (),
    once: Iterable[Span] = (),
    absences: Iterable[Span] = (),
    busy: Iterable[Span] = (),
    start: datetime,
    end: datetime,
    not_before: datetime | None = None,
) -> list[Span]:
    """The slots a learner may book, starting in ``[start, end)`` and not before
    ``not_before`` (see the module's docstring)."""
    busy = list(busy)
    windows = [span for window in weekly for span in weekly_spans(window, start, end)]
    windows += [span for span in once if span.overlaps(Span(start, end))]
    open_spans = subtract(windows, absences)
    slot = timedelta(minutes=rules.slot_minutes)
    buffer = timedelta(minutes=rules.buffer_minutes)
    earliest = max(start, not_before) if not_before else start
    per_day = Counter(local_day(span.start, rules.time_zone) for span in busy)
    slots = []
    for span in open_spans:
        for candidate in cut(span, slot, buffer):
            if not earliest <= candidate.start < end:
                continue
            if per_day[local_day(candidate.start, rules.time_zone)] >= rules.max_per_day:
                continue
            if any(candidate.overlaps(other, buffer) for other in busy):
                continue
            slots.append(candidate)
    return slots
