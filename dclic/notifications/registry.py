"""The kinds of notification, declared by the module that owns each, with a default channel.

A module declares its kinds at import time, next to the code that sends them::

    MESSAGE = declare_kind("message", _l("New private messages"), default="immediate")

The list, with its labels, is the preferences page; a user's choice per kind is stored only
when it differs from nothing (see ``services.set_preferences``).
"""

from __future__ import annotations

from dataclasses import dataclass

CHANNELS = ("in_app", "immediate", "digest", "off")  # in the order the settings page shows them


@dataclass(frozen=True)
class Kind:
    name: str
    label: object  # a lazy string
    default: str


_KINDS: dict[str, Kind] = {}


def declare_kind(name: str, label, default: str = "in_app") -> str:
    """Declare the notification kind ``name`` (idempotent for the same declaration)."""
    if default not in CHANNELS:
        raise ValueError(f"unknown channel {default!r} for notification kind {name!r}")
    known = _KINDS.get(name)
    if known is not None and known.default != default:
        raise ValueError(f"notification kind {name!r} declared twice, differently")
    _KINDS[name] = Kind(name, label, default)
    return name


def kind(name: str) -> Kind:
    """The declared kind ``name``; ``KeyError`` if nobody declared it (never fail silently)."""
    return _KINDS[name]


def kinds() -> list[Kind]:
    """Every declared kind, in declaration order."""
    return list(_KINDS.values())
