"""forums

Forums (``forums``: community forums in ``forum_categories``, one per course and per group),
their threads (``forum_threads``), posts (``forum_posts``, Markdown, with a status: visible,
held for approval or hidden by a moderator; a deleted post keeps a tombstone), attachments
(``forum_attachments``), edit history (``forum_post_revisions``), reports to the moderators
(``forum_reports``), subscriptions to a forum or a thread (``forum_subscriptions``, mail at
once or daily digest) and how far each person read a thread (``forum_thread_reads``). See
docs/forums.md.

Revision ID: f1b3d5e7a9c2
Revises: e7a1c9b3d5f2
Create Date: 2026-11-22 20:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f1b3d5e7a9c2"
down_revision = "e7a1c9b3d5f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "forum_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column(
            "position", sa.Integer(), server_default="0", nullable=False, comment="Order shown"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_categories")),
    )
    op.create_table(
        "forums",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind", sa.String(length=10), nullable=False, comment="community, course or group"
        ),
        sa.Column(
            "context_id",
            sa.Integer(),
            nullable=True,
            comment="The course's or group's id; null for a community forum",
        ),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "position", sa.Integer(), server_default="0", nullable=False, comment="Order shown"
        ),
        sa.Column(
            "is_qa",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment="Q&A forum: every new thread is a question awaiting an accepted answer",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind = 'community') = (context_id IS NULL)", name=op.f("ck_forums_context_of_kind")
        ),
        sa.CheckConstraint("kind IN ('community', 'course', 'group')", name=op.f("ck_forums_kind")),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["forum_categories.id"],
            name=op.f("fk_forums_category_id_forum_categories"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forums")),
        sa.UniqueConstraint("kind", "context_id", name="uq_forums_context"),
    )
    with op.batch_alter_table("forums", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forums_category_id"), ["category_id"], unique=False)

    op.create_table(
        "forum_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True, comment="Who opened it"),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "title_folded",
            sa.String(length=200),
            server_default="",
            nullable=False,
            comment="Without accents nor case",
        ),
        sa.Column(
            "is_question",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment="Q&A: one reply may be accepted",
        ),
        sa.Column("is_pinned", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column(
            "is_locked",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment="No new replies",
        ),
        sa.Column(
            "is_held",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment="Its opening post awaits approval: only its author and moderators see it",
        ),
        sa.Column(
            "reply_count",
            sa.Integer(),
            server_default="0",
            nullable=False,
            comment="Visible replies (the opening post not counted)",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "last_post_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="Time of the newest visible post (sorts the list)",
        ),
        sa.Column(
            "deleted_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Deleted by a moderator: gone from lists and searches",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_forum_threads_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forums.id"],
            name=op.f("fk_forum_threads_forum_id_forums"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_threads")),
    )
    with op.batch_alter_table("forum_threads", schema=None) as batch_op:
        batch_op.create_index(
            "ix_forum_threads_forum_order", ["forum_id", "is_pinned", "last_post_at"], unique=False
        )

    op.create_table(
        "forum_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False, comment="Markdown, at most 20,000 characters"),
        sa.Column(
            "body_folded",
            sa.Text(),
            server_default="",
            nullable=False,
            comment="Plain words without accents nor case",
        ),
        sa.Column(
            "status",
            sa.String(length=10),
            server_default="visible",
            nullable=False,
            comment="visible, held, hidden",
        ),
        sa.Column(
            "is_accepted",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment="The accepted answer of a question",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "deleted_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Deleted: shown as a tombstone; its text is erased",
        ),
        sa.CheckConstraint(
            "status IN ('visible', 'held', 'hidden')", name=op.f("ck_forum_posts_status")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_forum_posts_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["forum_threads.id"],
            name=op.f("fk_forum_posts_thread_id_forum_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_posts")),
    )
    with op.batch_alter_table("forum_posts", schema=None) as batch_op:
        batch_op.create_index("ix_forum_posts_author_status", ["author_id", "status"], unique=False)
        batch_op.create_index("ix_forum_posts_status", ["status"], unique=False)
        batch_op.create_index(
            "ix_forum_posts_thread_created", ["thread_id", "created_at"], unique=False
        )

    op.create_table(
        "forum_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=True),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("mode", sa.String(length=10), nullable=False, comment="immediate or digest"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "mode IN ('immediate', 'digest')", name=op.f("ck_forum_subscriptions_mode")
        ),
        sa.CheckConstraint(
            "(forum_id IS NULL) <> (thread_id IS NULL)",
            name=op.f("ck_forum_subscriptions_forum_or_thread"),
        ),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forums.id"],
            name=op.f("fk_forum_subscriptions_forum_id_forums"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["forum_threads.id"],
            name=op.f("fk_forum_subscriptions_thread_id_forum_threads"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_forum_subscriptions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_subscriptions")),
        sa.UniqueConstraint("user_id", "forum_id", name="uq_forum_subscriptions_forum"),
        sa.UniqueConstraint("user_id", "thread_id", name="uq_forum_subscriptions_thread"),
    )
    with op.batch_alter_table("forum_subscriptions", schema=None) as batch_op:
        batch_op.create_index("ix_forum_subscriptions_forum", ["forum_id"], unique=False)
        batch_op.create_index("ix_forum_subscriptions_thread", ["thread_id"], unique=False)

    op.create_table(
        "forum_attachments",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_files.id"],
            name=op.f("fk_forum_attachments_file_id_stored_files"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["forum_posts.id"],
            name=op.f("fk_forum_attachments_post_id_forum_posts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("post_id", "file_id", name=op.f("pk_forum_attachments")),
    )
    with op.batch_alter_table("forum_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forum_attachments_file_id"), ["file_id"], unique=False)

    op.create_table(
        "forum_post_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False, comment="The text replaced by this edit"),
        sa.Column("edited_by_id", sa.Integer(), nullable=True, comment="Who made the edit"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["edited_by_id"],
            ["users.id"],
            name=op.f("fk_forum_post_revisions_edited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["forum_posts.id"],
            name=op.f("fk_forum_post_revisions_post_id_forum_posts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_post_revisions")),
    )
    with op.batch_alter_table("forum_post_revisions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_forum_post_revisions_post", ["post_id", "created_at"], unique=False
        )

    op.create_table(
        "forum_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False, comment="Why, in the reporter's words"),
        sa.Column(
            "status",
            sa.String(length=10),
            server_default="open",
            nullable=False,
            comment="open, resolved, dismissed",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "handled_by_id", sa.Integer(), nullable=True, comment="The moderator who closed it"
        ),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'resolved', 'dismissed')", name=op.f("ck_forum_reports_status")
        ),
        sa.ForeignKeyConstraint(
            ["handled_by_id"],
            ["users.id"],
            name=op.f("fk_forum_reports_handled_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["forum_posts.id"],
            name=op.f("fk_forum_reports_post_id_forum_posts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["users.id"],
            name=op.f("fk_forum_reports_reporter_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_reports")),
    )
    with op.batch_alter_table("forum_reports", schema=None) as batch_op:
        batch_op.create_index("ix_forum_reports_status", ["status", "created_at"], unique=False)

    op.create_table(
        "forum_thread_reads",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column(
            "last_read_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="Every post up to this time is read by this person",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["forum_threads.id"],
            name=op.f("fk_forum_thread_reads_thread_id_forum_threads"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_forum_thread_reads_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "thread_id", name=op.f("pk_forum_thread_reads")),
    )
    with op.batch_alter_table("forum_thread_reads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_thread_reads_thread_id"), ["thread_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("forum_thread_reads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_thread_reads_thread_id"))

    op.drop_table("forum_thread_reads")
    with op.batch_alter_table("forum_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_reports_status")

    op.drop_table("forum_reports")
    with op.batch_alter_table("forum_post_revisions", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_post_revisions_post")

    op.drop_table("forum_post_revisions")
    with op.batch_alter_table("forum_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_attachments_file_id"))

    op.drop_table("forum_attachments")
    with op.batch_alter_table("forum_subscriptions", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_subscriptions_thread")
        batch_op.drop_index("ix_forum_subscriptions_forum")

    op.drop_table("forum_subscriptions")
    with op.batch_alter_table("forum_posts", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_posts_thread_created")
        batch_op.drop_index("ix_forum_posts_status")
        batch_op.drop_index("ix_forum_posts_author_status")

    op.drop_table("forum_posts")
    with op.batch_alter_table("forum_threads", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_threads_forum_order")

    op.drop_table("forum_threads")
    with op.batch_alter_table("forums", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forums_category_id"))

    op.drop_table("forums")
    op.drop_table("forum_categories")
