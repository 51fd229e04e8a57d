"""E-mail address normalization: one place for the rules of internationalised addresses.

Addresses in any script are accepted (``élève@école.fr``, ``مستخدم@مثال.مصر``): the local part
is kept as written (NFC), the domain is validated per IDNA 2008 and kept as Unicode; the
``key`` used to find an account casefolds the whole address, so equivalent spellings meet.
"""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email


class InvalidAddress(ValueError):
    """The text is not a usable e-mail address; ``str()`` explains why (in English)."""


@dataclass(frozen=True)
class NormalizedAddress:
    """A validated address: ``display`` to show and send to, ``key`` to compare."""

    display: str
    key: str


def normalize(text: str) -> NormalizedAddress:
    """Validate and normalize ``text`` (no DNS look-up), or raise :class:`InvalidAddress`."""
    if not isinstance(text, str) or len(text) > 320:
        raise InvalidAddress("not an e-mail address")
    try:
        result = validate_email(text.strip(), check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as exc:
        raise InvalidAddress(str(exc)) from exc
    display = result.normalized
    return NormalizedAddress(display=display, key=display.casefold())
