"""chat

Real-time chat: ``chat_messages`` (one row per message of a room named by its key —
``course:<id>``, ``group:<id>``, ``pair:<mentor>:<learner>``, ``dm:<a>:<b>`` —, indexed for
"messages of a room after id X", with the sender's ``client_id`` unique per author so a
retried send is stored once) and ``chat_reads`` (the newest message each person has seen in
each room, for unread counts). See docs/chat.md.

Revision ID: a2c4e6f8b0d1
Revises: f1b3d5e7a9c2
Create Date: 2026-11-22 20:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a2c4e6f8b0d1"
down_revision = "f1b3d5e7a9c2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "chat_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "room",
            sa.String(length=40),
            nullable=False,
            comment="Room key: course:<id>, group:<id>, pair:<m>:<l>, dm:<a>:<b>",
        ),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column(
            "body",
            sa.Text(),
            nullable=False,
            comment="Plain text, at most 1,000 characters; emptied when deleted",
        ),
        sa.Column(
            "client_id",
            sa.String(length=64),
            nullable=True,
            comment="Sender's id for this message: a retried send is stored once",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "deleted_by_id",
            sa.Integer(),
            nullable=True,
            comment="The moderator who deleted it",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_chat_messages_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["deleted_by_id"],
            ["users.id"],
            name=op.f("fk_chat_messages_deleted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_messages")),
        sa.UniqueConstraint("author_id", "client_id", name="uq_chat_messages_client_id"),
    )
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.create_index("ix_chat_messages_room_id", ["room", "id"], unique=False)

    op.create_table(
        "chat_reads",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("room", sa.String(length=40), nullable=False),
        sa.Column(
            "last_read_id",
            sa.Integer(),
            server_default="0",
            nullable=False,
            comment="Id of the newest message seen",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_chat_reads_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "room", name=op.f("pk_chat_reads")),
    )


def downgrade():
    op.drop_table("chat_reads")
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_chat_messages_room_id")

    op.drop_table("chat_messages")
