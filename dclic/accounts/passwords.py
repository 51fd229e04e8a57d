"""Password hashing with argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile), and
the password policy.

The policy follows NIST SP 800-63B (section 5.1.1.2, "Memorized Secret Verifiers"): length
first, and a refusal of the passwords attackers try first. So :func:`password_problems`
asks for 10 to 256 characters and refuses

* the 10,000 most common passwords of zxcvbn's list (breach corpuses), with a short list of
  our own for the French-speaking learners that list does not cover (``azertyuiop``,
  ``motdepasse``, ``jetaime``…), compared without regard to case, accents, spaces, common
  "leet" spellings (``p@ssw0rd``) or a few digits and symbols added before or after
  (``Password2024!``);
* one repeated character, a repeated short chunk (``abcabcabcabc``, ``bonjour!bonjour!``)
  and simple sequences (``abcdefghij``, ``123456789012``, keyboard rows such as
  ``qsdfghjklm``);
* the e-mail address's local part or the display name (four characters or more).

There are deliberately no composition rules ("at least one digit, one capital…"): NIST
advises against them, since they make passwords harder to remember without making them
much harder to guess (``Password1!`` obeys them all), and push people to write passwords
down or reuse them. A long sentence in any script — Arabic, Armenian, emoji — is welcome.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import pairwise

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dclic.core.i18n import gettext as _

_hasher = PasswordHasher()

# Verifying against this keeps an unknown account as slow to answer as a known one.
_DUMMY_HASH = _hasher.hash("dclic-timing-equaliser")

MIN_LENGTH = 10  # Unicode code points, after NFC
MAX_LENGTH = 256
COMMON_LIST_SIZE = 10_000  # the head of zxcvbn's list of common passwords

# Common choices of French-speaking learners that zxcvbn's English-centric list lacks or
# ranks low. Stored as comparison keys: lower case, no accents, no spaces.
FRANCOPHONE_COMMON = """
    azerty azertyuiop azertyui qsdfghjklm wxcvbn azertyqwerty motdepasse mdp monmotdepasse
    soleil bonjour bonsoir salut coucou jetaime jetaimemoi jetaimetrop monamour mamour amour
    toujours doudou chouchou loulou bisous bisou cheri cherie bebe mabelle maman papa
    famille chocolat princesse prince dragon football foot ballon liberte bienvenue
    nicolas camille julien thomas marie fatou aminata moussa mamadou ibrahim
    france paris marseille afrique senegal dakar cotedivoire abidjan cameroun yaounde douala
    mali bamako burkina ouagadougou niger niamey benin cotonou togo lome guinee conakry
    gabon libreville congo kinshasa brazzaville tchad madagascar haiti maroc tunisie algerie
    dclic formation ordinateur internet informatique apprendre ecole
"""

# Where a sequence may be walked, forwards or backwards, wrapping round at the end
# (``7890123456``): the alphabet, the digits, keyboard rows (QWERTY, AZERTY, QWERTZ, one
# row after the other) and QWERTY's columns.
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "qwertyuiopasdfghjklzxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "qwertzuiopasdfghjklyxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
)

# Common "leet" spellings, undone before looking a word up: "p@ssw0rd" is "password".
_LEET = str.maketrans("@4310$57+!", "aaeiosstti")

_SEPARATORS = re.compile(r"[\s\-_.'’]+")
_SHORT_AFFIX = 6  # at most this many digits or symbols around a common word add nothing


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; always spends the same time, even with no hash."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


# --- policy -----------------------------------------------------------------------------------


def password_problems(
    password: str, *, email: str | None = None, display_name: str | None = None
) -> list[str]:
    """What is wrong with ``password``, in words for the person choosing it; [] when it is fine.

    ``email`` and ``display_name`` are the account's, when known. The messages are
    translated into the current locale and written for beginners. See the module docstring
    for the policy and why it has no composition rules.
    """
    length = len(unicodedata.normalize("NFC", password))
    if length > MAX_LENGTH:
        return [_("Use at most %(n)d characters.", n=MAX_LENGTH)]
    problems = []
    if length < MIN_LENGTH:
        problems.append(_("Use at least %(n)d characters.", n=MIN_LENGTH))
    key = _comparison_key(password)
    weakness = _weakness(key)
    if weakness == "common":
        problems.append(_("This password is too common: choose another one."))
    elif weakness == "pattern":
        problems.append(_("Avoid repetitions and simple sequences such as 123456 or abcdef."))
    if _contains_personal_words(key, email, display_name):
        problems.append(_("Don't use your e-mail address or your name in your password."))
    return problems


def _comparison_key(text: str) -> str:
    """``text`` as compared: NFKC, case-folded, without accents, spaces or ``-_.'``."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    decomposed = unicodedata.normalize("NFKD", folded)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub("", unicodedata.normalize("NFC", bare))


