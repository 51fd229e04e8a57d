"""mentoring follow-up

The mentors' follow-up of their learners: notes on a learner (``mentor_notes``), virtual
class sessions for a group (``class_sessions``) and who attended them
(``class_session_attendance``). See docs/architecture.md, *Mentoring and appointments*, and
docs/data-model.md.

Revision ID: a7c3e9d41f28
Revises: bf9e86322bd8
Create Date: 2026-11-22 19:35:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7c3e9d41f28"
down_revision = "bf9e86322bd8"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "class_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column(
            "organizer_id",
            sa.Integer(),
            nullable=True,
            comment="The mentor or trainer who scheduled it",
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("meeting_url", sa.String(length=500), nullable=False, comment="The video room"),
        sa.Column(
            "sequence",
            sa.Integer(),
            server_default="0",
            nullable=False,
            comment="iCalendar SEQUENCE: grows with every change",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_class_sessions_period")),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_class_sessions_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organizer_id"],
            ["users.id"],
            name=op.f("fk_class_sessions_organizer_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_sessions")),
    )
    with op.batch_alter_table("class_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_class_sessions_group_id_starts_at", ["group_id", "starts_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_class_sessions_organizer_id"), ["organizer_id"], unique=False
        )

    op.create_table(
        "mentor_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column(
            "author_id", sa.Integer(), nullable=True, comment="None once the author is deleted"
        ),
        sa.Column("body", sa.Text(), nullable=False, comment="Plain text, 2000 characters at most"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_mentor_notes_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["users.id"],
            name=op.f("fk_mentor_notes_learner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_notes")),
    )
    with op.batch_alter_table("mentor_notes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mentor_notes_learner_id_created_at", ["learner_id", "created_at"], unique=False
        )

    op.create_table(
        "class_session_attendance",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("is_present", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True, comment="Who recorded it last"),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_class_session_attendance_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["class_sessions.id"],
            name=op.f("fk_class_session_attendance_session_id_class_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_class_session_attendance_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "user_id", name=op.f("pk_class_session_attendance")),
    )
    with op.batch_alter_table("class_session_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_class_session_attendance_user_id"), ["user_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("class_session_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_class_session_attendance_user_id"))

    op.drop_table("class_session_attendance")
    with op.batch_alter_table("mentor_notes", schema=None) as batch_op:
        batch_op.drop_index("ix_mentor_notes_learner_id_created_at")

    op.drop_table("mentor_notes")
    with op.batch_alter_table("class_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_class_sessions_organizer_id"))
        batch_op.drop_index("ix_class_sessions_group_id_starts_at")

    op.drop_table("class_sessions")
