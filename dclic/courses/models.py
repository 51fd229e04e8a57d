"""Courses, learning paths and the ordered list of courses of each path."""

from __future__ import annotations

import html
import unicodedata
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dclic.accounts.models import TRACKS  # A: initiation; M: digital careers
from dclic.core.db import UTCDateTime, db, utcnow
from dclic.core.richtext import plain_text

# Allowed codes; their translated labels live in dclic.courses.labels.
LANGUAGES = ("fr", "en", "ar")
# What a step holds: written text, a file to read or download, a link to another site, a video
# (with a transcript or summary for low bandwidth), or an activity of a later module (quiz…).
STEP_KINDS = ("text", "file", "link", "video", "activity")
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
    authors: Mapped[str] = mapped_column(
        sa.String(500), default="", server_default="", comment="Names of the authors, ';'-separated"
    )
    cover_file_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("stored_files.id", ondelete="SET NULL"), comment="Cover image (public)"
    )
    search_text: Mapped[str] = mapped_column(
        sa.Text,
        default="",
        server_default="",
        comment="Title / keywords, code, authors / summary without accents nor case, 3 lines",
    )
    # Courses harvested from other catalogues (OAI-PMH); ours have neither.
    provider: Mapped[str | None] = mapped_column(
        sa.String(100), comment="Catalogue the course comes from; null: written here"
    )
    source_url: Mapped[str | None] = mapped_column(
        sa.String(2000), comment="The course's page in the catalogue it comes from"
    )

    cover = relationship("StoredFile", lazy="joined")
    modules: Mapped[list[CourseModule]] = relationship(
        back_populates="course", order_by="CourseModule.position", cascade="all, delete-orphan"
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
        "authors",
        "cover_file_id",
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

    @property
    def author_list(self) -> list[str]:
        return [name.strip() for name in self.authors.split(";") if name.strip()]

    @property
    def is_external(self) -> bool:
        """True for a course harvested from another catalogue."""
        return self.provider is not None

    @property
    def source_link(self) -> str | None:
        """The link back to the course in its source catalogue, if it is a web address (a
        harvested value is never trusted to be one)."""
        url = (self.source_url or "").strip()
        return url if url.lower().startswith(("https://", "http://")) else None

    def refresh_search_text(self) -> None:
        # One line per weight of the full-text search (see dclic.courses.search): the title,
        # then the keywords, code and authors, then the summary's words without Markdown.
        lines = (
            self.title or "",
            " ".join([self.keywords or "", self.code or "", self.authors or ""]),
            html.unescape(plain_text(self.summary or "")),  # plain_text keeps &amp; escaped
        )
        self.search_text = "\n".join(fold(line) for line in lines)


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
    # The courses of the same path to complete before this one (all placed before it).
    prerequisites: Mapped[list[PathPrerequisite]] = relationship(
        primaryjoin="and_(PathPrerequisite.path_id == PathCourse.path_id, "
        "PathPrerequisite.course_id == PathCourse.course_id)",
        foreign_keys="[PathPrerequisite.path_id, PathPrerequisite.course_id]",
        back_populates="entry",
        cascade="all, delete-orphan",
    )

    __audited__ = ("position", "is_required")

    def __repr__(self) -> str:
        return f"<PathCourse path={self.path_id} course={self.course_id} #{self.position}>"

    @property
    def prerequisite_ids(self) -> set[int]:
        return {rule.requires_course_id for rule in self.prerequisites}

    @property
    def prerequisite_courses(self) -> list[Course]:
        """The courses to complete before this one, in the path's order."""
        wanted = self.prerequisite_ids
        return [entry.course for entry in self.path.entries if entry.course_id in wanted]


class PathPrerequisite(db.Model):
    """A rule of a path: its course ``course_id`` opens once ``requires_course_id`` is completed.

    Both are courses of the path, the required one placed before (services keep it so: no
    cycle can form); the rows go with either course's place in the path.
    """

    __tablename__ = "path_prerequisites"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["path_id", "course_id"],
            ["path_courses.path_id", "path_courses.course_id"],
            ondelete="CASCADE",
            name="fk_path_prerequisites_entry",
        ),
        sa.ForeignKeyConstraint(
            ["path_id", "requires_course_id"],
            ["path_courses.path_id", "path_courses.course_id"],
            ondelete="CASCADE",
            name="fk_path_prerequisites_required_entry",
        ),
        sa.CheckConstraint("course_id <> requires_course_id", name="not_itself"),
    )

    path_id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(primary_key=True, comment="The course that waits")
    requires_course_id: Mapped[int] = mapped_column(
        primary_key=True, index=True, comment="The course to complete first"
    )

    entry: Mapped[PathCourse] = relationship(
        back_populates="prerequisites",
        primaryjoin="and_(PathPrerequisite.path_id == PathCourse.path_id, "
        "PathPrerequisite.course_id == PathCourse.course_id)",
        foreign_keys="[PathPrerequisite.path_id, PathPrerequisite.course_id]",
    )
    requires_course: Mapped[Course] = relationship(
        primaryjoin="PathPrerequisite.requires_course_id == Course.id",
        foreign_keys="[PathPrerequisite.requires_course_id]",
        viewonly=True,
    )

    __audited__ = ("path_id", "course_id", "requires_course_id")

    def __repr__(self) -> str:
        return (
            f"<PathPrerequisite path={self.path_id} course={self.course_id}"
            f" after={self.requires_course_id}>"
        )


