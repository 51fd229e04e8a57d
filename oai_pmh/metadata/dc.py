"""Simple Dublin Core (``oai_dc``): the dataclass, its serializer and its parser."""

from __future__ import annotations

from dataclasses import dataclass, fields

from lxml import etree

from oai_pmh.metadata.common import LangString, lang_strings
from oai_pmh.namespaces import DC, OAI_DC, OAI_DC_SCHEMA, XML_LANG, XSI, XSI_SCHEMA_LOCATION
from oai_pmh.xmlsafe import set_text

#: The fifteen elements of simple Dublin Core, in the customary order.
DC_ELEMENTS = (
    "title",
    "creator",
    "subject",
    "description",
    "publisher",
    "contributor",
    "date",
    "type",
    "format",
    "identifier",
    "source",
    "language",
    "relation",
    "coverage",
    "rights",
)

_ROOT = f"{{{OAI_DC}}}dc"
_NSMAP = {"oai_dc": OAI_DC, "dc": DC, "xsi": XSI}
_QNAMES = {name: f"{{{DC}}}{name}" for name in DC_ELEMENTS}
_NAMES = {qualified: name for name, qualified in _QNAMES.items()}


@dataclass(frozen=True, slots=True)
class DublinCore:
    """A simple Dublin Core description: every element repeatable, each value language-tagged.

    Fields accept a text, a ``LangString`` or an iterable of either, and always hold tuples
    of ``LangString``: ``DublinCore(title=[LangString("Python", "fr")], creator="Awa Ba")``.
    """

    title: tuple[LangString, ...] = ()
    creator: tuple[LangString, ...] = ()
    subject: tuple[LangString, ...] = ()
    description: tuple[LangString, ...] = ()
    publisher: tuple[LangString, ...] = ()
    contributor: tuple[LangString, ...] = ()
    date: tuple[LangString, ...] = ()
    type: tuple[LangString, ...] = ()
    format: tuple[LangString, ...] = ()
    identifier: tuple[LangString, ...] = ()
    source: tuple[LangString, ...] = ()
    language: tuple[LangString, ...] = ()
    relation: tuple[LangString, ...] = ()
    coverage: tuple[LangString, ...] = ()
    rights: tuple[LangString, ...] = ()

    def __post_init__(self) -> None:
        for field in fields(self):
            object.__setattr__(self, field.name, lang_strings(getattr(self, field.name)))


def dc_to_xml(record: DublinCore) -> etree._Element:
    """The ``oai_dc:dc`` element of a record, valid against ``oai_dc.xsd``."""
    root = etree.Element(_ROOT, nsmap=_NSMAP)
    root.set(XSI_SCHEMA_LOCATION, f"{OAI_DC} {OAI_DC_SCHEMA}")
    for name in DC_ELEMENTS:
        for value in getattr(record, name):
            element = etree.SubElement(root, _QNAMES[name])
            set_text(element, value.value)
            if value.language:
                element.set(XML_LANG, value.language)
    return root


def dc_from_xml(element: etree._Element) -> DublinCore:
    """Read an ``oai_dc:dc`` element back; unknown children are ignored, empty ones skipped."""
    if element.tag != _ROOT:
        raise ValueError(f"expected an oai_dc:dc element, found {element.tag!r}")
    values: dict[str, list[LangString]] = {name: [] for name in DC_ELEMENTS}
    for child in element.iterchildren(tag=etree.Element):
        name = _NAMES.get(child.tag)
        text = (child.text or "").strip()
        if name is not None and text:
            values[name].append(LangString(text, child.get(XML_LANG) or None))
    return DublinCore(**values)
