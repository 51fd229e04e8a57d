"""The difference between two versions, field by field, word by word for text."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

# Words and the spaces after them stay together, so a diff reads like the text it marks.
_TOKEN = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class FieldDiff:
    """One field of two versions: its values and, for text, the words kept, removed, added."""

    name: str
    before: object
    after: object
    parts: list[tuple[str, str]] = field(default_factory=list)  # (equal|delete|insert, text)

    @property
    def changed(self) -> bool:
        return self.before != self.after


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """``[(op, text)]`` that turns ``before`` into ``after``, op being equal, delete or insert."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    parts: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("equal", "delete", "replace") and i2 > i1:
            parts.append(("equal" if op == "equal" else "delete", "".join(old[i1:i2])))
        if op in ("insert", "replace") and j2 > j1:
            parts.append(("insert", "".join(new[j1:j2])))
    return parts


def compare(fields: tuple[str, ...], before: dict, after: dict) -> list[FieldDiff]:
    """Every field of ``fields`` in ``before`` and ``after`` snapshots, with text diffs."""
    diffs = []
    for name in fields:
        old, new = before.get(name), after.get(name)
        parts = []
        if isinstance(old, str) and isinstance(new, str) and old != new:
            parts = word_diff(old, new)
        diffs.append(FieldDiff(name, old, new, parts))
    return diffs
