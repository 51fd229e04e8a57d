"""Private messages: who may write to whom, groups, read receipts, notifications, audit."""

import pytest
import sqlalchemy as sa

from dclic.audit.models import AuditEvent
from dclic.core.errors import Invalid, NotAllowed
from dclic.messages import queries, services
from dclic.messages.models import MAX_BODY
from dclic.notifications.models import Notification


def test_a_learner_writes_to_their_mentor_who_is_notified(learner, mentor, session):
    conversation = services.start_conversation(learner, [mentor], "Bonjour")
    notices = session.scalars(sa.select(Notification).where(Notification.user_id == mentor.id))
    (notice,) = notices.all()
    assert notice.kind == "message"
    assert notice.link == f"/messages/{conversation.id}"
    assert queries.count_unread_conversations(mentor) == 1


@pytest.mark.parametrize(
    ("sender", "recipient", "allowed"),
    [
        ({"age": 30}, {"age": 30}, True),
        ({"age": 30}, {"age": 30, "accepts": False}, False),
        ({"age": 30}, {"age": 15}, False),
        ({"age": 15}, {"age": 30}, False),
        ({"age": 15}, {"age": 30, "roles": ("mentor",)}, True),
        ({"age": 30, "roles": ("mentor",)}, {"age": 15}, True),
    ],
)
def test_every_send_asks_can_message(person, session, sender, recipient, allowed):
    a, b = person(**sender), person(**recipient)
    if allowed:
        assert services.start_conversation(a, [b], "Bonjour").id
    else:
        with pytest.raises(NotAllowed):
            services.start_conversation(a, [b], "Bonjour")


def test_a_learner_naming_a_minor_by_code_learns_nothing_more_than_for_an_unknown_code(
    learner, person, session
):
    minor = person(age=15)
    with pytest.raises(Invalid) as refused:
        services.start_conversation_with_codes(learner, minor.learner_code, "Salut")
    with pytest.raises(Invalid) as unknown:
        services.start_conversation_with_codes(learner, "222-222-222", "Salut")
    assert set(refused.value.errors) == set(unknown.value.errors) == {"to"}


def test_a_reply_is_refused_once_the_recipient_stops_accepting_learners(person, session):
    from dclic.accounts import services as accounts

    a, b = person(), person()
    conversation = services.start_conversation(a, [b], "Bonjour")
    accounts.update_profile(None, b, accepts_learner_messages=False)
    with pytest.raises(NotAllowed):
        services.send_message(a, conversation, "Tu es là ?")


def test_someone_outside_the_conversation_cannot_write_in_it(learner, mentor, person, session):
    conversation = services.start_conversation(learner, [mentor], "Bonjour")
    with pytest.raises(NotAllowed):
        services.send_message(person(roles=("mentor",)), conversation, "Moi aussi")


def test_one_to_one_conversations_are_reused(learner, mentor, session):
    first = services.start_conversation(learner, [mentor], "Un")
    assert services.start_conversation(mentor, [learner], "Deux").id == first.id
    assert queries.list_messages(first).total == 2


def test_a_group_holds_at_most_ten_people(mentor, person, session):
    people = [person() for _ in range(10)]
    with pytest.raises(Invalid) as refused:
        services.start_conversation(mentor, people, "Bonjour à tous")
    assert set(refused.value.errors) == {"to"}
    group = services.start_conversation(mentor, people[:9], "Bonjour à tous")
    assert len(group.participants) == 10


@pytest.mark.parametrize("body", ["", "   \n ", "x" * (MAX_BODY + 1)])
def test_a_message_is_not_empty_nor_longer_than_5000_characters(learner, mentor, session, body):
    with pytest.raises(Invalid) as refused:
        services.start_conversation(learner, [mentor], body)
    assert set(refused.value.errors) == {"body"}


def test_read_receipts_follow_what_each_person_has_read(learner, mentor, session):
    conversation = services.start_conversation(learner, [mentor], "Bonjour")
    (message,) = queries.list_messages(conversation).items
    assert queries.read_by(message, conversation) == []
    assert queries.is_unread(conversation, mentor) and not queries.is_unread(conversation, learner)
    services.mark_read(mentor, conversation)
    assert [p.user_id for p in queries.read_by(message, conversation)] == [mentor.id]
    assert not queries.is_unread(conversation, mentor)


def test_the_list_puts_unread_conversations_first(learner, mentor, person, session):
    other = person(roles=("mentor",))
    unread = services.start_conversation(other, [learner], "Nouveau")
    read = services.start_conversation(mentor, [learner], "Plus récent")
    services.mark_read(learner, read)
    assert [c.id for c in queries.list_conversations(learner).items] == [unread.id, read.id]


def test_the_audit_trail_never_records_the_text_of_a_message(learner, mentor, session):
    services.start_conversation(learner, [mentor], "Un secret bien gardé")
    session.flush()
    rows = session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.object_type.in_(("messages", "conversations", "notifications"))
        )
    ).all()
    assert {r.object_type for r in rows} == {"messages", "conversations", "notifications"}
    assert all("secret" not in str(r.changes) for r in rows)
