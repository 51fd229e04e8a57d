"""Privacy: minors are protected by default; mentors and staff find learners by code."""

import pytest

from dclic.accounts import permissions, queries, services
from dclic.core.db import utcnow
from dclic.core.errors import Invalid, NotAllowed, NotFound
from tests.helpers import post_form

THIS_YEAR = utcnow().year


@pytest.fixture
def people(create_user, session):
    def make(name, roles=("learner",), age=None):
        user = create_user(display_name=name, roles=roles)
        if age is not None:
            services.update_profile(None, user, birth_year=THIS_YEAR - age)
            if age >= 18:
                services.update_profile(
                    None, user, profile_visibility="members", accepts_learner_messages=True
                )
        return user

    return make


def test_a_minor_registering_gets_a_private_profile_and_no_messages_from_learners(client, session):
    response = post_form(
        client,
        "/register",
        {
            "email": "jeune@example.org",
            "display_name": "Jeune",
            "password": "une phrase de passe solide",
            "birth_year": str(THIS_YEAR - 15),
            "country": "CI",
            "track": "A",
            "path_type": "free",
        },
    )
    assert response.status_code == 302
    user = queries.get_user_by_email("jeune@example.org")
    assert user.is_minor
    assert (user.profile_visibility, user.accepts_learner_messages) == ("private", False)


def test_an_adult_registering_keeps_an_open_profile(client, session):
    post_form(
        client,
        "/register",
        {
            "email": "adulte@example.org",
            "display_name": "Adulte",
            "password": "une phrase de passe solide",
            "birth_year": str(THIS_YEAR - 25),
            "country": "CI",
            "track": "M",
            "path_type": "tutored",
        },
    )
    user = queries.get_user_by_email("adulte@example.org")
    assert (user.profile_visibility, user.accepts_learner_messages) == ("members", True)


def test_a_minor_cannot_open_their_profile_or_messages(people):
    minor = people("Jeune", age=15)
    with pytest.raises(Invalid) as caught:
        services.update_profile(minor, minor, profile_visibility="members")
    assert "profile_visibility" in caught.value.errors
    with pytest.raises(Invalid):
        services.update_profile(minor, minor, accepts_learner_messages=True)


def test_who_sees_whose_profile(people):
    minor, adult, other = people("Jeune", age=15), people("Adulte", age=30), people("Autre", age=40)
    mentor = people("Mentor", roles=("mentor",))
    assert permissions.can_view_profile(mentor, minor)
    assert permissions.can_view_profile(minor, minor)
    assert not permissions.can_view_profile(other, minor)
    assert permissions.can_view_profile(other, adult)
    services.update_profile(adult, adult, profile_visibility="private")
    assert not permissions.can_view_profile(other, adult)
    assert permissions.can_view_profile(mentor, adult)


def test_who_may_write_privately_to_whom(people):
    minor, adult, other = people("Jeune", age=15), people("Adulte", age=30), people("Autre", age=40)
    mentor = people("Mentor", roles=("mentor",))
    assert permissions.can_message(mentor, minor)
    assert permissions.can_message(minor, mentor)
    assert not permissions.can_message(adult, minor)
    assert not permissions.can_message(minor, adult)
    assert permissions.can_message(other, adult)
    services.update_profile(adult, adult, accepts_learner_messages=False)
    assert not permissions.can_message(other, adult)


def test_mentors_find_learners_by_code_even_typed_sloppily(people):
    learner = people("Fatou Ndiaye", age=15)
    mentor = people("Mentor", roles=("mentor",))
    sloppy = learner.learner_code.lower().replace("-", " ")
    assert queries.search_people(mentor, sloppy) == [learner]
    assert queries.search_people(mentor, learner.learner_code[:7]) == [learner]
    assert queries.search_people(mentor, "fatou") == [learner]
    assert queries.search_people(mentor, learner.email.upper()) == [learner]


def test_learners_cannot_search_and_hidden_profiles_look_missing(client, login, people):
    minor, adult = people("Jeune", age=15), people("Adulte", age=30)
    with pytest.raises(NotAllowed):
        queries.search_people(adult, minor.learner_code)
    with pytest.raises(NotFound):
        queries.get_profile(adult, minor.learner_code)
    login(adult)
    assert client.get("/people").status_code == 403
    assert client.get(f"/people/{minor.learner_code}").status_code == 404
    assert client.get("/people/AAA-AAA-AAA").status_code == 404


def test_the_search_page_for_a_mentor(client, login, people):
    learner = people("Fatou Ndiaye", age=15)
    mentor = people("Mentor", roles=("mentor",))
    login(mentor)
    html = client.get(f"/people?q={learner.learner_code}").get_data(as_text=True)
    assert learner.learner_code in html and "Fatou Ndiaye" in html
    assert learner.email not in html  # a mentor does not see addresses
    page = client.get(f"/people/{learner.learner_code.lower()}")
    assert page.status_code == 301
    assert "Fatou Ndiaye" in client.get(f"/people/{learner.learner_code}").get_data(as_text=True)
