"""Translation helpers and locale selection; the only module that imports flask_babel.

Locale precedence: an explicit ``?lang=`` on this request, then the signed-in user's
preferred language, then the language remembered in the session (set by ``?lang=`` or the
language switch), then the browser's ``Accept-Language``, then the default (French).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import (
    Babel,
    force_locale,
    format_datetime,
    get_locale,
    gettext,
    lazy_gettext,
    ngettext,
    refresh,
)

from dclic.config import LOCALES, RTL_LOCALES

__all__ = [
    "LANGUAGE_NAMES",
    "force_locale",
    "format_datetime",
    "get_locale",
    "gettext",
    "lazy_gettext",
    "ngettext",
    "text_direction",
]

# Each language named in itself, for the language switch.
LANGUAGE_NAMES = {"fr": "Français", "en": "English", "ar": "العربية"}

babel = Babel()


def requested_locale() -> str | None:
    """The valid ``?lang=`` of the current request, if any."""
    lang = request.args.get("lang", "")
    return lang if lang in LOCALES else None


def remember_locale(lang: str) -> None:
    """Keep ``lang`` in the session for the next pages."""
    if lang in LOCALES and session.get("lang") != lang:
        session["lang"] = lang


def select_locale() -> str:
    """Locale selector for Flask-Babel (see the module docstring for the order)."""
    if not has_request_context():  # CLI commands and jobs speak the platform's default
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    explicit = requested_locale()
    if explicit:
        return explicit
    user_locale = g.get("user_locale")
    if user_locale in LOCALES:
        return user_locale
    if session.get("lang") in LOCALES:
        return session["lang"]
    return (
        request.accept_languages.best_match(LOCALES) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def text_direction() -> str:
    """``rtl`` for right-to-left languages, else ``ltr``."""
    return "rtl" if str(get_locale()) in RTL_LOCALES else "ltr"


def _remember_explicit_locale() -> None:
    # The locale is cached on the app context, which a test (or a CLI command) may share
    # between requests: start every request from a clean slate.
    refresh()
    explicit = requested_locale()
    if explicit:
        remember_locale(explicit)


def init_app(app: Flask, translations_dir: str) -> None:
    """Bind Flask-Babel to ``app`` with dclic's selector and the catalogs folder."""
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = translations_dir
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(_remember_explicit_locale)
    app.jinja_env.globals.update(
        get_locale=get_locale,
        format_datetime=format_datetime,
        text_direction=text_direction,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
    )


def compile_catalogs(source: Path, target: Path) -> None:
    """Compile every ``<lang>/LC_MESSAGES/messages.po`` under ``source`` into ``target``.

    ``scripts/bootstrap`` compiles in place with pybabel; the browser tests and the benchmark
    compile the tree's current catalogs into a folder of their own with this.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted(source.glob("*/LC_MESSAGES/messages.po")):
        locale = po.parents[1].name
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        mo = target / locale / "LC_MESSAGES" / "messages.mo"
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
