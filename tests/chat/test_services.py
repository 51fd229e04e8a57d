"""Posting, deleting and reading chat messages: rights re-checked at every write, audited."""

import pytest
import sqlalchemy as sa

from dclic.audit.models import AuditEvent
from dclic.chat import limits, queries, services
from dclic.chat.models import MAX_BODY, ChatMessage
from dclic.core.db import db
from dclic.core.errors import Invalid, NotAllowed, NotFound
from dclic.learning import queries as learning_queries
from dclic.learning import services as learning


def test_a_member_posts_a_trimmed_plain_text_message(world):
    message, created = services.post_message(world.awa, world.room, "  Bonjour <b>tous</b>\r\n ")
    assert created
    assert (message.room, message.author_id, message.body) == (world.room, world.awa.id,
                                                               "Bonjour <b>tous</b>")  # fmt: skip
    assert queries.last_read_id(world.awa, world.room) == message.id


@pytest.mark.parametrize("body", ["", "   ", None, 42, "x" * (MAX_BODY + 1)])
def test_an_empty_or_too_long_message_is_refused_with_a_field_error(world, body):
    with pytest.raises(Invalid) as refused:
        services.post_message(world.awa, world.room, body)
    assert list(refused.value.errors) == ["body"]


def test_someone_outside_the_room_cannot_post_nor_learn_it_exists(world):
    with pytest.raises(NotFound):
        services.post_message(world.outsider, world.room, "Coucou")
    with pytest.raises(NotFound):
        services.post_message(world.awa, "course:abc", "Coucou")


def test_rights_are_checked_again_at_every_send(world):
    services.post_message(world.moussa, world.room, "Avant")
    enrolment = learning_queries.get_enrolment(world.moussa, course=world.course)
    learning.withdraw(world.moussa, enrolment)
    with pytest.raises(NotFound):
        services.post_message(world.moussa, world.room, "Après")


def test_a_retried_send_is_stored_once(world):
    first, created = services.post_message(world.awa, world.room, "Salut", client_id="abc-1")
    again, created_again = services.post_message(world.awa, world.room, "Salut", client_id="abc-1")
    assert created and not created_again
    assert again.id == first.id
    count = db.session.scalar(sa.select(sa.func.count()).where(ChatMessage.room == world.room))
    assert count == 1


def test_a_client_id_cannot_be_reused_in_another_room(world):
    services.post_message(world.awa, world.room, "Salut", client_id="abc-2")
    with pytest.raises(Invalid) as refused:
        services.post_message(world.awa, f"group:{world.group.id}", "Salut", client_id="abc-2")
    assert list(refused.value.errors) == ["client_id"]


def test_sending_too_fast_is_refused(world, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
    monkeypatch.setitem(app.config, "RATELIMIT_KEY_PREFIX", f"chat-test-{world.awa.id}-{id(world)}")
    for n in range(10):
        services.post_message(world.awa, world.room, f"Message {n}")
    with pytest.raises(limits.TooFast):
        services.post_message(world.awa, world.room, "Un de trop")
    # Another person is not slowed down by Awa's haste.
    services.post_message(world.moussa, world.room, "Moi je peux")


def test_the_author_deletes_her_message_for_everyone_and_it_is_audited(world):
    message, _ = services.post_message(world.awa, world.room, "Oups, erreur")
    services.delete_message(world.awa, message.id)
    assert message.deleted_at is not None
    assert message.body == ""
    assert message.deleted_by_id == world.awa.id
    events = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.object_type == "chat_messages", AuditEvent.object_id == str(message.id)
        )
    ).all()
    assert [e.action for e in events] == ["create", "update"]
    assert "deleted_at" in events[-1].changes
    assert "body" not in events[0].changes


def test_a_moderator_deletes_any_message_of_a_course_room(world):
    message, _ = services.post_message(world.awa, world.room, "Message déplacé")
    services.delete_message(world.moderator, message.id)
    assert message.deleted_by_id == world.moderator.id


def test_another_learner_cannot_delete_a_message(world):
    message, _ = services.post_message(world.awa, world.room, "À moi")
    with pytest.raises(NotAllowed):
        services.delete_message(world.moussa, message.id)
    with pytest.raises(NotFound):
        services.delete_message(world.outsider, message.id)


def test_the_replay_gives_what_came_after_an_id_bounded_with_a_more_marker(world):
    ids = [services.post_message(world.moussa, world.room, f"n{n}")[0].id for n in range(5)]
    missed, more = queries.messages_after(world.room, ids[1])
    assert [m.id for m in missed] == ids[2:] and not more
    missed, more = queries.messages_after(world.room, 0, limit=2)
    assert [m.id for m in missed] == ids[3:] and more


def test_the_history_goes_back_page_by_page(world):
    ids = [services.post_message(world.moussa, world.room, f"n{n}")[0].id for n in range(5)]
    page, older = queries.messages_before(world.room, None, limit=3)
    assert [m.id for m in page] == ids[2:] and older
    page, older = queries.messages_before(world.room, ids[2], limit=3)
    assert [m.id for m in page] == ids[:2] and not older


def test_unread_counts_follow_what_each_person_has_seen(world):
    first, _ = services.post_message(world.moussa, world.room, "Un")
    services.post_message(world.moussa, world.room, "Deux")
    assert queries.unread_counts(world.awa, [world.room]) == {world.room: 2}
    assert queries.unread_counts(world.moussa, [world.room]) == {}  # his own
    services.mark_read(world.awa, world.room, first.id)
    assert queries.unread_counts(world.awa, [world.room]) == {world.room: 1}
    services.mark_read(world.awa, world.room, 1)  # never backwards
    assert queries.unread_counts(world.awa, [world.room]) == {world.room: 1}


def test_the_room_list_takes_a_fixed_number_of_queries(world, create_course, count_queries):
    from tests.chat.conftest import enrol

    with count_queries() as few:
        queries.list_rooms(world.awa)
    for _ in range(4):
        enrol(world.awa, create_course(), world.mentor)
    with count_queries() as many:
        page = queries.list_rooms(world.awa)
    assert len(page.items) == 7
    assert many.n == few.n


def test_a_direct_room_opens_by_learner_code_only_for_someone_one_may_write_to(world, person):
    mentor_room = services.open_direct(world.awa, world.mentor.learner_code)
    assert mentor_room.key == "dm:{}:{}".format(*sorted((world.awa.id, world.mentor.id)))
    minor = person("Élève", birth_year=2014)
    for code in (minor.learner_code, "ZZZ-999", None, world.awa.learner_code):
        with pytest.raises(Invalid) as refused:
            services.open_direct(world.awa, code)
        assert list(refused.value.errors) == ["code"]