class CourseModule(db.Model):
    """A section of a course: an ordered group of steps."""

    __tablename__ = "course_modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        sa.ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(comment="Order in the course, from 1")
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    course: Mapped[Course] = relationship(back_populates="modules")
    steps: Mapped[list[Step]] = relationship(
        back_populates="module", order_by="Step.position", cascade="all, delete-orphan"
    )

    __versioned__ = ("title", "summary")
    __audited__ = ("course_id", "position", *__versioned__)

    def __repr__(self) -> str:
        return f"<CourseModule {self.course_id}#{self.position} {self.title!r}>"


class Step(db.Model):
    """One thing to read, watch, download or do, in a module."""

    __tablename__ = "course_steps"
    __table_args__ = (one_of("kind", STEP_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(
        sa.ForeignKey("course_modules.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(comment="Order in the module, from 1")
    kind: Mapped[str] = mapped_column(sa.String(10), comment="text, file, link, video or activity")
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(
        sa.Text, default="", server_default="", comment="Markdown written by the author"
    )
    body_html: Mapped[str] = mapped_column(
        sa.Text, default="", server_default="", comment="body rendered and sanitized at save"
    )
    file_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("stored_files.id", ondelete="SET NULL"), comment="file and video steps"
    )
    url: Mapped[str] = mapped_column(
        sa.String(2000), default="", server_default="", comment="link and video steps"
    )
    alternative: Mapped[str] = mapped_column(
        sa.Text,
        default="",
        server_default="",
        comment="Transcript or summary for those who cannot download the video or file",
    )
    media_bytes: Mapped[int | None] = mapped_column(
        sa.BigInteger, comment="Size of an external video, shown before the download"
    )
    duration_minutes: Mapped[int | None] = mapped_column(comment="Expected time for this step")
    activity_type: Mapped[str | None] = mapped_column(
        sa.String(40), comment="activity steps: the module providing it (quiz, assignment…)"
    )
    activity_id: Mapped[int | None] = mapped_column(comment="activity steps: its id there")

    module: Mapped[CourseModule] = relationship(back_populates="steps")
    file = relationship("StoredFile", lazy="joined")

    __versioned__ = (
        "kind",
        "title",
        "body",
        "file_id",
        "url",
        "alternative",
        "media_bytes",
        "duration_minutes",
        "activity_type",
        "activity_id",
    )
    __audited__ = ("module_id", "position", *__versioned__)

    def __repr__(self) -> str:
        return f"<Step {self.module_id}#{self.position} {self.kind} {self.title!r}>"


# Indexes of the catalogue (dclic.courses.search), sized for 10,000 courses: its order; its
# filters (covering: counts and the lists of domains and providers never read the wide rows);
# the courses with a step of a kind. The full-text indexes are made by the migration.
sa.Index("ix_courses_catalogue", Course.status, Course.title, Course.id)
sa.Index(
    "ix_courses_filters",
    Course.status,
    Course.provider,
    Course.domain,
    Course.track,
    Course.level,
    Course.language,
    Course.duration_minutes,
)
sa.Index("ix_course_steps_kind_module_id", Step.kind, Step.module_id)
