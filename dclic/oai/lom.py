"""Courses and learning paths described in IEEE LOM (the ``lom`` format; ``oai_dc`` is derived
from it with :func:`oai_pmh.metadata.lom_to_dc`).

Pure functions: the repository loads a page of courses or paths and what their records need
(:class:`CourseFacts`, :class:`PathFacts`) in a few queries, then maps each one here. The
mapping, field by field, is in docs/oai-pmh.md (*The dclic side*). Vocabulary values are
those of LOMv1.0, so the records are also valid against lomStrict.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from dclic.core.richtext import plain_text
from dclic.courses.models import Course, LearningPath
from dclic.oai.models import course_identifier, path_identifier
from oai_pmh.metadata import (
    Classification,
    Contribution,
    Educational,
    General,
    LangString,
    LifeCycle,
    LomIdentifier,
    LomRecord,
    MetaMetadata,
    Relation,
    Rights,
    Taxon,
    TaxonPath,
    Technical,
    VCard,
)

DIFFICULTIES = {"beginner": "easy", "intermediate": "medium", "advanced": "difficult"}
# LOMv1.0 learningResourceType of each kind of step; activities by their type.
RESOURCE_TYPES = {
    "text": "narrative text",
    "file": "narrative text",
    "link": "narrative text",
    "video": "lecture",
}
ACTIVITY_RESOURCE_TYPES = {"quiz": "self assessment", "exam": "exam"}
# The learner's page of a step is HTML; files and uploaded videos add their own types.
PAGE_FORMAT = "text/html"
TYPICAL_AGE_RANGE = "13-"  # LOM's notation for "13 and over" (the platform's minimum age)
PUBLISHER_NAME = "OIF / D-CLIC"
PUBLISHER_ORGANIZATION = "Organisation internationale de la Francophonie"
_CC = re.compile(r"^CC[ -](BY(?:-(?:NC|SA|ND))*) (\d\.\d)$", re.IGNORECASE)


@dataclass(frozen=True)
class Context:
    """What every record of a response shares."""

    repository_identifier: str  # oai-identifier's repositoryIdentifier, e.g. dclic.example.org
    site_name: str
    base_url: str  # DCLIC_BASE_URL
    course_url: Callable[[str], str]
    path_url: Callable[[str], str]
    domain_labels: Callable[[str], dict[str, str]]  # slug → {language: label}

    def oai_identifier(self, local: str) -> str:
        return f"oai:{self.repository_identifier}:{local}"


@dataclass(frozen=True)
class CourseFacts:
    """What a course's record needs beyond its own columns."""

    formats: tuple[str, ...] = (PAGE_FORMAT,)
    size: int | None = None  # bytes of its files and announced videos, when any is known
    resource_types: tuple[str, ...] = ("narrative text",)
    has_activities: bool = False
    version: int | None = None  # number of its newest saved version (dclic.history)
    path_codes: tuple[str, ...] = ()  # the published paths listing it


@dataclass(frozen=True)
class PathFacts:
    """A path's published courses, in order, and its version."""

    courses: tuple[Course, ...] = ()
    version: int | None = None


def licence_text(licence: str) -> str:
    """The licence, with the deed's address for Creative Commons ones."""
    match = _CC.match(licence.strip())
    if match:
        kind, version = match.group(1).lower(), match.group(2)
        return f"{licence} — https://creativecommons.org/licenses/{kind}/{version}/"
    if licence.strip().upper() == "CC0":
        return f"{licence} — https://creativecommons.org/publicdomain/zero/1.0/"
    return licence


def _text(markdown: str) -> str:
    return html.unescape(plain_text(markdown or ""))


def _authors(course: Course) -> list[str]:
    return [name.strip() for name in (course.authors or "").split(";") if name.strip()]


def _publisher(context: Context) -> VCard:
    return VCard(
        full_name=PUBLISHER_NAME, organization=PUBLISHER_ORGANIZATION, url=context.base_url
    )


def _life_cycle(context: Context, authors, published: datetime | None, version) -> LifeCycle:
    day = published.date() if published else None
    contributions = [Contribution("author", (VCard(name),), day) for name in authors]
    contributions.append(Contribution("publisher", (_publisher(context),), day))
    return LifeCycle(
        version=[LangString(str(version))] if version else (),
        status="revised" if version and version > 1 else "final",
        contributions=contributions,
    )


