"""Outgoing mail: messages built here, delivered after commit to an outbox folder or SMTP.

Internationalised addresses are first-class: domains travel as A-labels (IDNA 2008 via
``idna``), and a non-ASCII local part is sent with the SMTPUTF8 extension (RFC 6531).
:func:`send_mail` only queues: the message leaves once the transaction commits, through the
job queue (inline in the embedded set-up, RQ in production).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTPUTF8
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

import idna
from flask import current_app

from dclic.core import jobs

log = logging.getLogger("dclic.mail")


class MailError(Exception):
    """A message could not be handed over to the mail server."""


def ascii_domain(domain: str) -> str:
    """The domain of an address as ASCII (A-labels), per IDNA 2008 with UTS 46 mapping."""
    return idna.encode(domain, uts46=True).decode("ascii")


def _needs_smtputf8(address: str) -> bool:
    local, _, _ = address.rpartition("@")
    return not local.isascii()


def build_message(to: str, subject: str, text: str, html: str | None = None) -> EmailMessage:
    """A MIME message from the configured sender to ``to`` (text, optionally with HTML)."""
    name, sender = parseaddr(current_app.config["DCLIC_MAIL_FROM"])
    message = EmailMessage(policy=SMTPUTF8)
    message["From"] = str(Address(name, addr_spec=sender))
    # Set as text: Address() refuses the non-ASCII local parts that SMTPUTF8 allows.
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def deliver(message: EmailMessage) -> None:
    """Hand ``message`` to the configured transport now (called from a job)."""
    settings = current_app.config["DCLIC_MAIL"]
    if settings["transport"] == "outbox":
        _write_outbox(message, Path(settings["path"]))
    else:
        _send_smtp(message, settings)
    log.info("mail delivered", extra={"to": message["To"], "subject": message["Subject"]})


def _write_outbox(message: EmailMessage, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(message.as_bytes(policy=SMTPUTF8))


def _send_smtp(message: EmailMessage, settings: dict) -> None:
    sender = parseaddr(str(message["From"]))[1]
    recipient = parseaddr(str(message["To"]))[1]
    local, _, domain = recipient.rpartition("@")
    envelope_to = f"{local}@{ascii_domain(domain)}"
    options = ["SMTPUTF8"] if _needs_smtputf8(recipient) else []
    context = ssl.create_default_context()
    smtp_class = smtplib.SMTP_SSL if settings["security"] == "tls" else smtplib.SMTP
    kwargs = {"context": context} if settings["security"] == "tls" else {}
    try:
        with smtp_class(settings["host"], settings["port"], timeout=30, **kwargs) as smtp:
            smtp.ehlo()
            if settings["security"] == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if settings["username"]:
                smtp.login(settings["username"], settings["password"] or "")
            if options and not smtp.has_extn("smtputf8"):
                raise MailError(f"the mail server cannot deliver to {recipient}: no SMTPUTF8")
            smtp.send_message(
                message,
                from_addr=sender,
                to_addrs=[envelope_to],
                mail_options=options,
            )
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(str(exc)) from exc


def deliver_job(raw: bytes) -> None:
    """Job entry point: parse the queued bytes and deliver them."""
    from email import message_from_bytes

    deliver(message_from_bytes(raw, _class=EmailMessage, policy=SMTPUTF8))


def send_mail(to: str, subject: str, text: str, html: str | None = None) -> None:
    """Queue a message to ``to``; it leaves after the current transaction commits."""
    message = build_message(to, subject, text, html)
    jobs.enqueue("dclic.core.mail:deliver_job", message.as_bytes(policy=SMTPUTF8))
