"""Mail: queued until commit, written to the outbox or sent over real SMTP, in any script."""

from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTPUTF8

import pytest

from dclic.core.db import db
from dclic.core.email_address import InvalidAddress
from dclic.core.mail import (
    MailError,
    ascii_domain,
    build_message,
    deliver,
    relay_supports_smtputf8,
    send_mail,
)
from tests.conftest import make_app


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


# (address given to send_mail, exact RCPT TO, SMTPUTF8 used)
DELIVERIES = [
    ("مستخدم@مثال.مصر", "مستخدم@مثال.مصر", True),
    ("משתמש@דוגמה.ישראל", "משתמש@דוגמה.ישראל", True),
    ("ուսանող@օրինակ.հայ", "ուսանող@օրինակ.հայ", True),
    ("用户@例子.广告", "用户@例子.广告", True),
    ("उपयोगकर्ता@उदाहरण.भारत", "उपयोगकर्ता@उदाहरण.भारत", True),
    ("Élève@ÉCOLE.fr", "Élève@école.fr", True),
    ("élève@example.org", "élève@example.org", True),
    ("fatou@école.fr", "fatou@xn--cole-9oa.fr", False),
    ("info@مثال.مصر", "info@xn--mgbh0fb.xn--wgbh1c", False),
    ("user@пример.рф", "user@xn--e1afmkfd.xn--p1ai", False),
    ("x@क्\u200cष.भारत", "x@xn--11b2ezcs70k.xn--h2brj9c", False),
    ('"fatou diop"@example.org', '"fatou diop"@example.org', False),
    ("fatou@example.org", "fatou@example.org", False),
]


@pytest.mark.parametrize(("address", "envelope_to", "smtputf8"), DELIVERIES)
def test_mail_reaches_a_real_smtp_server_with_smtputf8_only_for_non_ascii_local_parts(
    tmp_path, smtp_server, address, envelope_to, smtputf8
):
    handler, port = smtp_server()
    app = smtp_app(tmp_path, port)
    with app.app_context():
        send_mail(address, "Confirmez votre adresse, élève", "Bonjour, cliquez sur le lien.")
        db.session.commit()
    assert handler.received.wait(5)
    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == [envelope_to]
    assert ("SMTPUTF8" in envelope.mail_options) is smtputf8
    message = message_from_bytes(envelope.content, _class=EmailMessage, policy=SMTPUTF8)
    assert message["To"] == envelope_to
    assert message["Subject"] == "Confirmez votre adresse, élève"
    assert message.get_content().strip() == "Bonjour, cliquez sur le lien."
    # without SMTPUTF8 the message is 7-bit clean: any relay can carry it
    assert envelope.content.isascii() is not smtputf8


def test_a_server_without_smtputf8_is_reported_not_silently_mangled(tmp_path, smtp_server):
    handler, port = smtp_server(smtputf8=False)
    app = smtp_app(tmp_path, port)
    with app.test_request_context(), pytest.raises(MailError) as caught:
        deliver(build_message("مستخدم@مثال.مصر", "Objet", "Texte"))
    assert caught.value.reason == "smtputf8_unsupported"
    assert str(caught.value) == (
        f"the mail server 127.0.0.1:{port} does not offer SMTPUTF8 (RFC 6531), which delivery "
        "to مستخدم@مثال.مصر needs because the part before the @ is not ASCII; nothing was sent"
    )
    assert handler.envelopes == []


@pytest.mark.parametrize(
    ("address", "envelope_to"),
    [
        ("fatou@école.fr", "fatou@xn--cole-9oa.fr"),
        ("info@مثال.مصر", "info@xn--mgbh0fb.xn--wgbh1c"),
        ("fatou@example.org", "fatou@example.org"),
    ],
)
def test_a_server_without_smtputf8_still_gets_ascii_local_parts_at_a_labels(
    tmp_path, smtp_server, address, envelope_to
):
    handler, port = smtp_server(smtputf8=False)
    app = smtp_app(tmp_path, port)
    with app.test_request_context():
        deliver(build_message(address, "Objet é", "Texte é"))
    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == [envelope_to]
    assert "SMTPUTF8" not in envelope.mail_options
    assert envelope.content.isascii()


def test_the_job_runner_logs_a_mail_the_relay_cannot_carry(tmp_path, smtp_server, caplog):
    handler, port = smtp_server(smtputf8=False)
    app = smtp_app(tmp_path, port)
    with app.app_context():
        send_mail("مستخدم@مثال.مصر", "Objet", "Texte")
        db.session.commit()  # the inline job fails after the commit, without raising here
    [record] = [r for r in caplog.records if r.getMessage() == "job failed"]
    assert record.job == "dclic.core.mail:deliver_job"
    assert isinstance(record.exc_info[1], MailError)
    assert "does not offer SMTPUTF8" in str(record.exc_info[1])
    assert handler.envelopes == []


def test_an_invalid_address_is_refused_when_the_mail_is_queued(app, session, outbox):
    with pytest.raises(InvalidAddress) as caught:
        send_mail("x@☕.example", "Objet", "Texte")
    assert caught.value.code == "domain"
    session.commit()
    assert outbox() == []


@pytest.mark.parametrize(("smtputf8", "expected"), [(True, True), (False, False)])
def test_the_relay_is_asked_whether_it_supports_smtputf8(tmp_path, smtp_server, smtputf8, expected):
    handler, port = smtp_server(smtputf8=smtputf8)
    app = smtp_app(tmp_path, port)
    with app.app_context():
        assert relay_supports_smtputf8(refresh=True) is expected
        assert relay_supports_smtputf8() is expected  # from the cache
    assert handler.envelopes == []


def test_the_relay_answer_is_kept_a_few_minutes_then_asked_again(tmp_path, smtp_server):
    _, port = smtp_server()
    app = smtp_app(tmp_path, port)
    with app.app_context():
        assert relay_supports_smtputf8(refresh=True) is True
    smtp_server.stop_all()
    with app.app_context():
        assert relay_supports_smtputf8() is True  # not asked again within the delay
        assert relay_supports_smtputf8(refresh=True) is None  # unreachable: cannot tell


def test_the_outbox_cannot_tell_whether_smtputf8_is_supported(tmp_path):
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'mail.sqlite3'}")
    with app.app_context():
        assert relay_supports_smtputf8() is None
