"""Which addresses the harvester may fetch: no way into the platform's own network (SSRF).

A source's base URL must be ``http`` or ``https``, name a host, and carry no user name nor
password. Unless ``DCLIC_HARVEST_ALLOW_PRIVATE`` is on (the default only in development), its
host must also resolve to public addresses only: no loopback, private, link-local, shared,
reserved or multicast address. The check runs when a source is saved **and** before every
request of a harvest, redirects included (a host may be re-pointed, a server may redirect to
``http://127.0.0.1``). A host re-pointed between the check and the connection (DNS
rebinding) is not caught; a firewall rule for the worker's outgoing traffic is the complete
answer (see docs/oai-pmh.md, *Operations*).
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.request
from urllib.parse import urlsplit

from dclic.core.i18n import gettext as _
from oai_pmh.errors import HarvestError
from oai_pmh.transport import HttpResponse, urllib_fetch

MAX_URL_LENGTH = 500
# Replaced in tests: resolving outside names would leave the machine.
resolve = socket.getaddrinfo


class RefusedAddress(HarvestError):
    """The harvester refused to fetch a URL whose host is not a public address."""


def _is_public(text: str) -> bool:
    address = ipaddress.ip_address(text.split("%")[0])  # an IPv6 zone index is not part of it
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def host_problem(host: str, port: int | None) -> str | None:
    """Why ``host`` may not be harvested when private addresses are refused; None if it may."""
    try:
        infos = resolve(host, port or 80, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return _("This host name cannot be found.")
    addresses = {info[4][0] for info in infos}
    if not addresses or not all(_is_public(address) for address in addresses):
        return _("This address is on a private or local network: it cannot be harvested.")
    return None


def url_problems(url: str, *, allow_private: bool) -> list[str]:
    """Every reason why ``url`` cannot be a source's base URL (empty when it can)."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return [_("Give a full web address starting with https:// or http://.")]
    if parts.scheme not in ("http", "https") or not host:
        return [_("Give a full web address starting with https:// or http://.")]
    problems = []
    if len(url) > MAX_URL_LENGTH:
        problems.append(_("Use at most %(n)d characters.", n=MAX_URL_LENGTH))
    if any(character.isspace() or ord(character) < 32 for character in url):
        problems.append(_("A web address has no spaces."))
    if parts.username is not None or parts.password is not None:
        problems.append(_("Give the address without a user name or password."))
    if parts.fragment:
        problems.append(_("Give the address without a #fragment."))
    if not problems and not allow_private:
        problem = host_problem(host, port)
        if problem:
            problems.append(problem)
    return problems


def _check(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedAddress(f"{url}: only http and https URLs can be harvested")
    if host_problem(parts.hostname, parts.port):
        raise RefusedAddress(f"{url}: refused, {parts.hostname} is not a public address")


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to an http(s) URL on a public address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_PUBLIC_OPENER = urllib.request.build_opener(_CheckedRedirects)


def public_fetch(url: str, *, timeout: float, max_bytes: int) -> HttpResponse:
    """The package's bounded fetch, refusing hosts (and redirects) to non-public addresses."""
    _check(url)
    return urllib_fetch(url, timeout=timeout, max_bytes=max_bytes, opener=_PUBLIC_OPENER.open)


def fetch_for(allow_private: bool):
    """The fetch function a harvest uses under this setting."""
    return urllib_fetch if allow_private else public_fetch
