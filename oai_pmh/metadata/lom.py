"""The IEEE LOM (1484.12.1) model: the categories and elements a course catalogue needs.

Dataclasses are frozen and hold tuples; constructors accept plain texts where a
``LangString`` or a ``Vocabulary`` is expected (``structure="hierarchical"``), so building a
record from application data stays short. Serialization lives in ``lom_xml``, reading in
``lom_parse``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from oai_pmh.metadata.common import LangString, lang_strings, strings
from oai_pmh.metadata.vcard import VCard

LOM_V1 = "LOMv1.0"


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A vocabulary value, ``<source>LOMv1.0</source><value>…</value>`` by default."""

    value: str
    source: str = LOM_V1


@dataclass(frozen=True, slots=True)
class LomIdentifier:
    """A catalog (e.g. ``URI``, ``ISBN`` or a repository name) and an entry within it."""

    catalog: str
    entry: str


def _vocab(value: Vocabulary | str | None) -> Vocabulary | None:
    if value is None or isinstance(value, Vocabulary):
        return value
    return Vocabulary(str(value))


def _vocabs(values: Any) -> tuple[Vocabulary, ...]:
    if values is None:
        return ()
    if isinstance(values, str | Vocabulary):
        values = (values,)
    return tuple(_vocab(value) for value in values)  # type: ignore[misc]


_COERCE = {
    "LangStrings": lang_strings,
    "Strings": strings,
    "Vocab": _vocab,
    "Vocabs": _vocabs,
    "Tuple": lambda values: tuple(values or ()),
}


def _coerce(instance: object) -> None:
    """Apply each field's coercion, named by ``metadata={"coerce": …}`` on the field."""
    for spec in fields(instance):  # type: ignore[arg-type]
        kind = spec.metadata.get("coerce")
        if kind:
            object.__setattr__(instance, spec.name, _COERCE[kind](getattr(instance, spec.name)))


# Field metadata naming the coercion ``_coerce`` applies after construction.
_LANGS = {"coerce": "LangStrings"}
_TEXTS = {"coerce": "Strings"}
_VOCAB = {"coerce": "Vocab"}
_VOCABS = {"coerce": "Vocabs"}
_TUPLE = {"coerce": "Tuple"}


@dataclass(frozen=True, slots=True)
class Contribution:
    """A contribution (lifeCycle 2.3, metaMetadata 3.2): a role, vCard entities, a date."""

    role: Vocabulary | str
    entities: tuple[VCard, ...] = field(default=(), metadata=_TUPLE)
    date: date | datetime | None = None

    def __post_init__(self) -> None:
        _coerce(self)
        object.__setattr__(self, "role", _vocab(self.role))


@dataclass(frozen=True, slots=True)
class General:
    """LOM 1 General."""

    identifiers: tuple[LomIdentifier, ...] = field(default=(), metadata=_TUPLE)
    title: tuple[LangString, ...] = field(default=(), metadata=_LANGS)
    languages: tuple[str, ...] = field(default=(), metadata=_TEXTS)
    description: tuple[LangString, ...] = field(default=(), metadata=_LANGS)
    keywords: tuple[LangString, ...] = field(default=(), metadata=_LANGS)
    structure: Vocabulary | None = field(default=None, metadata=_VOCAB)
    aggregation_level: Vocabulary | None = field(default=None, metadata=_VOCAB)

    def __post_init__(self) -> None:
        _coerce(self)


@dataclass(frozen=True, slots=True)
class LifeCycle:
    """LOM 2 Life Cycle."""

    version: tuple[LangString, ...] = field(default=(), metadata=_LANGS)
    status: Vocabulary | None = field(default=None, metadata=_VOCAB)
    contributions: tuple[Contribution, ...] = field(default=(), metadata=_TUPLE)

    def __post_init__(self) -> None:
        _coerce(self)


@dataclass(frozen=True, slots=True)
class MetaMetadata:
    """LOM 3 Meta-Metadata (about this metadata record itself)."""

    identifiers: tuple[LomIdentifier, ...] = field(default=(), metadata=_TUPLE)
    contributions: tuple[Contribution, ...] = field(default=(), metadata=_TUPLE)
    metadata_schemas: tuple[str, ...] = field(default=(LOM_V1,), metadata=_TEXTS)
    language: str | None = None

    def __post_init__(self) -> None:
        _coerce(self)


