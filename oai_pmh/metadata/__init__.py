"""Metadata models and their XML: simple Dublin Core (``oai_dc``) and IEEE LOM (``lom``)."""

from oai_pmh.metadata.common import LangString
from oai_pmh.metadata.crosswalk import lom_to_dc
from oai_pmh.metadata.dc import DublinCore, dc_from_xml, dc_to_xml
from oai_pmh.metadata.lom import (
    LOM_V1,
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
from oai_pmh.metadata.lom_parse import lom_from_xml
from oai_pmh.metadata.lom_xml import lom_to_xml
from oai_pmh.metadata.vcard import VCard, parse_vcard, to_vcard

__all__ = [
    "LOM_V1",
    "Classification",
    "Contribution",
    "DublinCore",
    "Educational",
    "General",
    "LangString",
    "LifeCycle",
    "LomIdentifier",
    "LomRecord",
    "MetaMetadata",
    "Relation",
    "Rights",
    "Taxon",
    "TaxonPath",
    "Technical",
    "VCard",
    "Vocabulary",
    "dc_from_xml",
    "dc_to_xml",
    "lom_from_xml",
    "lom_to_dc",
    "lom_to_xml",
    "parse_vcard",
    "to_vcard",
]
