"""Capabilities: the named rights of the platform, declared by each module in one place.

A module declares its capabilities in its ``permissions.py`` with :func:`declare`, each with a
description (shown in the administration's rights matrix) and the roles that hold it by
default. Administrators change the grants per role; the accounts module stores those changes
and answers ``has_capability(user, name)``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Capability:
    """A named right, e.g. ``course.create`` or ``audit.view``."""

    name: str
    description: object  # a lazy translated string
    default_roles: frozenset[str]


_REGISTRY: dict[str, Capability] = {}


def declare(name: str, description, default_roles=()) -> Capability:
    """Declare a capability (once per name) and return it."""
    capability = Capability(name, description, frozenset(default_roles))
    existing = _REGISTRY.setdefault(name, capability)
    if existing != capability:
        raise ValueError(f"capability {name!r} declared twice differently")
    return capability


def get_capability(name: str) -> Capability:
    """The declared capability; KeyError for an unknown (misspelt) name."""
    return _REGISTRY[name]


def all_capabilities() -> list[Capability]:
    """Every declared capability, by name."""
    return sorted(_REGISTRY.values(), key=lambda c: c.name)
