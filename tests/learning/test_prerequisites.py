"""Prerequisites of learning paths as they lock courses: the player (friendly 403, editors'
preview unaffected), the services, "My learning" and the API's ``locked``/``locked_by``."""

import re

import pytest

from dclic.core.errors import NotAllowed
from dclic.courses import editor_queries
from dclic.courses import services as courses
from dclic.learning import queries, services


@pytest.fixture
def chain(course_with_steps, create_path):
    """A free path: LCK-A (2 steps), then LCK-B (1 step) to open after LCK-A."""
    a, a_steps = course_with_steps(steps=(2,), code="LCK-A", title="Cours A")
    b, b_steps = course_with_steps(steps=(1,), code="LCK-B", title="Cours B")
    path = create_path(courses=[(a, True), (b, True)], publish=False, code="LCK-PATH")
    courses.set_path_prerequisites(None, path, editor_queries.get_entry(path, "LCK-B"), [a])
    courses.publish_path(None, path)
    return path, (a, a_steps), (b, b_steps)


def finish(learner, steps):
    for step in steps:
        services.complete_step(learner, learner, step)


def test_a_course_of_a_path_waits_for_its_prerequisites(learner, chain):
    path, (a, a_steps), (b, b_steps) = chain
    services.enrol_in_path(learner, learner, path)
    assert [c.code for c in queries.locked_by(learner, b)] == ["LCK-A"]
    assert queries.locked_by(learner, a) == []
    with pytest.raises(NotAllowed):
        services.complete_step(learner, learner, b_steps[0])
    with pytest.raises(NotAllowed):
        services.visit_step(learner, learner, b_steps[0])
    finish(learner, a_steps)
    assert queries.locked_by(learner, b) == []
    assert services.complete_step(learner, learner, b_steps[0]).status == "completed"


def test_a_course_followed_on_its_own_is_not_locked(create_user, chain):
    path, _a, (b, _b_steps) = chain
    before, after = create_user(), create_user()
    services.enrol_in_course(before, before, b)  # on its own, then the path
    services.enrol_in_path(before, before, path)
    services.enrol_in_path(after, after, path)  # the path, then on its own
    assert queries.locked_by(after, b) != []
    services.enrol_in_course(after, after, b)
    assert queries.locked_by(before, b) == queries.locked_by(after, b) == []


def test_a_path_without_the_rule_opens_the_course(learner, chain, create_path):
    path, (a, _a_steps), (b, _b_steps) = chain
    services.enrol_in_path(learner, learner, path)
    services.enrol_in_path(learner, learner, create_path(courses=[(b, True), (a, False)]))
    assert queries.locked_by(learner, b) == []


def test_an_unpublished_prerequisite_and_a_completed_course_never_lock(learner, chain):
    path, (a, _a_steps), (b, b_steps) = chain
    services.enrol_in_path(learner, learner, path)
    courses.archive_course(None, a)
    assert queries.locked_by(learner, b) == []
    services.complete_step(learner, learner, b_steps[0])  # completed while a was archived
    courses.unarchive_course(None, a)
    courses.publish_course(None, a)
    assert queries.locked_by(learner, b) == []


# --- pages ---------------------------------------------------------------------------------------


@pytest.fixture
def on_path(learner, login, chain):
    path, _a, _b = chain
    services.enrol_in_path(learner, learner, path)
    login(learner)
    return chain


def test_the_player_of_a_locked_course_is_a_friendly_403_with_links(client, on_path):
    _path, _a, (_b, b_steps) = on_path
    for url in ("/learn/LCK-B", f"/learn/LCK-B/{b_steps[0].id}", "/learn/LCK-B/print"):
        response = client.get(url)
        assert response.status_code == 403, url
        body = response.get_data(as_text=True)
        assert 'name="viewport"' in body
        listed = re.search(r'<ul id="locked-by">(.*?)</ul>', body, re.S).group(1)
        assert re.findall(r'href="([^"]+)"', listed) == ["/learn/LCK-A"]
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/my-learning").text)
    done = client.post(f"/learn/LCK-B/{b_steps[0].id}/done", data={"csrf_token": token.group(1)})
    assert done.status_code == 403
    assert client.get("/learn/LCK-A").status_code == 302


def test_the_player_opens_once_the_prerequisites_are_completed(client, learner, on_path):
    _path, (_a, a_steps), _b = on_path
    finish(learner, a_steps)
    assert client.get("/learn/LCK-B").status_code == 302


def test_editors_preview_a_locked_course(client, sign_in_as, create_user, chain):
    path, _a, (_b, b_steps) = chain
    editor = create_user(roles=("editor",))
    services.enrol_in_path(editor, editor, path)
    sign_in_as(editor)
    assert client.get("/learn/LCK-B").status_code == 403  # as a learner of the path
    assert client.get(f"/learn/LCK-B/{b_steps[0].id}?preview=1").status_code == 200


def test_my_learning_shows_the_locked_course_and_why(client, learner, on_path):
    _path, (_a, a_steps), _b = on_path
    body = client.get("/my-learning").get_data(as_text=True)
    item = re.search(r'<li class="locked" id="locked-LCK-PATH-LCK-B">(.*?)</li>', body, re.S)
    assert re.findall(r'href="([^"]+)"', item.group(1)) == ["/learn/LCK-A"]
    assert 'href="/learn/LCK-B"' not in body
    finish(learner, a_steps)
    body = client.get("/my-learning").get_data(as_text=True)
    assert 'id="locked-LCK-PATH-LCK-B"' not in body and 'href="/learn/LCK-B"' in body


# --- API -----------------------------------------------------------------------------------------


def test_the_api_says_locked_and_by_which_courses(client, learner, bearer, chain):
    path, (_a, a_steps), (_b, b_steps) = chain
    services.enrol_in_path(learner, learner, path)
    headers = bearer(learner)

    def get(url):
        return client.get(url, headers=headers).get_json()

    for url in ("/api/v1/me/courses/LCK-B/syllabus", "/api/v1/me/courses/LCK-B/progress"):
        body = get(url)
        assert (body["locked"], body["locked_by"]) == (True, ["LCK-A"]), url
    assert (get("/api/v1/me/courses/LCK-A/progress")["locked"]) is False
    item = get("/api/v1/me/enrolments")["paths"][0]["courses"][1]["progress"]
    assert (item["locked"], item["locked_by"]) == (True, ["LCK-A"])
    completion = client.post(f"/api/v1/me/steps/{b_steps[0].id}/completion", headers=headers)
    assert completion.status_code == 403
    finish(learner, a_steps)
    body = get("/api/v1/me/courses/LCK-B/syllabus")
    assert (body["locked"], body["locked_by"]) == (False, [])
