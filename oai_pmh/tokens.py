"""Opaque, signed resumption tokens carrying the whole query and the last key handed out.

A token is ``base64url(json) "." base64url(hmac_sha256(json))[:16 bytes]``. The provider
keeps no state between requests: everything needed to serve the next page is in the token,
and the signature makes any change to it (a forged cursor, another set) a
``badResumptionToken`` instead of a query the harvester was never offered.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from oai_pmh.errors import BadResumptionToken

_SIGNATURE_BYTES = 16
_VERSION = 1
# Derive the token key from the application's secret so a signature made here can never be
# mistaken for one the application makes with the same secret for something else.
_KEY_PURPOSE = b"oai_pmh resumption token v1"


@dataclass(frozen=True, slots=True)
class TokenState:
    """What a resumption token remembers.

    ``after`` is the ordering key of the last item handed out, as strings (a record's
    ``(datestamp ISO, identifier)``, a set's ``(setSpec,)``); ``cursor`` is how many items
    were handed out before the page the token asks for.
    """

    verb: str
    after: tuple[str, ...]
    cursor: int
    complete_list_size: int
    issued_at: datetime
    metadata_prefix: str = ""
    from_: datetime | None = None
    until: datetime | None = None
    set_spec: str | None = None


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


class TokenCodec:
    """Signs and verifies resumption tokens with a secret of the application."""

    def __init__(self, secret: str | bytes) -> None:
        if isinstance(secret, str):
            secret = secret.encode("utf-8")
        if len(secret) < 16:
            raise ValueError("the resumption token secret must be at least 16 bytes long")
        self._key = hmac.new(secret, _KEY_PURPOSE, hashlib.sha256).digest()

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()[:_SIGNATURE_BYTES]

    def encode(self, state: TokenState) -> str:
        """Serialize and sign a state."""
        body = {
            "v": _VERSION,
            "verb": state.verb,
            "a": list(state.after),
            "c": state.cursor,
            "n": state.complete_list_size,
            "t": _iso(state.issued_at),
            "p": state.metadata_prefix,
            "f": _iso(state.from_),
            "u": _iso(state.until),
            "s": state.set_spec,
        }
        payload = json.dumps(body, separators=(",", ":"), ensure_ascii=True).encode("ascii")
        return f"{_b64encode(payload)}.{_b64encode(self._sign(payload))}"

    def decode(self, token: str) -> TokenState:
        """Verify and parse a token; anything wrong raises ``BadResumptionToken``."""
        payload = self._verified_payload(token)
        try:
            body = json.loads(payload)
            if body.get("v") != _VERSION:
                raise ValueError("unknown token version")
            return _state_from(body)
        except (ValueError, TypeError, KeyError, AttributeError):
            # The signature was ours, so only a change of format can land here.
            raise BadResumptionToken("the resumption token is not understood") from None

    def _verified_payload(self, token: str) -> bytes:
        body, dot, signature = token.partition(".")
        if not dot or not body or not signature:
            raise BadResumptionToken("the resumption token is malformed")
        try:
            payload, given = _b64decode(body), _b64decode(signature)
        except (binascii.Error, ValueError):
            raise BadResumptionToken("the resumption token is malformed") from None
        if not hmac.compare_digest(given, self._sign(payload)):
            raise BadResumptionToken("the resumption token is invalid or was altered")
        return payload


def _state_from(body: dict) -> TokenState:
    """Rebuild a ``TokenState`` from a verified JSON body, checking types."""

    def moment(value: str | None) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)

    after = tuple(body["a"])
    if not all(isinstance(part, str) for part in after):
        raise TypeError("token key parts must be strings")
    cursor, size = body["c"], body["n"]
    if not isinstance(cursor, int) or not isinstance(size, int) or cursor < 0 or size < 0:
        raise TypeError("token counters must be non-negative integers")
    issued_at = moment(body["t"])
    if issued_at is None:
        raise TypeError("token without issue time")
    return TokenState(
        verb=str(body["verb"]),
        after=after,
        cursor=cursor,
        complete_list_size=size,
        issued_at=issued_at,
        metadata_prefix=str(body["p"]),
        from_=moment(body["f"]),
        until=moment(body["u"]),
        set_spec=body["s"] if body["s"] is None else str(body["s"]),
    )
