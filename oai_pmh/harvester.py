"""Harvest a remote OAI-PMH repository: every record of a list, page after page.

``harvest(...)`` returns a ``Harvest``: iterate it to receive ``HarvestedRecord`` objects
(header + parsed metadata) as pages arrive, then read its ``stats``. Resumption tokens are
followed until the list ends; transient failures (time-outs, lost connections, 5xx, 429,
``503 Retry-After``) are retried a bounded number of times with exponential back-off;
everything else raises a ``HarvestError`` subclass naming the URL and the reason.
``noRecordsMatch`` is an empty harvest, not an error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from lxml import etree

from oai_pmh.dates import Granularity, format_datestamp, parse_datestamp
from oai_pmh.errors import (
    HarvestError,
    HarvestHTTPError,
    HarvestNetworkError,
    MalformedResponse,
    RemoteOAIError,
)
from oai_pmh.formats import DEFAULT_FORMATS, MetadataFormat
from oai_pmh.model import Header
from oai_pmh.namespaces import OAI
from oai_pmh.transport import Fetch, HttpResponse, retry_after, urllib_fetch
from oai_pmh.xmlsafe import parse_untrusted

log = logging.getLogger("oai_pmh.harvester")

_O = f"{{{OAI}}}"
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_MAX_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class HarvestedRecord:
    """A harvested header and its parsed metadata (``None`` when deleted, or for
    ListIdentifiers, or for a format without a parser: then ``element`` holds the XML)."""

    header: Header
    metadata: object | None
    element: etree._Element | None = None


@dataclass
class HarvestStats:
    """Counters of one harvest, updated while it runs."""

    requests: int = 0
    pages: int = 0
    records: int = 0
    deleted: int = 0
    skipped: int = 0  # records whose header or metadata could not be read
    retries: int = 0
    bytes: int = 0
    complete_list_size: int | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: attempts after the first, back-off base, longest single wait."""

    max_retries: int = 3
    backoff: float = 1.0
    max_wait: float = 120.0

    def delay(self, attempt: int, response: HttpResponse | None) -> float:
        """Seconds before the next attempt: the server's Retry-After, else exponential."""
        asked = retry_after(response.headers) if response is not None else None
        wanted = asked if asked is not None else self.backoff * 2**attempt
        return min(wanted, self.max_wait)


def _moment(value: date | datetime | str | None, granularity: Granularity) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return format_datestamp(value, granularity)
    return value.isoformat()


