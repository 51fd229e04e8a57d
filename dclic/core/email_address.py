"""E-mail address normalization: one place for the rules of internationalised addresses.

Addresses in any script are accepted (``élève@école.fr``, ``مستخدم@مثال.مصر``), per the
standards rather than one library:

- **Syntax**: RFC 5321/5322 as extended by RFC 6531/6532. The local part is a dot-atom
  (``atext`` plus any printable non-ASCII character) or a quoted string; it holds at most 64
  octets in UTF-8, and the whole address at most 254 octets (both in its Unicode form and in
  its ``local@xn--…`` form).
- **Domain**: UTS #46 mapping (non-transitional, STD3 rules: full-width dots and letters,
  capitals) then IDNA 2008 (RFC 5891–5893) label by label with :mod:`idna` (hyphen rules,
  CONTEXTJ/CONTEXTO, code points; ``xn--`` labels decoded, checked canonical, and refused when
  they decode to ASCII or to text UTS #46 would change). The **Bidi Rule across labels** is
  ours: :mod:`idna` checks it per label only, RFC 5893 requires every label of a domain that
  has a right-to-left label to satisfy it. Each label is at most 63 octets as an A-label; the
  domain needs two labels, a TLD that is not all digits, and no IP address.
- **Canonical form** (``display``): NFC; the local part as typed (case and compatibility
  characters kept) with quotes only when needed (``"john"@x`` → ``john@x``); the domain in
  lower-case U-labels.
- **Key** (``key``, for sign-in, uniqueness and password reset):
  ``NFC(casefold(local)) + "@" + domain``. The domain is already case-folded by UTS #46,
  which keeps the IDNA 2008 distinctions (``faß.de`` is not ``fass.de``), so it is not
  case-folded again. NFD or NFC spellings, upper-case or full-width or ``xn--`` domains and
  the capital a phone puts first (``Élève@…``) all reach the same key.

Show addresses in templates inside ``<bdi>`` so a right-to-left address does not scramble
the sentence around it; in plain text (mail bodies, flash messages) use :func:`isolate`.
"""

from __future__ import annotations

import ipaddress
import string
import unicodedata
from dataclasses import dataclass

import idna
from idna.core import IDNABidiError, IDNAError, check_bidi, check_label

from dclic.core.i18n import lazy_gettext as _l

MAX_LOCAL_OCTETS = 64
MAX_ADDRESS_OCTETS = 254
MAX_LABEL_OCTETS = 63
MAX_DOMAIN_OCTETS = 253
_MAX_INPUT = 1024  # characters; anything longer is refused before any work

# The codes of InvalidAddress (stable: forms, API error bodies and tests rely on them).
_MESSAGES = {
    "empty": _l("Please enter an e-mail address."),
    "no_at": _l("This e-mail address is not valid: it needs an @, as in name@example.org."),
    "syntax": _l(
        "This e-mail address is not valid: check for spaces, a second @ or misplaced dots."
    ),
    "local_empty": _l("This e-mail address is not valid: the part before the @ is missing."),
    "local_too_long": _l("This e-mail address is not valid: the part before the @ is too long."),
    "too_long": _l("This e-mail address is too long."),
    "domain_empty": _l("This e-mail address is not valid: the part after the @ is missing."),
    "domain": _l("This e-mail address is not valid: the part after the @ is not a domain name."),
    "domain_label_too_long": _l(
        "This e-mail address is not valid: a part of the domain name between dots is too long."
    ),
    "domain_bidi": _l(
        "This e-mail address is not valid: its domain name mixes right-to-left and "
        "left-to-right writing in a way that is not allowed."
    ),
    "domain_dotless": _l(
        "This e-mail address is not valid: the part after the @ needs a dot, as in example.org."
    ),
    "domain_numeric_tld": _l(
        "This e-mail address is not valid: the domain name cannot end with a number."
    ),
    "ip_literal": _l(
        "This e-mail address is not accepted: use a domain name after the @, not an IP address."
    ),
}
CODES = tuple(_MESSAGES)

