"""catalogue search

Full-text search of the catalogue (PostgreSQL: a weighted ``tsvector`` generated column under
a GIN index; SQLite: an FTS5 table kept by triggers), the columns of harvested courses
(``provider``, ``source_url``) and the indexes of the catalogue's filters. See
docs/architecture.md, *Catalogue search*.

Revision ID: f0931484bec1
Revises: ce5789357f0e
Create Date: 2026-11-22 18:00:00

"""

import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f0931484bec1"
down_revision = "ce5789357f0e"
branch_labels = None
depends_on = None

SEARCH_TEXT_COMMENT = "Title / keywords, code, authors / summary without accents nor case, 3 lines"
OLD_SEARCH_TEXT_COMMENT = (
    "Title, summary and keywords without accents nor case, for the text search"
)
# The catalogue's indexes, also declared on the models (dclic/courses/models.py).
COURSE_INDEXES = {
    "ix_courses_catalogue": ["status", "title", "id"],
    "ix_courses_filters": [
        "status",
        "provider",
        "domain",
        "track",
        "level",
        "language",
        "duration_minutes",
    ],
}
STEP_INDEXES = {"ix_course_steps_kind_module_id": ["kind", "module_id"]}

# PostgreSQL: the three lines of search_text, weighted A (title), B (keywords, code, authors)
# and C (summary); 'simple' keeps every word as written (already folded), in any language.
PG_VECTOR = " || ".join(
    f"setweight(to_tsvector('simple'::regconfig, split_part(search_text, E'\\n', {n})), '{w}')"
    for n, w in ((1, "A"), (2, "B"), (3, "C"))
)


def _sqlite_lines(row: str) -> tuple[str, str, str]:
    """The three lines of ``row``.search_text as SQLite expressions (a missing one is empty)."""
    text = f"{row}.search_text"
    rest = f"substr({text}, instr({text}, char(10)) + 1)"
    return (
        f"substr({text}, 1, instr({text}, char(10)) - 1)",
        f"substr({rest}, 1, instr({rest}, char(10)) - 1)",
        f"substr({rest}, instr({rest}, char(10)) + 1)",
    )


def _sqlite_insert(row: str) -> str:
    title, keywords, summary = _sqlite_lines(row)
    # Built from the constants above only: no value from outside reaches this DDL.
    return (
        "INSERT INTO courses_fts (rowid, title, keywords, summary) "  # noqa: S608
        f"VALUES ({row}.id, {title}, {keywords}, {summary});"
    )


SQLITE_FTS = [
    # A table of its own (not external content): deleting by rowid needs no old values.
    "CREATE VIRTUAL TABLE courses_fts USING fts5(title, keywords, summary, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    f"CREATE TRIGGER courses_fts_insert AFTER INSERT ON courses BEGIN {_sqlite_insert('new')} END",
    "CREATE TRIGGER courses_fts_delete AFTER DELETE ON courses BEGIN "
    "DELETE FROM courses_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER courses_fts_update AFTER UPDATE OF id, search_text ON courses BEGIN "  # noqa: S608
    f"DELETE FROM courses_fts WHERE rowid = old.id; {_sqlite_insert('new')} END",
    # The courses already there.
    "INSERT INTO courses_fts (rowid, title, keywords, summary) SELECT id, {}, {}, {} "  # noqa: S608
    "FROM courses".format(*_sqlite_lines("courses")),
]


def _fold(text):
    """The model's fold(): no accents, no case, single spaces (a copy: no app code here)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _refold_search_text(connection) -> None:
    # The new layout, one line per weight. The summary is folded as written (Markdown marks
    # are not words to either index); the next save stores its plain text.
    courses = sa.table(
        "courses",
        *(sa.column(name) for name in ("id", "title", "keywords", "code", "authors", "summary")),
        sa.column("search_text"),
    )
    rows = connection.execute(
        sa.select(courses.c.id, courses.c.title, courses.c.keywords, courses.c.code).add_columns(
            courses.c.authors, courses.c.summary
        )
    ).all()
    for row in rows:
        lines = (
            row.title,
            f"{row.keywords or ''} {row.code or ''} {row.authors or ''}",
            row.summary,
        )
        connection.execute(
            courses.update()
            .where(courses.c.id == row.id)
            .values(search_text="\n".join(_fold(line) for line in lines))
        )


def _sqlite_has_fts5(connection) -> bool:
    return bool(
        connection.exec_driver_sql("SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar()
    )


def upgrade():
    connection = op.get_bind()
    dialect = connection.dialect.name
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "provider",
                sa.String(length=100),
                nullable=True,
                comment="Catalogue the course comes from; null: written here",
            )
        )
        batch_op.add_column(
            sa.Column(
                "source_url",
                sa.String(length=2000),
                nullable=True,
                comment="The course's page in the catalogue it comes from",
            )
        )
        for name, columns in COURSE_INDEXES.items():
            batch_op.create_index(name, columns, unique=False)
    with op.batch_alter_table("course_steps", schema=None) as batch_op:
        for name, columns in STEP_INDEXES.items():
            batch_op.create_index(name, columns, unique=False)

    _refold_search_text(connection)
    if dialect == "postgresql":
        op.alter_column(
            "courses",
            "search_text",
            existing_type=sa.Text(),
            comment=SEARCH_TEXT_COMMENT,
            existing_comment=OLD_SEARCH_TEXT_COMMENT,
            existing_nullable=False,
            existing_server_default="",
        )
        op.execute(
            f"ALTER TABLE courses ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({PG_VECTOR}) STORED"
        )
        op.execute("CREATE INDEX ix_courses_search_vector ON courses USING gin (search_vector)")
    elif dialect == "sqlite" and _sqlite_has_fts5(connection):
        for statement in SQLITE_FTS:
            op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_courses_search_vector")
        op.execute("ALTER TABLE courses DROP COLUMN IF EXISTS search_vector")
        op.alter_column(
            "courses",
            "search_text",
            existing_type=sa.Text(),
            comment=OLD_SEARCH_TEXT_COMMENT,
            existing_comment=SEARCH_TEXT_COMMENT,
            existing_nullable=False,
            existing_server_default="",
        )
    elif dialect == "sqlite":
        for trigger in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS courses_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS courses_fts")
    for name in STEP_INDEXES:
        op.drop_index(name, table_name="course_steps")
    for name in COURSE_INDEXES:
        op.drop_index(name, table_name="courses")
    # Not in batch mode: on SQLite that would copy "courses" into a new table, which the
    # foreign keys of paths and enrolments forbid. SQLite ≥ 3.35 drops a column in place.
    op.drop_column("courses", "source_url")
    op.drop_column("courses", "provider")
