"""Values shared by the Dublin Core and LOM models."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LangString:
    """A text in one language (``language`` is a BCP 47 tag, or ``None`` when unknown)."""

    value: str
    language: str | None = None

    def __str__(self) -> str:
        return self.value


def lang_strings(values: Iterable[str | LangString] | str | LangString | None) -> tuple:
    """Coerce a text, a ``LangString`` or an iterable of either to a tuple of ``LangString``."""
    if values is None:
        return ()
    if isinstance(values, str | LangString):
        values = (values,)
    return tuple(v if isinstance(v, LangString) else LangString(str(v)) for v in values)


def strings(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """Coerce a text or an iterable of texts to a tuple of texts."""
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    return tuple(values)


def pick(texts: Iterable[LangString], languages: Iterable[str] = ()) -> str:
    """The first text in the first preferred language, else the first text, else ``""``."""
    texts = tuple(texts)
    for language in languages:
        for text in texts:
            if text.language and text.language.lower().startswith(language.lower()):
                return text.value
    return texts[0].value if texts else ""
