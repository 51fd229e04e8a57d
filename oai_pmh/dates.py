"""UTC datestamps in the two OAI-PMH forms: ``YYYY-MM-DD`` and ``YYYY-MM-DDThh:mm:ssZ``.

The protocol compares datestamps at the granularity a harvester asked for, while repositories
usually store microseconds. Bounds are therefore widened here, once: ``until=2024-05-01``
becomes the last microsecond of that day, so a repository compares with plain ``<=`` and
``>=`` on its stored values and never has to know about granularities.
"""

from __future__ import annotations

import enum
import re
from datetime import UTC, datetime, timedelta

_DAY = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})\Z")
_SECOND = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z\Z")
_ONE_MICROSECOND = timedelta(microseconds=1)


class Granularity(enum.Enum):
    """The two datestamp granularities of OAI-PMH 2.0 (section 3.3.2)."""

    DAY = "YYYY-MM-DD"
    SECOND = "YYYY-MM-DDThh:mm:ssZ"

    @property
    def step(self) -> timedelta:
        """The length of one unit of this granularity."""
        return timedelta(days=1) if self is Granularity.DAY else timedelta(seconds=1)


def ensure_utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC; naive datetimes are refused because their zone is a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"datestamp {moment!r} has no time zone; OAI-PMH needs UTC")
    return moment.astimezone(UTC)


def format_datestamp(moment: datetime, granularity: Granularity = Granularity.SECOND) -> str:
    """Format an aware datetime as an OAI-PMH UTC datestamp (fractions are dropped)."""
    moment = ensure_utc(moment)
    if granularity is Granularity.DAY:
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datestamp(value: str) -> tuple[datetime, Granularity]:
    """Parse either OAI-PMH form strictly; raise ``ValueError`` for anything else.

    Offsets other than ``Z``, fractions and missing seconds are all illegal in OAI-PMH, so
    ``datetime.fromisoformat`` (which accepts them) is not used.
    """
    day = _DAY.match(value)
    if day:
        parts, granularity = day.groups(), Granularity.DAY
    else:
        second = _SECOND.match(value)
        if not second:
            raise ValueError(f"{value!r} is neither YYYY-MM-DD nor YYYY-MM-DDThh:mm:ssZ")
        parts, granularity = second.groups(), Granularity.SECOND
    try:
        moment = datetime(*(int(part) for part in parts), tzinfo=UTC)  # type: ignore[misc]
    except ValueError as error:  # 2024-02-30, hour 25…
        raise ValueError(f"{value!r} is not a real date: {error}") from None
    return moment, granularity


def upper_bound(moment: datetime, granularity: Granularity) -> datetime:
    """The last microsecond covered by ``moment`` at ``granularity`` (``until`` is inclusive)."""
    try:
        return moment + granularity.step - _ONE_MICROSECOND
    except OverflowError:  # until=9999-12-31
        return datetime.max.replace(tzinfo=UTC)


def utc_now() -> datetime:
    """The current time in UTC, aware."""
    return datetime.now(UTC)
