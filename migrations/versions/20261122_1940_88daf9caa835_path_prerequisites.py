"""path prerequisites

Optional prerequisites in learning paths: ``path_prerequisites`` (a course of a path opens
once the earlier courses it names are completed), and ``enrolments.is_direct`` (a course
followed on its own is never locked by a path's prerequisites). See docs/architecture.md,
*Authoring courses* and *Learning*, and docs/data-model.md.

Existing course enrolments get ``is_direct = false``: no rule exists before this revision, so
nobody is locked by it.

Revision ID: 88daf9caa835
Revises: a7c3e9d41f28
Create Date: 2026-11-22 19:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "88daf9caa835"
down_revision = "a7c3e9d41f28"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "path_prerequisites",
        sa.Column("path_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False, comment="The course that waits"),
        sa.Column(
            "requires_course_id",
            sa.Integer(),
            nullable=False,
            comment="The course to complete first",
        ),
        sa.CheckConstraint(
            "course_id <> requires_course_id", name=op.f("ck_path_prerequisites_not_itself")
        ),
        sa.ForeignKeyConstraint(
            ["path_id", "course_id"],
            ["path_courses.path_id", "path_courses.course_id"],
            name="fk_path_prerequisites_entry",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["path_id", "requires_course_id"],
            ["path_courses.path_id", "path_courses.course_id"],
            name="fk_path_prerequisites_required_entry",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "path_id", "course_id", "requires_course_id", name=op.f("pk_path_prerequisites")
        ),
    )
    with op.batch_alter_table("path_prerequisites", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_path_prerequisites_requires_course_id"),
            ["requires_course_id"],
            unique=False,
        )
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "is_direct",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
                comment="Course enrolments: asked for the course itself, not only through a "
                "path (the path's prerequisites then do not lock it)",
            )
        )


def downgrade():
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.drop_column("is_direct")
    with op.batch_alter_table("path_prerequisites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_path_prerequisites_requires_course_id"))
    op.drop_table("path_prerequisites")
