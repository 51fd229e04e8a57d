"""ISO 8601 durations and date-times in the shapes the LOM XML binding accepts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

_DURATION = re.compile(
    r"\AP(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?\Z"
)
# Calendar units have no fixed length; these are the usual approximations for learning times.
_UNIT_DAYS = {"years": 365, "months": 30, "weeks": 7, "days": 1}


def format_duration(value: timedelta | str) -> str:
    """An ISO 8601 duration such as ``PT1H30M`` (days kept as days; texts passed through)."""
    if isinstance(value, str):
        if parse_duration(value) is None:
            raise ValueError(f"{value!r} is not an ISO 8601 duration")
        return value
    if value < timedelta(0):
        raise ValueError("a learning time cannot be negative")
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, seconds = divmod(rest, 60)
    time = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    text = "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")
    return text if text != "P" else "PT0S"


def parse_duration(text: str) -> timedelta | None:
    """Read an ISO 8601 duration; ``None`` if it is not one. Years and months are approximate."""
    match = _DURATION.match(text.strip())
    if not match or text.strip() in {"P", "PT"} or text.strip().endswith("T"):
        return None
    parts = {name: value for name, value in match.groupdict().items() if value is not None}
    days = sum(int(parts.get(unit, 0)) * size for unit, size in _UNIT_DAYS.items())
    return timedelta(
        days=days,
        hours=int(parts.get("hours", 0)),
        minutes=int(parts.get("minutes", 0)),
        seconds=float(parts.get("seconds", "0").replace(",", ".")),
    )


def format_lom_datetime(value: date | datetime) -> str:
    """A date as ``YYYY-MM-DD``; a date-time in UTC as ``YYYY-MM-DDThh:mm:ss.0Z``.

    The binding's DateTimeString pattern only allows a zone designator after fractional
    seconds, so ``…T10:00:00Z`` would be invalid: the fraction is always written.
    """
    if not isinstance(value, datetime):
        return value.isoformat()
    if value.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone")
    value = value.astimezone(UTC)
    fraction = f"{value.microsecond:06d}".rstrip("0") or "0"
    return f"{value:%Y-%m-%dT%H:%M:%S}.{fraction}Z"


def parse_lom_datetime(text: str) -> date | datetime | None:
    """Read a LOM date or date-time (reduced precision ``YYYY`` or ``YYYY-MM`` gives the 1st)."""
    text = text.strip()
    try:
        if "T" in text:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if len(text) == 4:
            return date(int(text), 1, 1)
        if len(text) == 7:
            return date(int(text[:4]), int(text[5:]), 1)
        return date.fromisoformat(text)
    except ValueError:
        return None
