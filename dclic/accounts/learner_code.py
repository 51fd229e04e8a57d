"""Learner codes: a short public identifier per account, e.g. ``K7M-4XT-R9M``.

It is shown on the profile, searched by mentors and administrators, and printed on
certificates. A young learner must be able to read it aloud on a bad phone line and type it
on a phone. It identifies an account; it is not a secret and proves nothing on its own.

Format
    Nine symbols: eight random ones and a check symbol at the end, shown in three groups of
    three, ``XXX-XXX-XXX`` (11 characters with the hyphens; that canonical form is what is
    stored and printed). Groups of three are read and remembered the way phone numbers are,
    and the check symbol sits inside the last group instead of dangling alone, where people
    tend to forget it.

Alphabet (23 symbols, :data:`ALPHABET`)
    The digits 2 to 9 and the letters ``A C D E F H J K M N P R T W X``. Left out:

    * ``0 O`` and ``1 I L``: they look alike in most fonts, and a learner hesitates over how
      to read them aloud. None of them is ever in a code.
    * ``B S Z G``: they look like ``8 5 2 6``, on screens and even more in handwriting. We
      keep the digits, which are read the same way in every language, and read a typed
      ``B S Z G`` as ``8 5 2 6``: as they are never in a code, that reading is unambiguous.
    * ``U V Y Q``: ``U``/``V`` look alike in handwriting and ``V`` rhymes with ``B D P T``
      over the phone, in French and in English; ``Y`` is long to say ("i grec") and close to
      ``V`` by hand; ``Q`` looks like an ``O`` to a child. None of them has one clear twin
      in the alphabet, so they are refused rather than guessed.

    23 is prime, which is what the check below needs; all symbols are ASCII upper-case
    letters and digits, so a code is easy to type on any phone keyboard.

Check symbol
    A weighted sum modulo the prime 23, as ISBN-10 does modulo 11: with ``v1 … v9`` the
    values of the nine symbols (their index in the alphabet), a code is valid when
    ``1·v1 + 2·v2 + … + 9·v9 ≡ 0 (mod 23)``. As 23 is prime and the weights 1 … 9 are
    distinct and non-zero modulo 23:

    * a single substitution changes the sum by ``w·(v − v′)``, never a multiple of 23: every
      single-symbol error is detected;
    * swapping the symbols at positions i and j changes it by ``(wi − wj)·(vi − vj)``, never a
      multiple of 23 either: every transposition is detected, adjacent or not.

    (Crockford's base 32 uses the same idea modulo 37 but needs five extra check symbols
    such as ``*~$=``; with an alphabet of prime size the check symbol is an ordinary one.)
    The check symbol catches errors; it does not correct them.

Uniqueness
    There are 23⁸ ≈ 7.8 × 10¹⁰ codes (36 bits). With a million learners, a new random code
    collides with an existing one with probability 10⁶ / 7.8 × 10¹⁰ ≈ 1.3 × 10⁻⁵, and about
    n²/2N ≈ 6 collisions are expected over the first million sign-ups. The caller handles
    them: a unique constraint on the stored code and a new draw on conflict.
"""

from __future__ import annotations

import secrets
import unicodedata

ALPHABET = "23456789ACDEFHJKMNPRTWX"
MODULUS = len(ALPHABET)  # 23, a prime: see the module docstring
RANDOM_LENGTH = 8
CODE_LENGTH = RANDOM_LENGTH + 1  # symbols, check included
GROUP_SIZE = 3
DISPLAY_LENGTH = CODE_LENGTH + CODE_LENGTH // GROUP_SIZE - 1  # 11: "XXX-XXX-XXX"

_VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}

# Letters left out because they look like a digit of the alphabet: read as that digit.
LOOK_ALIKES = {"B": "8", "S": "5", "Z": "2", "G": "6"}

# What people put between groups (or by accident): spaces of all kinds, dashes, dots.
_SEPARATORS = frozenset(" \t\n\r\u00a0\u202f\u2007-_.\u2010\u2011\u2012\u2013\u2014\u2212")


def _weighted_sum(symbols: str) -> int:
    return sum(weight * _VALUES[symbol] for weight, symbol in enumerate(symbols, start=1))


def check_symbol(body: str) -> str:
    """The check symbol that makes the eight symbols of ``body`` a valid code."""
    if len(body) != RANDOM_LENGTH or any(symbol not in _VALUES for symbol in body):
        raise ValueError(f"expected {RANDOM_LENGTH} symbols of {ALPHABET!r}, got {body!r}")
    # Solve partial + 9·c ≡ 0 (mod 23) for c; pow(9, -1, 23) is the inverse of the weight.
    value = -_weighted_sum(body) * pow(CODE_LENGTH, -1, MODULUS) % MODULUS
    return ALPHABET[value]


def _group(symbols: str) -> str:
    return "-".join(symbols[i : i + GROUP_SIZE] for i in range(0, len(symbols), GROUP_SIZE))


def new_learner_code() -> str:
    """A fresh random code in canonical form, e.g. ``K7M-4XT-R9M`` (see the module docstring)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return _group(body + check_symbol(body))


def _symbols(text: str) -> str | None:
    """The upper-case symbols typed in ``text``, separators dropped and look-alikes mapped.

    None when ``text`` holds a character that cannot be part of a code. Any script's decimal
    digits are read as digits (``٧`` is ``7``) and full-width forms as their ASCII twin.
    """
    symbols = []
    for char in unicodedata.normalize("NFKC", text):
        if char in _SEPARATORS or char.isspace():
            continue
        if char.isdecimal():
            char = str(unicodedata.decimal(char))
        char = char.upper()
        char = LOOK_ALIKES.get(char, char)
        if char not in _VALUES:
            return None
        symbols.append(char)
    return "".join(symbols)


def normalize_learner_code(text: str) -> str | None:
    """The canonical form of a typed code, or None when it is not a valid code.

    Tolerant of what people type: lower case, spaces, missing or extra hyphens, and the
    letters ``B S Z G`` for the digits ``8 5 2 6`` they look like. Strict about the rest: a
    character never found in a code (``0 O 1 I L U V Y Q``…), a wrong length or a failed
    check gives None. Nothing is guessed: the check symbol detects errors, it does not fix
    them.
    """
    if not isinstance(text, str):
        return None
    symbols = _symbols(text)
    if symbols is None or len(symbols) != CODE_LENGTH:
        return None
    if _weighted_sum(symbols) % MODULUS:
        return None
    return _group(symbols)


def is_valid_learner_code(text: str) -> bool:
    """True when ``text`` is a valid code, in canonical form or typed loosely."""
    return normalize_learner_code(text) is not None


def learner_code_prefix(text: str) -> str | None:
    """The canonical start of a partly typed code, for a search by prefix; None if impossible.

    ``"k7m 4x"`` gives ``"K7M-4X"``, to match stored codes with ``LIKE 'K7M-4X%'``. No check
    symbol is verified: the code may be incomplete. Empty input gives None.
    """
    if not isinstance(text, str):
        return None
    symbols = _symbols(text)
    if not symbols or len(symbols) > CODE_LENGTH:
        return None
    return _group(symbols)
