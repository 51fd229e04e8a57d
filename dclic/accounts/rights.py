"""Rights: which roles hold which capabilities, and whether a user may do something.

The defaults come with each capability's declaration (:mod:`dclic.core.permissions`); an
administrator's changes are stored in ``role_capabilities`` and win over the defaults. A user
holds a capability when one of their roles does. Checks happen in the services, so pages, the
API and the CLI share them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import g, has_request_context

from dclic.accounts import queries
from dclic.accounts.models import ROLE_CODES, Role, RoleCapability
from dclic.core.db import db
from dclic.core.errors import Invalid, NotAllowed
from dclic.core.i18n import gettext as _
from dclic.core.permissions import all_capabilities, get_capability


def _explicit_grants() -> dict[tuple[str, str], bool]:
    """``{(role code, capability): granted}`` as administrators set them (once per request)."""
    if has_request_context() and "dclic_grants" in g:
        return g.dclic_grants
    rows = db.session.execute(
        sa.select(Role.code, RoleCapability.capability, RoleCapability.granted).join(
            RoleCapability.role
        )
    )
    grants = {(code, capability): granted for code, capability, granted in rows}
    if has_request_context():
        g.dclic_grants = grants
    return grants


def role_holds(role_code: str, capability: str) -> bool:
    """Does the role hold the capability (the administrators' choice, else the default)?"""
    declared = get_capability(capability)
    return _explicit_grants().get((role_code, capability), role_code in declared.default_roles)


def context_roles(user, context: tuple[str, int]) -> set[str]:
    """The roles ``user`` holds within one context, e.g. ``("group", 7)``."""
    from dclic.accounts.models import RoleAssignment

    context_type, context_id = context
    rows = db.session.scalars(
        sa.select(Role.code)
        .join(RoleAssignment, RoleAssignment.role_id == Role.id)
        .where(
            RoleAssignment.user_id == user.id,
            RoleAssignment.context_type == context_type,
            RoleAssignment.context_id == context_id,
        )
    )
    return set(rows)


def has_capability(user, capability: str, context: tuple[str, int] | None = None) -> bool:
    """Does ``user`` hold ``capability`` through one of their roles?

    Site roles count everywhere; with a ``context`` (``("group", 7)``, ``("course", 3)``…) the
    roles held within that context count too.
    """
    get_capability(capability)  # a misspelt name fails loudly, never silently refuses
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles = set(user.role_codes)
    if context is not None:
        roles |= context_roles(user, context)
    return any(role_holds(code, capability) for code in roles)


def require(user, capability: str, message=None) -> None:
    """Raise :class:`NotAllowed` (403, recorded) unless ``user`` holds ``capability``."""
    if not has_capability(user, capability):
        raise NotAllowed(message or _("You do not have the right to do this."))


# How to name the contexts of each type: ``{type: names(ids) -> {id: name}}``. The module
# owning a context type registers it (accounts: groups; courses: courses and paths).
_CONTEXT_NAMES: dict[str, Callable[[Iterable[int]], dict[int, str]]] = {}


def register_context_type(context_type: str, names: Callable[[Iterable[int]], dict[int, str]]):
    """Tell the rights pages how to name contexts of ``context_type`` from their ids."""
    _CONTEXT_NAMES[context_type] = names


@dataclass(frozen=True)
class ContextRights:
    """What a user may do within one context, beyond what their site roles allow."""

    context_type: str
    context_id: int
    name: str
    roles: tuple[str, ...]
    capabilities: tuple  # Capability objects gained there


def rights_by_context(user) -> list[ContextRights]:
    """For each context where ``user`` holds a role, the roles and the capabilities gained."""
    from dclic.accounts.models import RoleAssignment

    rows = db.session.execute(
        sa.select(RoleAssignment.context_type, RoleAssignment.context_id, Role.code)
        .join(Role, RoleAssignment.role_id == Role.id)
        .where(RoleAssignment.user_id == user.id)
        .order_by(RoleAssignment.context_type, RoleAssignment.context_id, Role.code)
    )
    roles: dict[tuple[str, int], list[str]] = {}
    for context_type, context_id, code in rows:
        roles.setdefault((context_type, context_id), []).append(code)
    names: dict[tuple[str, int], str] = {}
    for context_type in {key[0] for key in roles}:
        namer = _CONTEXT_NAMES.get(context_type)
        ids = [key[1] for key in roles if key[0] == context_type]
        for context_id, name in (namer(ids) if namer else {}).items():
            names[(context_type, context_id)] = name
    site = set(user.role_codes) if user.is_active else set()
    result = []
    for (context_type, context_id), codes in roles.items():
        gained = tuple(
            capability
            for capability in all_capabilities()
            if not any(role_holds(code, capability.name) for code in site)
            and any(role_holds(code, capability.name) for code in codes)
        )
        name = names.get((context_type, context_id), f"#{context_id}")
        result.append(ContextRights(context_type, context_id, name, tuple(codes), gained))
    return result


def matrix() -> list[tuple[object, dict[str, bool]]]:
    """Each capability with ``{role code: held}``, for the administration page."""
    return [
        (capability, {code: role_holds(code, capability.name) for code in ROLE_CODES})
        for capability in all_capabilities()
    ]


def set_matrix(actor, held: set[tuple[str, str]]) -> dict:
    """Make exactly the ``(role, capability)`` pairs in ``held`` granted; returns the changes.

    A choice equal to the default is stored as no row at all, so a later change of a default
    reaches every role nobody decided for.
    """
    require(actor, "rights.manage")
    known = {c.name for c in all_capabilities()}
    unknown = {cap for _role, cap in held if cap not in known} | {
        role for role, _cap in held if role not in ROLE_CODES
    }
    if unknown:
        raise Invalid(errors={"grant": [_("Unknown role or right.")]})
    if ("admin", "rights.manage") not in held:
        raise Invalid(errors={"grant": [_("Administrators must keep the right to manage rights.")]})
    changes = {}
    for capability in all_capabilities():
        for code in ROLE_CODES:
            wanted = (code, capability.name) in held
            if wanted != role_holds(code, capability.name):
                changes[f"{code}:{capability.name}"] = (not wanted, wanted)
            _store(code, capability, wanted)
    db.session.flush()
    if has_request_context():
        g.pop("dclic_grants", None)
    return changes


def _store(code: str, capability, wanted: bool) -> None:
    role = queries.get_role(code)
    if role is None:
        role = Role(code=code)
        db.session.add(role)
        db.session.flush()
    row = db.session.get(RoleCapability, (role.id, capability.name))
    default = code in capability.default_roles
    if wanted == default:
        if row is not None:
            db.session.delete(row)
    elif row is None:
        db.session.add(RoleCapability(role_id=role.id, capability=capability.name, granted=wanted))
    else:
        row.granted = wanted
