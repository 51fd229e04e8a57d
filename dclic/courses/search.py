"""How the catalogue finds courses: the words of a search, full-text on each database, filters.

The text searched is ``Course.search_text``, kept by the model on every write: three lines of
folded words (no accents, no case), one per weight — the title; the keywords, code and
authors; the summary. Each database searches it its own way, with the same results:

* **PostgreSQL**: the generated column ``courses.search_vector`` (``tsvector``, configuration
  ``simple``, the three lines weighted A, B and C) under a GIN index; ranked by ``ts_rank``.
* **SQLite**: the FTS5 table ``courses_fts`` (columns title, keywords, summary; tokenizer
  ``unicode61 remove_diacritics 2``), kept by triggers on ``courses``; ranked by ``bm25``.
* **Anywhere else**, or when the migration could not create these: ``LIKE`` on the folded text
  (correct, slower, unranked).

A search needs every word (stop words aside); the last one also matches as the start of a word
(``secu`` finds ``sécurité``), as people type. See docs/architecture.md, *Catalogue search*.
"""

from __future__ import annotations

import re
import weakref

import sqlalchemy as sa

from dclic.core.db import db
from dclic.courses.models import Course, CourseModule, Step, fold

# Objects the migration creates outside the models (full-text search), left out of the
# comparison of the migrated schema with the models (tests/core/test_migrations.py).
FTS_TABLE = "courses_fts"
SCHEMA_OBJECTS = frozenset(
    {
        ("table", FTS_TABLE),
        *(
            ("table", f"{FTS_TABLE}_{shadow}")
            for shadow in ("config", "content", "data", "docsize", "idx")
        ),
        ("column", "courses.search_vector"),
        ("index", "ix_courses_search_vector"),
    }
)


