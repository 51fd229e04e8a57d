"""Time zones: each person's zone, local input to UTC, UTC to words in the viewer's zone.

Everything is stored in UTC. A person's zone is their profile's ``time_zone`` (IANA), UTC when
they chose none. Local times typed in a form go through :func:`local_to_utc`, which refuses a
wall-clock time skipped by a daylight-saving change and takes the first of two repeated ones.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_date, format_time, get_timezone_gmt

from dclic.core.i18n import get_locale

UTC_ZONE = zoneinfo.ZoneInfo("UTC")


def zone_named(name: str | None) -> zoneinfo.ZoneInfo:
    """The zone called ``name``, UTC for none or an unknown name."""
    if not name:
        return UTC_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC_ZONE


def zone_of(user) -> zoneinfo.ZoneInfo:
    """The zone ``user`` lives in (their profile's), UTC if they chose none."""
    return zone_named(getattr(user, "time_zone", None))


def local_to_utc(day: date, at: time, zone: zoneinfo.ZoneInfo) -> datetime | None:
    """The UTC instant of wall-clock ``day`` ``at`` in ``zone``; None if it never happens there
    (skipped by a change to summer time). A repeated time (back to winter time) is the first."""
    local = datetime.combine(day, at, tzinfo=zone)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return instant


def minute_to_utc(day: date, minute: int, zone: zoneinfo.ZoneInfo) -> datetime:
    """``minute`` after local midnight of ``day`` in ``zone`` (1440: the next midnight), as UTC.

    A time skipped by a change to summer time moves forward by the gap (02:30 → 03:30 on the
    night of the change in Europe/Paris), as calendar applications do.
    """
    days, minute = divmod(minute, 1440)
    local = datetime.combine(day + timedelta(days=days), time(minute // 60, minute % 60))
    return local.replace(tzinfo=zone).astimezone(UTC)


def local_day_bounds(day: date, zone: zoneinfo.ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC start and end of the local ``day`` in ``zone`` (23 or 25 hours on a change)."""
    return minute_to_utc(day, 0, zone), minute_to_utc(day, 1440, zone)


def zone_label(zone: zoneinfo.ZoneInfo, when: datetime) -> str:
    """``Europe/Paris, UTC+02:00``: the zone named, with its offset at that moment."""
    if zone.key == "UTC":
        return "UTC"
    offset = get_timezone_gmt(when.astimezone(zone), width="long", locale="en")
    return f"{zone.key}, {offset.replace('GMT', 'UTC')}"


def day_label(value: date) -> str:
    """``lundi 30 mars 2026`` in the current language."""
    return format_date(value, "full", locale=get_locale())


def time_label(value: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """``10:00`` in ``zone`` and the current language."""
    return format_time(value.astimezone(zone), "short", locale=get_locale())


def span_label(starts_at: datetime, ends_at: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """``lundi 30 mars 2026, 10:00–10:30 (Europe/Paris, UTC+02:00)``."""
    local = starts_at.astimezone(zone)
    return (
        f"{day_label(local.date())}, {time_label(starts_at, zone)}–{time_label(ends_at, zone)}"
        f" ({zone_label(zone, starts_at)})"
    )
