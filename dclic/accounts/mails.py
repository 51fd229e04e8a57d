"""The account mails, rendered in the recipient's language and queued after commit."""

from __future__ import annotations

from flask import current_app, render_template

from dclic.core.i18n import force_locale
from dclic.core.mail import send_mail


def send_account_mail(to: str, template: str, locale: str | None, **context) -> None:
    """Render ``accounts/mail/<template>.txt`` (first line: subject) and queue it to ``to``."""
    locale = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        text = render_template(f"accounts/mail/{template}.txt", **context)
    subject, _, body = text.strip().partition("\n")
    send_mail(to, subject.strip(), body.strip() + "\n")
