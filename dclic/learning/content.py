"""How the player presents a step's content: sizes and types of files, external links,
activities (through the courses module's registry)."""

from __future__ import annotations

from urllib.parse import urlsplit

from babel.numbers import format_decimal
from markupsafe import Markup

from dclic.core.i18n import get_locale
from dclic.core.i18n import gettext as _
from dclic.core.richtext import sanitize
from dclic.courses.activities import render_activity

_UNITS = ((1024**3, "GB"), (1024**2, "MB"), (1024, "kB"))


def size_label(size: int | None) -> str:
    """A size in the reader's language: ``850 kB``, ``1.2 MB`` (French: ``1,2 Mo``)."""
    if size is None:
        return ""
    for factor, unit in _UNITS:
        if size >= factor:
            value = size / factor
            number = format_decimal(
                round(value, 1 if value < 10 else 0), format="#,##0.#", locale=str(get_locale())
            )
            return {
                "GB": _("%(size)s GB", size=number),
                "MB": _("%(size)s MB", size=number),
                "kB": _("%(size)s kB", size=number),
            }[unit]
    return _("%(size)s bytes", size=size)


def type_label(stored) -> str:
    """What a reader calls the file's format: its extension (``PDF``, ``MP4``…)."""
    name = stored.original_name or ""
    extension = name.rsplit(".", 1)[1] if "." in name else ""
    return extension.upper() or stored.media_type


def host_of(url: str) -> str:
    """The site a link leads to, shown beside it (``fr.wikipedia.org``)."""
    return urlsplit(url or "").hostname or ""


def body_html(step) -> Markup:
    """The step's text, sanitized again on render (rules tightened later apply)."""
    return sanitize(step.body_html)


def activity_html(step) -> Markup:
    """An activity step as its module renders it (a neutral notice when none is there)."""
    return render_activity(step)


TEMPLATE_HELPERS = {
    "size_label": size_label,
    "type_label": type_label,
    "host_of": host_of,
    "step_body": body_html,
    "activity_html": activity_html,
}
