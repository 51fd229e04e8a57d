"""vCard 3.0 (RFC 2426) for LOM contributor entities: writing, escaping and lenient reading.

Lines end with LF, not the CRLF of RFC 2426: XML turns every line end into LF when it is
read (XML 1.0 section 2.11), so a CR would survive only as a ``&#13;`` character reference,
and LOM readers split vCards on LF.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_FOLD_AT = 75  # octets per line, RFC 2426 section 2.6
_UNFOLD = re.compile(r"\r?\n[ \t]")
_ESCAPE = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})
_UNESCAPE = {"\\": "\\", ";": ";", ",": ",", "n": "\n", "N": "\n", ":": ":"}


@dataclass(frozen=True, slots=True)
class VCard:
    """A person or an organization, as LOM's lifeCycle and metaMetadata contributors need.

    For an organization leave the name parts empty and set ``organization`` (and
    ``full_name`` to the organization's name, since FN is mandatory in vCard 3.0).
    """

    full_name: str
    family_name: str = ""
    given_name: str = ""
    organization: str = ""
    email: str = ""
    url: str = ""


def escape(value: str) -> str:
    """Escape a vCard text value (backslash, semicolon, comma, line ends)."""
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_ESCAPE)


def _fold(line: str) -> list[str]:
    """Split a content line into physical lines of at most 75 octets, on character bounds."""
    if len(line) * 4 <= _FOLD_AT or len(line.encode("utf-8")) <= _FOLD_AT:
        return [line]  # the usual case, without walking the characters
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > _FOLD_AT:
            out.append(current)
            current, size = " ", 1  # a continuation line starts with one space
        current += char
        size += width
    out.append(current)
    return out


@functools.lru_cache(maxsize=4096)
def to_vcard(card: VCard) -> str:
    """The vCard 3.0 text of a card (BEGIN, VERSION, N, FN, then what is set).

    Cached: the same authors and publishers sign many records of a list response.
    """
    family, given = escape(card.family_name), escape(card.given_name)
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{family};{given};;;", f"FN:{escape(card.full_name)}"]
    if card.organization:
        lines.append(f"ORG:{escape(card.organization)}")
    if card.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{escape(card.email)}")
    if card.url:
        lines.append(f"URL:{card.url}")  # a URI value: RFC 2426 does not escape it
    lines.append("END:VCARD")
    return "\n".join(physical for line in lines for physical in _fold(line))


def _split_unescaped(value: str, separator: str) -> list[str]:
    """Split on ``separator`` where it is not escaped, then unescape each part."""
    parts, current, chars = [], [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            current.append(_UNESCAPE.get(following, following))
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def unescape(value: str) -> str:
    """Undo ``escape``; an unknown escape keeps its character."""
    return _split_unescaped(value, "\0")[0]


def _properties(text: str) -> dict[str, str]:
    """The first value of each property name (groups and parameters dropped)."""
    found: dict[str, str] = {}
    for line in _UNFOLD.sub("", text.strip()).splitlines():
        name_and_params, colon, value = line.partition(":")
        if not colon:
            continue
        name = name_and_params.split(";", 1)[0].rsplit(".", 1)[-1].strip().upper()
        found.setdefault(name, value.strip())
    return found


def parse_vcard(text: str) -> VCard:
    """Read a vCard (2.1, 3.0 or 4.0) leniently; a text that is no vCard becomes a name."""
    if "BEGIN:VCARD" not in text.upper():
        return VCard(full_name=text.strip())
    props = _properties(text)
    name_parts = [*_split_unescaped(props.get("N", ""), ";"), "", ""]
    family, given = name_parts[0].strip(), name_parts[1].strip()
    organization = _split_unescaped(props.get("ORG", ""), ";")[0].strip()
    full_name = unescape(props.get("FN", "")).strip()
    if not full_name:
        full_name = " ".join(part for part in (given, family) if part) or organization
    return VCard(
        full_name=full_name,
        family_name=family,
        given_name=given,
        organization=organization,
        email=unescape(props.get("EMAIL", "")).strip(),
        url=props.get("URL", "").strip(),
    )
