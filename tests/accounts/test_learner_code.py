"""Learner codes: format, alphabet, the check symbol's guarantees, tolerant reading."""

from __future__ import annotations

import random
import re

import pytest

from dclic.accounts import learner_code
from dclic.accounts.learner_code import (
    ALPHABET,
    check_symbol,
    is_valid_learner_code,
    learner_code_prefix,
    new_learner_code,
    normalize_learner_code,
)

CANONICAL = re.compile(r"^[{0}]{{3}}-[{0}]{{3}}-[{0}]{{3}}$".format("23456789ACDEFHJKMNPRTWX"))
VALID = "K7M-4XT-R9M"


def random_codes(n: int, seed: int = 2026) -> list[str]:
    """``n`` valid codes without hyphens, reproducible (``secrets`` can't be seeded)."""
    rng = random.Random(seed)
    bodies = ("".join(rng.choice(ALPHABET) for _ in range(8)) for _ in range(n))
    return [body + check_symbol(body) for body in bodies]


# --- format and alphabet ----------------------------------------------------------------------


def test_a_new_code_is_three_groups_of_three_symbols_of_the_alphabet():
    for _ in range(200):
        code = new_learner_code()
        assert CANONICAL.match(code), code
        assert len(code) == learner_code.DISPLAY_LENGTH == 11


def test_a_new_code_is_valid_and_already_canonical():
    for _ in range(200):
        code = new_learner_code()
        assert is_valid_learner_code(code)
        assert normalize_learner_code(code) == code


def test_new_codes_differ():
    codes = {new_learner_code() for _ in range(2000)}
    assert len(codes) == 2000


def test_the_alphabet_leaves_out_every_look_alike():
    for confusing in "0O1IL" + "BSZG" + "UVYQ":
        assert confusing not in ALPHABET
    assert "".join(sorted(set(ALPHABET))) == ALPHABET  # no symbol twice
    assert ALPHABET.isascii() and ALPHABET.isupper()


def test_the_alphabet_size_is_prime_so_the_check_is_exact():
    size = len(ALPHABET)
    assert size == 23
    assert all(size % d for d in range(2, size))


def test_random_symbols_use_the_whole_alphabet():
    seen = set("".join(new_learner_code() for _ in range(500)).replace("-", ""))
    assert seen == set(ALPHABET)


def test_the_code_space_makes_collisions_rare_at_a_million_learners():
    # Documented in the module: 23⁸ ≈ 7.8 × 10¹⁰ codes, odds ≈ 1.3 × 10⁻⁵ per new code.
    space = len(ALPHABET) ** learner_code.RANDOM_LENGTH
    assert 7.8e10 < space < 7.9e10
    assert 1e6 / space < 1.3e-5
    expected_collisions = 1e6**2 / (2 * space)
    assert 6 < expected_collisions < 7
    assert "7.8 × 10¹⁰" in learner_code.__doc__ and "1.3 × 10⁻⁵" in learner_code.__doc__


# --- the check symbol ---------------------------------------------------------------------------


def test_every_single_substitution_is_detected():
    codes = random_codes(1500)
    tried = 0
    for code in codes:
        assert is_valid_learner_code(code)
        for position in range(len(code)):
            for symbol in ALPHABET:
                if symbol != code[position]:
                    wrong = code[:position] + symbol + code[position + 1 :]
                    assert not is_valid_learner_code(wrong), (code, wrong)
                    tried += 1
    assert tried == 1500 * 9 * 22


def test_every_adjacent_transposition_is_detected():
    tried = 0
    for code in random_codes(3000, seed=7):
        for i in range(len(code) - 1):
            if code[i] != code[i + 1]:
                swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
                assert not is_valid_learner_code(swapped), (code, swapped)
                tried += 1
    assert tried > 3000 * 7


def test_even_distant_transpositions_are_detected():
    for code in random_codes(1000, seed=11):
        for i in range(len(code)):
            for j in range(i + 2, len(code)):
                if code[i] != code[j]:
                    swapped = code[:i] + code[j] + code[i + 1 : j] + code[i] + code[j + 1 :]
                    assert not is_valid_learner_code(swapped), (code, swapped)


def test_exactly_one_check_symbol_completes_a_body():
    for code in random_codes(200, seed=3):
        body = code[:8]
        completions = [s for s in ALPHABET if is_valid_learner_code(body + s)]
        assert completions == [code[8]]


def test_a_code_with_a_wrong_check_symbol_is_refused():
    assert is_valid_learner_code(VALID)
    for symbol in ALPHABET.replace("M", ""):
        assert normalize_learner_code(VALID[:-1] + symbol) is None


def test_check_symbol_refuses_a_body_that_is_not_eight_symbols_of_the_alphabet():
    for body in ("K7M4XTR", "K7M4XTR99", "K7M4XTR0", "k7m4xtr9"):
        with pytest.raises(ValueError):
            check_symbol(body)


# --- tolerant reading ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "K7M-4XT-R9M",
        "k7m-4xt-r9m",
        "K7M4XTR9M",
        "k7m4xtr9m",
        "  K7M 4XT R9M  ",
        "K7M - 4XT - R9M",
        "K-7-M-4-X-T-R-9-M",
        "K7M--4XT--R9M",
        "K7M.4XT.R9M",
        "K7M–4XT—R9M",  # en and em dashes, as word processors type them
        "K7M\u00a04XT\u202fR9M",  # no-break spaces, as copied from a page
        "Ｋ７Ｍ－４ＸＴ－Ｒ９Ｍ",  # full-width forms
        "K٧M-٤XT-R٩M",  # Arabic-Indic digits
    ],
)
def test_sloppy_input_reads_as_the_canonical_code(typed):
    assert normalize_learner_code(typed) == VALID
    assert is_valid_learner_code(typed)


def test_letters_that_look_like_digits_read_as_those_digits():
    body = "85K26MN3"
    code = body + check_symbol(body)
    canonical = f"{code[:3]}-{code[3:6]}-{code[6:]}"
    # B S Z G are never in a code: typed, they stand for the 8 5 2 6 they look like.
    assert normalize_learner_code("BSK" + "ZGM" + "N3" + code[-1]) == canonical
    assert normalize_learner_code("bsk-zgm-n3" + code[-1].lower()) == canonical


@pytest.mark.parametrize("unknown", ["0", "O", "1", "I", "L", "U", "V", "Y", "Q", "é", "*"])
def test_a_character_never_found_in_a_code_is_refused_not_guessed(unknown):
    typed = VALID[:4] + unknown + VALID[5:]
    assert normalize_learner_code(typed) is None


@pytest.mark.parametrize(
    "text",
    ["", "   ", "---", "K7M-4XT-R9", "K7M-4XT-R9M-2", "K7M4XTR9MM", "learner", None, 12345],
)
def test_text_that_cannot_be_a_code_gives_none(text):
    assert normalize_learner_code(text) is None
    assert not is_valid_learner_code(text)


def test_a_partly_typed_code_gives_a_canonical_prefix_for_search():
    assert learner_code_prefix("k7m 4x") == "K7M-4X"
    assert learner_code_prefix("K7M") == "K7M"
    assert learner_code_prefix("k7m4") == "K7M-4"
    assert learner_code_prefix("k7m-4xt-r9m") == VALID
    assert VALID.startswith(learner_code_prefix("k7m 4x"))


@pytest.mark.parametrize("text", ["", " - ", "K7O", "K7M4XTR9M2", None])
def test_no_prefix_for_text_that_cannot_start_a_code(text):
    assert learner_code_prefix(text) is None
