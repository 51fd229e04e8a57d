"""The OAI-PMH 2.0 data provider: one request in, one complete XML response out.

``Provider.handle`` is framework-agnostic: the application passes the HTTP method and the
request's arguments (query string for GET, form body for POST) and answers the returned
bytes with HTTP 200 and ``CONTENT_TYPE``, errors included (spec section 3.6: OAI-PMH errors
are ``<error>`` elements, not HTTP statuses).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from lxml import etree
from lxml.etree import SubElement

from oai_pmh import responses
from oai_pmh.arguments import OAIRequest, date_range, pairs_of, parse_request
from oai_pmh.dates import ensure_utc, utc_now
from oai_pmh.errors import (
    CannotDisseminateFormat,
    IdDoesNotExist,
    NoMetadataFormats,
    NoRecordsMatch,
    NoSetHierarchy,
    OAIError,
)
from oai_pmh.formats import DEFAULT_FORMATS, MetadataFormat
from oai_pmh.metadata.dc import DublinCore, dc_to_xml
from oai_pmh.model import Record, RecordQuery, SetInfo
from oai_pmh.paging import ListPage, Pager
from oai_pmh.repository import Repository
from oai_pmh.responses import Q, text_element
from oai_pmh.tokens import TokenCodec

CONTENT_TYPE = responses.CONTENT_TYPE


class Provider:
    """Serves a ``Repository`` over OAI-PMH 2.0.

    ``token_secret`` signs resumption tokens (use a secret of the application);
    ``page_size`` bounds records (and sets) per response; ``token_ttl``, when given, makes
    tokens expire and announces it with ``expirationDate``.
    """

    def __init__(
        self,
        repository: Repository,
        formats: Iterable[MetadataFormat] = DEFAULT_FORMATS,
        *,
        token_secret: str | bytes,
        page_size: int = 100,
        token_ttl: timedelta | None = None,
    ) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.repository = repository
        self.formats = {fmt.prefix: fmt for fmt in formats}
        if not self.formats:
            raise ValueError("a provider needs at least one metadata format")
        self.page_size = page_size
        self._pager = Pager(repository, TokenCodec(token_secret), page_size, token_ttl)

    def handle(self, method: str, params: Any, now: datetime | None = None) -> bytes:
        """Answer one request (GET query or POST form) with a complete OAI-PMH document."""
        if method.upper() not in {"GET", "POST", "HEAD"}:
            raise ValueError(f"OAI-PMH is served over GET and POST, not {method}")
        now = ensure_utc(now) if now is not None else utc_now()
        base_url = self.repository.identify().base_url
        try:
            request = parse_request(pairs_of(params))
        except OAIError as error:
            return self._error(now, base_url, None, error)
        root = responses.envelope(now, base_url, request.attributes)
        try:
            getattr(self, f"_{request.verb}")(root, request, now)
        except OAIError as error:
            attributes = None if error.hides_request_arguments else request.attributes
            return self._error(now, base_url, attributes, error)
        return responses.to_bytes(root)

    @staticmethod
    def _error(now: datetime, base_url: str, attributes: Any, error: OAIError) -> bytes:
        root = responses.envelope(now, base_url, attributes)
        responses.error(root, error.code, error.message)
        return responses.to_bytes(root)

    # --- verbs (dispatched by name from handle) --------------------------------------

    def _Identify(self, root: etree._Element, request: OAIRequest, now: datetime) -> None:
        responses.identify(root, self.repository.identify())

    def _ListMetadataFormats(self, root: etree._Element, request: OAIRequest, now: datetime):
        formats: Sequence[MetadataFormat] = list(self.formats.values())
        identifier = request.get("identifier")
        if identifier is not None:
            available = self.repository.metadata_formats(identifier)
            if available is None:
                raise IdDoesNotExist(f"no item has the identifier {identifier}")
            formats = [fmt for fmt in formats if fmt.prefix in available]
            if not formats:
                raise NoMetadataFormats(f"item {identifier} has no metadata format")
        container = SubElement(root, Q["ListMetadataFormats"])
        for fmt in formats:
            element = SubElement(container, Q["metadataFormat"])
            text_element(element, "metadataPrefix", fmt.prefix)
            text_element(element, "schema", fmt.schema)
            text_element(element, "metadataNamespace", fmt.namespace)

    def _ListSets(self, root: etree._Element, request: OAIRequest, now: datetime) -> None:
        sets = sorted(self.repository.list_sets(), key=lambda info: info.spec)
        if not sets:
            raise NoSetHierarchy("this repository does not support sets")
        page = self._pager.sets_page(sets, request.get("resumptionToken"), now)
        container = SubElement(root, Q["ListSets"])
        for info in page.items:
            self._set(container, info)
        self._pager.write_token(container, page)

    @staticmethod
    def _set(container: etree._Element, info: SetInfo) -> None:
        element = SubElement(container, Q["set"])
        text_element(element, "setSpec", info.spec)
        text_element(element, "setName", info.name)
        if isinstance(info.description, DublinCore):
            SubElement(element, Q["setDescription"]).append(dc_to_xml(info.description))

    def _GetRecord(self, root: etree._Element, request: OAIRequest, now: datetime) -> None:
        identifier, prefix = request.arguments["identifier"], request.arguments["metadataPrefix"]
        fmt = self._format(prefix)
        available = self.repository.metadata_formats(identifier)
        if available is None:
            raise IdDoesNotExist(f"no item has the identifier {identifier}")
        record = self.repository.get_record(identifier, prefix) if prefix in available else None
        if record is None:
            raise CannotDisseminateFormat(f"item {identifier} is not available as {prefix}")
        self._record(SubElement(root, Q["GetRecord"]), record, fmt)

    def _ListIdentifiers(self, root: etree._Element, request: OAIRequest, now: datetime):
        page = self._records_page(request, now, with_metadata=False)
        container = SubElement(root, Q["ListIdentifiers"])
        for record in page.items:
            responses.header(container, record.header)
        self._pager.write_token(container, page)

    def _ListRecords(self, root: etree._Element, request: OAIRequest, now: datetime) -> None:
        page = self._records_page(request, now, with_metadata=True)
        fmt = self.formats[page.query.metadata_prefix]
        container = SubElement(root, Q["ListRecords"])
        for record in page.items:
            self._record(container, record, fmt)
        self._pager.write_token(container, page)

    # --- shared ------------------------------------------------------------------------

    def _format(self, prefix: str) -> MetadataFormat:
        fmt = self.formats.get(prefix)
        if fmt is None:
            raise CannotDisseminateFormat(f"this repository does not disseminate {prefix}")
        return fmt

    def _records_page(self, request: OAIRequest, now: datetime, *, with_metadata: bool):
        token = request.get("resumptionToken")
        if token is not None:
            return self._pager.records_page_from_token(
                request.verb, token, now, with_metadata, known_prefixes=self.formats
            )
        query = self._query(request)
        page: ListPage = self._pager.first_records_page(request.verb, query, now, with_metadata)
        if not page.items:
            raise NoRecordsMatch("no record matches these arguments")
        return page

    def _query(self, request: OAIRequest) -> RecordQuery:
        prefix = request.arguments["metadataPrefix"]
        self._format(prefix)
        set_spec = request.get("set")
        if set_spec is not None and not self.repository.list_sets():
            raise NoSetHierarchy("this repository does not support sets")
        from_, until = date_range(request)
        return RecordQuery(prefix, from_, until, set_spec)

    @staticmethod
    def _record(parent: etree._Element, record: Record, fmt: MetadataFormat) -> None:
        element = SubElement(parent, Q["record"])
        responses.header(element, record.header)
        if not record.header.is_deleted and record.metadata is not None:
            SubElement(element, Q["metadata"]).append(fmt.serialize(record.metadata))
