"""The neutral values exchanged between a repository, the provider and the harvester."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from oai_pmh.dates import ensure_utc

#: The stable ordering key of a record: ``(datestamp, identifier)``. Listing "after" a key is
#: how resumption works (keyset pagination), so it must be unique and totally ordered.
RecordKey = tuple[datetime, str]


@dataclass(frozen=True, slots=True)
class Header:
    """An OAI-PMH record header: identifier, UTC datestamp, set memberships, deletion flag."""

    identifier: str
    datestamp: datetime
    set_specs: tuple[str, ...] = ()
    is_deleted: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "datestamp", ensure_utc(self.datestamp))
        object.__setattr__(self, "set_specs", tuple(self.set_specs))

    @property
    def key(self) -> RecordKey:
        """The keyset pagination key of this record."""
        return (self.datestamp, self.identifier)


@dataclass(frozen=True, slots=True)
class Record:
    """A header plus the metadata object of one format (``None`` for deleted records).

    ``metadata`` is whatever the chosen ``MetadataFormat.serialize`` accepts: a
    ``DublinCore`` for ``oai_dc``, a ``LomRecord`` for ``lom``.
    """

    header: Header
    metadata: object | None = None


@dataclass(frozen=True, slots=True)
class SetInfo:
    """One set of the repository's set hierarchy (``a:b`` is a child of ``a``)."""

    spec: str
    name: str
    description: object | None = None  # a DublinCore, serialized as oai_dc in setDescription


@dataclass(frozen=True, slots=True)
class RepositoryInfo:
    """Everything the Identify verb reports.

    ``repository_identifier`` (a domain name such as ``dclic.example.org``) and
    ``sample_identifier`` feed the ``oai-identifier`` description; leave them empty when the
    repository does not use ``oai:`` identifiers.
    """

    name: str
    base_url: str
    admin_emails: tuple[str, ...]
    earliest_datestamp: datetime
    repository_identifier: str = ""
    sample_identifier: str = ""
    protocol_version: str = "2.0"
    deleted_record: str = "persistent"
    granularity: str = "YYYY-MM-DDThh:mm:ssZ"
    delimiter: str = ":"

    def __post_init__(self) -> None:
        if not self.admin_emails:
            raise ValueError("Identify needs at least one admin e-mail address")
        if self.repository_identifier and not self.sample_identifier:
            raise ValueError("an oai-identifier description needs a sample identifier")
        object.__setattr__(self, "admin_emails", tuple(self.admin_emails))
        object.__setattr__(self, "earliest_datestamp", ensure_utc(self.earliest_datestamp))


@dataclass(frozen=True, slots=True)
class RecordQuery:
    """A selective-harvesting request, already validated by the provider.

    ``from_`` and ``until`` are inclusive bounds with the granularity already applied
    (``until`` is the last microsecond it covers); a repository compares its stored datestamps
    with ``>=`` and ``<=``. ``set_spec`` selects the set and all its descendants (``a``
    matches records in ``a`` and in ``a:b``).
    """

    metadata_prefix: str
    from_: datetime | None = None
    until: datetime | None = None
    set_spec: str | None = None

    def matches(self, header: Header) -> bool:
        """Whether a header falls inside the date range and the set (not the format)."""
        if self.from_ is not None and header.datestamp < self.from_:
            return False
        if self.until is not None and header.datestamp > self.until:
            return False
        if self.set_spec is None:
            return True
        prefix = self.set_spec + ":"
        return any(s == self.set_spec or s.startswith(prefix) for s in header.set_specs)
