"""oai

OAI-PMH: the records ``/oai`` exposes (``oai_records``, tombstones included, and their sets
in ``oai_record_sets``) and the harvester's ``harvest_sources``, ``harvest_runs`` and
``harvested_records``. See docs/oai-pmh.md, *The dclic side*, and docs/data-model.md.

The flush listener of ``dclic.oai.tracker`` only sees changes, so this migration gives each
published course of ours and each published path a record now (datestamp: the migration's).

Revision ID: c345fb611641
Revises: f0931484bec1
Create Date: 2026-11-22 18:30:00

"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c345fb611641"
down_revision = "f0931484bec1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "harvest_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "name",
            sa.String(length=100),
            nullable=False,
            comment="Provider name shown in the catalogue",
        ),
        sa.Column(
            "base_url", sa.String(length=500), nullable=False, comment="The repository's base URL"
        ),
        sa.Column("metadata_prefix", sa.String(length=10), nullable=False, comment="lom or oai_dc"),
        sa.Column(
            "set_spec",
            sa.String(length=200),
            nullable=True,
            comment="Harvest only this set (and its subsets)",
        ),
        sa.Column(
            "schedule",
            sa.String(length=10),
            server_default="manual",
            nullable=False,
            comment="manual, daily, weekly",
        ),
        sa.Column(
            "harvested_until",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="responseDate of the last successful harvest: the next one asks from there",
        ),
        sa.Column(
            "next_number",
            sa.Integer(),
            server_default="1",
            nullable=False,
            comment="n of the next course code EXT-<id>-<n>",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "metadata_prefix IN ('lom', 'oai_dc')", name=op.f("ck_harvest_sources_metadata_prefix")
        ),
        sa.CheckConstraint(
            "schedule IN ('manual', 'daily', 'weekly')", name=op.f("ck_harvest_sources_schedule")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_harvest_sources")),
        sa.UniqueConstraint("name", name=op.f("uq_harvest_sources_name")),
    )
    op.create_table(
        "oai_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "local_identifier",
            sa.String(length=60),
            nullable=False,
            comment="After oai:<repository id>: — the course code, or path:<code> for a path",
        ),
        sa.Column("kind", sa.String(length=10), nullable=False, comment="course or path"),
        sa.Column(
            "object_id",
            sa.Integer(),
            nullable=False,
            comment="courses.id or learning_paths.id; no foreign key: the tombstone outlives the row",
        ),
        sa.Column(
            "datestamp",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="Last change of the record's metadata, sets or deletion",
        ),
        sa.Column(
            "is_deleted",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment="No longer published (or deleted)",
        ),
        sa.CheckConstraint("kind IN ('course', 'path')", name=op.f("ck_oai_records_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oai_records")),
        sa.UniqueConstraint("kind", "object_id", name="uq_oai_records_kind_object_id"),
        sa.UniqueConstraint("local_identifier", name=op.f("uq_oai_records_local_identifier")),
    )
    op.create_index(
        "ix_oai_records_datestamp_local_identifier",
        "oai_records",
        ["datestamp", "local_identifier"],
    )
    op.create_table(
        "oai_record_sets",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("spec", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["oai_records.id"],
            name=op.f("fk_oai_record_sets_record_id_oai_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", "spec", name=op.f("pk_oai_record_sets")),
    )
    op.create_index(op.f("ix_oai_record_sets_spec"), "oai_record_sets", ["spec"])
    op.create_table(
        "harvest_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column(
            "status", sa.String(length=10), nullable=False, comment="running, succeeded or failed"
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True, comment="Wall time of the whole run"),
        sa.Column(
            "harvested_from",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="The from argument sent; null: everything",
        ),
        sa.Column(
            "response_date",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="responseDate of the repository's first answer",
        ),
        sa.Column("new_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updated_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("deleted_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "skipped_count",
            sa.Integer(),
            server_default="0",
            nullable=False,
            comment="Unchanged, unreadable, or deletions of unknowns",
        ),
        sa.Column(
            "error_count",
            sa.Integer(),
            server_default="0",
            nullable=False,
            comment="Records that could not become a course",
        ),
        sa.Column(
            "requests", sa.Integer(), server_default="0", nullable=False, comment="HTTP requests"
        ),
        sa.Column(
            "message",
            sa.Text(),
            server_default="",
            nullable=False,
            comment="Why it failed, or notes",
        ),
        sa.CheckConstraint(
            "status IN ('running', 'succeeded', 'failed')", name=op.f("ck_harvest_runs_status")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["harvest_sources.id"],
            name=op.f("fk_harvest_runs_source_id_harvest_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_harvest_runs")),
    )
    op.create_index(
        "ix_harvest_runs_source_id_started_at", "harvest_runs", ["source_id", "started_at"]
    )
    op.create_table(
        "harvested_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column(
            "oai_identifier", sa.String(length=500), nullable=False, comment="The remote identifier"
        ),
        sa.Column("course_id", sa.Integer(), nullable=True),
        sa.Column(
            "datestamp",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="The remote datestamp last applied",
        ),
        sa.Column(
            "is_deleted",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment="Deleted at the source",
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_harvested_records_course_id_courses"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["harvest_sources.id"],
            name=op.f("fk_harvested_records_source_id_harvest_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_harvested_records")),
        sa.UniqueConstraint(
            "source_id", "oai_identifier", name="uq_harvested_records_source_id_oai_identifier"
        ),
    )
    op.create_index(op.f("ix_harvested_records_course_id"), "harvested_records", ["course_id"])
    _record_what_is_published()


def _record_what_is_published():
    """A record for each published course (ours) and path already there."""
    connection = op.get_bind()
    records = sa.table(
        "oai_records",
        sa.column("id", sa.Integer),
        sa.column("local_identifier", sa.String),
        sa.column("kind", sa.String),
        sa.column("object_id", sa.Integer),
        sa.column("datestamp", sa.DateTime(timezone=True)),
        sa.column("is_deleted", sa.Boolean),
    )
    record_sets = sa.table("oai_record_sets", sa.column("record_id"), sa.column("spec"))
    courses = sa.table(
        "courses", *(sa.column(n) for n in ("id", "code", "status", "provider", "domain"))
    )
    paths = sa.table("learning_paths", *(sa.column(n) for n in ("id", "code", "status")))
    path_courses = sa.table("path_courses", sa.column("path_id"), sa.column("course_id"))
    now = datetime.now(UTC)
    if connection.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)  # stored as naive UTC, like the app's UTCDateTime
    published_paths = {
        row.id: row.code
        for row in connection.execute(
            sa.select(paths.c.id, paths.c.code).where(paths.c.status == "published")
        )
    }
    in_paths: dict[int, list[str]] = {}
    for path_id, course_id in connection.execute(sa.select(path_courses)):
        if path_id in published_paths:
            in_paths.setdefault(course_id, []).append(published_paths[path_id])
    items = [
        (
            "course",
            row.id,
            row.code,
            {f"domain:{row.domain}"} | {f"path:{c}" for c in in_paths.get(row.id, [])},
        )
        for row in connection.execute(
            sa.select(courses.c.id, courses.c.code, courses.c.domain).where(
                courses.c.status == "published", courses.c.provider.is_(None)
            )
        )
    ]
    items += [
        ("path", pid, f"path:{code}", {f"path:{code}"}) for pid, code in published_paths.items()
    ]
    for kind, object_id, local, sets in items:
        connection.execute(
            records.insert().values(
                local_identifier=local,
                kind=kind,
                object_id=object_id,
                datestamp=now,
                is_deleted=False,
            )
        )
        record_id = connection.execute(
            sa.select(records.c.id).where(records.c.local_identifier == local)
        ).scalar_one()
        connection.execute(
            record_sets.insert(), [{"record_id": record_id, "spec": spec} for spec in sorted(sets)]
        )


def downgrade():
    op.drop_index(op.f("ix_harvested_records_course_id"), table_name="harvested_records")
    op.drop_table("harvested_records")
    op.drop_index("ix_harvest_runs_source_id_started_at", table_name="harvest_runs")
    op.drop_table("harvest_runs")
    op.drop_index(op.f("ix_oai_record_sets_spec"), table_name="oai_record_sets")
    op.drop_table("oai_record_sets")
    op.drop_index("ix_oai_records_datestamp_local_identifier", table_name="oai_records")
    op.drop_table("oai_records")
    op.drop_table("harvest_sources")
