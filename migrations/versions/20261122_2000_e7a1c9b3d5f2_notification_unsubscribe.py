"""notification unsubscribe

A notice may carry the path of a one-click unsubscribe of its own (``unsubscribe_link``: a
forum subscription's, for instance); mails show it instead of the kind's. See
docs/architecture.md, *Messages and notifications*.

Revision ID: e7a1c9b3d5f2
Revises: 9d3e51c7a2b4
Create Date: 2026-11-22 20:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e7a1c9b3d5f2"
down_revision = "9d3e51c7a2b4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "unsubscribe_link",
                sa.String(length=500),
                nullable=True,
                comment="Path of a one-click unsubscribe (a subscription's); none: the kind's",
            )
        )


def downgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_column("unsubscribe_link")