@cache
def common_passwords() -> frozenset[str]:
    """The refused common passwords as comparison keys, loaded on first use."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    head = FREQUENCY_LISTS["passwords"][:COMMON_LIST_SIZE]
    return frozenset(_comparison_key(word) for word in (*head, *FRANCOPHONE_COMMON.split()))


def _weakness(key: str) -> str | None:
    """``"common"``, ``"pattern"`` or None for a comparison key."""
    if _is_common(key):
        return "common"
    if _is_pattern(key):
        return "pattern"
    # A common word or a pattern with a few digits or symbols around it: "Soleil2024!".
    lead, base, trail = _split_affixes(key)
    if (lead or trail) and _is_predictable_affix(lead) and _is_predictable_affix(trail):
        if _is_common(base):
            return "common"
        if len(base) < 3 or _is_pattern(base):
            return "pattern"
    return None


def _split_affixes(key: str) -> tuple[str, str, str]:
    """``key`` cut into its leading non-letters, the middle, and its trailing non-letters."""
    start, end = 0, len(key)
    while start < end and not key[start].isalpha():
        start += 1
    while end > start and not key[end - 1].isalpha():
        end -= 1
    return key[:start], key[start:end], key[end:]


def _is_common(key: str) -> bool:
    common = common_passwords()
    return key in common or key.translate(_LEET) in common


def _is_pattern(key: str) -> bool:
    """One repeated character or short chunk, or a walk along a sequence (3 characters or more)."""
    if len(key) < 3:
        return False
    period = _period(key)
    if period < MIN_LENGTH and period <= len(key) // 2:
        return True  # "aaaaaaaaaa", "abcabcabcabc", "bonjour!bonjour!"
    steps = {ord(b) - ord(a) for a, b in pairwise(key)}
    if steps in ({1}, {-1}):
        return True  # consecutive code points, in any script: "αβγδεζηθικ", "zyxwvuts"
    return any(_walks_along(key, row) for row in _SEQUENCES)


def _walks_along(key: str, row: str) -> bool:
    """True when ``key`` takes one step at a time along ``row``, always the same way."""
    if any(char not in row for char in key):
        return False
    places = [row.index(char) for char in key]
    steps = {(b - a) % len(row) for a, b in pairwise(places)}
    return steps in ({1}, {len(row) - 1})


def _period(text: str) -> int:
    """The length of the shortest chunk whose repetition spells ``text`` (maybe cut short)."""
    for size in range(1, len(text)):
        if all(text[i] == text[i - size] for i in range(size, len(text))):
            return size
    return len(text)


def _is_predictable_affix(affix: str) -> bool:
    return len(affix) <= _SHORT_AFFIX or _is_pattern(affix) or _is_common(affix)


def _contains_personal_words(key: str, email: str | None, display_name: str | None) -> bool:
    words = []
    if email and "@" in email:
        local = email.rpartition("@")[0]
        words += [local, local.partition("+")[0]]
    if display_name:
        words.append(display_name)
    keys = {_comparison_key(word) for word in words}
    return any(len(word) >= 4 and word in key for word in keys)
