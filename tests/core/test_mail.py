"""Mail: queued until commit, written to the outbox or sent over real SMTP, in any script."""

import socket
import threading

import pytest
from aiosmtpd.controller import Controller

from dclic.core.db import db
from dclic.core.mail import MailError, ascii_domain, send_mail
from tests.conftest import make_app


class Recorder:
    """An aiosmtpd handler that keeps every envelope it receives."""

    def __init__(self):
        self.envelopes = []
        self.received = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.received.set()
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    def start(smtputf8=True):
        handler = Recorder()
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, enable_SMTPUTF8=smtputf8)
        controller.start()
        started.append(controller)
        return handler, port

    started = []
    yield start
    for controller in started:
        controller.stop()


def test_mail_waits_for_the_commit_and_lands_in_the_outbox(app, session, outbox):
    send_mail("élève@école.fr", "Bienvenue", "Bonjour !")
    assert outbox() == []
    session.commit()
    [message] = outbox()
    assert message["To"] == "élève@école.fr"
    assert message["Subject"] == "Bienvenue"
    assert message.get_content().strip() == "Bonjour !"


def test_mail_of_a_rolled_back_transaction_is_never_sent(app, session, outbox):
    send_mail("fatou@example.org", "Perdu", "Ne part pas")
    session.rollback()
    session.commit()
    assert outbox() == []


def test_domains_become_a_labels_per_idna_2008():
    assert ascii_domain("école.fr") == "xn--cole-9oa.fr"
    assert ascii_domain("مثال.مصر") == "xn--mgbh0fb.xn--wgbh1c"
    assert ascii_domain("faß.de") == "xn--fa-hia.de"  # IDNA 2008 keeps ß (2003 made it "ss")


def smtp_app(tmp_path, port):
    return make_app(
        tmp_path, f"sqlite:///{tmp_path / 'mail.sqlite3'}", MAIL_URL=f"smtp://127.0.0.1:{port}"
    )


@pytest.mark.parametrize(
    ("address", "envelope_to"),
    [
        ("مستخدم@مثال.مصر", "مستخدم@xn--mgbh0fb.xn--wgbh1c"),
        ("ուսանող@օրինակ.հայ", "ուսանող@xn--y9atn0a2c3a.xn--y9a3aq"),
        ("fatou@example.org", "fatou@example.org"),
    ],
)
def test_mail_reaches_a_real_smtp_server_with_smtputf8_when_needed(
    tmp_path, smtp_server, address, envelope_to
):
    handler, port = smtp_server()
    app = smtp_app(tmp_path, port)
    with app.app_context():
        send_mail(address, "Confirmez votre adresse", "Bonjour, cliquez sur le lien.")
        db.session.commit()
    assert handler.received.wait(5)
    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == [envelope_to]
    assert ("SMTPUTF8" in envelope.mail_options) == (not address.split("@")[0].isascii())
    assert "Confirmez votre adresse" in envelope.content.decode("utf-8")


def test_a_server_without_smtputf8_is_reported_not_silently_mangled(tmp_path, smtp_server, caplog):
    from dclic.core.mail import build_message, deliver

    handler, port = smtp_server(smtputf8=False)
    app = smtp_app(tmp_path, port)
    with app.test_request_context(), pytest.raises(MailError, match="SMTPUTF8"):
        deliver(build_message("مستخدم@مثال.مصر", "Objet", "Texte"))
    assert handler.envelopes == []