@dataclass(frozen=True, slots=True)
class Technical:
    """LOM 4 Technical: MIME types, size in octets, locations (URLs)."""

    formats: tuple[str, ...] = field(default=(), metadata=_TEXTS)
    size: int | None = None
    locations: tuple[str, ...] = field(default=(), metadata=_TEXTS)

    def __post_init__(self) -> None:
        _coerce(self)
        if self.size is not None and self.size < 0:
            raise ValueError("technical size cannot be negative")


@dataclass(frozen=True, slots=True)
class Educational:
    """LOM 5 Educational. ``typical_learning_time`` is a ``timedelta`` or an ISO 8601 text."""

    interactivity_type: Vocabulary | None = field(default=None, metadata=_VOCAB)
    learning_resource_types: tuple[Vocabulary, ...] = field(default=(), metadata=_VOCABS)
    intended_end_user_roles: tuple[Vocabulary, ...] = field(default=(), metadata=_VOCABS)
    contexts: tuple[Vocabulary, ...] = field(default=(), metadata=_VOCABS)
    typical_age_ranges: tuple[LangString, ...] = field(default=(), metadata=_LANGS)
    difficulty: Vocabulary | None = field(default=None, metadata=_VOCAB)
    typical_learning_time: timedelta | str | None = None
    description: tuple[LangString, ...] = field(default=(), metadata=_LANGS)
    languages: tuple[str, ...] = field(default=(), metadata=_TEXTS)

    def __post_init__(self) -> None:
        _coerce(self)


@dataclass(frozen=True, slots=True)
class Rights:
    """LOM 6 Rights; ``description`` carries the licence (e.g. "CC BY-SA 4.0" and its URL)."""

    cost: bool | None = None
    copyright_and_other_restrictions: bool | None = None
    description: tuple[LangString, ...] = field(default=(), metadata=_LANGS)

    def __post_init__(self) -> None:
        _coerce(self)


@dataclass(frozen=True, slots=True)
class Relation:
    """LOM 7 Relation: a kind (``ispartof``, ``haspart``…) and the related resource."""

    kind: Vocabulary | str
    resource_identifiers: tuple[LomIdentifier, ...] = field(default=(), metadata=_TUPLE)
    resource_description: tuple[LangString, ...] = field(default=(), metadata=_LANGS)

    def __post_init__(self) -> None:
        _coerce(self)
        object.__setattr__(self, "kind", _vocab(self.kind))


@dataclass(frozen=True, slots=True)
class Taxon:
    """One step of a taxon path: an id in the taxonomy and its label."""

    id: str
    entry: tuple[LangString, ...] = field(default=(), metadata=_LANGS)

    def __post_init__(self) -> None:
        _coerce(self)


@dataclass(frozen=True, slots=True)
class TaxonPath:
    """A path from the root of a taxonomy (``source``) to a taxon."""

    source: tuple[LangString, ...] = field(default=(), metadata=_LANGS)
    taxa: tuple[Taxon, ...] = field(default=(), metadata=_TUPLE)

    def __post_init__(self) -> None:
        _coerce(self)


@dataclass(frozen=True, slots=True)
class Classification:
    """LOM 9 Classification, e.g. purpose ``discipline`` with a taxon path."""

    purpose: Vocabulary | str
    taxon_paths: tuple[TaxonPath, ...] = field(default=(), metadata=_TUPLE)
    description: tuple[LangString, ...] = field(default=(), metadata=_LANGS)
    keywords: tuple[LangString, ...] = field(default=(), metadata=_LANGS)

    def __post_init__(self) -> None:
        _coerce(self)
        object.__setattr__(self, "purpose", _vocab(self.purpose))


@dataclass(frozen=True, slots=True)
class LomRecord:
    """A LOM instance: one object per category; educational, relation and classification repeat."""

    general: General = General()
    life_cycle: LifeCycle | None = None
    meta_metadata: MetaMetadata | None = None
    technical: Technical | None = None
    educational: tuple[Educational, ...] = field(default=(), metadata=_TUPLE)
    rights: Rights | None = None
    relations: tuple[Relation, ...] = field(default=(), metadata=_TUPLE)
    classifications: tuple[Classification, ...] = field(default=(), metadata=_TUPLE)

    def __post_init__(self) -> None:
        _coerce(self)
