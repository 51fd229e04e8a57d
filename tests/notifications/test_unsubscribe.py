"""One-click unsubscribe from every notification mail: headers, the signed link, the pages."""

import re
import time
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTPUTF8
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from dclic.audit.models import AuditEvent
from dclic.notifications import queries, services, tasks, unsubscribe
from dclic.notifications.models import NotificationPreference
from tests.conftest import PASSWORD, make_migrated_app
from tests.helpers import post_form

HEADER = re.compile(r"^<(https?://[^<>\s]+/notifications/unsubscribe/[A-Za-z0-9._-]+)>$")


def _notify(user, kind="message", **kwargs):
    return services.notify(user, kind, "Titre", "/messages", mail_text="Texte", **kwargs)


def _one_click_link(mail) -> str:
    """The path of the mail's List-Unsubscribe link, checking both headers on the way."""
    match = HEADER.match(str(mail["List-Unsubscribe"]))
    assert match, mail["List-Unsubscribe"]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert match.group(1) in mail.get_content()  # the same link, readable in the text
    return urlsplit(match.group(1)).path


def test_an_immediate_mail_carries_a_one_click_unsubscribe(create_user, session, outbox):
    user = create_user()
    before = len(outbox())
    _notify(user)
    session.commit()
    (mail,) = outbox()[before:]
    path = _one_click_link(mail)
    assert unsubscribe.read_token(path.rsplit("/", 1)[1]) == (user, "message")


def test_a_notice_with_its_own_unsubscribe_link_mails_that_one(app, create_user, session, outbox):
    user = create_user()
    before = len(outbox())
    _notify(user, unsubscribe="/forums/subscriptions/7/stop")
    session.commit()
    (mail,) = outbox()[before:]
    own = app.config["DCLIC_BASE_URL"].rstrip("/") + "/forums/subscriptions/7/stop"
    assert mail["List-Unsubscribe"] == f"<{own}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert own in mail.get_content()


def test_the_mail_client_one_click_post_turns_the_kind_off_without_a_session(
    create_user, session, outbox, client
):
    user = create_user()
    before = len(outbox())
    _notify(user)
    session.commit()
    path = _one_click_link(outbox()[before])
    # What a mail client sends (RFC 8058): no cookie, no CSRF token.
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert 'data-channel="off"' in response.get_data(as_text=True)
    assert queries.channel_for(user, "message") == "off"
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert queries.channel_for(user, "message") == "off"  # once or twice: the same
    assert _notify(user) is None


def test_the_page_asks_first_then_keeps_the_notices_on_the_site(
    create_user, session, client, login
):
    user = create_user()
    path = urlsplit(unsubscribe.unsubscribe_url(user, "message")).path
    page = client.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="channel" value="off"' in html and 'name="channel" value="in_app"' in html
    assert queries.get_stored_preferences(user) == {}  # a look changes nothing
    assert client.post(path, data={"channel": "in_app"}).status_code == 200
    assert queries.channel_for(user, "message") == "in_app"
    login(user)
    settings = client.get("/notifications/settings").get_data(as_text=True)
    assert re.search(
        r'<input[^>]*checked[^>]*name="kind_message"[^>]*value="in_app"', settings
    ) or (re.search(r'<input[^>]*name="kind_message"[^>]*value="in_app"[^>]*checked', settings))


