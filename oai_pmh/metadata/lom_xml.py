"""Serialize a ``LomRecord`` to the IEEE LOM XML binding (1484.12.3, namespace LOM).

Built with ``SubElement`` and precomputed qualified names: this runs once per record in
every ListRecords page, and the factory helpers of ``lxml.builder`` cost about twice as much.
Empty parts are left out rather than written as empty elements.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree
from lxml.etree import SubElement

from oai_pmh.metadata.common import LangString
from oai_pmh.metadata.isotime import format_duration, format_lom_datetime
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
    Technical,
    Vocabulary,
)
from oai_pmh.metadata.vcard import to_vcard
from oai_pmh.namespaces import LOM, LOM_SCHEMA, XSI, XSI_SCHEMA_LOCATION
from oai_pmh.xmlsafe import set_text


class _Names(dict):
    """``_Q["title"]`` is ``"{http://ltsc.ieee.org/xsd/LOM}title"``, computed once."""

    def __missing__(self, local: str) -> str:
        self[local] = qualified = f"{{{LOM}}}{local}"
        return qualified


_Q = _Names()
_NSMAP = {None: LOM, "xsi": XSI}


def _text(parent: etree._Element, name: str, text: str) -> etree._Element:
    element = SubElement(parent, _Q[name])
    set_text(element, text)
    return element


def _langstring(parent: etree._Element, name: str, texts: Iterable[LangString]) -> None:
    texts = tuple(texts)
    if not texts:
        return
    container = SubElement(parent, _Q[name])
    for text in texts:
        string = SubElement(container, _Q["string"])
        set_text(string, text.value)
        if text.language:
            string.set("language", text.language)


def _vocabulary(parent: etree._Element, name: str, vocabulary: Vocabulary | None) -> None:
    if vocabulary is None:
        return
    container = SubElement(parent, _Q[name])
    _text(container, "source", vocabulary.source)
    _text(container, "value", vocabulary.value)


def _identifiers(parent: etree._Element, identifiers: Iterable[LomIdentifier]) -> None:
    for identifier in identifiers:
        container = SubElement(parent, _Q["identifier"])
        _text(container, "catalog", identifier.catalog)
        _text(container, "entry", identifier.entry)


def _contributions(parent: etree._Element, contributions: Iterable[Contribution]) -> None:
    for contribution in contributions:
        container = SubElement(parent, _Q["contribute"])
        _vocabulary(container, "role", contribution.role)  # type: ignore[arg-type]
        for entity in contribution.entities:
            _text(container, "entity", to_vcard(entity))
        if contribution.date is not None:
            date = SubElement(container, _Q["date"])
            _text(date, "dateTime", format_lom_datetime(contribution.date))


def _general(root: etree._Element, general: General) -> None:
    container = SubElement(root, _Q["general"])
    _identifiers(container, general.identifiers)
    _langstring(container, "title", general.title)
    for language in general.languages:
        _text(container, "language", language)
    _langstring(container, "description", general.description)
    for keyword in general.keywords:
        _langstring(container, "keyword", (keyword,))
    _vocabulary(container, "structure", general.structure)
    _vocabulary(container, "aggregationLevel", general.aggregation_level)


def _life_cycle(root: etree._Element, life_cycle: LifeCycle) -> None:
    container = SubElement(root, _Q["lifeCycle"])
    _langstring(container, "version", life_cycle.version)
    _vocabulary(container, "status", life_cycle.status)
    _contributions(container, life_cycle.contributions)


def _meta_metadata(root: etree._Element, meta: MetaMetadata) -> None:
    container = SubElement(root, _Q["metaMetadata"])
    _identifiers(container, meta.identifiers)
    _contributions(container, meta.contributions)
    for schema in meta.metadata_schemas:
        _text(container, "metadataSchema", schema)
    if meta.language:
        _text(container, "language", meta.language)


def _technical(root: etree._Element, technical: Technical) -> None:
    container = SubElement(root, _Q["technical"])
    for mime_type in technical.formats:
        _text(container, "format", mime_type)
    if technical.size is not None:
        _text(container, "size", str(technical.size))
    for location in technical.locations:
        _text(container, "location", location)


def _educational(root: etree._Element, educational: Educational) -> None:
    container = SubElement(root, _Q["educational"])
    _vocabulary(container, "interactivityType", educational.interactivity_type)
    for resource_type in educational.learning_resource_types:
        _vocabulary(container, "learningResourceType", resource_type)
    for role in educational.intended_end_user_roles:
        _vocabulary(container, "intendedEndUserRole", role)
    for context in educational.contexts:
        _vocabulary(container, "context", context)
    for age_range in educational.typical_age_ranges:
        _langstring(container, "typicalAgeRange", (age_range,))
    _vocabulary(container, "difficulty", educational.difficulty)
    if educational.typical_learning_time is not None:
        learning_time = SubElement(container, _Q["typicalLearningTime"])
        _text(learning_time, "duration", format_duration(educational.typical_learning_time))
    _langstring(container, "description", educational.description)
    for language in educational.languages:
        _text(container, "language", language)


def _yes_no(value: bool | None) -> Vocabulary | None:
    return None if value is None else Vocabulary("yes" if value else "no")


def _rights(root: etree._Element, rights: Rights) -> None:
    container = SubElement(root, _Q["rights"])
    _vocabulary(container, "cost", _yes_no(rights.cost))
    restrictions = _yes_no(rights.copyright_and_other_restrictions)
    _vocabulary(container, "copyrightAndOtherRestrictions", restrictions)
    _langstring(container, "description", rights.description)


def _relation(root: etree._Element, relation: Relation) -> None:
    container = SubElement(root, _Q["relation"])
    _vocabulary(container, "kind", relation.kind)  # type: ignore[arg-type]
    resource = SubElement(container, _Q["resource"])
    _identifiers(resource, relation.resource_identifiers)
    _langstring(resource, "description", relation.resource_description)


def _classification(root: etree._Element, classification: Classification) -> None:
    container = SubElement(root, _Q["classification"])
    _vocabulary(container, "purpose", classification.purpose)  # type: ignore[arg-type]
    for path in classification.taxon_paths:
        path_element = SubElement(container, _Q["taxonPath"])
        _langstring(path_element, "source", path.source)
        for taxon in path.taxa:
            taxon_element = SubElement(path_element, _Q["taxon"])
            _text(taxon_element, "id", taxon.id)
            _langstring(taxon_element, "entry", taxon.entry)
    _langstring(container, "description", classification.description)
    for keyword in classification.keywords:
        _langstring(container, "keyword", (keyword,))


def lom_to_xml(record: LomRecord) -> etree._Element:
    """The ``lom`` element of a record, valid against ``lomLoose.xsd`` (and ``lomStrict.xsd``
    when every vocabulary value comes from LOMv1.0)."""
    root = etree.Element(_Q["lom"], nsmap=_NSMAP)
    root.set(XSI_SCHEMA_LOCATION, f"{LOM} {LOM_SCHEMA}")
    _general(root, record.general)
    if record.life_cycle is not None:
        _life_cycle(root, record.life_cycle)
    if record.meta_metadata is not None:
        _meta_metadata(root, record.meta_metadata)
    if record.technical is not None:
        _technical(root, record.technical)
    for educational in record.educational:
        _educational(root, educational)
    if record.rights is not None:
        _rights(root, record.rights)
    for relation in record.relations:
        _relation(root, relation)
    for classification in record.classifications:
        _classification(root, classification)
    return root
