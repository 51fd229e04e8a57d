"""An OAI-PMH 2.0 data provider, harvester and LOM/DC serializers, framework-independent.

This package imports nothing of dclic, Flask or SQLAlchemy (an import-linter contract holds
it to that): an application implements the small ``Repository`` interface and calls
``Provider.handle`` from its web framework; ``harvest`` pulls records from other
repositories. See ``docs/oai-pmh.md``.
"""

from oai_pmh.catalogue import CatalogueEntry, catalogue_entry
from oai_pmh.errors import (
    HarvestError,
    HarvestHTTPError,
    HarvestNetworkError,
    HarvestTimeout,
    MalformedResponse,
    OAIError,
    RemoteOAIError,
    ResponseTooLarge,
    UnsafeXML,
)
from oai_pmh.formats import DEFAULT_FORMATS, LOM_FORMAT, OAI_DC_FORMAT, MetadataFormat
from oai_pmh.harvester import Harvest, HarvestedRecord, HarvestStats, RetryPolicy, harvest
from oai_pmh.memory import InMemoryRepository
from oai_pmh.model import Header, Record, RecordKey, RecordQuery, RepositoryInfo, SetInfo
from oai_pmh.provider import CONTENT_TYPE, Provider
from oai_pmh.repository import Repository

__all__ = [
    "CONTENT_TYPE",
    "DEFAULT_FORMATS",
    "LOM_FORMAT",
    "OAI_DC_FORMAT",
    "CatalogueEntry",
    "Harvest",
    "HarvestError",
    "HarvestHTTPError",
    "HarvestNetworkError",
    "HarvestStats",
    "HarvestTimeout",
    "HarvestedRecord",
    "Header",
    "InMemoryRepository",
    "MalformedResponse",
    "MetadataFormat",
    "OAIError",
    "Provider",
    "Record",
    "RecordKey",
    "RecordQuery",
    "RemoteOAIError",
    "Repository",
    "RepositoryInfo",
    "ResponseTooLarge",
    "RetryPolicy",
    "SetInfo",
    "UnsafeXML",
    "catalogue_entry",
    "harvest",
]
