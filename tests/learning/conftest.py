"""Factories of the learning tests: courses with a syllabus, paths, groups, bearer tokens."""

from __future__ import annotations

import pytest


@pytest.fixture
def add_syllabus(session):
    """``add_syllabus(course, steps=(2, 2), kinds=None)`` → the course's steps, in order.

    One module per number in ``steps``; ``kinds`` (a list as long as all the steps) sets each
    step's kind (text by default).
    """
    from dclic.core.richtext import render
    from dclic.courses.models import CourseModule, Step

    def factory(course, steps=(2, 2), kinds=None):
        made = []
        for m, count in enumerate(steps, start=1):
            module = CourseModule(course=course, position=m, title=f"Module {m}")
            session.add(module)
            for s in range(1, count + 1):
                kind = kinds[len(made)] if kinds else "text"
                body = f"Contenu de l'étape {m}.{s}."
                step = Step(
                    position=s,
                    kind=kind,
                    title=f"Étape {m}.{s}",
                    body=body,
                    body_html=str(render(body)),
                    url="https://fr.wikipedia.org/wiki/HTML" if kind in ("link", "video") else "",
                    media_bytes=45_000_000 if kind == "video" else None,
                    alternative="Résumé de la vidéo." if kind == "video" else "",
                )
                module.steps.append(step)
                made.append(step)
        session.flush()
        session.expire(course, ["modules"])
        return made

    return factory


@pytest.fixture
def course_with_steps(create_course, add_syllabus):
    """``course_with_steps(steps=(2, 2), **course_fields)`` → ``(course, steps)``."""

    def factory(steps=(2, 2), kinds=None, **overrides):
        course = create_course(**overrides)
        return course, add_syllabus(course, steps, kinds)

    return factory


@pytest.fixture
def admin(create_user):
    return create_user(roles=("admin",))


@pytest.fixture
def learner(create_user):
    return create_user(display_name="Awa Learner")


@pytest.fixture
def mentor(create_user):
    return create_user(roles=("mentor",), display_name="Koffi Mentor")


@pytest.fixture
def create_group(admin):
    """``create_group(members, mentor=None)``: a group; ``mentor`` gets the mentor role in it."""
    from dclic.accounts import groups

    made = []

    def factory(members=(), mentor=None):
        group = groups.create_group(admin, f"Groupe {len(made) + 1} {id(made)}")
        for person in members:
            groups.add_member(admin, group, person)
        if mentor is not None:
            groups.assign_role(admin, mentor, "mentor", "group", group.id)
        made.append(group)
        return group

    return factory


@pytest.fixture
def bearer(session):
    """``bearer(user)`` → the headers of an API call as ``user``."""
    from dclic.accounts.tokens import issue_api_token

    def headers(user):
        secret, _token = issue_api_token(user, "tests")
        session.flush()
        return {"Authorization": f"Bearer {secret}"}

    return headers


@pytest.fixture
def sign_in_as(client, login):
    """``sign_in_as(user)``: sign out whoever is signed in on ``client``, then sign ``user`` in."""
    from tests.helpers import post_form

    def switch(user):
        if 'action="/logout"' in client.get("/").get_data(as_text=True):
            post_form(client, "/logout", {}, page="/")
        return login(user)

    return switch