def outside_models(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's ``include_object``: False for the full-text objects the migrations add
    outside the models, so autogenerate never proposes to drop them."""
    if type_ == "column":
        name = f"{obj.table.name}.{name}"
    return (type_, name) not in SCHEMA_OBJECTS


# Words too common to narrow a search (folded), dropped unless typed last. The 'simple'
# configuration and FTS5 keep every word, so this list is the same on every database.
STOP_WORDS = frozenset(
    {
        # French
        "a", "au", "aux", "avec", "ce", "ces", "cet", "cette", "d", "dans", "de", "des", "du",
        "en", "et", "l", "la", "le", "les", "leur", "leurs", "ma", "mes", "mon", "nos", "notre",
        "ou", "par", "pour", "qu", "que", "qui", "sa", "sans", "se", "ses", "son", "sur", "ta",
        "tes", "ton", "un", "une", "vos", "votre", "y",
        # English
        "an", "and", "at", "by", "for", "from", "in", "is", "of", "on", "or", "the", "to", "with",
        # Arabic, folded
        "في", "من", "على", "الى", "عن",
    }
)  # fmt: skip
# Weights of the three lines (title, keywords…, summary): PostgreSQL's ts_rank gives A, B, C
# 1.0, 0.4 and 0.2; bm25 takes the same proportions.
BM25_WEIGHTS = (5.0, 2.0, 1.0)
_HAS_LETTER_OR_DIGIT = re.compile(r"[^\W_]")

# Duration ranges of the filter, in minutes: (more than, at most); None = no bound.
DURATIONS = {
    "under-1h": (None, 59),
    "1-3h": (59, 180),
    "3-10h": (180, 600),
    "over-10h": (600, None),
}
# What a course contains, judged from its steps: "video" has a video step, "files" a file
# step (document, audio… to download or open); "text" has steps and none of either (text,
# links and activities only: light on data).
FORMATS = ("video", "files", "text")
# The provider filter's value for the courses written here (Course.provider is null).
OUR_PROVIDER = "dclic"


def search_words(q: str | None) -> list[str]:
    """The folded words of a search that count: stop words dropped, unless typed last."""
    words = [w for w in fold(q or "").split() if _HAS_LETTER_OR_DIGIT.search(w)]
    return [w for w in words[:-1] if w not in STOP_WORDS] + words[-1:]


# --- which search each database gets -------------------------------------------------------

_backends: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_DETECT = {
    "postgresql": "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('courses') "
    "AND attname = 'search_vector' AND NOT attisdropped",
    "sqlite": "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'courses_fts'",
}


def full_text_backend() -> str:
    """``postgresql`` or ``sqlite`` when that database's full-text index exists, else
    ``portable``; looked up once per engine."""
    connection = db.session.connection()
    found = _backends.get(connection.engine)
    if found is None:
        dialect = connection.dialect.name
        detect = _DETECT.get(dialect)
        exists = detect is not None and connection.exec_driver_sql(detect).first() is not None
        found = _backends[connection.engine] = dialect if exists else "portable"
    return found


# --- the text search -----------------------------------------------------------------------


def apply_text_search(statement: sa.Select, q: str) -> tuple[sa.Select, sa.ColumnElement | None]:
    """``statement`` narrowed to the courses matching ``q``, and the relevance to order by
    (most relevant first; None when the search is not ranked). ``q`` without a single word
    finds nothing, as a search for ``%`` should."""
    words = search_words(q)
    if not words:
        return statement.where(sa.false()), None
    backend = full_text_backend()
    if backend == "postgresql":
        return _postgresql(statement, words)
    if backend == "sqlite":
        return _sqlite(statement, words)
    return statement.where(portable_condition(words)), None


def _postgresql(statement, words):
    simple = sa.literal_column("'simple'::regconfig")
    last = words[-1].replace("\\", "\\\\").replace("'", "''")
    query = sa.func.to_tsquery(simple, f"'{last}':*")  # the start of the last word
    if len(words) > 1:
        query = sa.func.plainto_tsquery(simple, " ".join(words[:-1])).op("&&")(query)
    vector = sa.literal_column("courses.search_vector")
    return statement.where(vector.op("@@")(query)), sa.func.ts_rank(vector, query).desc()


def _sqlite(statement, words):
    # Each word a quoted FTS5 string (tokenized like the text, so "l'école" is a phrase);
    # the last one also as a prefix. Strings side by side must all match.
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    fts = sa.table(FTS_TABLE, sa.column("rowid"))
    table = sa.literal_column(FTS_TABLE)
    # The matches are found first, once (MATERIALIZED): joined directly, SQLite's planner
    # may walk the courses and ask the index about each one, a thousand times slower.
    hits = (
        sa.select(fts.c.rowid.label("course_id"), sa.func.bm25(table, *BM25_WEIGHTS).label("rank"))
        .where(table.op("MATCH")(" ".join(quoted) + "*"))
        .cte("search_hits")
        .prefix_with("MATERIALIZED")
    )
    return statement.join(hits, hits.c.course_id == Course.id), hits.c.rank.asc()


def portable_condition(words: list[str]):
    """Every word in the course's folded text (LIKE), whatever the database."""
    return sa.and_(
        sa.true(), *(Course.search_text.like(_like_escaped(w), escape="\\") for w in words)
    )


def _like_escaped(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# --- filters -------------------------------------------------------------------------------


def duration_condition(code: str):
    """Courses whose expected time falls in the range ``code`` of DURATIONS."""
    above, at_most = DURATIONS[code]
    conditions = []
    if above is not None:
        conditions.append(Course.duration_minutes > above)
    if at_most is not None:
        conditions.append(Course.duration_minutes <= at_most)
    return sa.and_(*conditions)


def _has_step(*kinds: str):
    # Not a correlated EXISTS: the courses with such a step are listed once (index on
    # course_steps.kind), rather than their steps looked up course by course.
    with_kind = (
        sa.select(CourseModule.course_id)
        .join(Step, Step.module_id == CourseModule.id)
        .where(Step.kind.in_(kinds))
    )
    return Course.id.in_(with_kind)


def format_condition(code: str):
    """Courses of the format ``code`` (see FORMATS)."""
    if code == "video":
        return _has_step("video")
    if code == "files":
        return _has_step("file")
    # Correlated, but without a kind to look up: SQLite follows the course's modules and stops
    # at its first step, for the few courses left once those with videos or files are out.
    has_a_step = sa.exists().where(
        CourseModule.course_id == Course.id, Step.module_id == CourseModule.id
    )
    return sa.and_(~_has_step("video", "file"), has_a_step)


def provider_condition(value: str):
    """Courses of this provider; ``dclic`` for ours."""
    if value == OUR_PROVIDER:
        return Course.provider.is_(None)
    return Course.provider == value
