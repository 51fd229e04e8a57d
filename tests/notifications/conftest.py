"""Helpers of the notification tests: API calls with a bearer token."""

from __future__ import annotations

import pytest


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
