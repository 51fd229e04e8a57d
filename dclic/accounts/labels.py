"""Human labels of the profile vocabularies, countries and time zones, in the page's language."""

from __future__ import annotations

import zoneinfo
from functools import cache

from babel import Locale

from dclic.core.i18n import get_locale
from dclic.core.i18n import lazy_gettext as _l

GENDER_LABELS = {
    "female": _l("Female"),
    "male": _l("Male"),
    "other": _l("Other"),
    "undisclosed": _l("I prefer not to say"),
}
TRACK_LABELS = {
    "A": _l("A: discover digital tools (initiation)"),
    "M": _l("M: train for a digital career"),
}
PATH_TYPE_LABELS = {
    "free": _l("Free path: I learn on my own"),
    "tutored": _l("Tutored path: with a mentor"),
}
MAIL_NOTIFICATION_LABELS = {
    "immediate": _l("Send each notification at once"),
    "digest": _l("One summary a day"),
    "off": _l("No e-mail"),
}

ROLE_LABELS = {
    "learner": _l("Learner"),
    "mentor": _l("Mentor"),
    "trainer": _l("Trainer / training organisation"),
    "editor": _l("Editor"),
    "pedagogical_admin": _l("Pedagogical administrator"),
    "moderator": _l("Moderator"),
    "admin": _l("Administrator"),
}

PROFILE_VISIBILITY_LABELS = {
    "members": _l("Members of the platform"),
    "private": _l("Only my mentors and the team"),
}


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes of real countries and territories."""
    territories = Locale("en").territories
    return frozenset(
        code
        for code in territories
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    )


_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK"})


def country_choices() -> list[tuple[str, str]]:
    """(code, name) pairs sorted by the name in the page's language."""
    names = Locale.parse(str(get_locale())).territories
    return sorted(((code, names.get(code, code)) for code in country_codes()), key=lambda c: c[1])


@cache
def time_zones() -> frozenset[str]:
    """IANA time zone names (Area/Location), from tzdata."""
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith("Etc/")
    )


def time_zone_choices(
    country: str | None = None, current: str | None = None
) -> list[tuple[str, str]]:
    """The time zones to offer: those of ``country`` when known (a phone-sized list), else all.

    The person's current zone is always offered, so saving the form never loses it.
    """
    from babel.core import get_global

    names = set(get_global("territory_zones").get(country or "", ())) & time_zones()
    if not names:
        names = set(time_zones())
    if current in time_zones():
        names.add(current)
    return [(name, name.replace("_", " ")) for name in sorted(names)]


def country_name(code: str) -> str:
    """A country's name in the page's language."""
    return Locale.parse(str(get_locale())).territories.get(code, code)


TEMPLATE_HELPERS = {
    "role_label": lambda code: ROLE_LABELS.get(code, code),
    "country_name": country_name,
    "track_label": lambda code: TRACK_LABELS.get(code, code),
    "path_type_label": lambda code: PATH_TYPE_LABELS.get(code, code),
}
