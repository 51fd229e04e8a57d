"""Translated labels of the course codes (level, track, language, domain), in one place."""

from __future__ import annotations

from dclic.core.i18n import LANGUAGE_NAMES
from dclic.core.i18n import gettext as _
from dclic.core.i18n import lazy_gettext as _l

LEVEL_LABELS = {
    "beginner": _l("Beginner"),
    "intermediate": _l("Intermediate"),
    "advanced": _l("Advanced"),
}
TRACK_LABELS = {
    "A": _l("Track A: initiation"),
    "M": _l("Track M: careers"),
}
STATUS_LABELS = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "archived": _l("Archived"),
}
# Known subject areas; a new domain shows its slug until it gets a label here.
DOMAIN_LABELS = {
    "bureautique": _l("Office software"),
    "cybersecurite": _l("Cybersecurity"),
    "design": _l("Design"),
    "internet": _l("Internet"),
    "marketing": _l("Digital marketing"),
    "mobile": _l("Smartphones"),
    "reseaux-sociaux": _l("Social media"),
    "web": _l("Web development"),
}


def level_label(code: str) -> str:
    return str(LEVEL_LABELS.get(code, code))


def track_label(code: str) -> str:
    return str(TRACK_LABELS.get(code, code))


def status_label(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


def domain_label(code: str) -> str:
    return str(DOMAIN_LABELS.get(code, code))


def language_label(code: str) -> str:
    """A course language, named in itself (as the language switch does)."""
    return LANGUAGE_NAMES.get(code, code)


def duration_label(minutes: int) -> str:
    """``45 min``, ``2 h``, ``1 h 30 min``."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(minutes)d min", minutes=rest)
    if not rest:
        return _("%(hours)d h", hours=hours)
    return _("%(hours)d h %(minutes)d min", hours=hours, minutes=rest)


# Names of the fields an editor writes, as the edit history shows them.
FIELD_LABELS = {
    "title": _l("Title"),
    "summary": _l("Summary"),
    "language": _l("Language"),
    "level": _l("Level"),
    "track": _l("Track"),
    "domain": _l("Domain"),
    "duration_minutes": _l("Duration"),
    "licence": _l("Licence"),
    "keywords": _l("Keywords"),
    "is_tutored": _l("Tutored"),
    "authors": _l("Authors"),
    "cover_file_id": _l("Cover image"),
}
_VALUE_LABELS = {
    "language": language_label,
    "level": level_label,
    "track": track_label,
    "domain": domain_label,
    "duration_minutes": duration_label,
}


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


def field_value(name: str, value) -> str:
    """A field's value as readers know it: labels for codes, yes/no for booleans."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    label = _VALUE_LABELS.get(name)
    return label(value) if label else str(value)


TEMPLATE_HELPERS = {
    "level_label": level_label,
    "track_label": track_label,
    "status_label": status_label,
    "domain_label": domain_label,
    "language_label": language_label,
    "duration_label": duration_label,
    "field_label": field_label,
    "field_value": field_value,
}
