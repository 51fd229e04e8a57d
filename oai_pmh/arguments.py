"""Parse and check the arguments of an OAI-PMH request (spec sections 3.1, 3.6 and 4).

Checks run in the order that decides which error a harvester sees: the verb first
(badVerb), then argument names, repetitions and exclusivity, then each value's syntax
(badArgument). Whatever passes here can be echoed in the response's ``request`` element
without making the response invalid against the schema.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from lxml import etree

from oai_pmh.dates import parse_datestamp, upper_bound
from oai_pmh.errors import BadArgument, BadVerb
from oai_pmh.xmlsafe import is_xml_text

_PREFIX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+\Z")
_SET_SPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(?::[A-Za-z0-9\-_.!~*'()]+)*\Z")


@dataclass(frozen=True)
class _Rule:
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    exclusive: str | None = None

    @property
    def allowed(self) -> set[str]:
        return {*self.required, *self.optional, *([self.exclusive] if self.exclusive else [])}


_LIST_RULE = _Rule(("metadataPrefix",), ("from", "until", "set"), "resumptionToken")
RULES: dict[str, _Rule] = {
    "Identify": _Rule(),
    "ListMetadataFormats": _Rule(optional=("identifier",)),
    "ListSets": _Rule(exclusive="resumptionToken"),
    "GetRecord": _Rule(required=("identifier", "metadataPrefix")),
    "ListIdentifiers": _LIST_RULE,
    "ListRecords": _LIST_RULE,
}


@dataclass(frozen=True)
class OAIRequest:
    """A request whose verb and arguments passed every syntax check."""

    verb: str
    arguments: dict[str, str]

    def get(self, name: str) -> str | None:
        """An argument's value, ``None`` when absent."""
        return self.arguments.get(name)

    @property
    def attributes(self) -> dict[str, str]:
        """The ``request`` element's attributes: the verb and every argument."""
        return {"verb": self.verb, **self.arguments}


def pairs_of(params: Any) -> list[tuple[str, str]]:
    """Every (name, value) pair, repeats kept, from a list of pairs or a multidict-like.

    Werkzeug's ``MultiDict`` (``request.values``) offers ``items(multi=True)``; a mapping
    of lists (``urllib.parse.parse_qs``) is expanded; a string is parsed as a query string;
    anything else is taken as pairs.
    """
    if isinstance(params, str):
        return parse_qsl(params, keep_blank_values=True)
    if hasattr(params, "getlist") and hasattr(params, "keys"):
        return [(str(key), str(value)) for key in params for value in params.getlist(key)]
    if isinstance(params, Mapping):
        return [
            (str(key), str(item))
            for key, value in params.items()
            for item in (value if isinstance(value, list | tuple) else [value])
        ]
    return [(str(key), str(value)) for key, value in params]


def parse_request(pairs: Iterable[tuple[str, str]]) -> OAIRequest:
    """Check a request's verb and arguments; raise ``BadVerb`` or ``BadArgument``."""
    pairs = list(pairs)
    verbs = [value for name, value in pairs if name == "verb"]
    if not verbs:
        raise BadVerb("the verb argument is missing")
    if len(verbs) > 1:
        raise BadVerb("the verb argument is repeated")
    verb = verbs[0]
    if verb not in RULES:
        raise BadVerb("the value of the verb argument is not a legal OAI-PMH verb")
    arguments = [(name, value) for name, value in pairs if name != "verb"]
    _check_names(verb, RULES[verb], arguments)
    request = OAIRequest(verb, dict(arguments))
    _check_values(request)
    return request


def _check_names(verb: str, rule: _Rule, arguments: list[tuple[str, str]]) -> None:
    counts = Counter(name for name, _value in arguments)
    illegal = sorted(name for name in counts if name not in rule.allowed)
    if illegal:
        names = ", ".join(_shown(name) for name in illegal)
        raise BadArgument(f"illegal argument(s) for {verb}: {names}")
    repeated = sorted(name for name, count in counts.items() if count > 1)
    if repeated:
        raise BadArgument(f"repeated argument(s): {', '.join(repeated)}")
    if rule.exclusive in counts:
        if len(counts) > 1:
            raise BadArgument(f"{rule.exclusive} is an exclusive argument")
        return
    missing = [name for name in rule.required if name not in counts]
    if missing:
        raise BadArgument(f"missing required argument(s) for {verb}: {', '.join(missing)}")


def _shown(value: str) -> str:
    """A value fit for an error message (XML-safe, short)."""
    value = "".join(char if is_xml_text(char) else "?" for char in value[:40])
    return repr(value)


def _check_values(request: OAIRequest) -> None:
    for name, value in request.arguments.items():
        if not value:
            raise BadArgument(f"the {name} argument is empty")
        if not is_xml_text(value):
            raise BadArgument(f"the {name} argument contains characters XML cannot carry")
    prefix, set_spec = request.get("metadataPrefix"), request.get("set")
    if prefix is not None and not _PREFIX.match(prefix):
        raise BadArgument(f"metadataPrefix {_shown(prefix)} has an illegal syntax")
    if set_spec is not None and not _SET_SPEC.match(set_spec):
        raise BadArgument(f"set {_shown(set_spec)} is not a legal setSpec")
    identifier = request.get("identifier")
    if identifier is not None and not is_any_uri(identifier):
        raise BadArgument(f"identifier {_shown(identifier)} is not a URI")
    date_range(request)


def date_range(request: OAIRequest) -> tuple[datetime | None, datetime | None]:
    """The inclusive ``(from, until)`` bounds, widened to their granularity; checks them."""
    bounds = {}
    for name in ("from", "until"):
        value = request.get(name)
        if value is not None:
            try:
                bounds[name] = parse_datestamp(value)
            except ValueError as error:
                raise BadArgument(f"{name}: {error}") from None
    if len({granularity for _moment, granularity in bounds.values()}) > 1:
        raise BadArgument("from and until must have the same granularity")
    from_ = bounds["from"][0] if "from" in bounds else None
    until = upper_bound(*bounds["until"]) if "until" in bounds else None
    if from_ is not None and until is not None and from_ > until:
        raise BadArgument("from is later than until")
    return from_, until


# The schema types the request element's identifier attribute as xs:anyURI; asking libxml2
# itself is the only way to accept exactly what the validator accepts. Validators are not
# meant for concurrent use, hence the lock.
_ANY_URI = etree.XMLSchema(
    etree.XML(
        b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        b'<xs:element name="u" type="xs:anyURI"/></xs:schema>'
    )
)
_ANY_URI_LOCK = threading.Lock()


def is_any_uri(value: str) -> bool:
    """Whether ``value`` is a valid ``xs:anyURI`` for libxml2 (and so for the schema)."""
    element = etree.Element("u")
    element.text = value
    with _ANY_URI_LOCK:
        return _ANY_URI.validate(element)
