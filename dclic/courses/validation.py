"""Cleaning and checking of course, path, module and step fields; services call it first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from dclic.core.i18n import gettext as _
from dclic.courses.models import LANGUAGES, LEVELS, TRACKS

CODE_PATTERN = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_DURATION_MINUTES = 100 * 60
MAX_MARKDOWN = 50_000  # characters of a step's text: a long chapter, not a book
MAX_MEDIA_BYTES = 50 * 1024**3  # an external video announced larger than 50 GB is a typo
# Short codes of the known subject areas in generated course codes (DCLIC-WEB-004); another
# domain uses its first letters (see domain_code).
DOMAIN_CODES = {
    "bureautique": "BUR",
    "cybersecurite": "CYB",
    "design": "DES",
    "internet": "NET",
    "marketing": "MKT",
    "mobile": "MOB",
    "reseaux-sociaux": "RSO",
    "web": "WEB",
}


def clean_code(value) -> tuple[str, list[str]]:
    code = str(value or "").strip().upper()
    if not code or len(code) > 40 or not CODE_PATTERN.match(code):
        return code, [_("Use 1 to 40 capital letters, digits and hyphens, e.g. DCLIC-WEB-001.")]
    return code, []


def domain_code(domain: str) -> str:
    """The short code of a domain slug in generated course codes: ``web`` → ``WEB``."""
    return DOMAIN_CODES.get(domain) or domain.replace("-", "").upper()[:3]


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


def _optional_duration(value) -> tuple[int | None, list[str]]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, []
    return _duration(value)


def _url(value) -> tuple[str, list[str]]:
    """An address of another site: http or https only, with a host, no spaces."""
    url = str(value or "").strip()
    if not url:
        return url, []
    try:
        parts = urlsplit(url)
        valid = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed [ in the host
        valid = False
    if not valid or any(c.isspace() or ord(c) < 32 for c in url):
        return url, [_("Give a full web address starting with https:// or http://.")]
    if len(url) > 2000:
        return url, [_("Use at most %(n)d characters.", n=2000)]
    return url, []


def _media_bytes(value) -> tuple[int | None, list[str]]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, []
    if isinstance(value, bool) or not isinstance(value, int):
        return None, [_("Give the size in megabytes, e.g. 12.5.")]
    if not 0 < value <= MAX_MEDIA_BYTES:
        return value, [_("Give a size in megabytes, more than 0 and at most 51,200.")]
    return value, []


def _activity_type(value) -> tuple[str | None, list[str]]:
    # Whether such a type is registered is the service's to check.
    if value in (None, ""):
        return None, []
    code = str(value).strip()
    if len(code) > 40 or not SLUG_PATTERN.match(code):
        return code, [_("This choice is not valid.")]
    return code, []


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


def _optional_id(value) -> tuple[int | None, list[str]]:
    # The existence and kind of the referenced row are the service's to check.
    if value in (None, ""):
        return None, []
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None, [_("This choice is not valid.")]
    if not 0 < number < 2**31:
        return None, [_("This choice is not valid.")]
    return number, []


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
    "authors": lambda v: _text(v, maximum=500, required=False),
    "cover_file_id": _optional_id,
}
MODULE_FIELDS = {
    "title": COURSE_FIELDS["title"],
    "summary": COURSE_FIELDS["summary"],
}
# Every field a step may have; which ones a kind uses, and requires, is the service's rule.
STEP_FIELDS = {
    "title": COURSE_FIELDS["title"],
    "body": lambda v: _text(v, maximum=MAX_MARKDOWN, required=False, one_line=False),
    "file_id": _optional_id,
    "url": _url,
    "alternative": lambda v: _text(v, maximum=MAX_MARKDOWN, required=False, one_line=False),
    "media_bytes": _media_bytes,
    "duration_minutes": _optional_duration,
    "activity_type": _activity_type,
    "activity_id": _optional_id,
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
