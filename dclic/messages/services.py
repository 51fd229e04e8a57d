"""Writes of private messages: start a conversation, send, mark as read.

Every send asks :func:`~dclic.accounts.permissions.can_message` for each other person of the
conversation; the other people get a ``message`` notification (pushed and mailed after the
commit, by their preferences).
"""

from __future__ import annotations

import re

from dclic.accounts import queries as accounts_queries
from dclic.accounts.permissions import can_message
from dclic.core.db import db, utcnow
from dclic.core.errors import Invalid, NotAllowed
from dclic.core.i18n import gettext as _
from dclic.messages import queries
from dclic.messages.kinds import MESSAGE
from dclic.messages.models import MAX_BODY, MAX_PARTICIPANTS, Conversation, Message, Participant
from dclic.notifications import services as notifications

_SEPARATORS = re.compile(r"[,;\n]+")
EXCERPT = 120  # characters of a message shown in the notification centre


def _clean_body(body: str | None) -> str:
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise Invalid(_("Please correct the following:"), errors={"body": [_("Write a message.")]})
    if len(text) > MAX_BODY:
        raise Invalid(
            _("Please correct the following:"),
            errors={"body": [_("At most %(n)s characters.", n=MAX_BODY)]},
        )
    return text


def start_conversation(actor, recipients, body: str) -> Conversation:
    """Write ``body`` to ``recipients`` (people): in the existing one-to-one conversation with
    a single recipient, else in a new conversation. ``NotAllowed`` if ``actor`` may not write
    to one of them; at most ``MAX_PARTICIPANTS`` people, ``actor`` included."""
    if actor is None:
        raise NotAllowed()
    others = list({u.id: u for u in recipients if u.id != actor.id}.values())
    if not others:
        raise Invalid(_("Please correct the following:"), errors={"to": [_("Name someone.")]})
    if len(others) + 1 > MAX_PARTICIPANTS:
        message = _("At most %(n)s people in a conversation.", n=MAX_PARTICIPANTS)
        raise Invalid(_("Please correct the following:"), errors={"to": [message]})
    text = _clean_body(body)
    if not all(can_message(actor, other) for other in others):
        raise NotAllowed()
    conversation = queries.find_direct(actor, others[0]) if len(others) == 1 else None
    if conversation is None:
        conversation = Conversation(created_by_id=actor.id)
        conversation.participants = [Participant(user_id=u.id) for u in (actor, *others)]
        db.session.add(conversation)
        db.session.flush()
    send_message(actor, conversation, text)
    return conversation


def start_conversation_with_codes(actor, codes: str, body: str) -> Conversation:
    """:func:`start_conversation` with people named by learner codes (a form's text).

    A code nobody has and the code of someone ``actor`` may not write to get the same answer
    (a field error on ``to``): a protected minor's code reveals nothing.
    """
    people, refused = [], []
    for code in filter(None, (c.strip() for c in _SEPARATORS.split(codes or ""))):
        user = accounts_queries.get_user_by_learner_code(code)
        if user is None or (user.id != actor.id and not can_message(actor, user)):
            refused.append(code)
        else:
            people.append(user)
    if refused:
        message = _(
            "Nobody you may write to has the learner code %(codes)s.", codes=", ".join(refused)
        )
        raise Invalid(_("Please correct the following:"), errors={"to": [message]})
    return start_conversation(actor, people, body)


def send_message(actor, conversation: Conversation, body: str) -> Message:
    """Add ``actor``'s message to ``conversation`` and notify the other people in it."""
    me = queries.participant_of(conversation, actor)
    if me is None:
        raise NotAllowed()
    text = _clean_body(body)
    others = [
        p.user
        for p in conversation.participants
        if p.user_id != actor.id and p.user.is_active and p.user.deleted_at is None
    ]
    if not others or not all(can_message(actor, other) for other in others):
        raise NotAllowed()
    now = utcnow()
    message = Message(
        conversation_id=conversation.id, sender_id=actor.id, body=text, created_at=now
    )
    db.session.add(message)
    conversation.last_message_at = now
    me.last_read_at = now
    db.session.flush()
    for other in others:
        _notify(other, actor, conversation, text)
    return message


def _notify(recipient, sender, conversation: Conversation, text: str) -> None:
    excerpt = text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"
    with notifications.in_language_of(recipient):
        title = _("New message from %(name)s", name=sender.display_name)
        mail_text = _(
            "%(name)s wrote to you. Read and answer on the site:", name=sender.display_name
        )
    notifications.notify(
        recipient,
        MESSAGE,
        title,
        notifications.path_for("messages.conversation", conversation_id=conversation.id),
        body=excerpt,
        mail_text=mail_text,
    )


def mark_read(actor, conversation: Conversation) -> Participant:
    """``actor`` has read every message of ``conversation`` so far (their read receipt)."""
    me = queries.participant_of(conversation, actor)
    if me is None:
        raise NotAllowed()
    if me.last_read_at is None or me.last_read_at < conversation.last_message_at:
        me.last_read_at = conversation.last_message_at
        db.session.flush()
    return me
