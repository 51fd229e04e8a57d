"""The "My subscriptions" page: one's own forums and threads only, those one may still read,
switching the mail mode and stopping per row (through the usual service, audited), refused
for someone else's subscription, signed-in only, a fixed number of queries, a small page."""

from __future__ import annotations

import gzip

import sqlalchemy as sa

from dclic.audit.models import AuditEvent
from dclic.core.db import db
from dclic.forums import moderation, subscriptions
from dclic.forums.models import ForumSubscription
from dclic.learning import services as learning
from dclic.learning.models import Enrolment
from tests.helpers import post_form

PAGE = "/forums/subscriptions"


def _size(response) -> int:
    return len(gzip.compress(response.get_data(), compresslevel=6))


def _rows(user) -> dict[int, str]:
    """``{subscription id: mode}`` of ``user`` in the database."""
    return dict(
        db.session.execute(
            sa.select(ForumSubscription.id, ForumSubscription.mode).where(
                ForumSubscription.user_id == user.id
            )
        ).all()
    )


def _change(client, subscription, mode):
    return post_form(client, f"{PAGE}/{subscription.id}", {"mode": mode}, page=PAGE)


def test_the_page_lists_my_subscriptions_and_not_others(
    client, login, course_forum, community, learner, mentor, outsider, write
):
    thread = write(mentor, course_forum, title="Boucles")
    mine_forum = subscriptions.subscribe(learner, "digest", forum=community)
    mine_thread = subscriptions.subscribe(learner, "immediate", thread=thread)
    theirs = subscriptions.subscribe(outsider, "immediate", forum=community)
    login(learner)
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="subscription-{mine_forum.id}"' in html
    assert f'id="subscription-{mine_thread.id}"' in html
    assert f'id="subscription-{theirs.id}"' not in html
    assert f'href="/forums/threads/{thread.id}"' in html
    assert f'href="/forums/{course_forum.id}"' in html  # the thread's forum
    assert f'href="/forums/{community.id}"' in html
    assert f'id="immediate-{mine_forum.id}"' in html  # digest now: offer immediate
    assert f'id="digest-{mine_thread.id}"' in html
    assert f'id="stop-{mine_thread.id}"' in html
    assert 'id="my-subscriptions"' in client.get("/forums").get_data(as_text=True)


def test_forums_one_can_no_longer_read_are_not_listed(
    client, login, course_forum, community, learner, mentor, moderator, write
):
    thread = write(mentor, course_forum)
    in_course = subscriptions.subscribe(learner, "immediate", forum=course_forum)
    on_thread = subscriptions.subscribe(learner, "immediate", thread=thread)
    kept = subscriptions.subscribe(learner, "immediate", forum=community)
    gone = write(mentor, community, title="Supprimé")
    deleted = subscriptions.subscribe(learner, "immediate", thread=gone)

    moderation.delete_thread(moderator, gone, "Hors sujet")
    enrolment = db.session.scalar(sa.select(Enrolment).where(Enrolment.user_id == learner.id))
    learning.withdraw(learner, enrolment)
    login(learner)
    html = client.get(PAGE).get_data(as_text=True)
    assert f'id="subscription-{kept.id}"' in html
    for hidden in (in_course, on_thread, deleted):
        assert f'id="subscription-{hidden.id}"' not in html
    assert f'href="/forums/{course_forum.id}"' not in html
    # Its rows stay, and the rights check of the service refuses to touch them here.
    assert _change(client, in_course, "none").status_code == 404
    assert in_course.id in _rows(learner)


def test_switching_the_mode_and_stopping_work_and_are_audited(
    client, login, course_forum, learner, mentor, write
):
    thread = write(mentor, course_forum)
    followed = subscriptions.subscribe(learner, "immediate", thread=thread)
    login(learner)
    response = _change(client, followed, "digest")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(PAGE)
    assert _rows(learner)[followed.id] == "digest"
    assert _change(client, followed, "immediate").status_code == 302
    assert _rows(learner)[followed.id] == "immediate"
    assert _change(client, followed, "none").status_code == 302
    assert followed.id not in _rows(learner)
    actions = set(
        db.session.scalars(
            sa.select(AuditEvent.action).where(
                AuditEvent.object_id == str(followed.id),
                AuditEvent.object_type.contains("subscription"),
            )
        )
    )
    assert {"update", "delete"} <= actions


def test_a_bad_mode_changes_nothing(client, login, community, learner):
    followed = subscriptions.subscribe(learner, "digest", forum=community)
    login(learner)
    assert _change(client, followed, "sometimes").status_code == 302
    assert _rows(learner)[followed.id] == "digest"


def test_someone_elses_subscription_is_refused(client, login, community, learner, outsider):
    theirs = subscriptions.subscribe(outsider, "immediate", forum=community)
    login(learner)
    assert _change(client, theirs, "digest").status_code == 404
    assert _change(client, theirs, "none").status_code == 404
    assert _rows(outsider) == {theirs.id: "immediate"}
    assert _rows(learner) == {}
    assert post_form(client, f"{PAGE}/999999", {"mode": "none"}, page=PAGE).status_code == 404


def test_the_forms_need_their_csrf_token(client, login, community, learner):
    followed = subscriptions.subscribe(learner, "immediate", forum=community)
    login(learner)
    client.post(f"{PAGE}/{followed.id}", data={"mode": "none"})
    assert _rows(learner) == {followed.id: "immediate"}


def test_anonymous_visitors_are_sent_to_sign_in(client, community, learner):
    followed = subscriptions.subscribe(learner, "immediate", forum=community)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    response = client.post(f"{PAGE}/{followed.id}", data={"mode": "none"})
    assert response.status_code in (302, 400)
    assert _rows(learner) == {followed.id: "immediate"}


def test_the_page_asks_a_fixed_number_of_queries_and_stays_small(
    client, login, course_forum, community, learner, mentor, write, count_queries
):
    def follow(n):
        title = f"Sujet numéro {n} : " + "un titre assez long pour peser " * 4
        forum = course_forum if n % 2 else community
        subscriptions.subscribe(
            learner, "digest" if n % 3 else "immediate", thread=write(mentor, forum, title=title)
        )

    subscriptions.subscribe(learner, "immediate", forum=course_forum)
    subscriptions.subscribe(learner, "digest", forum=community)
    follow(0)
    login(learner)
    client.get(PAGE)
    with count_queries() as counted:
        response = client.get(PAGE)
    assert response.status_code == 200
    few = counted.n
    for n in range(1, 23):
        follow(n)
    assert len(_rows(learner)) == 25
    client.get(PAGE)
    with count_queries() as counted:
        response = client.get(PAGE)
    html = response.get_data(as_text=True)
    assert counted.n == few
    assert _size(response) <= 14 * 1024
    assert html.count('id="subscription-') == 20
    assert 'rel="next"' in html
    second = client.get(f"{PAGE}?page=2")
    assert second.get_data(as_text=True).count('id="subscription-') == 5
    assert _size(second) <= 14 * 1024
