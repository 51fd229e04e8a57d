"""Reads of private messages: conversations of a person, one conversation, its messages."""

from __future__ import annotations

import sqlalchemy as sa
from flask import g

from dclic.core.api import Page, paginate
from dclic.core.db import db, get_by_id
from dclic.core.errors import NotFound
from dclic.messages.models import Conversation, Message, Participant

PER_PAGE = 30


def participant_of(conversation: Conversation, user) -> Participant | None:
    """``user``'s place in ``conversation``, or None when they are not in it."""
    if user is None:
        return None
    return next((p for p in conversation.participants if p.user_id == user.id), None)


def get_conversation_for(user, conversation_id) -> Conversation:
    """The conversation, if ``user`` is in it; ``NotFound`` otherwise (missing or not theirs)."""
    conversation = get_by_id(Conversation, conversation_id)
    if conversation is None or participant_of(conversation, user) is None:
        raise NotFound()
    return conversation


def find_direct(user, other) -> Conversation | None:
    """The one-to-one conversation between ``user`` and ``other``, if there is one."""
    pairs = (
        sa.select(Participant.conversation_id)
        .group_by(Participant.conversation_id)
        .having(
            sa.func.count() == 2,
            sa.func.sum(sa.case((Participant.user_id.in_((user.id, other.id)), 1), else_=0)) == 2,
        )
    )
    return db.session.scalar(
        sa.select(Conversation).where(Conversation.id.in_(pairs)).order_by(Conversation.id).limit(1)
    )


def _unread(participant=Participant):
    return sa.or_(
        participant.last_read_at.is_(None), Conversation.last_message_at > participant.last_read_at
    )


def is_unread(conversation: Conversation, user) -> bool:
    me = participant_of(conversation, user)
    return me is not None and (
        me.last_read_at is None or conversation.last_message_at > me.last_read_at
    )


def list_conversations(user, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """``user``'s conversations: unread first, then the most recent."""
    statement = (
        sa.select(Conversation)
        .join(Participant, Participant.conversation_id == Conversation.id)
        .where(Participant.user_id == user.id)
        .order_by(sa.case((_unread(), 0), else_=1), Conversation.last_message_at.desc())
    )
    return paginate(statement, page, per_page)


def list_messages(conversation: Conversation, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """One page of the history, page 1 the newest; each page's items oldest first."""
    statement = (
        sa.select(Message)
        .where(Message.conversation_id == conversation.id)
        .order_by(Message.created_at.desc(), Message.id.desc())
    )
    result = paginate(statement, page, per_page)
    result.items.reverse()
    return result


def read_by(message: Message, conversation: Conversation) -> list[Participant]:
    """The other people of ``conversation`` who have read ``message`` (read receipts)."""
    return [
        p
        for p in conversation.participants
        if p.user_id != message.sender_id
        and p.last_read_at is not None
        and p.last_read_at >= message.created_at
    ]


def count_unread_conversations(user) -> int:
    """How many of ``user``'s conversations hold a message they have not read (one query,
    once per request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    cached = g.get("dclic_unread_conversations")
    if cached is None:
        cached = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Participant)
            .join(Conversation, Conversation.id == Participant.conversation_id)
            .where(Participant.user_id == user.id, _unread())
        )
        g.dclic_unread_conversations = cached
    return cached


def count_unread_messages(user, conversations) -> dict[int, int]:
    """``{conversation id: messages of others newer than user's last read}`` for a page of
    ``conversations`` (one query, whatever their number)."""
    ids = [c.id for c in conversations]
    if not ids:
        return {}
    me = Participant
    rows = db.session.execute(
        sa.select(Message.conversation_id, sa.func.count())
        .join(me, sa.and_(me.conversation_id == Message.conversation_id, me.user_id == user.id))
        .where(
            Message.conversation_id.in_(ids),
            sa.or_(Message.sender_id.is_(None), Message.sender_id != user.id),
            sa.or_(me.last_read_at.is_(None), Message.created_at > me.last_read_at),
        )
        .group_by(Message.conversation_id)
    )
    return dict(rows.all())


def _person(user) -> dict | None:
    return None if user is None else {"id": user.id, "display_name": user.display_name}


def list_conversation_summaries(user, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """:func:`list_conversations` for the API: each with the others and its unread count."""
    found = list_conversations(user, page, per_page)
    unread = count_unread_messages(user, found.items)
    found.items = [conversation_summary(user, c, unread.get(c.id, 0)) for c in found.items]
    return found


def conversation_summary(user, conversation: Conversation, unread: int | None = None) -> dict:
    """One conversation as ``user`` sees it: the others, and how many messages are unread."""
    if unread is None:
        unread = count_unread_messages(user, [conversation]).get(conversation.id, 0)
    return {
        "id": conversation.id,
        "others": [_person(p.user) for p in conversation.participants if p.user_id != user.id],
        "created_at": conversation.created_at,
        "last_message_at": conversation.last_message_at,
        "unread": unread,
    }


def message_summary(user, message: Message, conversation: Conversation) -> dict:
    """One message as ``user`` sees it: on their own, who has read it."""
    mine = message.sender_id == user.id
    readers = read_by(message, conversation) if mine else None
    others = sum(1 for p in conversation.participants if p.user_id != user.id)
    receipt = None
    if mine:
        receipt = "read" if readers and len(readers) == others else "partly" if readers else "sent"
    return {
        "id": message.id,
        "sender": _person(message.sender),
        "body": message.body,
        "created_at": message.created_at,
        "is_mine": mine,
        "read_by": None if readers is None else [_person(p.user) for p in readers],
        "receipt": receipt,
    }


def list_message_summaries(
    user, conversation: Conversation, page: int = 1, per_page: int = PER_PAGE
) -> Page:
    """:func:`list_messages` for the API, each message with its read receipt."""
    found = list_messages(conversation, page, per_page)
    found.items = [message_summary(user, m, conversation) for m in found.items]
    return found
