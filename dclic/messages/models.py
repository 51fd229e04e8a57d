"""Conversations, their participants (with what each has read) and their messages."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dclic.accounts.models import User
from dclic.core.db import UTCDateTime, db, utcnow

MAX_PARTICIPANTS = 10  # the author included
MAX_BODY = 5000  # characters of one message


class Conversation(db.Model):
    """A private conversation between 2 and ``MAX_PARTICIPANTS`` people."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), comment="Who started it"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="Time of the newest message (sorts the list)"
    )

    participants: Mapped[list[Participant]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", lazy="selectin"
    )

    __audited__ = ("created_by_id",)

    def __repr__(self) -> str:
        return f"<Conversation {self.id}>"


class Participant(db.Model):
    """One person in a conversation, and how far they have read it (read receipts)."""

    __tablename__ = "conversation_participants"
    __table_args__ = (sa.Index("ix_conversation_participants_user", "user_id"),)

    conversation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_read_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="Every message up to this time is read by this person"
    )

    conversation: Mapped[Conversation] = relationship(back_populates="participants")
    user: Mapped[User] = relationship(lazy="joined")

    # last_read_at changes at every look: not recorded.
    __audited__ = ("conversation_id", "user_id")

    def __repr__(self) -> str:
        return f"<Participant conversation={self.conversation_id} user={self.user_id}>"


class Message(db.Model):
    """One message. Its text is private: the audit trail records only ids."""

    __tablename__ = "messages"
    __table_args__ = (
        sa.Index("ix_messages_conversation_created", "conversation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="CASCADE")
    )
    sender_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text, comment="Plain text, at most 5,000 characters")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sender: Mapped[User | None] = relationship(lazy="joined")

    __audited__ = ("conversation_id", "sender_id")  # never the body

    def __repr__(self) -> str:
        return f"<Message {self.id} conversation={self.conversation_id}>"
