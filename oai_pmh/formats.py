"""Metadata formats: a prefix, its schema and namespace, and how to write and read it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from oai_pmh.metadata.dc import dc_from_xml, dc_to_xml
from oai_pmh.metadata.lom_parse import lom_from_xml
from oai_pmh.metadata.lom_xml import lom_to_xml
from oai_pmh.namespaces import LOM, LOM_SCHEMA, OAI_DC, OAI_DC_SCHEMA


@dataclass(frozen=True, slots=True)
class MetadataFormat:
    """One format a repository disseminates.

    ``serialize`` turns the repository's metadata object into the root element placed in
    ``<metadata>``; ``parse`` (used by the harvester) reads such an element back.
    """

    prefix: str
    schema: str
    namespace: str
    serialize: Callable[[Any], etree._Element]
    parse: Callable[[etree._Element], Any] | None = None


OAI_DC_FORMAT = MetadataFormat("oai_dc", OAI_DC_SCHEMA, OAI_DC, dc_to_xml, dc_from_xml)
LOM_FORMAT = MetadataFormat("lom", LOM_SCHEMA, LOM, lom_to_xml, lom_from_xml)

#: The formats dclic serves, ``oai_dc`` first (every OAI-PMH repository must support it).
DEFAULT_FORMATS: tuple[MetadataFormat, ...] = (OAI_DC_FORMAT, LOM_FORMAT)
