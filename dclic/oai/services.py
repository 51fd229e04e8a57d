"""Writes of the harvester's administration: sources, and asking for a harvest.

``actor`` None means the platform itself (CLI, seed); anyone else needs ``harvest.manage``.
Services flush; the edge commits (the harvest itself, a job, commits page by page: see
:mod:`dclic.oai.harvesting`).
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import current_app

from dclic.accounts.rights import require
from dclic.core import jobs
from dclic.core.db import db
from dclic.core.errors import Conflict, Invalid
from dclic.core.i18n import gettext as _
from dclic.courses.models import Course
from dclic.courses.search import OUR_PROVIDER
from dclic.oai import network
from dclic.oai.models import METADATA_PREFIXES, SCHEDULES, HarvestedRecord, HarvestSource

# setSpec syntax of the OAI-PMH schema.
SET_SPEC = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$")
SOURCE_FIELDS = ("name", "base_url", "metadata_prefix", "set_spec", "schedule")


def _require(actor) -> None:
    if actor is not None:
        require(actor, "harvest.manage", _("Only administrators manage the harvested sources."))


def _clean(values: dict) -> dict:
    """The source's fields cleaned, or Invalid naming every problem."""
    errors: dict[str, list[str]] = {}
    unknown = set(values) - set(SOURCE_FIELDS)
    for name in unknown:
        errors[name] = [_("This field cannot be set here.")]
    cleaned = {}
    if "name" in values:
        cleaned["name"] = " ".join(str(values["name"] or "").split())
        if not cleaned["name"]:
            errors["name"] = [_("Enter a name.")]
        elif len(cleaned["name"]) > 100:
            errors["name"] = [_("Use at most %(n)d characters.", n=100)]
        elif cleaned["name"].casefold() == OUR_PROVIDER:
            errors["name"] = [_("This name is the platform's own: choose another.")]
    if "base_url" in values:
        cleaned["base_url"] = str(values["base_url"] or "").strip()
        allow = current_app.config["DCLIC_HARVEST_ALLOW_PRIVATE"]
        problems = network.url_problems(cleaned["base_url"], allow_private=allow)
        if problems:
            errors["base_url"] = problems
    if "metadata_prefix" in values:
        cleaned["metadata_prefix"] = values["metadata_prefix"]
        if cleaned["metadata_prefix"] not in METADATA_PREFIXES:
            errors["metadata_prefix"] = [_("Choose lom or oai_dc.")]
    if "set_spec" in values:
        cleaned["set_spec"] = str(values["set_spec"] or "").strip() or None
        spec = cleaned["set_spec"]
        if spec is not None and (len(spec) > 200 or not SET_SPEC.match(spec)):
            errors["set_spec"] = [_("A set is written like courses or courses:python.")]
    if "schedule" in values:
        cleaned["schedule"] = values["schedule"]
        if cleaned["schedule"] not in SCHEDULES:
            errors["schedule"] = [_("Choose manual, daily or weekly.")]
    if errors:
        raise Invalid(_("Some fields are not valid."), errors)
    return cleaned


def _check_name_is_free(name: str, source: HarvestSource | None = None) -> None:
    # Compared in Python: SQLite's lower() folds ASCII letters only (É stays É).
    statement = sa.select(HarvestSource.name)
    if source is not None:
        statement = statement.where(HarvestSource.id != source.id)
    if any(other.casefold() == name.casefold() for other in db.session.scalars(statement)):
        raise Conflict(_("Another source already has this name."), {"name": [_("Already used.")]})


def create_source(actor, **values) -> HarvestSource:
    """Register an OAI-PMH repository to harvest (nothing is fetched yet)."""
    _require(actor)
    missing = {name: [_("This field is required.")] for name in ("name", "base_url")
               if not values.get(name)}  # fmt: skip
    try:
        cleaned = _clean({"metadata_prefix": "lom", "schedule": "manual", **values})
    except Invalid as exc:
        raise Invalid(exc.message, {**(exc.errors or {}), **missing}) from None
    if missing:
        raise Invalid(_("Some fields are not valid."), missing)
    _check_name_is_free(cleaned["name"])
    source = HarvestSource(**cleaned)
    db.session.add(source)
    db.session.flush()
    return source


def update_source(actor, source: HarvestSource, **values) -> dict:
    """Change a source; its courses follow a new name. Returns ``{field: (old, new)}``."""
    _require(actor)
    cleaned = _clean(values)
    if "name" in cleaned:
        _check_name_is_free(cleaned["name"], source)
    changes = {}
    for name, new in cleaned.items():
        old = getattr(source, name)
        if old != new:
            changes[name] = (old, new)
            setattr(source, name, new)
    if "name" in changes:
        courses = db.session.scalars(
            sa.select(Course)
            .join(HarvestedRecord, HarvestedRecord.course_id == Course.id)
            .where(HarvestedRecord.source_id == source.id)
        )
        for course in courses:
            course.provider = source.name
    if {"base_url", "metadata_prefix", "set_spec"} & set(changes):
        source.harvested_until = None  # another list: the next harvest takes all of it
    db.session.flush()
    return changes


def request_harvest(actor, source: HarvestSource) -> None:
    """Harvest ``source`` in the background once the current transaction commits."""
    _require(actor)
    jobs.enqueue("dclic.oai.harvesting:harvest_job", source.id)