_ATEXT = frozenset(string.ascii_letters + string.digits + "!#$%&'*+-/=?^_`{|}~")
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})
_JOINERS = frozenset("\u200c\u200d")  # Cf, but part of Persian and Indic spelling
_RTL = frozenset({"R", "AL", "AN"})


class InvalidAddress(ValueError):
    """The text is not a usable e-mail address.

    ``code`` is one of :data:`CODES`; ``str()`` gives the code and an English detail for
    logs; :meth:`user_message` gives the sentence to show, in the current language.
    """

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail

    def user_message(self) -> str:
        """A short, translated sentence for the person who typed the address."""
        return str(_MESSAGES[self.code])


@dataclass(frozen=True)
class NormalizedAddress:
    """A valid address in its canonical form (see the module docstring).

    ``envelope`` is what SMTP is given as the recipient, and what goes in the ``To:`` header:
    ``local@ascii_domain`` for an ASCII local part (no SMTPUTF8 needed), the full UTF-8
    ``display`` form when the local part is not ASCII (``needs_smtputf8``, RFC 6531).
    """

    display: str  # canonical form, to store and show
    key: str  # to compare and look up
    local: str  # local part as typed (NFC), quoted only if it must be
    domain: str  # U-labels, lower-case
    ascii_domain: str  # A-labels (xn--…)
    needs_smtputf8: bool  # the local part is not ASCII

    @property
    def envelope(self) -> str:
        """The SMTP recipient (and ``To:`` address) for this address."""
        return self.display if self.needs_smtputf8 else f"{self.local}@{self.ascii_domain}"

    def __str__(self) -> str:
        return self.display


def isolate(text: str) -> str:
    """``text`` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, for plain text.

    The plain-text counterpart of ``<bdi>``: an Arabic address inside a French sentence (or
    the reverse) keeps its own direction without reordering the words around it.
    """
    return f"\u2068{text}\u2069"


