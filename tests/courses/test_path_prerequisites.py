"""Prerequisites in learning paths: the services (rights, earlier courses only, moves and
removals, audit rows), the editor's form (422, CSRF) and the public path page."""

import re

import pytest
import sqlalchemy as sa

from dclic.audit.models import AuditEvent
from dclic.core.db import db
from dclic.core.errors import Invalid, NotAllowed
from dclic.courses import editor_queries, services
from dclic.courses.models import PathPrerequisite
from tests.courses.authoring import text, token


@pytest.fixture
def three(create_course, create_path):
    """A draft path of three courses A, B, C (in this order) and its entries."""
    courses = [create_course(code=f"PRQ-{x}", title=f"Cours {x}") for x in "ABC"]
    path = create_path(courses=[(c, True) for c in courses], publish=False, code="PRQ-PATH")
    return path, courses


def entry(path, course):
    return editor_queries.get_entry(path, course.code)


def rules(path):
    return sorted(
        (e.course.code, [c.code for c in e.prerequisite_courses])
        for e in path.entries
        if e.prerequisites
    )


def test_an_editor_names_earlier_courses_and_gets_the_changes(editor, three):
    path, (a, b, c) = three
    changes = services.set_path_prerequisites(editor, path, entry(path, c), [b, a])
    assert changes == {"prerequisites": ([], ["PRQ-A", "PRQ-B"])}
    assert rules(path) == [("PRQ-C", ["PRQ-A", "PRQ-B"])]
    assert services.set_path_prerequisites(editor, path, entry(path, c), [a, b]) == {}
    changes = services.set_path_prerequisites(editor, path, entry(path, c), [b])
    assert changes == {"prerequisites": (["PRQ-A", "PRQ-B"], ["PRQ-B"])}
    services.set_path_prerequisites(editor, path, entry(path, c), [])
    assert rules(path) == []


def test_only_earlier_courses_of_the_same_path_may_be_prerequisites(editor, three, create_course):
    path, (a, b, c) = three
    outsider = create_course(code="PRQ-OUT")
    for chosen in ([c], [b], [outsider]):  # itself, a later one, one outside the path
        with pytest.raises(Invalid) as refused:
            services.set_path_prerequisites(
                editor, path, entry(path, a if chosen != [c] else c), chosen
            )
        assert list(refused.value.errors) == ["prerequisites"]
    with pytest.raises(Invalid):
        services.set_path_prerequisites(editor, path, entry(path, b), [c])  # no cycle
    assert rules(path) == []


def test_only_editors_set_prerequisites(create_user, three):
    path, (a, b, _c) = three
    with pytest.raises(NotAllowed):
        services.set_path_prerequisites(create_user(), path, entry(path, b), [a])


def test_moving_a_course_above_its_prerequisite_drops_that_rule_only(editor, three):
    path, (a, b, c) = three
    services.set_path_prerequisites(editor, path, entry(path, c), [a, b])
    assert services.move_course_in_path(editor, path, entry(path, a), "down") == []
    assert rules(path) == [("PRQ-C", ["PRQ-B", "PRQ-A"])]  # B, A, C: both still before C
    dropped = services.move_course_in_path(editor, path, entry(path, c), "up")
    assert [(x.code, y.code) for x, y in dropped] == [("PRQ-C", "PRQ-A")]
    assert [e.course.code for e in path.entries] == ["PRQ-B", "PRQ-C", "PRQ-A"]
    assert rules(path) == [("PRQ-C", ["PRQ-B"])]


def test_removing_a_course_drops_its_rules_and_those_naming_it(editor, three, create_course):
    path, (a, b, c) = three
    d = create_course(code="PRQ-D")
    services.add_course_to_path(editor, path, d)
    services.set_path_prerequisites(editor, path, entry(path, c), [a, b])
    services.set_path_prerequisites(editor, path, entry(path, d), [c])
    services.remove_course_from_path(editor, path, entry(path, b))
    assert rules(path) == [("PRQ-C", ["PRQ-A"]), ("PRQ-D", ["PRQ-C"])]
    services.remove_course_from_path(editor, path, entry(path, c))
    assert rules(path) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PathPrerequisite)) == 0


def test_each_rule_added_or_dropped_is_in_the_audit_trail(editor, three):
    path, (a, b, c) = three
    services.set_path_prerequisites(editor, path, entry(path, c), [a, b])
    services.set_path_prerequisites(editor, path, entry(path, c), [b])
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.object_type == "path_prerequisites")
        .order_by(AuditEvent.id)
    ).all()
    assert [event.action for event in events] == ["create", "create", "delete"]


# --- the editor's page ---------------------------------------------------------------------


@pytest.fixture
def signed_in(client, login, editor):
    login(editor)
    return editor


def post(client, url, data, page):
    response = client.post(url, data={**data, "csrf_token": token(client.get(page))})
    db.session.expire_all()
    return response


def test_the_editor_form_offers_earlier_courses_and_saves_the_choice(client, signed_in, three):
    path, _courses = three
    page = f"/edit/paths/{path.code}"
    body = client.get(page).get_data(as_text=True)
    assert 'id="after-PRQ-A"' not in body  # the first course has nothing before it
    form = re.search(r'<fieldset id="after-PRQ-C".*?</fieldset>', body, re.S).group(0)
    assert re.findall(r'value="([\w-]+)"', form) == ["PRQ-A", "PRQ-B"]
    url = f"{page}/courses/PRQ-C/prerequisites"
    response = post(client, url, {"prerequisites": ["PRQ-A", "PRQ-B"]}, page)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{page}#entry-PRQ-C")
    assert rules(path) == [("PRQ-C", ["PRQ-A", "PRQ-B"])]
    body = client.get(page).get_data(as_text=True)
    assert 'id="after-list-PRQ-C"' in body
    form = re.search(r'<fieldset id="after-PRQ-C".*?</fieldset>', body, re.S).group(0)
    assert form.count(" checked") == 2


def test_a_later_course_is_refused_with_422_on_the_entry(client, signed_in, three):
    path, _courses = three
    page = f"/edit/paths/{path.code}"
    response = post(client, f"{page}/courses/PRQ-B/prerequisites", {"prerequisites": "PRQ-C"}, page)
    assert response.status_code == 422
    body = text(response)
    assert 'aria-describedby="after-PRQ-B-error"' in body
    assert 'href="#after-PRQ-B"' in body and "PRQ-C" in body
    assert rules(path) == []


def test_the_form_needs_the_right(client, login, three, create_user):
    path, _courses = three
    url = f"/edit/paths/{path.code}/courses/PRQ-B/prerequisites"
    login(create_user())
    data = {"prerequisites": "PRQ-A", "csrf_token": token(client.get("/account"))}
    assert client.post(url, data=data).status_code == 403
    assert rules(path) == []


def test_a_post_without_its_csrf_token_saves_nothing(client, signed_in, three):
    path, _courses = three
    url = f"/edit/paths/{path.code}/courses/PRQ-B/prerequisites"
    assert client.post(url, data={"prerequisites": "PRQ-A"}).status_code == 400
    assert rules(path) == []


# --- the public page ---------------------------------------------------------------------------


def test_the_public_path_page_says_after_which_courses(client, editor, three):
    path, (a, _b, c) = three
    services.set_path_prerequisites(editor, path, entry(path, c), [a])
    services.publish_path(None, path)
    body = client.get(f"/paths/{path.code}").get_data(as_text=True)
    after = re.search(r'<span class="hint" id="after-PRQ-C">(.*?)</span>', body, re.S).group(1)
    assert 'href="/courses/PRQ-A"' in after
    assert 'id="after-PRQ-B"' not in body
