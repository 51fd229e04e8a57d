"""Every user-facing string is marked for translation, and French and Arabic are complete."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.checkers import python_format
from babel.messages.pofile import read_po
from jinja2 import Environment

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(ROOT.glob("dclic/**/templates/**/*.html"))
TAG = re.compile(r"<[^>]*>", re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)
ENTITY = re.compile(r"&[#\w]+;")
LETTER = re.compile(r"[^\W\d_]")
TEXT_ATTRIBUTE = re.compile(
    r"""\b(alt|title|placeholder|aria-label|label)\s*=\s*["']([^"'{]*)["']""", re.I
)


def untranslated_text(source: str) -> list[str]:
    """Literal text of a template that is outside every Jinja expression or block."""
    # Keep the HTML, replace each Jinja token by a mark that is not a letter, then read the
    # text between tags and the text attributes.
    parts = []
    for _, token, value in Environment(extensions=["jinja2.ext.i18n"]).lex(source):
        parts.append(value if token == "data" else "§")
    html = COMMENT.sub("", "".join(parts)).replace("§§", "§")
    found = [text for _, text in TEXT_ATTRIBUTE.findall(html) if LETTER.search(text)]
    for text in TAG.split(html):
        text = ENTITY.sub("", text).strip()
        if LETTER.search(text):
            found.append(text)
    return found


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_hold_no_text_outside_translation_calls(template):
    assert untranslated_text(template.read_text()) == []


def test_the_checker_catches_untranslated_text_and_attributes():
    assert untranslated_text("<p>Bonjour</p>") == ["Bonjour"]
    assert untranslated_text('<img alt="Logo">') == ["Logo"]
    assert untranslated_text("<p>{{ _('Bonjour') }}</p><a href='/x'>{{ n }}</a>") == []


def flash_calls_with_literal_text():
    offenders = []
    for path in ROOT.glob("dclic/**/*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "flash"
                and node.args
                and isinstance(node.args[0], ast.Constant | ast.JoinedStr | ast.BinOp)
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return offenders


def test_flash_messages_are_always_translated():
    assert flash_calls_with_literal_text() == []


def extract(tmp_path) -> Path:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            Path(sys.executable).parent / "pybabel", "-q", "extract",
            "-F", "babel.cfg", "-k", "lazy_gettext", "-k", "_l", "-o", str(pot), ".",
        ],
        cwd=ROOT,
        check=True,
    )  # fmt: skip
    return pot


def msgids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def test_the_committed_template_catalog_is_up_to_date(tmp_path):
    assert msgids(extract(tmp_path)) == msgids(ROOT / "translations" / "messages.pot"), (
        "run scripts/translations to extract new strings and update the catalogs"
    )


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_french_and_arabic_translate_every_message(language):
    template = msgids(ROOT / "translations" / "messages.pot")
    with (ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    missing, broken = [], []
    for message in catalog:
        if not message.id or (message.id not in template and message.id[0] not in template):
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id)
            continue
        try:
            python_format(catalog, message)
        except Exception as exc:
            broken.append(f"{message.id}: {exc}")
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert missing == []
    assert broken == []
    assert template <= translated
