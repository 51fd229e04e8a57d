"""One source for every view of a person's agenda and for their calendar feed.

:func:`collect` gathers, in a fixed number of queries whatever their number, the items of a
period: appointments, virtual class sessions (of one's groups, or organized), shared-agenda
events (of one's courses, paths and groups, or posted by oneself) and the due days of one's
active enrolments (all-day items). Each :class:`Item` says its ``kind``; pages group them by
the viewer's local day, the feed writes each as a ``VEVENT``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dclic.learning import deadlines
from dclic.mentoring import events, queries, sessions

KINDS = ("appointment", "session", "event", "deadline")


@dataclass(frozen=True)
class Item:
    """One thing in an agenda: ``kind`` and the object (appointment, session, event or
    enrolment); timed items have ``starts_at``/``ends_at`` (UTC), deadlines ``day``."""

    kind: str
    obj: object
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    day: date | None = None

    @property
    def is_all_day(self) -> bool:
        return self.day is not None

    def local_day(self, zone) -> date:
        return self.day if self.day is not None else self.starts_at.astimezone(zone).date()

    def sort_key(self, zone) -> tuple:
        # All-day items first in their day, then by start.
        start = self.starts_at or datetime.combine(self.day, time.min, tzinfo=zone)
        return (self.local_day(zone), self.day is None, start, KINDS.index(self.kind))


def _timed(kind: str, found) -> Item:
    return Item(kind, found, found.starts_at, found.ends_at)


def collect(owner, start: datetime, end: datetime | None, zone, appointments=None) -> list[Item]:
    """``owner``'s items from ``start`` to ``end`` (UTC; ``None``: no end), sorted by the
    local day in ``zone``: appointments starting in the period (with their status, whatever
    it is; or ``appointments`` when the caller read them already), sessions and events
    overlapping it (not the cancelled ones), the due days of active enrolments on a local day
    of it."""
    if appointments is None:
        appointments = queries.list_between(owner, start, end)
    items = [_timed("appointment", a) for a in appointments if a.starts_at is not None]
    items += [_timed("session", s) for s in sessions.list_sessions_for(owner, start, end)]
    items += [_timed("event", e) for e in events.list_events_for(owner, start, end)]
    last = (end - timedelta(microseconds=1)).astimezone(zone).date() if end else None
    items += [
        Item("deadline", e, day=e.due_on)
        for e in deadlines.list_due(owner, start.astimezone(zone).date(), last)
    ]
    return sorted(items, key=lambda item: item.sort_key(zone))


def for_feed(owner, since: datetime) -> list[Item]:
    """The feed's items: appointments with a time (cancelled ones too), sessions, events and
    due days from ``since`` on."""
    found = [_timed("appointment", a) for a in queries.list_for_feed(owner, since)]
    found += [
        _timed("session", s) for s in sessions.list_sessions_for(owner, since, cancelled=True)
    ]
    found += [_timed("event", e) for e in events.list_events_for(owner, since, cancelled=True)]
    found += [Item("deadline", e, day=e.due_on) for e in deadlines.list_due(owner, since.date())]
    return found


def by_day(items: list[Item], zone) -> dict[date, list[Item]]:
    """Items grouped by the local day in ``zone`` (order kept)."""
    days: dict[date, list[Item]] = {}
    for item in items:
        days.setdefault(item.local_day(zone), []).append(item)
    return days
