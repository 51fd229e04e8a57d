"""People of the messages tests: learners of every age, a mentor."""

from __future__ import annotations

import pytest

from dclic.accounts import services
from dclic.core.db import utcnow

THIS_YEAR = utcnow().year


@pytest.fixture
def person(create_user, session):
    """``person(roles=("learner",), age=30, accepts=True)`` → a flushed user."""

    def make(roles=("learner",), age=30, accepts=True, **overrides):
        user = create_user(roles=roles, **overrides)
        services.update_profile(None, user, birth_year=THIS_YEAR - age)
        if age >= 18:
            services.update_profile(
                None, user, profile_visibility="members", accepts_learner_messages=accepts
            )
        return user

    return make


@pytest.fixture
def mentor(person):
    return person(roles=("mentor",))


@pytest.fixture
def learner(person):
    return person()


@pytest.fixture
def api(client, session):
    """``api(user, method, path, **kwargs)``: an API call with a bearer token of ``user``."""
    from dclic.accounts.tokens import issue_api_token

    secrets = {}

    def call(user, method, path, **kwargs):
        if user.id not in secrets:
            secrets[user.id], _token = issue_api_token(user, "tests")
            session.flush()
        headers = {"Authorization": f"Bearer {secrets[user.id]}"}
        return client.open(path, method=method, headers=headers, **kwargs)

    return call
