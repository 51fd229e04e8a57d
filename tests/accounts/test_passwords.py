"""The password policy (length first, common passwords refused) and hashing."""

from __future__ import annotations

import pytest

from dclic.accounts import passwords
from dclic.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)

TOO_SHORT = "Use at least 10 characters."
TOO_LONG = "Use at most 256 characters."
COMMON = "This password is too common: choose another one."
PATTERN = "Avoid repetitions and simple sequences such as 123456 or abcdef."
PERSONAL = "Don't use your e-mail address or your name in your password."


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery",
        "ma tante cuisine le riz au gras",
        "Kp8vTz3qWm",  # ten random characters
        "8357294618",  # ten random digits
        "love19283746501",  # a common word, but with many unpredictable digits
        "كلمة السر طويلة جدا",  # Arabic
        "Գաղտնաբառ երկար է",  # Armenian
        "🐘🦒🦓🐊🦛🐆🦁🐃🐪🦘",  # ten emoji, ten code points
        "日本語のパスワードです",  # Japanese
        "Ñandú-ñoño-2009",
        "x" * 9 + "é",  # repetition broken at the end: still a real choice
    ],
)
def test_long_enough_uncommon_passwords_are_accepted(password):
    assert password_problems(password) == []


@pytest.mark.parametrize(
    ("password", "problems"),
    [
        ("Kp8vTz3qW", [TOO_SHORT]),  # 9 characters
        ("Kp8vTz3qWm", []),  # 10
        ("", [TOO_SHORT]),
        ("🐘🦒🦓🐊🦛🐆🦁🐃🐪", [TOO_SHORT]),  # 9 emoji
        ("Kp8vTz3qWe\u0301", []),  # 11 code points as typed, 10 after NFC
        ("Kp8vTz3qe\u0301", [TOO_SHORT]),  # 10 code points as typed, 9 after NFC
    ],
)
def test_length_counts_unicode_characters_after_nfc(password, problems):
    assert password_problems(password) == problems


def test_256_characters_is_the_longest_password():
    longest = ("Kp8vTz3qWmRb" * 30)[:256]  # a period of 12: not a short repetition
    assert password_problems(longest) == []
    assert password_problems(longest + "x") == [TOO_LONG]


def test_a_too_long_password_gets_only_the_length_message():
    assert password_problems("a" * 100_000) == [TOO_LONG]


@pytest.mark.parametrize(
    "password",
    [
        "password",
        "Password",
        "PASSWORD",
        "password123",
        "Password2024!",
        "123password",
        "P@ssw0rd!!",
        "qwertyuiop",
        "QwErTyUiOp",
        "1234567890",
        "iloveyou2",
        "football!!",
        "sunshine123",
    ],
)
def test_common_passwords_are_refused_whatever_the_case(password):
    assert COMMON in password_problems(password)


@pytest.mark.parametrize(
    "password",
    [
        "azertyuiop",
        "AZERTY123!",
        "motdepasse",
        "Mot de passe",
        "mot-de-passe",
        "MotDePasse1",
        "soleil2024",
        "Bonjour123",
        "jetaime2009",
        "Je t'aime!!",
        "doudou1234",
        "chouchou!!",
        "Liberté2024",
        "abidjan225",
        "dclic12345",
    ],
)
def test_common_french_passwords_are_refused(password):
    assert COMMON in password_problems(password)


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaa",
        "1111111111",
        "!!!!!!!!!!!!",
        "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
        "abcabcabcabc",
        "bonjour!bonjour!",
        "Xk9#Xk9#Xk9#",
        "2024202420",
        "abcdefghij",
        "ZYXWVUTSRQ",
        "123456789012",
        "0987654321098",
        "7890123456",
        "qsdfghjklm",
        "wxcvbn1234",
        "αβγδεζηθικ",  # the Greek alphabet
        "abcdefgh2024",
        "aaaaaaaa12",
    ],
)
def test_repetitions_and_sequences_are_refused(password):
    problems = password_problems(password)
    assert problems, password
    assert set(problems) <= {PATTERN, COMMON}


def test_a_short_common_password_gets_both_messages():
    assert password_problems("soleil") == [TOO_SHORT, COMMON]


@pytest.mark.parametrize(
    ("password", "email", "display_name"),
    [
        ("aminata.kone2024", "aminata.kone@example.org", None),
        ("xx-AMINATA.KONE-xx", "aminata.kone@example.org", None),
        ("mon email est aminata", "aminata+dclic@example.org", None),
        ("Aïcha Diallo forever", None, "Aïcha Diallo"),
        ("aichadiallo!!", None, "Aïcha Diallo"),
        ("AICHA-DIALLO-2009", None, "Aïcha Diallo"),
        ("je suis Moussa Traoré", None, "Moussa Traoré"),
    ],
)
def test_the_email_local_part_or_the_name_is_refused(password, email, display_name):
    assert PERSONAL in password_problems(password, email=email, display_name=display_name)


@pytest.mark.parametrize(
    ("password", "email", "display_name"),
    [
        ("correct horse battery", "aminata.kone@example.org", "Aminata Koné"),
        ("ali est parti à Tombouctou", "ali@example.org", "Ali"),  # under 4 characters
        ("example.org is my site", "ali@example.org", None),  # the domain is not personal
        ("un long chemin vers Dakar", None, None),
    ],
)
def test_passwords_without_personal_words_pass_that_rule(password, email, display_name):
    assert PERSONAL not in password_problems(password, email=email, display_name=display_name)


def test_every_rule_can_report_at_once():
    assert password_problems("ali1", email="ali1@example.org") == [TOO_SHORT, PERSONAL]
    assert password_problems("marie2024", email="marie@example.org", display_name="Marie") == [
        TOO_SHORT,
        COMMON,
        PERSONAL,
    ]


def test_the_common_list_is_loaded_once_and_holds_both_lists():
    passwords.common_passwords.cache_clear()
    first = passwords.common_passwords()
    assert passwords.common_passwords() is first
    assert passwords.common_passwords.cache_info().hits >= 1
    assert {"password", "123456", "azertyuiop", "motdepasse", "jetaime"} <= first
    assert passwords.COMMON_LIST_SIZE <= len(first) < passwords.COMMON_LIST_SIZE + 200


def test_the_policy_has_no_composition_rules():
    # Only lower-case letters and spaces, no digit, no capital, no symbol: fine.
    assert password_problems("les mangues de bamako sont sucrees") == []
    assert "NIST SP 800-63B" in passwords.__doc__


# --- hashing (the fast test parameters come from tests/conftest.py) ---------------------------


def test_a_hash_verifies_its_password_only():
    hashed = hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "correct horse battery")
    assert not verify_password(hashed, "correct horse battery!")


def test_no_hash_never_verifies_even_the_dummy_password():
    assert not verify_password(None, "dclic-timing-equaliser")
    assert not verify_password("not a hash", "anything")


def test_a_hash_made_with_other_parameters_needs_a_rehash():
    from argon2 import PasswordHasher

    other = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1).hash("x" * 10)
    assert needs_rehash(other)
    assert not needs_rehash(hash_password("x" * 10))
