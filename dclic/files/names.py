"""File names as sent by browsers, made safe to show and to give back in Content-Disposition."""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 200
_JOINERS = {"\u200c", "\u200d"}  # needed to write Persian, Arabic, Indic scripts right
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
# Names Windows cannot save a file under, whatever the extension.
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)


def _printable(char: str) -> str:
    category = unicodedata.category(char)
    if category in ("Zs", "Zl", "Zp"):
        return " "
    if category.startswith("C") and char not in _JOINERS:
        return ""  # control characters, bidi overrides (U+202E hides a real ending), unassigned
    return char


def clean_name(raw: str | None, extensions: tuple[str, ...]) -> str:
    """A name to show and download under: no folders, controls or reserved characters.

    Unicode is kept (NFC). When the ending does not fit the detected format, the right one is
    added (``cours.exe`` holding a PDF becomes ``cours.exe.pdf``), so a download never opens
    in the wrong program.
    """
    text = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(_printable(char) for char in text)
    text = " ".join(_FORBIDDEN.sub("_", text).split()).strip(" .")
    stem, dot, ending = text.rpartition(".")
    if not dot:
        stem, ending = text, ""
    if ending.lower() not in extensions:
        stem, ending = text, extensions[0]
    stem = stem.strip(" .")[: MAX_LENGTH - len(ending) - 1].rstrip(" .") or "file"
    if _RESERVED.match(stem):
        stem = f"_{stem}"
    return f"{stem}.{ending}"
