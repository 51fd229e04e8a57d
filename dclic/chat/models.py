"""Chat messages of the rooms, and how far each person has read each room."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dclic.accounts.models import User
from dclic.core.db import UTCDateTime, db, utcnow

MAX_BODY = 1000  # characters of one chat message
MAX_ROOM = 40  # characters of a room key, e.g. "pair:12345678:87654321"


class ChatMessage(db.Model):
    """One message of a chat room. Ids grow with time: clients replay "after id X"."""

    __tablename__ = "chat_messages"
    __table_args__ = (
        sa.Index("ix_chat_messages_room_id", "room", "id"),
        sa.UniqueConstraint("author_id", "client_id", name="uq_chat_messages_client_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room: Mapped[str] = mapped_column(
        sa.String(MAX_ROOM), comment="Room key: course:<id>, group:<id>, pair:<m>:<l>, dm:<a>:<b>"
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(
        sa.Text, comment="Plain text, at most 1,000 characters; emptied when deleted"
    )
    client_id: Mapped[str | None] = mapped_column(
        sa.String(64), comment="Sender's id for this message: a retried send is stored once"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), comment="The moderator who deleted it"
    )

    author: Mapped[User | None] = relationship(foreign_keys=[author_id], lazy="joined")

    __audited__ = ("room", "author_id", "deleted_at", "deleted_by_id")  # never the body

    def __repr__(self) -> str:
        return f"<ChatMessage {self.id} room={self.room}>"


class ChatRead(db.Model):
    """The last message of a room one person has seen (unread counts on the room list)."""

    __tablename__ = "chat_reads"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    room: Mapped[str] = mapped_column(sa.String(MAX_ROOM), primary_key=True)
    last_read_id: Mapped[int] = mapped_column(
        default=0, server_default="0", comment="Id of the newest message seen"
    )

    # last_read_id changes at every look: not recorded.
    __audited__ = ("user_id", "room")

    def __repr__(self) -> str:
        return f"<ChatRead user={self.user_id} room={self.room} last={self.last_read_id}>"
