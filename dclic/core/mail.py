"""Outgoing mail: messages built here, delivered after commit to an outbox folder or SMTP.

Internationalised addresses are first-class, following
:func:`dclic.core.email_address.normalize`:

- an ASCII local part is sent to ``local@xn--…`` (A-labels) **without** SMTPUTF8, and the
  message is serialized 7-bit clean (RFC 2047 headers, quoted-printable text), so any relay
  carries it;
- a non-ASCII local part is sent **with** SMTPUTF8 (RFC 6531) to the full UTF-8 address, and
  the headers travel in UTF-8 (RFC 6532). A relay that does not offer SMTPUTF8 makes delivery
  fail with a :class:`MailError` whose ``reason`` is ``"smtputf8_unsupported"``; the job
  runner (:mod:`dclic.core.jobs`) logs it. :func:`relay_supports_smtputf8` lets a form warn
  the user before that happens.

:func:`send_mail` only queues: the message leaves once the transaction commits, through the
job queue (inline in the embedded set-up, RQ in production).
"""

from __future__ import annotations

import itertools
import logging
import smtplib
import ssl
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

import idna
from flask import current_app

from dclic.core import jobs
from dclic.core.email_address import InvalidAddress, normalize

log = logging.getLogger("dclic.mail")

RELAY_CHECK_SECONDS = 300  # how long relay_supports_smtputf8() trusts its last answer
RELAY_RETRY_SECONDS = 30  # … or its last failure to reach the relay
_relay_answers: dict[tuple, tuple[float, bool | None]] = {}
_relay_lock = threading.Lock()
_SEVEN_BIT = SMTP.clone(refold_source="all")
_outbox_serial = itertools.count()


class MailError(Exception):
    """A message could not be handed over to the mail server.

    ``reason`` is ``"smtputf8_unsupported"`` when the relay cannot carry an address whose
    local part is not ASCII, ``None`` for other failures (network, refusal…).
    """

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason


def ascii_domain(domain: str) -> str:
    """The domain of an address as ASCII (A-labels), per IDNA 2008 with UTS 46 mapping."""
    return idna.encode(domain, uts46=True, transitional=False).decode("ascii")


def build_message(
    to: str, subject: str, text: str, html: str | None = None, headers: dict | None = None
) -> EmailMessage:
    """A MIME message from the configured sender to ``to`` (text, optionally with HTML).

    ``headers`` adds header fields, e.g. ``List-Unsubscribe`` (RFC 2369, RFC 8058).

    ``to`` is normalized (:class:`~dclic.core.email_address.InvalidAddress` if it is not an
    address); the ``To:`` header holds its SMTP form (``NormalizedAddress.envelope``): UTF-8
    when the local part needs SMTPUTF8, A-labels otherwise.
    """
    name, sender = parseaddr(current_app.config["DCLIC_MAIL_FROM"])
    message = EmailMessage(policy=SMTPUTF8)
    message["From"] = str(Address(name, addr_spec=sender))
    # Set as text: Address() refuses the non-ASCII local parts that SMTPUTF8 allows.
    message["To"] = normalize(to).envelope
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    for field, value in (headers or {}).items():
        message[field] = value
    # Quoted-printable keeps the body 7-bit, whatever path the message takes.
    cte = None if text.isascii() else "quoted-printable"
    message.set_content(text, cte=cte)
    if html:
        cte = None if html.isascii() else "quoted-printable"
        message.add_alternative(html, subtype="html", cte=cte)
    return message


def deliver(message: EmailMessage) -> None:
    """Hand ``message`` to the configured transport now (called from a job)."""
    settings = current_app.config["DCLIC_MAIL"]
    if settings["transport"] == "outbox":
        _write_outbox(message, Path(settings["path"]))
    else:
        _send_smtp(message, settings)
    log.info("mail delivered", extra={"to": str(message["To"]), "subject": message["Subject"]})


def _write_outbox(message: EmailMessage, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # Names sort in sending order: microseconds, then a counter within this process.
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}-{next(_outbox_serial):06d}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(message.as_bytes(policy=SMTPUTF8))


