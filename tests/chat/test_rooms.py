"""Who may join which chat room: one rule for the socket, the pages and the API."""

import pytest

from dclic.chat.rooms import can_join, member_rooms, parse_room
from dclic.learning import services as learning


@pytest.mark.parametrize(
    "key",
    ["", "course", "course:", "course:0", "course:-1", "course:1:2", "pair:3", "pair:3:3",
     "dm:5:2", "dm:2:2", "salon:1", "course:12345678901", None, 12, "course: 1"],
)  # fmt: skip
def test_a_malformed_room_key_names_no_room(key):
    assert parse_room(key) is None


def test_room_keys_are_parsed_and_rebuilt():
    assert parse_room("course:7").key == "course:7"
    assert parse_room("pair:9:4").ids == (9, 4)
    assert parse_room("dm:2:5").other(5) == 2


def test_the_course_room_is_open_to_its_enrolled_learners_and_their_mentor(world):
    for person in (world.awa, world.moussa, world.mentor):
        assert can_join(person, world.room)
    assert not can_join(world.outsider, world.room)
    assert not can_join(None, world.room)


def test_leaving_the_course_closes_its_room(world):
    moussa_enrolment = learning.queries.get_enrolment(world.moussa, course=world.course)
    learning.withdraw(world.moussa, moussa_enrolment)
    assert not can_join(world.moussa, world.room)


def test_a_room_of_a_missing_course_or_group_is_open_to_nobody(world):
    assert not can_join(world.moderator, "course:999999")
    assert not can_join(world.moderator, "group:999999")


def test_the_group_room_is_open_to_its_members(world):
    key = f"group:{world.group.id}"
    assert can_join(world.awa, key)
    assert not can_join(world.moussa, key)


def test_the_pair_room_is_open_to_the_learner_and_the_mentor_named_on_her_enrolment(world):
    key = f"pair:{world.mentor.id}:{world.awa.id}"
    assert can_join(world.awa, key)
    assert can_join(world.mentor, key)
    assert not can_join(world.moussa, key)
    assert not can_join(world.moderator, key)
    # Moussa has no mentor: no pair room with Aminata.
    assert not can_join(world.moussa, f"pair:{world.mentor.id}:{world.moussa.id}")


def test_moderators_enter_course_and_group_rooms_but_no_private_room(world):
    assert can_join(world.moderator, world.room)
    assert can_join(world.moderator, f"group:{world.group.id}")
    low, high = sorted((world.awa.id, world.moussa.id))
    assert not can_join(world.moderator, f"dm:{low}:{high}")


def test_direct_rooms_follow_who_may_write_privately_to_whom(world, person):
    minor = person("Élève", birth_year=2015)
    pairs = {
        (world.mentor, minor): True,  # mentors may write to anyone
        (world.awa, minor): False,  # a learner never writes privately to a minor
        (world.outsider, world.awa): False,  # adults who do not accept learner messages
    }
    for (first, second), allowed in pairs.items():
        low, high = sorted((first.id, second.id))
        assert can_join(first, f"dm:{low}:{high}") is allowed
        assert can_join(second, f"dm:{low}:{high}") is allowed
        assert not can_join(world.moderator, f"dm:{low}:{high}")


def test_a_suspended_account_joins_no_room(world):
    world.awa.is_active = False
    assert not can_join(world.awa, world.room)


def test_the_rooms_of_a_person_are_those_they_belong_to(world):
    keys = [r.key for r in member_rooms(world.awa)]
    assert keys == [world.room, f"group:{world.group.id}", f"pair:{world.mentor.id}:{world.awa.id}"]
    assert [r.key for r in member_rooms(world.mentor)] == [
        world.room,
        f"pair:{world.mentor.id}:{world.awa.id}",
    ]
    assert member_rooms(world.outsider) == []
