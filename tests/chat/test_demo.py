"""The chat's demo history: written once, in the course room and the mentor–learner room."""

from dclic.chat import demo, queries


def test_the_demo_history_is_seeded_once(create_user, create_course):
    mentor = create_user(email=demo.MENTOR, roles=("mentor",))
    learner = create_user(email=demo.LEARNER)
    course = create_course(code=demo.COURSE)
    assert demo.seed_chat() == {"chat messages": 5}
    assert demo.seed_chat() == {}
    course_talk, _ = queries.messages_after(f"course:{course.id}", 0)
    assert [m.author_id for m in course_talk] == [learner.id, mentor.id, learner.id]
    pair_talk, _ = queries.messages_after(f"pair:{mentor.id}:{learner.id}", 0)
    assert len(pair_talk) == 2
