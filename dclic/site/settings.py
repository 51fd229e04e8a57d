"""The platform settings: their defaults, their validation, and the reader other modules use.

The logo is an image sent through :mod:`dclic.files`, made public when chosen. Colours must
keep text readable: each must reach a contrast of 4.5:1 with white (WCAG 2.1
AA), since the header and buttons put white text on them.
"""

from __future__ import annotations

import hashlib
import re

import sqlalchemy as sa
from flask import current_app, g, has_request_context

from dclic.accounts.rights import require
from dclic.config import LOCALES
from dclic.core.db import db
from dclic.core.email_address import InvalidAddress, normalize
from dclic.core.errors import Invalid
from dclic.core.i18n import gettext as _
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.permissions import declare
from dclic.files.queries import get_file
from dclic.files.services import set_file_public
from dclic.files.urls import image_url
from dclic.site.models import PlatformSetting

SETTINGS_MANAGE = declare(
    "settings.manage",
    _l("Change the platform's name, colours, language, contacts, registration and sessions"),
    ("admin",),
)

DEFAULT_COLOURS = {"color_primary": "#0b5394", "color_accent": "#8a1538"}
NAMES = (
    "site_name",
    "color_primary",
    "color_accent",
    "default_locale",
    "contact_email",
    "registration_open",
    "session_idle_minutes",
    "logo_file_id",
)
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def defaults() -> dict:
    config = current_app.config
    return {
        "site_name": config["DCLIC_SITE_NAME"],
        **DEFAULT_COLOURS,
        "default_locale": config["DCLIC_DEFAULT_LOCALE"],
        "contact_email": config["DCLIC_ADMIN_EMAIL"],
        "registration_open": True,
        "session_idle_minutes": config["DCLIC_SESSION_IDLE_SECONDS"] // 60,
        "logo_file_id": None,
    }


def _stored() -> dict:
    if has_request_context() and "dclic_settings" in g:
        return g.dclic_settings
    try:
        values = dict(
            db.session.execute(sa.select(PlatformSetting.key, PlatformSetting.value)).all()
        )
    except sa.exc.SQLAlchemyError:
        # Without the database (an error page while it is down) the defaults still hold.
        db.session.rollback()
        return {}
    if has_request_context():
        g.dclic_settings = values
    return values


def read(name: str):
    """The value of a setting: the administrators' choice, else the configured default."""
    if name not in NAMES:
        raise KeyError(name)
    stored = _stored()
    return stored[name] if name in stored else defaults()[name]


def current() -> dict:
    return {name: read(name) for name in NAMES}


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def _clean(name: str, value, errors: dict):
    if name == "site_name":
        text = " ".join(str(value or "").split())
        if not 1 <= len(text) <= 60:
            errors[name] = [_("Give a name of 1 to %(n)d characters.", n=60)]
        return text
    if name in DEFAULT_COLOURS:
        colour = str(value or "").strip()
        if not _HEX.match(colour):
            errors[name] = [_("Give a colour as # and six hexadecimal digits, like #0b5394.")]
        elif contrast_with_white(colour) < 4.5:
            errors[name] = [_("This colour is too light: white text on it would be hard to read.")]
        return colour.lower()
    if name == "default_locale":
        if value not in LOCALES:
            errors[name] = [_("This language is not available.")]
        return value
    if name == "contact_email":
        try:
            return normalize(str(value or "")).display
        except InvalidAddress as exc:
            errors[name] = [exc.user_message()]
            return value
    if name == "registration_open":
        if value not in (True, False):
            errors[name] = [_("Give true or false.")]
        return value
    if name == "session_idle_minutes":
        try:
            minutes = int(value)
        except (TypeError, ValueError):
            minutes = 0
        if not 5 <= minutes <= 24 * 60:
            errors[name] = [_("Give a number of minutes between 5 and 1440.")]
        return minutes
    if name == "logo_file_id":
        if value is None:
            return None
        stored = get_file(value)
        if stored is None or stored.kind != "image":
            errors[name] = [_("Choose an image sent to the platform.")]
            return None
        return stored.id
    raise KeyError(name)


def update_settings(actor, **values) -> dict:
    """Change settings; returns the changes ``{name: (old, new)}`` (recorded by the audit)."""
    require(actor, "settings.manage")
    errors: dict = {}
    unknown = set(values) - set(NAMES)
    if unknown:
        raise Invalid(errors={name: [_("Unknown setting.")] for name in unknown})
    clean = {name: _clean(name, value, errors) for name, value in values.items()}
    if errors:
        raise Invalid(_("Some fields are not valid."), errors=errors)
    changes = {}
    base = defaults()
    for name, value in clean.items():
        old = read(name)
        if old != value:
            changes[name] = (old, value)
        row = db.session.get(PlatformSetting, name)
        if value == base[name]:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(PlatformSetting(key=name, value=value))
        else:
            row.value = value
    if clean.get("logo_file_id"):
        # Every visitor sees the logo, signed in or not.
        set_file_public(None, get_file(clean["logo_file_id"]), True)
    db.session.flush()
    if has_request_context():
        g.pop("dclic_settings", None)
    return changes


def logo_url() -> str | None:
    """The address of the logo shown in the header (a phone-sized copy), or None."""
    stored = get_file(read("logo_file_id")) if read("logo_file_id") else None
    return image_url(stored, 320) if stored is not None else None


def theme_css() -> str | None:
    """The CSS custom properties of changed colours, or None when the defaults hold."""
    colours = {name: read(name) for name in DEFAULT_COLOURS}
    if colours == DEFAULT_COLOURS:
        return None
    primary, accent = colours["color_primary"], colours["color_accent"]
    return f":root{{--c-primary:{primary};--c-accent:{accent}}}\n"


def theme_hash(css: str) -> str:
    return hashlib.sha256(css.encode()).hexdigest()[:10]
