"""LOM to simple Dublin Core, following the LOM standard's own DC mapping (1484.12.1 annex B).

An application describes its items once, in LOM, and serves ``oai_dc`` from the same
record: every OAI-PMH repository must offer ``oai_dc``.
"""

from __future__ import annotations

from oai_pmh.metadata.common import LangString
from oai_pmh.metadata.dc import DublinCore
from oai_pmh.metadata.lom import Contribution, LomRecord

_CREATOR_ROLES = {"author", "initiator", "content provider"}


def _names(contributions: tuple[Contribution, ...], roles: set[str], *, keep: bool) -> list:
    """Full names of the entities whose role is (``keep``) or is not (``not keep``) in roles."""
    return [
        entity.full_name
        for contribution in contributions
        if (contribution.role.value.lower() in roles) is keep  # type: ignore[union-attr]
        for entity in contribution.entities
        if entity.full_name
    ]


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _subjects(record: LomRecord) -> list[LangString]:
    """Keywords, then the labels of classification taxa (LOM 1.5 and 9.2.2.2 → dc:subject)."""
    taxa = [
        text
        for classification in record.classifications
        for path in classification.taxon_paths
        for taxon in path.taxa
        for text in taxon.entry
    ]
    return [*record.general.keywords, *taxa]


def _identifiers(record: LomRecord) -> list[str]:
    """Catalog entries and locations, once each (LOM 1.1.2 and 4.3 → dc:identifier)."""
    locations = record.technical.locations if record.technical else ()
    return _unique([*(i.entry for i in record.general.identifiers), *locations])


def lom_to_dc(record: LomRecord) -> DublinCore:
    """A Dublin Core view of a LOM record."""
    general, life_cycle = record.general, record.life_cycle
    contributions = life_cycle.contributions if life_cycle else ()
    # DC dates are W3C-DTF; the day is what a catalogue shows, whatever LOM stored.
    dates = [c.date.isoformat()[:10] for c in contributions if c.date is not None]
    return DublinCore(
        title=general.title,
        creator=_names(contributions, _CREATOR_ROLES, keep=True),
        subject=_subjects(record),
        description=general.description,
        publisher=_names(contributions, {"publisher"}, keep=True),
        contributor=_names(contributions, _CREATOR_ROLES | {"publisher"}, keep=False),
        date=dates[:1],
        type=[LangString(v.value) for e in record.educational for v in e.learning_resource_types],
        format=record.technical.formats if record.technical else (),
        identifier=_identifiers(record),
        language=general.languages,
        relation=[i.entry for relation in record.relations for i in relation.resource_identifiers],
        rights=record.rights.description if record.rights else (),
    )
