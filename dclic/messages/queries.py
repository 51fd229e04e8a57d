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
