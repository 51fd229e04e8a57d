"""files

Revision ID: c0b378bd60ac
Revises: 5b0c1d2e3f40
Create Date: 2026-11-22 17:02:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c0b378bd60ac"
down_revision = "5b0c1d2e3f40"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stored_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "sha256",
            sa.String(length=64),
            nullable=False,
            comment="SHA-256 of the content (hex): its name on disk",
        ),
        sa.Column("size", sa.BigInteger(), nullable=False, comment="In bytes"),
        sa.Column(
            "media_type",
            sa.String(length=100),
            nullable=False,
            comment="Detected from the content, never from the name",
        ),
        sa.Column(
            "kind", sa.String(length=10), nullable=False, comment="image, document, audio or video"
        ),
        sa.Column(
            "original_name",
            sa.String(length=255),
            nullable=False,
            comment="Sent name, cleaned, Unicode kept; the download name",
        ),
        sa.Column(
            "width", sa.Integer(), nullable=True, comment="Images: pixels, upright (EXIF applied)"
        ),
        sa.Column(
            "height", sa.Integer(), nullable=True, comment="Images: pixels, upright (EXIF applied)"
        ),
        sa.Column(
            "is_public",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment="Readable by anyone, signed in or not (cover images, the logo)",
        ),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "variants",
            sa.JSON(),
            server_default=sa.text("'[]'"),
            nullable=False,
            comment="Images: resized copies [{width, height, media_type, sha256, size}]",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('image', 'document', 'audio', 'video')", name=op.f("ck_stored_files_kind")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_stored_files_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_files")),
    )
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stored_files_sha256"), ["sha256"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stored_files_uploaded_by_id"), ["uploaded_by_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stored_files_uploaded_by_id"))
        batch_op.drop_index(batch_op.f("ix_stored_files_sha256"))

    op.drop_table("stored_files")
