"""Courses, learning paths and the ordered list of courses of each path."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dclic.accounts.models import TRACKS  # A: initiation; M: digital careers
from dclic.core.db import UTCDateTime, db, utcnow

# Allowed codes; their translated labels live in dclic.courses.labels.
LANGUAGES = ("fr", "en", "ar")
LEVELS = ("beginner", "intermediate", "advanced")
STATUSES = ("draft", "published", "archived")
DEFAULT_LICENCE = "CC BY-SA 4.0"


def one_of(column: str, codes: tuple[str, ...]) -> sa.CheckConstraint:
    """A CHECK that ``column`` holds one of ``codes`` (portable to SQLite and PostgreSQL)."""
    listed = ", ".join(f"'{code}'" for code in codes)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=column)


def fold(text: str) -> str:
    """``text`` without accents nor case, for the portable search (``Sécurité`` → ``securite``)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


class Publishable:
    """Columns shared by what editors write and publish: a status and its timestamps."""

    status: Mapped[str] = mapped_column(
        sa.String(20),
        default="draft",
        server_default="draft",
        index=True,
        comment="draft, published or archived",
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="Last time it was published"
    )


class Course(Publishable, db.Model):
    """A self-contained course of the catalogue, identified by a stable public code."""

    __tablename__ = "courses"
    __table_args__ = (
        one_of("language", LANGUAGES),
        one_of("level", LEVELS),
        one_of("track", TRACKS),
        one_of("status", STATUSES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(
        sa.String(40), unique=True, comment="Stable public code, e.g. DCLIC-WEB-001; never reused"
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    language: Mapped[str] = mapped_column(
        sa.String(8), default="fr", server_default="fr", comment="Language the course is taught in"
    )
    level: Mapped[str] = mapped_column(sa.String(20), comment="beginner, intermediate or advanced")
    track: Mapped[str] = mapped_column(sa.String(1), comment="A: initiation, M: careers")
    domain: Mapped[str] = mapped_column(
        sa.String(40), comment="Subject area as a slug: web, marketing, bureautique…"
    )
    duration_minutes: Mapped[int] = mapped_column(comment="Expected learning time")
    licence: Mapped[str] = mapped_column(
        sa.String(60), default=DEFAULT_LICENCE, server_default=DEFAULT_LICENCE
    )
    keywords: Mapped[str] = mapped_column(
        sa.String(500), default="", server_default="", comment="Comma-separated"
    )
    search_text: Mapped[str] = mapped_column(
        sa.Text,
        default="",
        server_default="",
        comment="Title, summary and keywords without accents nor case, for the text search",
    )

    # Every path that lists this course, whatever its status (see published_paths).
    paths: Mapped[list[LearningPath]] = relationship(
        secondary="path_courses",
        viewonly=True,
        order_by="LearningPath.title",
        back_populates="courses",
    )

    # The content an editor writes, kept in each version (see dclic.history).
    __versioned__ = (
        "title",
        "summary",
        "language",
        "level",
        "track",
        "domain",
        "duration_minutes",
        "licence",
        "keywords",
    )
    __audited__ = ("code", *__versioned__, "status")

    def __repr__(self) -> str:
        return f"<Course {self.code} {self.status}>"

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    @property
    def published_paths(self) -> list[LearningPath]:
        return [path for path in self.paths if path.is_published]

    def refresh_search_text(self) -> None:
        self.search_text = fold(
            " ".join([self.title or "", self.summary or "", self.keywords or ""])
        )


@sa.event.listens_for(Course, "before_insert")
@sa.event.listens_for(Course, "before_update")
def _index_course(mapper, connection, course: Course) -> None:
    # Whoever writes the course (service, seed, later an import), the search text follows.
    course.refresh_search_text()


class LearningPath(Publishable, db.Model):
    """An ordered set of courses leading to a goal, free or tutored by a mentor."""

    __tablename__ = "learning_paths"
    __table_args__ = (one_of("track", TRACKS), one_of("status", STATUSES))

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(
        sa.String(40), unique=True, comment="Stable public code, e.g. DCLIC-PATH-WEB; never reused"
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    track: Mapped[str] = mapped_column(sa.String(1), comment="A: initiation, M: careers")
    is_tutored: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false(), comment="Followed with a mentor, not alone"
    )

    entries: Mapped[list[PathCourse]] = relationship(
        back_populates="path",
        order_by="PathCourse.position",
        cascade="all, delete-orphan",
    )
    # The same courses, read-only, in path order.
    courses: Mapped[list[Course]] = relationship(
        secondary="path_courses",
        viewonly=True,
        order_by="PathCourse.position",
        back_populates="paths",
    )

    __versioned__ = ("title", "summary", "track", "is_tutored")
    __audited__ = ("code", *__versioned__, "status")

    def __repr__(self) -> str:
        return f"<LearningPath {self.code} {self.status}>"

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def published_entries(self) -> list[PathCourse]:
        """The steps a visitor may see: those whose course is published, in order."""
        return [entry for entry in self.entries if entry.course.is_published]


class PathCourse(db.Model):
    """A course's place in a learning path."""

    __tablename__ = "path_courses"

    path_id: Mapped[int] = mapped_column(
        sa.ForeignKey("learning_paths.id", ondelete="CASCADE"), primary_key=True
    )
    course_id: Mapped[int] = mapped_column(
        sa.ForeignKey("courses.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(comment="Order in the path, from 1")
    is_required: Mapped[bool] = mapped_column(
        default=True, server_default=sa.true(), comment="False for an optional course"
    )

    path: Mapped[LearningPath] = relationship(back_populates="entries")
    course: Mapped[Course] = relationship()

    __audited__ = ("position", "is_required")

    def __repr__(self) -> str:
        return f"<PathCourse path={self.path_id} course={self.course_id} #{self.position}>"
