"""Validation of profile fields, shared by registration, the profile page and the API."""

from __future__ import annotations

from dclic.accounts.labels import country_codes, time_zones
from dclic.accounts.models import (
    GENDERS,
    MAIL_NOTIFICATIONS,
    MINIMUM_AGE,
    PATH_TYPES,
    PROFILE_VISIBILITIES,
    TRACKS,
    User,
)
from dclic.config import LOCALES
from dclic.core.db import utcnow
from dclic.core.i18n import gettext as _

MAX_NAME_LENGTH = 120
# The fields a user edits on their profile: the audited User fields but address and status.
PROFILE_FIELDS = tuple(f for f in User.__audited__ if f not in ("email", "is_active", "deleted_at"))


def _choice(value, allowed, message):
    if value in (None, ""):
        return None, None
    return (value, None) if value in allowed else (None, message)


def check_birth_year(value) -> tuple[int | None, str | None]:
    """A plausible year of birth of someone at least 13 years old."""
    if value in (None, ""):
        return None, None
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None, _("Give a year with four digits, like 2008.")
    this_year = utcnow().year
    if year > this_year or year < this_year - 120:
        return None, _("Give a year with four digits, like 2008.")
    if this_year - year < MINIMUM_AGE:
        return None, _("You must be at least %(age)d years old to register.", age=MINIMUM_AGE)
    return year, None


def _boolean(value) -> tuple[bool | None, str | None]:
    if value in (True, False):
        return value, None
    if value in (None, ""):
        return None, None
    return None, _("Give true or false.")


def protect_minor(user, clean: dict) -> dict[str, list[str]]:
    """Keep a minor's protective settings; errors if the change asks to open them."""
    errors = {}
    birth_year = clean.get("birth_year", user.birth_year)
    minor = birth_year is None or utcnow().year - birth_year < 18
    if not minor:
        return errors
    if clean.get("profile_visibility") == "members":
        errors["profile_visibility"] = [
            _("Under 18, your profile stays visible only to mentors and the team.")
        ]
    if clean.get("accepts_learner_messages"):
        errors["accepts_learner_messages"] = [
            _("Under 18, only mentors and the team can write to you privately.")
        ]
    clean["profile_visibility"] = "private"
    clean["accepts_learner_messages"] = False
    return errors


def clean_profile(data: dict, *, required: tuple[str, ...] = ()) -> tuple[dict, dict]:
    """Validate the profile fields present in ``data``.

    Returns ``(clean, errors)``: the valid values (``None`` for a cleared optional field) and
    ``{field: [message]}`` for the others; fields absent from ``data`` are left out.
    """
    clean: dict = {}
    errors: dict[str, list[str]] = {}
    checks = {
        "locale": lambda v: _choice(v, LOCALES, _("This language is not available.")),
        "time_zone": lambda v: _choice(v, time_zones(), _("Choose a time zone from the list.")),
        "country": lambda v: _choice(
            v.upper() if isinstance(v, str) else v,
            country_codes(),
            _("Choose a country from the list."),
        ),
        "birth_year": check_birth_year,
        "gender": lambda v: _choice(v, GENDERS, _("Choose an answer from the list.")),
        "track": lambda v: _choice(v, TRACKS, _("Choose track A or M.")),
        "path_type": lambda v: _choice(v, PATH_TYPES, _("Choose a free or a tutored path.")),
        "mail_notifications": lambda v: _choice(
            v, MAIL_NOTIFICATIONS, _("Choose an answer from the list.")
        ),
        "profile_visibility": lambda v: _choice(
            v, PROFILE_VISIBILITIES, _("Choose an answer from the list.")
        ),
        "accepts_learner_messages": _boolean,
    }
    for name in PROFILE_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "display_name":
            text = " ".join(str(value or "").split())
            if not text or len(text) > MAX_NAME_LENGTH:
                errors[name] = [_("Give a name of 1 to %(n)d characters.", n=MAX_NAME_LENGTH)]
            else:
                clean[name] = text
            continue
        result, problem = checks[name](value)
        if problem:
            errors[name] = [problem]
        else:
            clean[name] = result
    for name in required:
        if name not in errors and clean.get(name) in (None, ""):
            errors[name] = [_("This field is required.")]
    return clean, errors