def test_the_change_is_audited_in_the_name_of_the_links_owner(create_user, session, client):
    user = create_user()
    path = urlsplit(unsubscribe.unsubscribe_url(user, "course_completed")).path
    assert client.post(path).status_code == 200
    event = session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.object_type == "notification_preferences")
        .order_by(AuditEvent.id.desc())
    ).first()
    assert (event.actor_kind, event.actor_id) == ("user", user.id)
    assert event.changes["channel"] == [None, "off"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_or_truncated_link_gives_a_clear_page(create_user, session, client, method):
    user = create_user()
    token = urlsplit(unsubscribe.unsubscribe_url(user, "message")).path.rsplit("/", 1)[1]
    for bad in (token[:-3], token.replace(".", "x", 1), "nope", "a" * 300):
        response = getattr(client, method)(f"/notifications/unsubscribe/{bad}")
        assert response.status_code == 400
        assert 'id="link-invalid"' in response.get_data(as_text=True)
    assert queries.get_stored_preferences(user) == {}


def test_a_link_signed_with_another_secret_is_refused(app, create_user, session, client):
    from itsdangerous import URLSafeTimedSerializer

    user = create_user()
    forged = URLSafeTimedSerializer("another secret", salt=unsubscribe._SALT).dumps(
        {"u": user.id, "s": "message"}
    )
    assert client.post(f"/notifications/unsubscribe/{forged}").status_code == 400
    assert queries.get_stored_preferences(user) == {}


def test_an_expired_link_is_refused(app, create_user, session, client):
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    class SignedLongAgo(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - unsubscribe.MAX_AGE - 60

    user = create_user()
    old = URLSafeTimedSerializer(app.secret_key, salt=unsubscribe._SALT, signer=SignedLongAgo)
    token = old.dumps({"u": user.id, "s": "message"})
    response = client.post(f"/notifications/unsubscribe/{token}")
    assert response.status_code == 400
    assert 'id="link-invalid"' in response.get_data(as_text=True)
    assert queries.get_stored_preferences(user) == {}


def test_a_deleted_accounts_link_is_refused(create_user, session, client):
    from dclic.core.db import utcnow

    user = create_user()
    path = urlsplit(unsubscribe.unsubscribe_url(user, "message")).path
    user.deleted_at = utcnow()
    session.flush()
    assert client.get(path).status_code == 400


def test_the_digest_unsubscribes_every_summarised_kind_back_to_the_site(
    create_user, session, client, outbox
):
    user = create_user()
    services.set_preferences(user, {"message": "digest", "course_completed": "digest"})
    _notify(user)
    _notify(user, "course_completed")
    _notify(user, unsubscribe="/forums/subscriptions/7/stop")
    session.commit()
    before = len(outbox())
    assert tasks.send_digests() == 1
    session.commit()
    (mail,) = outbox()[before:]
    path = _one_click_link(mail)
    text = mail.get_content()
    kind_links = re.findall(r"https?://\S+/notifications/unsubscribe/\S+", text)
    assert len(kind_links) == 3  # message, course_completed, and the whole summary
    assert "/forums/subscriptions/7/stop" in text
    assert 'value="in_app"' in client.get(path).get_data(as_text=True)
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    summarised = {"message": "in_app", "course_completed": "in_app"}
    assert queries.get_stored_preferences(user) == summarised
    assert "digest" not in queries.list_channels(user).values()
    assert client.post(path).status_code == 200
    assert queries.get_stored_preferences(user) == summarised
    rows = session.scalars(
        sa.select(NotificationPreference).where(NotificationPreference.user_id == user.id)
    ).all()
    assert len(rows) == 2


def test_a_real_smtp_server_receives_well_formed_unsubscribe_headers(tmp_path, smtp_server):
    from dclic.accounts import services as accounts
    from dclic.core.db import db

    handler, port = smtp_server()
    app = make_migrated_app(tmp_path, MAIL_URL=f"smtp://127.0.0.1:{port}")
    with app.app_context():
        user = accounts.create_user(
            None, email="awa@example.org", password=PASSWORD, display_name="Awa Diop"
        )
        db.session.commit()
        services.notify(user, "message", "Nouveau message de Koffi Élève", "/messages/1")
        db.session.commit()
        user_id = user.id
    assert handler.received.wait(5)
    [envelope] = handler.envelopes
    assert envelope.content.isascii()  # an ASCII address: 7-bit, refolded headers
    mail = message_from_bytes(envelope.content, _class=EmailMessage, policy=SMTPUTF8)
    path = _one_click_link(mail)
    client = app.test_client()
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    with app.app_context():
        owner = db.session.get(type(user), user_id)
        assert queries.get_stored_preferences(owner) == {"message": "off"}


def test_the_unsubscribe_pages_are_small(create_user, session, client):
    user = create_user()
    path = urlsplit(unsubscribe.unsubscribe_url(user, "message")).path
    for response in (client.get(path), client.post(path), client.get(path + "x")):
        assert len(response.get_data()) < 14 * 1024


def test_the_preferences_page_still_saves_after_an_unsubscribe(create_user, session, client, login):
    user = create_user()
    client.post(urlsplit(unsubscribe.unsubscribe_url(user, "message")).path)
    login(user)
    response = post_form(
        client,
        "/notifications/settings",
        {"kind_message": "immediate", "kind_course_completed": "in_app"},
    )
    assert response.status_code == 302
    assert queries.channel_for(user, "message") == "immediate"
