"""mentoring announcements

Mentors' announcements (``announcements``), the history of who mentored which enrolment
(``mentor_assignments``), a mentor's capacity (``mentor_settings.capacity``) and the events of
the shared agendas of courses, paths and groups (``agenda_events``). See
docs/architecture.md, *Mentoring and appointments*, and docs/data-model.md.

Revision ID: e5b1c7a2d904
Revises: 88daf9caa835
Create Date: 2026-11-22 19:55:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e5b1c7a2d904"
down_revision = "88daf9caa835"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "agenda_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "context_type", sa.String(length=10), nullable=False, comment="course, path or group"
        ),
        sa.Column(
            "context_id",
            sa.Integer(),
            nullable=False,
            comment="The course, path or group (no foreign key: it depends on context_type)",
        ),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "place",
            sa.String(length=500),
            server_default="",
            nullable=False,
            comment="A place or a link, optional",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "context_type IN ('course', 'path', 'group')",
            name=op.f("ck_agenda_events_context_type"),
        ),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_agenda_events_period")),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_agenda_events_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_events")),
    )
    with op.batch_alter_table("agenda_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_agenda_events_context", ["context_type", "context_id", "starts_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_agenda_events_author_id"), ["author_id"], unique=False)

    op.create_table(
        "announcements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "author_id", sa.Integer(), nullable=True, comment="The mentor; None once deleted"
        ),
        sa.Column(
            "group_id",
            sa.Integer(),
            nullable=True,
            comment="The group addressed; None: all the author's learners",
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False, comment="Plain text, 3000 characters at most"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_announcements_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_announcements_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcements")),
    )
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_announcements_author_id"), ["author_id"], unique=False)
        batch_op.create_index("ix_announcements_created_at", ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_announcements_group_id"), ["group_id"], unique=False)

    op.create_table(
        "mentor_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=True),
        sa.Column(
            "assigned_by_id",
            sa.Integer(),
            nullable=True,
            comment="Who assigned (the mentor who took the learner from the queue, or an admin)",
        ),
        sa.Column("from_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "until_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="None while the mentor still follows the enrolment",
        ),
        sa.CheckConstraint(
            "until_at IS NULL OR from_at <= until_at", name=op.f("ck_mentor_assignments_period")
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by_id"],
            ["users.id"],
            name=op.f("fk_mentor_assignments_assigned_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolments.id"],
            name=op.f("fk_mentor_assignments_enrolment_id_enrolments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["users.id"],
            name=op.f("fk_mentor_assignments_learner_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["users.id"],
            name=op.f("fk_mentor_assignments_mentor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_assignments")),
    )
    with op.batch_alter_table("mentor_assignments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mentor_assignments_enrolment_id_from_at", ["enrolment_id", "from_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mentor_assignments_learner_id"), ["learner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mentor_assignments_mentor_id"), ["mentor_id"], unique=False
        )

    with op.batch_alter_table("mentor_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "capacity",
                sa.Integer(),
                nullable=True,
                comment="Learners at most taken from the queue (None: no limit)",
            )
        )
        batch_op.create_check_constraint(
            op.f("ck_mentor_settings_capacity"), "capacity IS NULL OR capacity BETWEEN 1 AND 500"
        )


def downgrade():
    with op.batch_alter_table("agenda_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_events_author_id"))
        batch_op.drop_index("ix_agenda_events_context")

    op.drop_table("agenda_events")
    with op.batch_alter_table("mentor_settings", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_mentor_settings_capacity"), type_="check")
        batch_op.drop_column("capacity")

    with op.batch_alter_table("mentor_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentor_assignments_mentor_id"))
        batch_op.drop_index(batch_op.f("ix_mentor_assignments_learner_id"))
        batch_op.drop_index("ix_mentor_assignments_enrolment_id_from_at")

    op.drop_table("mentor_assignments")
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcements_group_id"))
        batch_op.drop_index("ix_announcements_created_at")
        batch_op.drop_index(batch_op.f("ix_announcements_author_id"))

    op.drop_table("announcements")
