"""HTTP for the harvester, with the standard library only: bounded in time and in size.

``urllib_fetch`` never raises for an HTTP status (the harvester decides what a 503 or a
404 means) but does raise for what makes a response unusable: no connection, a time-out,
too many bytes. Bodies are read in chunks up to the limit, so an endless or huge response
costs at most ``max_bytes`` of memory. No ``Accept-Encoding`` is sent, so nothing arrives
compressed and no decompression bomb can slip past the limit.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol
from urllib.parse import urlsplit

from oai_pmh.errors import HarvestError, HarvestNetworkError, HarvestTimeout, ResponseTooLarge

_CHUNK = 64 * 1024
USER_AGENT = "oai_pmh-harvester/1.0 (+https://www.openarchives.org/pmh/)"


@dataclass(frozen=True)
class HttpResponse:
    """What the harvester needs of an HTTP answer; header names are lower-case."""

    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    url: str = ""


class Fetch(Protocol):
    """The injectable HTTP function: ``fetch(url, timeout=…, max_bytes=…)``."""

    def __call__(self, url: str, *, timeout: float, max_bytes: int) -> HttpResponse: ...


def _read_limited(stream, url: str, max_bytes: int, deadline: float) -> bytes:
    """Read at most ``max_bytes`` (raise beyond) before ``deadline`` (raise after)."""
    length = stream.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise ResponseTooLarge(f"{url}: announces {length} bytes, the limit is {max_bytes}")
    chunks, size = [], 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise ResponseTooLarge(f"{url}: response exceeds the limit of {max_bytes} bytes")
        if time.monotonic() > deadline:
            # The socket time-out only bounds each read; a server dripping bytes is cut here.
            raise HarvestTimeout(f"{url}: response still arriving after the time-out")
        chunks.append(chunk)
    return b"".join(chunks)


def _headers(message) -> dict[str, str]:
    return {name.lower(): value for name, value in message.items()}


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https only (urllib would also follow one to ftp)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in {"http", "https"}:
            raise HarvestError(f"{req.full_url}: refused a redirect to {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Refused(urllib.request.FTPHandler, urllib.request.FileHandler, urllib.request.DataHandler):
    """Replaces urllib's ftp, file and data handlers, which a harvester never needs."""

    def _refuse(self, req):
        raise HarvestError(f"{req.full_url}: only http and https URLs can be harvested")

    ftp_open = file_open = data_open = _refuse


# build_opener leaves out a default handler when a subclass of it is given.
_OPENER = urllib.request.build_opener(_HttpOnlyRedirects, _Refused)


def urllib_fetch(
    url: str, *, timeout: float, max_bytes: int, opener: Callable | None = None
) -> HttpResponse:
    """GET ``url`` with ``urllib``; only ``http`` and ``https`` URLs are allowed."""
    if urlsplit(url).scheme not in {"http", "https"}:
        raise HarvestNetworkError(f"{url}: only http and https URLs can be harvested")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 (scheme checked above)
    deadline = time.monotonic() + timeout
    open_url = opener or _OPENER.open
    try:
        with open_url(request, timeout=timeout) as stream:
            body = _read_limited(stream, url, max_bytes, deadline)
            return HttpResponse(stream.status, body, _headers(stream.headers), stream.url)
    except urllib.error.HTTPError as error:
        try:
            body = _read_limited(error, url, max_bytes, deadline) if error.fp else b""
        finally:
            error.close()
        return HttpResponse(error.code, body, _headers(error.headers), url)
    except TimeoutError as error:
        raise HarvestTimeout(f"{url}: no answer within {timeout:g} s") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise HarvestTimeout(f"{url}: no answer within {timeout:g} s") from error
        raise HarvestNetworkError(f"{url}: {error.reason}") from error
    except (OSError, http.client.HTTPException) as error:  # resets, bad status lines, cut bodies
        raise HarvestNetworkError(f"{url}: {error}") from error


def retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or HTTP date), if usable."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())
