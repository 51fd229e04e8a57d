"""Read IEEE LOM XML (as harvested from elsewhere) back into a ``LomRecord``.

Lenient on purpose: real repositories omit categories, repeat unique elements, put
vocabulary values in lower or upper case and write vCards in three versions. Missing parts
become empty values; only a root element that is not ``lom`` in the LOM namespace is an error.
"""

from __future__ import annotations

from lxml import etree

from oai_pmh.metadata.common import LangString
from oai_pmh.metadata.isotime import parse_lom_datetime
from oai_pmh.metadata.lom import (
    Classification,
    Contribution,
    Educational,
    General,
    LifeCycle,
    LomIdentifier,
    LomRecord,
    MetaMetadata,
    Relation,
    Rights,
    Taxon,
    TaxonPath,
    Technical,
    Vocabulary,
)
from oai_pmh.metadata.vcard import parse_vcard
from oai_pmh.namespaces import LOM

_P = f"{{{LOM}}}"


def _children(element: etree._Element | None, name: str) -> list[etree._Element]:
    return [] if element is None else element.findall(_P + name)


def _child(element: etree._Element | None, name: str) -> etree._Element | None:
    return None if element is None else element.find(_P + name)


def _texts(element: etree._Element | None, name: str) -> list[str]:
    return [text for child in _children(element, name) if (text := (child.text or "").strip())]


def _first_text(element: etree._Element | None, name: str) -> str:
    texts = _texts(element, name)
    return texts[0] if texts else ""


def _langstrings(element: etree._Element | None) -> list[LangString]:
    return [
        LangString(text, string.get("language") or None)
        for string in _children(element, "string")
        if (text := (string.text or "").strip())
    ]


def _all_langstrings(element: etree._Element | None, name: str) -> list[LangString]:
    return [text for child in _children(element, name) for text in _langstrings(child)]


def _vocabulary(element: etree._Element | None) -> Vocabulary | None:
    value = _first_text(element, "value")
    if not value:
        return None
    return Vocabulary(value, _first_text(element, "source") or "LOMv1.0")


def _vocabularies(element: etree._Element | None, name: str) -> list[Vocabulary]:
    return [v for child in _children(element, name) if (v := _vocabulary(child)) is not None]


def _yes_no(element: etree._Element | None) -> bool | None:
    vocabulary = _vocabulary(element)
    return None if vocabulary is None else vocabulary.value.strip().lower() == "yes"


def _identifiers(element: etree._Element | None) -> list[LomIdentifier]:
    return [
        LomIdentifier(_first_text(child, "catalog"), _first_text(child, "entry"))
        for child in _children(element, "identifier")
        if _first_text(child, "entry")
    ]


def _contributions(element: etree._Element | None) -> list[Contribution]:
    contributions = []
    for contribute in _children(element, "contribute"):
        entities = [parse_vcard(text) for text in _texts(contribute, "entity")]
        when = _first_text(_child(contribute, "date"), "dateTime")
        role = _vocabulary(_child(contribute, "role")) or Vocabulary("unknown")
        contributions.append(
            Contribution(role, entities, parse_lom_datetime(when) if when else None)
        )
    return contributions


def _general(element: etree._Element | None) -> General:
    return General(
        identifiers=_identifiers(element),
        title=_all_langstrings(element, "title"),
        languages=_texts(element, "language"),
        description=_all_langstrings(element, "description"),
        keywords=_all_langstrings(element, "keyword"),
        structure=_vocabulary(_child(element, "structure")),
        aggregation_level=_vocabulary(_child(element, "aggregationLevel")),
    )


def _educational(element: etree._Element) -> Educational:
    learning_time = _first_text(_child(element, "typicalLearningTime"), "duration")
    return Educational(
        interactivity_type=_vocabulary(_child(element, "interactivityType")),
        learning_resource_types=_vocabularies(element, "learningResourceType"),
        intended_end_user_roles=_vocabularies(element, "intendedEndUserRole"),
        contexts=_vocabularies(element, "context"),
        typical_age_ranges=_all_langstrings(element, "typicalAgeRange"),
        difficulty=_vocabulary(_child(element, "difficulty")),
        typical_learning_time=learning_time or None,
        description=_all_langstrings(element, "description"),
        languages=_texts(element, "language"),
    )


def _relation(element: etree._Element) -> Relation:
    resource = _child(element, "resource")
    return Relation(
        kind=_vocabulary(_child(element, "kind")) or Vocabulary("references"),
        resource_identifiers=_identifiers(resource),
        resource_description=_all_langstrings(resource, "description"),
    )


def _classification(element: etree._Element) -> Classification:
    paths = [
        TaxonPath(
            source=_langstrings(_child(path, "source")),
            taxa=[
                Taxon(_first_text(taxon, "id"), _langstrings(_child(taxon, "entry")))
                for taxon in _children(path, "taxon")
            ],
        )
        for path in _children(element, "taxonPath")
    ]
    return Classification(
        purpose=_vocabulary(_child(element, "purpose")) or Vocabulary("discipline"),
        taxon_paths=paths,
        description=_all_langstrings(element, "description"),
        keywords=_all_langstrings(element, "keyword"),
    )


def _life_cycle(element: etree._Element | None) -> LifeCycle | None:
    if element is None:
        return None
    return LifeCycle(
        version=_all_langstrings(element, "version"),
        status=_vocabulary(_child(element, "status")),
        contributions=_contributions(element),
    )


def _meta_metadata(element: etree._Element | None) -> MetaMetadata | None:
    if element is None:
        return None
    return MetaMetadata(
        identifiers=_identifiers(element),
        contributions=_contributions(element),
        metadata_schemas=_texts(element, "metadataSchema"),
        language=_first_text(element, "language") or None,
    )


def _technical(element: etree._Element | None) -> Technical | None:
    if element is None:
        return None
    size = _first_text(element, "size")
    return Technical(
        formats=_texts(element, "format"),
        size=int(size) if size.isdigit() else None,
        locations=_texts(element, "location"),
    )


def _rights(element: etree._Element | None) -> Rights | None:
    if element is None:
        return None
    return Rights(
        cost=_yes_no(_child(element, "cost")),
        copyright_and_other_restrictions=_yes_no(_child(element, "copyrightAndOtherRestrictions")),
        description=_all_langstrings(element, "description"),
    )


def lom_from_xml(element: etree._Element) -> LomRecord:
    """Read a ``lom`` element; raise ``ValueError`` if it is something else."""
    if element.tag != _P + "lom":
        raise ValueError(f"expected a LOM lom element, found {element.tag!r}")
    return LomRecord(
        general=_general(_child(element, "general")),
        life_cycle=_life_cycle(_child(element, "lifeCycle")),
        meta_metadata=_meta_metadata(_child(element, "metaMetadata")),
        technical=_technical(_child(element, "technical")),
        educational=[_educational(child) for child in _children(element, "educational")],
        rights=_rights(_child(element, "rights")),
        relations=[_relation(child) for child in _children(element, "relation")],
        classifications=[_classification(child) for child in _children(element, "classification")],
    )