def _meta(context: Context, local: str, language: str, datestamp: datetime) -> MetaMetadata:
    creator = VCard(full_name=context.site_name, organization=context.site_name)
    return MetaMetadata(
        identifiers=(LomIdentifier("URI", context.oai_identifier(local)),),
        contributions=(Contribution("creator", (creator,), datestamp),),
        language=language,
    )


def _discipline(context: Context, domains) -> Classification:
    source = LangString(f"{context.site_name} — domains", "en")
    taxon_paths = [
        TaxonPath(
            source=source,
            taxa=(
                Taxon(
                    domain,
                    [
                        LangString(label, lang)
                        for lang, label in context.domain_labels(domain).items()
                    ],
                ),
            ),
        )
        for domain in domains
    ]
    return Classification("discipline", taxon_paths=taxon_paths)


def _rights(licences, language: str | None) -> Rights:
    text = "; ".join(licence_text(licence) for licence in dict.fromkeys(licences) if licence)
    return Rights(
        cost=False,
        copyright_and_other_restrictions=True,
        description=[LangString(text, language)] if text else (),
    )


def _identifiers(context: Context, url: str, local: str) -> tuple[LomIdentifier, ...]:
    return (LomIdentifier("URI", url), LomIdentifier(context.repository_identifier, local))


def course_lom(course: Course, facts: CourseFacts, context: Context, datestamp) -> LomRecord:
    """The LOM record of a published course."""
    language, url = course.language, context.course_url(course.code)
    title = LangString(course.title, language)
    educational = Educational(
        interactivity_type="mixed" if facts.has_activities else "expositive",
        learning_resource_types=facts.resource_types,
        intended_end_user_roles=("learner",),
        contexts=("training",),
        typical_age_ranges=[LangString(TYPICAL_AGE_RANGE, "en")],
        difficulty=DIFFICULTIES.get(course.level),
        typical_learning_time=timedelta(minutes=course.duration_minutes),
        languages=(language,),
    )
    return LomRecord(
        general=General(
            identifiers=_identifiers(context, url, course_identifier(course.code)),
            title=[title],
            languages=(language,),
            description=[LangString(_text(course.summary), language)] if course.summary else (),
            keywords=[LangString(word, language) for word in course.keyword_list],
            structure="hierarchical",
            aggregation_level="3",  # a course (2 would be a lesson, 4 a set of courses)
        ),
        life_cycle=_life_cycle(context, _authors(course), course.published_at, facts.version),
        meta_metadata=_meta(context, course_identifier(course.code), language, datestamp),
        technical=Technical(formats=facts.formats, size=facts.size, locations=(url,)),
        educational=(educational,),
        rights=_rights([course.licence], None),
        relations=[
            Relation(
                "ispartof", (LomIdentifier("URI", context.oai_identifier(path_identifier(code))),)
            )
            for code in facts.path_codes
        ],
        classifications=(_discipline(context, [course.domain]),),
    )


def path_lom(path: LearningPath, facts: PathFacts, context: Context, datestamp) -> LomRecord:
    """The LOM record of a published learning path: a set of courses, each a ``haspart``."""
    courses = facts.courses
    languages = tuple(dict.fromkeys(course.language for course in courses)) or ("fr",)
    language, url = languages[0], context.path_url(path.code)
    minutes = sum(course.duration_minutes for course in courses)
    authors = list(dict.fromkeys(name for course in courses for name in _authors(course)))
    educational = Educational(
        intended_end_user_roles=("learner",),
        contexts=("training",),
        typical_age_ranges=[LangString(TYPICAL_AGE_RANGE, "en")],
        typical_learning_time=timedelta(minutes=minutes) if minutes else None,
        languages=languages,
    )
    local = path_identifier(path.code)
    return LomRecord(
        general=General(
            identifiers=_identifiers(context, url, local),
            title=[LangString(path.title, language)],
            languages=languages,
            description=[LangString(_text(path.summary), language)] if path.summary else (),
            structure="linear",
            aggregation_level="4",  # a set of courses
        ),
        life_cycle=_life_cycle(context, authors, path.published_at, facts.version),
        meta_metadata=_meta(context, local, language, datestamp),
        technical=Technical(formats=(PAGE_FORMAT,), locations=(url,)),
        educational=(educational,),
        rights=_rights([course.licence for course in courses], None),
        relations=[
            Relation(
                "haspart",
                (LomIdentifier("URI", context.oai_identifier(course_identifier(course.code))),),
            )
            for course in courses
        ],
        classifications=(
            (_discipline(context, dict.fromkeys(c.domain for c in courses)),) if courses else ()
        ),
    )