class Harvest:
    """One harvest of one list; iterate it once. See ``harvest`` for the arguments."""

    def __init__(
        self,
        base_url: str,
        params: dict[str, str | date | datetime | None],
        *,
        fetch: Fetch,
        fmt: MetadataFormat | None,
        timeout: float,
        max_bytes: int,
        retry: RetryPolicy,
        sleep: Callable[[float], None],
    ) -> None:
        self.base_url = base_url
        self.stats = HarvestStats()
        self._params = params
        self._fetch, self._format = fetch, fmt
        self._timeout, self._max_bytes = timeout, max_bytes
        self._retry, self._sleep = retry, sleep

    def __iter__(self) -> Iterator[HarvestedRecord]:
        verb = str(self._params["verb"])
        arguments = self._first_arguments()
        seen_tokens: set[str] = set()
        while arguments is not None:
            root = self._request(arguments)
            if root is None:  # noRecordsMatch
                return
            container = root.find(_O + verb)
            if container is None:
                raise MalformedResponse(f"{self.base_url}: the response has no {verb} element")
            self.stats.pages += 1
            yield from self._records(container, verb)
            token = self._next_token(container, seen_tokens)
            arguments = None if token is None else {"verb": verb, "resumptionToken": token}

    def _first_arguments(self) -> dict[str, str]:
        """The first request's arguments; dates follow the repository's granularity."""
        needs_granularity = any(
            isinstance(self._params.get(k), datetime) for k in ("from", "until")
        )
        granularity = self._granularity() if needs_granularity else Granularity.SECOND
        arguments = {}
        for name, value in self._params.items():
            text = _moment(value, granularity) if name in {"from", "until"} else value
            if text is not None:
                arguments[name] = str(text)
        return arguments

    def _granularity(self) -> Granularity:
        root = self._request({"verb": "Identify"})
        text = root.findtext(f"{_O}Identify/{_O}granularity") if root is not None else None
        return Granularity.SECOND if text == Granularity.SECOND.value else Granularity.DAY

    def _next_token(self, container: etree._Element, seen: set[str]) -> str | None:
        element = container.find(_O + "resumptionToken")
        if element is None:
            return None
        size = element.get("completeListSize", "")
        if size.isdigit():
            self.stats.complete_list_size = int(size)
        token = (element.text or "").strip()
        if not token:
            return None
        if token in seen:
            raise MalformedResponse(f"{self.base_url}: the repository repeats a resumption token")
        seen.add(token)
        return token

    def _records(self, container: etree._Element, verb: str) -> Iterator[HarvestedRecord]:
        children = container.iterchildren(
            _O + ("header" if verb == "ListIdentifiers" else "record")
        )
        for child in children:
            record = self._read_record(child, verb)
            if record is None:
                self.stats.skipped += 1
                continue
            self.stats.records += 1
            self.stats.deleted += record.header.is_deleted
            yield record

    def _read_record(self, element: etree._Element, verb: str) -> HarvestedRecord | None:
        header_element = element if verb == "ListIdentifiers" else element.find(_O + "header")
        header = read_header(header_element)
        if header is None:
            log.warning("skipped a record with an unreadable header from %s", self.base_url)
            return None
        if header.is_deleted or verb == "ListIdentifiers":
            return HarvestedRecord(header, None)
        metadata = element.find(_O + "metadata")
        payload = None if metadata is None else next(metadata.iterchildren(etree.Element), None)
        if payload is None:
            log.warning("skipped %s: no metadata", header.identifier)
            return None
        if self._format is None or self._format.parse is None:
            return HarvestedRecord(header, None, payload)
        try:
            return HarvestedRecord(header, self._format.parse(payload), payload)
        except (ValueError, TypeError) as error:
            log.warning("skipped %s: unreadable metadata (%s)", header.identifier, error)
            return None

    # --- one request -------------------------------------------------------------------

    def _url(self, arguments: dict[str, str]) -> str:
        separator = "&" if "?" in self.base_url else "?"
        return f"{self.base_url}{separator}{urlencode(arguments)}"

    def _request(self, arguments: dict[str, str]) -> etree._Element | None:
        """One OAI-PMH request; the root element, or ``None`` for noRecordsMatch."""
        url = self._url(arguments)
        response = self._fetch_with_retries(url)
        self.stats.bytes += len(response.body)
        root = parse_untrusted(response.body, source=url)
        if root.tag != _O + "OAI-PMH":
            raise MalformedResponse(f"{url}: not an OAI-PMH response (root {root.tag!r})")
        errors = [(e.get("code", ""), (e.text or "").strip()) for e in root.iterfind(_O + "error")]
        if any(code == "noRecordsMatch" for code, _message in errors):
            return None
        if errors:
            code, message = errors[0]
            raise RemoteOAIError(f"{url}: the repository answered {code}: {message}", code)
        return root

    def _fetch_with_retries(self, url: str) -> HttpResponse:
        attempt = 0
        while True:
            self.stats.requests += 1
            response, failure = None, None
            try:
                response = self._fetch(url, timeout=self._timeout, max_bytes=self._max_bytes)
            except HarvestNetworkError as error:  # time-outs included
                failure = error
            if response is not None and 200 <= response.status < 300:
                return response
            if response is not None and response.status not in RETRYABLE_STATUSES:
                raise HarvestHTTPError(f"{url}: HTTP {response.status}", response.status)
            if attempt >= self._retry.max_retries:
                raise self._gave_up(url, attempt + 1, response, failure)
            delay = self._retry.delay(attempt, response)
            log.info("retrying %s in %.1f s (attempt %d)", url, delay, attempt + 2)
            self.stats.retries += 1
            attempt += 1
            self._sleep(delay)

    @staticmethod
    def _gave_up(url, attempts, response, failure) -> HarvestError:
        if response is not None:
            message = f"{url}: HTTP {response.status}, still after {attempts} attempts"
            return HarvestHTTPError(message, response.status)
        return type(failure)(f"{failure} (gave up after {attempts} attempts)")


def read_header(element: etree._Element | None) -> Header | None:
    """A ``Header`` from an OAI ``<header>`` element, ``None`` if it cannot be read."""
    if element is None:
        return None
    identifier = (element.findtext(_O + "identifier") or "").strip()
    try:
        datestamp, _granularity = parse_datestamp(
            (element.findtext(_O + "datestamp") or "").strip()
        )
    except ValueError:
        return None
    if not identifier:
        return None
    specs = tuple(
        spec for child in element.iterfind(_O + "setSpec") if (spec := (child.text or "").strip())
    )
    return Header(identifier, datestamp, specs, element.get("status") == "deleted")


def harvest(
    base_url: str,
    metadata_prefix: str,
    set_spec: str | None = None,
    from_: date | datetime | str | None = None,
    until: date | datetime | str | None = None,
    *,
    verb: str = "ListRecords",
    fetch: Fetch = urllib_fetch,
    formats: Iterable[MetadataFormat] = DEFAULT_FORMATS,
    timeout: float = 30.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    retry: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Harvest:
    """Prepare a harvest of ``base_url`` (``ListRecords`` or ``ListIdentifiers``).

    ``from_``/``until`` may be dates (day granularity), aware datetimes (sent at the
    repository's granularity, read from Identify) or ready-made strings. ``fetch`` replaces
    the HTTP layer (tests), ``timeout`` bounds each response in seconds, ``max_bytes`` its
    size. Nothing is requested until the result is iterated.
    """
    if verb not in {"ListRecords", "ListIdentifiers"}:
        raise ValueError(f"harvest lists records or identifiers, not {verb}")
    params = {"verb": verb, "metadataPrefix": metadata_prefix, "set": set_spec}
    params |= {"from": from_, "until": until}
    fmt = {f.prefix: f for f in formats}.get(metadata_prefix)
    limits = {"timeout": timeout, "max_bytes": max_bytes, "retry": retry or RetryPolicy()}
    return Harvest(base_url, params, fetch=fetch, fmt=fmt, sleep=sleep, **limits)
