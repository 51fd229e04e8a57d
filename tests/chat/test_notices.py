"""Notices of private chat messages: the absent person of a pair or direct room is told once,
until they open the room; course rooms, the author and people in the room are never told."""

import pytest
import sqlalchemy as sa

from dclic.chat import services
from dclic.chat.presence import presence
from dclic.chat.rooms import direct_room
from dclic.core.db import db
from dclic.notifications import services as notifications
from dclic.notifications.models import Notification
from tests.chat import test_socket

migrated, live = test_socket.migrated, test_socket.chat  # a served app (socket tests)


@pytest.fixture
def pair(world):
    """The room of Awa and her mentor."""
    return f"pair:{world.mentor.id}:{world.awa.id}"


def _notices(user, unread_only=False):
    query = sa.select(Notification).where(
        Notification.user_id == user.id, Notification.kind == "chat_message"
    )
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return db.session.scalars(query.order_by(Notification.id)).all()


def test_the_absent_mentor_is_told_once_until_he_opens_the_room(world, pair):
    first, _ = services.post_message(world.awa, pair, "Bonjour, j'ai une question " + "x" * 300)
    (notice,) = _notices(world.mentor)
    assert notice.link == f"/chat/{pair}"
    assert notice.body == first.body[:200]
    assert notice.read_at is None

    services.post_message(world.awa, pair, "Vous êtes là ?")
    assert len(_notices(world.mentor)) == 1  # no flood while the first notice is unread

    services.mark_read(world.mentor, pair, first.id)  # he opens the room
    assert _notices(world.mentor, unread_only=True) == []
    services.post_message(world.awa, pair, "Encore une chose")
    assert len(_notices(world.mentor)) == 2
    assert len(_notices(world.mentor, unread_only=True)) == 1


def test_opening_the_room_page_marks_its_notice_read(client, login, world, pair):
    services.post_message(world.awa, pair, "Bonjour")
    assert len(_notices(world.mentor, unread_only=True)) == 1
    login(world.mentor)
    assert client.get(f"/chat/{pair}").status_code == 200
    assert _notices(world.mentor, unread_only=True) == []


def test_the_author_is_never_told_and_an_answer_notifies_the_other(world, pair):
    services.post_message(world.awa, pair, "Bonjour")
    assert _notices(world.awa) == []
    services.post_message(world.mentor, pair, "Bonjour Awa")
    assert _notices(world.awa) and all(n.link == f"/chat/{pair}" for n in _notices(world.awa))
    # Answering counts as having seen the room: the mentor's notice is read.
    assert _notices(world.mentor, unread_only=True) == []
    services.post_message(world.awa, pair, "Merci")
    assert len(_notices(world.awa)) == 1
    assert len(_notices(world.mentor, unread_only=True)) == 1


def test_a_direct_message_notifies_the_other_person(world):
    key = direct_room(world.awa.id, world.mentor.id).key
    services.post_message(world.mentor, key, "Bonjour Awa")
    (notice,) = _notices(world.awa)
    assert notice.link == f"/chat/{key}"
    assert _notices(world.mentor) == []


def test_a_course_room_message_notifies_nobody(world):
    services.post_message(world.awa, world.room, "Bonjour tout le monde")
    services.post_message(world.awa, f"group:{world.group.id}", "Bonjour le groupe")
    count = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Notification)
        .where(
            Notification.kind == "chat_message",
            Notification.user_id.in_([world.mentor.id, world.moussa.id, world.awa.id]),
        )
    )
    assert count == 0


def test_a_person_in_the_room_is_not_told(world, pair):
    store = presence()
    store.add(pair, "test-socket-of-the-mentor", world.mentor.id)
    try:
        services.post_message(world.awa, pair, "Bonjour")
    finally:
        store.remove(pair, "test-socket-of-the-mentor")
    assert _notices(world.mentor) == []
    services.post_message(world.awa, pair, "Parti ?")  # he has left: now he is told
    assert len(_notices(world.mentor)) == 1


def test_a_person_who_turned_chat_notices_off_gets_nothing(world, pair, session, outbox):
    notifications.set_preferences(world.mentor, {"chat_message": "off"})
    before = len(outbox())
    services.post_message(world.awa, pair, "Bonjour")
    session.commit()
    assert _notices(world.mentor) == []
    assert len(outbox()) == before


def test_with_the_immediate_channel_a_mail_leaves_after_the_commit(world, pair, session, outbox):
    notifications.set_preferences(world.mentor, {"chat_message": "immediate"})
    before = len(outbox())
    services.post_message(world.awa, pair, "Bonjour")
    assert len(outbox()) == before
    session.commit()
    (mail,) = outbox()[before:]
    assert mail["To"] == world.mentor.email
    assert f"/chat/{pair}" in mail.get_content()


def test_over_sockets_presence_spares_the_notice_and_joining_reads_it(live):
    """The real socket path: a person in the room is not told; joining the room reads it."""
    awa, mariam = live("awa"), live("mariam")
    key = direct_room(live.ids["awa"], live.ids["mariam"]).key

    def unread():
        with live.app.app_context():
            return db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Notification)
                .where(
                    Notification.user_id == live.ids["mariam"],
                    Notification.kind == "chat_message",
                    Notification.read_at.is_(None),
                )
            )

    assert mariam.join(key)["ok"] is True
    assert awa.call("message", {"room": key, "body": "Bonjour"})["ok"] is True
    assert unread() == 0
    assert mariam.call("leave", {"room": key})["ok"] is True
    assert awa.call("message", {"room": key, "body": "Vous êtes partie ?"})["ok"] is True
    assert unread() == 1
    assert mariam.join(key)["ok"] is True
    assert unread() == 0
