"""Cleaning and checking of course and path fields; services call it before any write."""

from __future__ import annotations

import re
from collections.abc import Iterable

from dclic.core.i18n import gettext as _
from dclic.courses.models import LANGUAGES, LEVELS, TRACKS

CODE_PATTERN = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_DURATION_MINUTES = 100 * 60


def clean_code(value) -> tuple[str, list[str]]:
    code = str(value or "").strip().upper()
    if not code or len(code) > 40 or not CODE_PATTERN.match(code):
        return code, [_("Use 1 to 40 capital letters, digits and hyphens, e.g. DCLIC-WEB-001.")]
    return code, []


def _text(value, *, maximum: int, required: bool, one_line: bool = True) -> tuple[str, list[str]]:
    # Titles collapse their spaces; a summary keeps its paragraphs.
    text = " ".join(str(value or "").split()) if one_line else str(value or "").strip()
    if required and not text:
        return text, [_("This field is required.")]
    if len(text) > maximum:
        return text, [_("Use at most %(n)d characters.", n=maximum)]
    return text, []


def _choice(value, codes: Iterable[str]) -> tuple[str, list[str]]:
    if value not in codes:
        return value, [_("Choose one of: %(codes)s.", codes=", ".join(codes))]
    return value, []


def _domain(value) -> tuple[str, list[str]]:
    slug = str(value or "").strip().lower()
    if not slug or len(slug) > 40 or not SLUG_PATTERN.match(slug):
        return slug, [_("Use a short slug of lower-case letters, digits and hyphens, e.g. web.")]
    return slug, []


def _duration(value) -> tuple[int | None, list[str]]:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except (TypeError, ValueError):
            return None, [_("Give a whole number of minutes.")]
    if not 1 <= value <= MAX_DURATION_MINUTES:
        return value, [_("Give a duration from 1 to %(n)d minutes.", n=MAX_DURATION_MINUTES)]
    return value, []


def _keywords(value) -> tuple[str, list[str]]:
    words = value.split(",") if isinstance(value, str) else list(value or ())
    seen: list[str] = []
    for word in (" ".join(str(w).split()) for w in words):
        if word and word.casefold() not in {s.casefold() for s in seen}:
            seen.append(word)
    joined = ", ".join(seen)
    if len(joined) > 500:
        return joined, [_("Use at most %(n)d characters.", n=500)]
    return joined, []


def _boolean(value) -> tuple[bool, list[str]]:
    if not isinstance(value, bool):
        return bool(value), [_("Give true or false.")]
    return value, []


COURSE_FIELDS = {
    "title": lambda v: _text(v, maximum=200, required=True),
    "summary": lambda v: _text(v, maximum=5000, required=False, one_line=False),
    "language": lambda v: _choice(v, LANGUAGES),
    "level": lambda v: _choice(v, LEVELS),
    "track": lambda v: _choice(v, TRACKS),
    "domain": _domain,
    "duration_minutes": _duration,
    "licence": lambda v: _text(v, maximum=60, required=True),
    "keywords": _keywords,
}
PATH_FIELDS = {
    "title": COURSE_FIELDS["title"],
    "summary": COURSE_FIELDS["summary"],
    "track": COURSE_FIELDS["track"],
    "is_tutored": _boolean,
}


def clean(values: dict, rules: dict) -> tuple[dict, dict[str, list[str]]]:
    """Cleaned ``values`` and every field's messages; unknown fields are errors too."""
    cleaned: dict = {}
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        rule = rules.get(name)
        if rule is None:
            errors[name] = [_("This field cannot be set here.")]
            continue
        cleaned[name], messages = rule(value)
        if messages:
            errors[name] = messages
    return cleaned, errors
