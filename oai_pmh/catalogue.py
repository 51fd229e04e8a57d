"""Map harvested LOM or Dublin Core records to one neutral catalogue entry.

The application imports remote courses from this shape alone, whichever format the remote
repository offered. Where a record has texts in several languages, the first of the
preferred languages wins.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from oai_pmh.harvester import HarvestedRecord
from oai_pmh.metadata.common import LangString, pick
from oai_pmh.metadata.dc import DublinCore
from oai_pmh.metadata.isotime import format_duration, parse_duration
from oai_pmh.metadata.lom import LomRecord

_AUTHOR_ROLES = {"author", "initiator", "content provider"}


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """A course or resource as the catalogue sees it, format-independent."""

    identifier: str  # the OAI identifier: the stable key for updates and deletions
    datestamp: datetime
    is_deleted: bool
    source_format: str = ""  # "lom" or "oai_dc"
    title: str = ""
    description: str = ""
    languages: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    publisher: str = ""
    url: str = ""
    licence: str = ""
    resource_types: tuple[str, ...] = ()
    learning_time: timedelta | None = None

    @property
    def learning_time_iso(self) -> str:
        """The learning time as an ISO 8601 duration, ``""`` when unknown."""
        return format_duration(self.learning_time) if self.learning_time else ""


def _unique(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


def _web(values) -> str:
    return next((v for v in values if v.startswith(("https://", "http://"))), "")


def catalogue_entry(record: HarvestedRecord, languages=("fr", "en")) -> CatalogueEntry:
    """The neutral entry of a harvested record (a bare one for deleted records)."""
    header = record.header
    base = CatalogueEntry(header.identifier, header.datestamp, header.is_deleted)
    if isinstance(record.metadata, LomRecord):
        return from_lom(base, record.metadata, languages)
    if isinstance(record.metadata, DublinCore):
        return from_dc(base, record.metadata, languages)
    return base


def from_dc(base: CatalogueEntry, dc: DublinCore, languages=("fr", "en")) -> CatalogueEntry:
    """Fill an entry from simple Dublin Core."""

    def texts(values: tuple[LangString, ...]) -> tuple[str, ...]:
        return _unique(value.value for value in values)

    return replace(
        base,
        source_format="oai_dc",
        title=pick(dc.title, languages),
        description=pick(dc.description, languages),
        languages=texts(dc.language),
        keywords=texts(dc.subject),
        authors=texts(dc.creator),
        publisher=pick(dc.publisher, languages),
        url=_web(texts(dc.identifier)),
        licence=pick(dc.rights, languages),
        resource_types=texts(dc.type),
    )


def from_lom(base: CatalogueEntry, lom: LomRecord, languages=("fr", "en")) -> CatalogueEntry:
    """Fill an entry from LOM (general, lifeCycle, technical, educational, rights)."""
    general, educational = lom.general, lom.educational
    contributions = lom.life_cycle.contributions if lom.life_cycle else ()

    def names(roles: set[str]) -> tuple[str, ...]:
        return _unique(
            entity.full_name or entity.organization
            for contribution in contributions
            if contribution.role.value.lower() in roles  # type: ignore[union-attr]
            for entity in contribution.entities
        )

    locations = lom.technical.locations if lom.technical else ()
    learning_times = [e.typical_learning_time for e in educational if e.typical_learning_time]
    duration = learning_times[0] if learning_times else None
    return replace(
        base,
        source_format="lom",
        title=pick(general.title, languages),
        description=pick(general.description, languages),
        languages=_unique(general.languages),
        keywords=_unique(keyword.value for keyword in general.keywords),
        authors=names(_AUTHOR_ROLES),
        publisher=next(iter(names({"publisher"})), ""),
        url=_web([*locations, *(identifier.entry for identifier in general.identifiers)]),
        licence=pick(lom.rights.description, languages) if lom.rights else "",
        resource_types=_unique(v.value for e in educational for v in e.learning_resource_types),
        learning_time=parse_duration(duration) if isinstance(duration, str) else duration,
    )
