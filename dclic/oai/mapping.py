"""How a harvested record becomes the fields of a catalogue course.

The :mod:`oai_pmh` package reads LOM or Dublin Core into one neutral
:class:`~oai_pmh.CatalogueEntry`; here it is fitted to a course (lengths, vocabularies), with
a sensible default wherever the source says nothing (see docs/oai-pmh.md, *Harvester*).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

from dclic.courses.labels import DOMAIN_LABELS
from dclic.courses.models import LANGUAGES, fold
from dclic.courses.validation import MAX_DURATION_MINUTES, SLUG_PATTERN
from dclic.oai.repository import domain_labels
from oai_pmh.metadata import LomRecord

PREFERRED_LANGUAGES = ("fr", "en", "ar")
DEFAULT_DOMAIN = "divers"
DEFAULT_MINUTES = 60
UNKNOWN_LICENCE = "Voir la source"
LEVELS = {
    "very easy": "beginner",
    "easy": "beginner",
    "medium": "intermediate",
    "difficult": "advanced",
    "very difficult": "advanced",
}
_CC_URL = re.compile(r"creativecommons\.org/licenses/([a-z-]+)/(\d\.\d)", re.IGNORECASE)


def _cut(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word to at most ``limit`` characters."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _joined(values, separator: str, limit: int, forbidden: str) -> str:
    """As many of ``values`` as fit in ``limit`` characters, joined."""
    kept: list[str] = []
    for value in values:
        value = " ".join(value.replace(forbidden, " ").split())
        if value and len(separator.join([*kept, value])) <= limit:
            kept.append(value)
    return separator.join(kept)


def _language(languages, default: str) -> str:
    for tag in languages:
        primary = tag.split("-")[0].strip().lower()
        if primary in LANGUAGES:
            return primary
    return default if default in LANGUAGES else LANGUAGES[0]


def _level(metadata) -> str:
    if isinstance(metadata, LomRecord):
        for educational in metadata.educational:
            if educational.difficulty is not None:
                return LEVELS.get(educational.difficulty.value.lower(), "beginner")
    return "beginner"


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:40].rstrip("-")


def _known_domains() -> dict[str, str]:
    """Folded labels (and slugs) of the known domains → their slug."""
    known = {}
    for slug in DOMAIN_LABELS:
        known[slug] = slug
        for label in domain_labels(slug).values():
            known[fold(label)] = slug
    return known


def _disciplines(metadata) -> tuple[list[str], list[str]]:
    """The ids and the labels of the taxa a LOM record is classified under as a discipline."""
    ids, labels = [], []
    if isinstance(metadata, LomRecord):
        for classification in metadata.classifications:
            if getattr(classification.purpose, "value", "") != "discipline":
                continue
            for path in classification.taxon_paths:
                for taxon in path.taxa[-1:]:
                    ids.append(taxon.id)
                    labels += [text.value for text in taxon.entry]
    return [i for i in ids if i], [label for label in labels if label]


def _domain(entry, metadata) -> str:
    """A known domain named by the classification or a keyword, else the classification's
    own (its label rather than its code), else ``divers``."""
    known = _known_domains()
    ids, labels = _disciplines(metadata)
    for text in [*ids, *labels, *entry.keywords]:
        slug = known.get(fold(text)) or known.get(_slug(text))
        if slug:
            return slug
    for text in [*labels, *ids]:
        if SLUG_PATTERN.match(_slug(text)):
            return _slug(text)
    return DEFAULT_DOMAIN


def _minutes(learning_time) -> int:
    if learning_time is None:
        return DEFAULT_MINUTES
    minutes = round(learning_time.total_seconds() / 60)
    return min(max(minutes, 1), MAX_DURATION_MINUTES)


def _licence(text: str) -> str:
    """The licence's name: ``CC BY-SA 4.0`` for a Creative Commons deed's address, else the
    text before our " — <address>" (see dclic.oai.lom.licence_text)."""
    text = " ".join((text or "").split())
    match = _CC_URL.search(text)
    if match:
        return f"CC {match.group(1).upper()} {match.group(2)}"
    return _cut(text.split(" — ")[0].strip(), 60) or UNKNOWN_LICENCE


def course_values(entry, metadata, config) -> dict:
    """The course fields of a harvested entry (``metadata``: its LomRecord or DublinCore)."""
    level = _level(metadata)
    title = _cut(entry.title, 200)
    return {
        "title": title,
        "summary": (entry.description or "").strip()[:5000] or title,
        "language": _language(entry.languages, config["DCLIC_DEFAULT_LOCALE"]),
        "level": level,
        "track": "A" if level == "beginner" else "M",
        "domain": _domain(entry, metadata),
        "duration_minutes": _minutes(entry.learning_time),
        "licence": _licence(entry.licence),
        "keywords": _joined(entry.keywords, ", ", 500, ","),
        "authors": _joined(entry.authors, "; ", 500, ";"),
    }


def link_back(entry, base_url: str, metadata_prefix: str) -> str:
    """The course's page at the source, else its GetRecord address."""
    url = entry.url or ""
    parts = urlsplit(url) if len(url) <= 2000 else None
    if parts and parts.scheme in ("http", "https") and parts.netloc and " " not in url:
        return url
    query = urlencode(
        {"verb": "GetRecord", "metadataPrefix": metadata_prefix, "identifier": entry.identifier}
    )
    return f"{base_url}{'&' if '?' in base_url else '?'}{query}"[:2000]
