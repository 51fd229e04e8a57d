"""Database behaviour the app relies on."""

import threading

from dclic.accounts import services
from dclic.core.db import db
from tests.conftest import PASSWORD, make_migrated_app
from tests.helpers import csrf_token


def test_concurrent_sign_ins_on_sqlite_wait_their_turn_instead_of_failing(tmp_path):
    app = make_migrated_app(tmp_path, WTF_CSRF_ENABLED=False)
    with app.app_context():
        for n in range(8):
            services.create_user(
                None, email=f"learner{n}@example.org", password=PASSWORD, display_name=f"L{n}"
            )
        db.session.commit()
    statuses = []

    def sign_in(n):
        client = app.test_client()
        response = client.post(
            "/login", data={"email": f"learner{n}@example.org", "password": PASSWORD}
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=sign_in, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 8


def test_the_session_cookie_is_not_resent_on_every_page(client, create_user, login):
    login(create_user())
    client.get("/")  # the first page after sign-in stores the new CSRF secret
    assert "Set-Cookie" not in client.get("/").headers
    assert "Set-Cookie" not in client.get("/catalogue").headers
    assert csrf_token(client, "/")