def normalize(text: str) -> NormalizedAddress:
    """Validate and normalize ``text`` (no DNS look-up), or raise :class:`InvalidAddress`."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidAddress("empty")
    if len(text) > _MAX_INPUT:
        raise InvalidAddress("too_long", f"{len(text)} characters")
    text = unicodedata.normalize("NFC", text.strip())
    local_text, domain_text = _split(text)
    local = _canonical_local(local_text)
    if len(local.encode("utf-8")) > MAX_LOCAL_OCTETS:
        raise InvalidAddress("local_too_long", f"{len(local.encode('utf-8'))} octets")
    domain, ascii_form = normalize_domain(domain_text)
    display = unicodedata.normalize("NFC", f"{local}@{domain}")
    longest = max(len(display.encode("utf-8")), len(f"{local}@{ascii_form}".encode()))
    if longest > MAX_ADDRESS_OCTETS:
        raise InvalidAddress("too_long", f"{longest} octets")
    return NormalizedAddress(
        display=display,
        key=f"{unicodedata.normalize('NFC', local.casefold())}@{domain}",
        local=local,
        domain=domain,
        ascii_domain=ascii_form,
        needs_smtputf8=not local.isascii(),
    )


# --- local part -------------------------------------------------------------------------------


def _split(text: str) -> tuple[str, str]:
    """``(local, domain)``; a quoted local part comes back unquoted and unescaped, in quotes."""
    if text.startswith('"'):
        content, rest = _read_quoted(text)
        if not rest:
            raise InvalidAddress("no_at")
        if not rest.startswith("@"):
            raise InvalidAddress("syntax", "text after the closing quote")
        return f'"{content}"', rest[1:]
    if "@" not in text:
        raise InvalidAddress("no_at")
    local, _, domain = text.partition("@")
    if not local:
        raise InvalidAddress("local_empty")
    if "@" in domain:
        raise InvalidAddress("syntax", "more than one @")
    return local, domain


def _read_quoted(text: str) -> tuple[str, str]:
    """The unescaped content of the quoted string that starts ``text``, and what follows."""
    content = []
    position = 1
    while position < len(text):
        char = text[position]
        if char == '"':
            return "".join(content), text[position + 1 :]
        if char == "\\":
            position += 1
            if position == len(text) or not _quotable(text[position]):
                raise InvalidAddress("syntax", "bad escape in a quoted local part")
            content.append(text[position])
        elif _quotable(char):
            content.append(char)
        else:
            raise InvalidAddress("syntax", f"U+{ord(char):04X} in a quoted local part")
        position += 1
    raise InvalidAddress("syntax", "unclosed quote")


def _quotable(char: str) -> bool:
    # qtext, quoted-pair and the space of FWS (RFC 5322 §3.2.4), UTF8-non-ascii (RFC 6532).
    return " " <= char <= "~" or _printable_unicode(char)


def _printable_unicode(char: str) -> bool:
    if char.isascii():
        return False
    return unicodedata.category(char) not in _UNSAFE_CATEGORIES or char in _JOINERS


def _is_dot_atom(text: str) -> bool:
    return all(
        atom and all(char in _ATEXT or _printable_unicode(char) for char in atom)
        for atom in text.split(".")
    )


def _canonical_local(local: str) -> str:
    """The local part as typed, with quotes only if a dot-atom cannot say it."""
    if local.startswith('"'):
        content = local[1:-1]
        if not content:
            raise InvalidAddress("local_empty")
        if _is_dot_atom(content):
            return content
        return '"' + content.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if not _is_dot_atom(local):
        raise InvalidAddress("syntax", f"not a dot-atom: {local!r}")
    return local


# --- domain -----------------------------------------------------------------------------------


def normalize_domain(text: str) -> tuple[str, str]:
    """``(U-labels, A-labels)`` of the domain of an address, or raise :class:`InvalidAddress`."""
    if not text:
        raise InvalidAddress("domain_empty")
    if text.startswith("["):
        raise InvalidAddress("ip_literal")
    try:
        mapped = idna.uts46_remap(text, std3_rules=True, transitional=False)
    except IDNAError as exc:
        raise InvalidAddress("domain", str(exc)) from exc
    if _is_ip_address(mapped):
        raise InvalidAddress("ip_literal")
    labels = mapped.split(".")
    if "" in labels:
        raise InvalidAddress("domain", "empty label")
    if len(labels) < 2:
        raise InvalidAddress("domain_dotless")
    pairs = [_label(label) for label in labels]
    unicode_labels = [u_label for u_label, _ in pairs]
    _check_bidi_domain(unicode_labels)
    if unicode_labels[-1].isdecimal():
        raise InvalidAddress("domain_numeric_tld")
    ascii_form = ".".join(a_label for _, a_label in pairs)
    if len(ascii_form) > MAX_DOMAIN_OCTETS:
        raise InvalidAddress("too_long", f"domain of {len(ascii_form)} octets")
    return ".".join(unicode_labels), ascii_form


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _label(label: str) -> tuple[str, str]:
    """``(U-label, A-label)`` of one UTS #46-mapped label, checked per IDNA 2008."""
    try:
        if label.startswith("xn--"):
            # Decodes, insists on the canonical Punycode, then checks the U-label.
            u_label = idna.core.ulabel(label)
            if u_label.isascii() or idna.uts46_remap(u_label, std3_rules=True) != u_label:
                raise InvalidAddress("domain", f"{label} does not decode to a valid U-label")
        else:
            u_label = label
            check_label(u_label)  # hyphens, code points, CONTEXTJ/O, Bidi Rule in the label
    except IDNABidiError as exc:
        raise InvalidAddress("domain_bidi", str(exc)) from exc
    except IDNAError as exc:
        raise InvalidAddress("domain", str(exc)) from exc
    a_label = u_label if u_label.isascii() else "xn--" + u_label.encode("punycode").decode()
    if len(a_label) > MAX_LABEL_OCTETS:
        raise InvalidAddress("domain_label_too_long", f"{a_label} has {len(a_label)} octets")
    return u_label, a_label


def _check_bidi_domain(labels: list[str]) -> None:
    """RFC 5893 §1.4/§2: once one label is right-to-left, every label obeys the Bidi Rule."""
    if not any(unicodedata.bidirectional(char) in _RTL for label in labels for char in label):
        return
    for label in labels:
        try:
            check_bidi(label, check_ltr=True)
        except IDNAError as exc:
            raise InvalidAddress("domain_bidi", f"{label!r} in a right-to-left domain") from exc
