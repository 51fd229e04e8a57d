"""messages notifications

Private messages (``conversations``, ``conversation_participants`` with each person's
``last_read_at`` for read receipts, ``messages``) and the notification centre
(``notifications``, ``notification_preferences`` per user and kind, ``notification_digests``:
one row per user and UTC day, so a digest leaves once). See docs/architecture.md,
*Messages and notifications*, and docs/data-model.md.

Revision ID: 9d3e51c7a2b4
Revises: e5b1c7a2d904
Create Date: 2026-11-22 19:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9d3e51c7a2b4"
down_revision = "e5b1c7a2d904"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True, comment="Who started it"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "last_message_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="Time of the newest message (sorts the list)",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_conversations_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
    )
    op.create_table(
        "notification_digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False, comment="UTC day of the digest"),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False, comment="Notifications it listed"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_digests_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_digests")),
        sa.UniqueConstraint("user_id", "day", name="uq_notification_digests_day"),
    )
    op.create_table(
        "notification_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.CheckConstraint(
            "channel IN ('in_app', 'immediate', 'digest', 'off')",
            name=op.f("ck_notification_preferences_channel"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_preferences_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_notification_preferences")),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False, comment="The person notified"),
        sa.Column(
            "kind", sa.String(length=40), nullable=False, comment="A declared kind, e.g. message"
        ),
        sa.Column(
            "title", sa.String(length=200), nullable=False, comment="In the recipient's language"
        ),
        sa.Column(
            "body", sa.String(length=500), nullable=True, comment="Short text under the title"
        ),
        sa.Column(
            "link", sa.String(length=500), nullable=True, comment="Path of the page concerned"
        ),
        sa.Column(
            "channel",
            sa.String(length=12),
            nullable=False,
            comment="How it was delivered (the preference when it was created)",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "mailed_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When a mail (immediate or digest) carried it",
        ),
        sa.CheckConstraint(
            "channel IN ('in_app', 'immediate', 'digest', 'off')",
            name=op.f("ck_notifications_channel"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_digest", ["channel", "mailed_at"], unique=False)
        batch_op.create_index(
            "ix_notifications_user_created", ["user_id", "created_at"], unique=False
        )

    op.create_table(
        "conversation_participants",
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "last_read_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Every message up to this time is read by this person",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_conversation_participants_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_conversation_participants_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "conversation_id", "user_id", name=op.f("pk_conversation_participants")
        ),
    )
    with op.batch_alter_table("conversation_participants", schema=None) as batch_op:
        batch_op.create_index("ix_conversation_participants_user", ["user_id"], unique=False)

    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=True),
        sa.Column(
            "body", sa.Text(), nullable=False, comment="Plain text, at most 5,000 characters"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_messages_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["users.id"],
            name=op.f("fk_messages_sender_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_messages_conversation_created", ["conversation_id", "created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_conversation_created")

    op.drop_table("messages")
    with op.batch_alter_table("conversation_participants", schema=None) as batch_op:
        batch_op.drop_index("ix_conversation_participants_user")

    op.drop_table("conversation_participants")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_user_created")
        batch_op.drop_index("ix_notifications_digest")

    op.drop_table("notifications")
    op.drop_table("notification_preferences")
    op.drop_table("notification_digests")
    op.drop_table("conversations")
