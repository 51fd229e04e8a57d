"""content history and audit checkpoints

Revision ID: 5b0c1d2e3f40
Revises: e941f88c963d
Create Date: 2026-11-22 17:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5b0c1d2e3f40"
down_revision = "e941f88c963d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "content_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "object_type", sa.String(length=60), nullable=False, comment="Table of the content"
        ),
        sa.Column("object_id", sa.Integer(), nullable=False, comment="Primary key of the content"),
        sa.Column(
            "number", sa.Integer(), nullable=False, comment="1 for the first save, then 2, 3…"
        ),
        sa.Column("snapshot", sa.JSON(), nullable=False, comment="{field: value} after this save"),
        sa.Column(
            "changed_fields",
            sa.JSON(),
            nullable=False,
            comment="Fields that differ from the version before",
        ),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column(
            "author_name", sa.String(length=200), nullable=False, comment="The author's name then"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "was_published",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment="This content was published at some point: the purge keeps it",
        ),
        sa.Column(
            "restored_from",
            sa.Integer(),
            nullable=True,
            comment="Number of the version this save brought back, if it was a restore",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_content_versions_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_versions")),
        sa.UniqueConstraint(
            "object_type",
            "object_id",
            "number",
            name="uq_content_versions_number",
        ),
    )
    op.create_index(
        op.f("ix_content_versions_author_id"), "content_versions", ["author_id"], unique=False
    )
    op.create_index(
        "ix_content_versions_created_at", "content_versions", ["created_at"], unique=False
    )
    op.create_table(
        "audit_checkpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "older_than",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="Rows that occurred before this moment were purged",
        ),
        sa.Column(
            "purged_through_id",
            sa.BigInteger(),
            nullable=False,
            comment="Id of the last purged row: every row up to it is gone",
        ),
        sa.Column(
            "purged_count", sa.Integer(), nullable=False, comment="Rows deleted by this purge"
        ),
        sa.Column(
            "last_hash",
            sa.String(length=64),
            nullable=False,
            comment="Hash of the last purged row: the next row's prev_hash",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_checkpoints")),
    )


def downgrade():
    op.drop_table("audit_checkpoints")
    op.drop_index("ix_content_versions_created_at", table_name="content_versions")
    op.drop_index(op.f("ix_content_versions_author_id"), table_name="content_versions")
    op.drop_table("content_versions")