@contextmanager
def _relay(settings: dict, timeout: float) -> Iterator[smtplib.SMTP]:
    """An SMTP connection to the relay, greeted (EHLO) and encrypted as configured."""
    context = ssl.create_default_context()
    if settings["security"] == "tls":
        smtp = smtplib.SMTP_SSL(
            settings["host"], settings["port"], timeout=timeout, context=context
        )
    else:
        smtp = smtplib.SMTP(settings["host"], settings["port"], timeout=timeout)
    with smtp:
        smtp.ehlo()
        if settings["security"] == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        yield smtp


def _envelope_sender(message: EmailMessage) -> str:
    sender = parseaddr(str(message["From"]))[1]
    local, _, domain = sender.rpartition("@")
    return f"{local}@{ascii_domain(domain)}" if local and not domain.isascii() else sender


def _send_smtp(message: EmailMessage, settings: dict) -> None:
    try:
        recipient = normalize(str(message["To"]))
    except InvalidAddress as exc:  # queued before the rules changed
        raise MailError(f"cannot deliver to {message['To']!s}: {exc}") from exc
    sender = _envelope_sender(message)
    smtputf8 = recipient.needs_smtputf8 or not sender.isascii()
    # 7-bit headers (RFC 2047) unless SMTPUTF8 lets them travel as UTF-8; "all" makes the
    # generator re-encode the headers parsed from the queued UTF-8 bytes.
    data = message.as_bytes(policy=SMTPUTF8 if smtputf8 else _SEVEN_BIT)
    try:
        with _relay(settings, timeout=30) as smtp:
            if settings["username"]:
                smtp.login(settings["username"], settings["password"] or "")
            if smtputf8 and not smtp.has_extn("smtputf8"):
                raise MailError(
                    f"the mail server {settings['host']}:{settings['port']} does not offer "
                    f"SMTPUTF8 (RFC 6531), which delivery to {recipient.display} needs because "
                    "the part before the @ is not ASCII; nothing was sent",
                    reason="smtputf8_unsupported",
                )
            options = ["SMTPUTF8"] if smtputf8 else []
            if not data.isascii() and smtp.has_extn("8bitmime"):
                options.append("BODY=8BITMIME")
            smtp.sendmail(sender, [recipient.envelope], data, mail_options=options)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"the mail server refused or failed: {exc}") from exc


def relay_supports_smtputf8(refresh: bool = False) -> bool | None:
    """Whether the configured relay can deliver to non-ASCII local parts (SMTPUTF8).

    ``None`` for the outbox transport (nothing to ask) or when the relay cannot be reached;
    otherwise the relay's answer to EHLO (after STARTTLS when configured), kept
    :data:`RELAY_CHECK_SECONDS` (a failure, :data:`RELAY_RETRY_SECONDS`) so a form can call
    this on every display to warn a user whose address would need SMTPUTF8.
    """
    settings = current_app.config["DCLIC_MAIL"]
    if settings["transport"] != "smtp":
        return None
    key = (settings["host"], settings["port"], settings["security"])
    now = time.monotonic()
    with _relay_lock:
        expires, answer = _relay_answers.get(key, (0.0, None))
    if expires > now and not refresh:
        return answer
    try:
        with _relay(settings, timeout=5) as smtp:
            answer = smtp.has_extn("smtputf8")
        expires = now + RELAY_CHECK_SECONDS
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail relay unreachable", extra={"host": key[0], "error": str(exc)})
        answer, expires = None, now + RELAY_RETRY_SECONDS
    with _relay_lock:
        _relay_answers[key] = (expires, answer)
    return answer


def deliver_job(raw: bytes) -> None:
    """Job entry point: parse the queued bytes and deliver them."""
    from email import message_from_bytes

    deliver(message_from_bytes(raw, _class=EmailMessage, policy=SMTPUTF8))


def send_mail(
    to: str, subject: str, text: str, html: str | None = None, *, headers: dict | None = None
) -> None:
    """Queue a message to ``to``; it leaves after the current transaction commits.

    Raises :class:`~dclic.core.email_address.InvalidAddress` at once if ``to`` is not valid.
    """
    message = build_message(to, subject, text, html, headers)
    jobs.enqueue("dclic.core.mail:deliver_job", message.as_bytes(policy=SMTPUTF8))
