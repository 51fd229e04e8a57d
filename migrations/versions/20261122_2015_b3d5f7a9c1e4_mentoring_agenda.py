"""mentoring agenda

Editing and cancelling shared-agenda events and virtual class sessions (``sequence`` for
``agenda_events``, ``cancelled_at`` and ``cancel_reason`` for both), the reason given when
a mentor is named (``mentor_assignments.reason``) and the due day of an enrolment
(``enrolments.due_on``), shown in the learner's agenda. See docs/architecture.md,
*Mentoring and appointments*.

Revision ID: b3d5f7a9c1e4
Revises: a2c4e6f8b0d1
Create Date: 2026-11-22 20:15:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b3d5f7a9c1e4"
down_revision = "a2c4e6f8b0d1"
branch_labels = None
depends_on = None


def _cancellation_columns():
    return [
        sa.Column(
            "cancelled_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="None while it takes place",
        ),
        sa.Column(
            "cancel_reason",
            sa.String(length=500),
            server_default="",
            nullable=False,
            comment="Given when cancelling",
        ),
    ]


def upgrade():
    with op.batch_alter_table("agenda_events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "sequence",
                sa.Integer(),
                server_default="0",
                nullable=False,
                comment="iCalendar SEQUENCE: grows with every change",
            )
        )
        for column in _cancellation_columns():
            batch_op.add_column(column)
    with op.batch_alter_table("class_sessions", schema=None) as batch_op:
        for column in _cancellation_columns():
            batch_op.add_column(column)
    with op.batch_alter_table("mentor_assignments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "reason",
                sa.String(length=500),
                server_default="",
                nullable=False,
                comment="Why this mentor was named",
            )
        )
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "due_on",
                sa.Date(),
                nullable=True,
                comment="The day the learner should have finished by (set by a mentor or admin)",
            )
        )


def downgrade():
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.drop_column("due_on")
    with op.batch_alter_table("mentor_assignments", schema=None) as batch_op:
        batch_op.drop_column("reason")
    with op.batch_alter_table("class_sessions", schema=None) as batch_op:
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("cancelled_at")
    with op.batch_alter_table("agenda_events", schema=None) as batch_op:
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("cancelled_at")
        batch_op.drop_column("sequence")
