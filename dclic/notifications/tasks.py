"""The daily digest: one mail per user and day listing the notifications kept for it.

``send_digests`` is run by ``flask dclic notifications send-digests`` (cron, once a day) or as
the job ``"dclic.notifications.tasks:send_digests"``. A digest leaves **once** per user and
UTC day, even when the command runs twice or twice at the same moment: a row of
``notification_digests`` (unique on user and day) is written first, inside a savepoint; a
second run finds nothing left to send (the notifications carry ``mailed_at``) or is refused by
the unique key. The mails leave after the commit, so a failed run sends nothing.

Each digest carries a one-click ``List-Unsubscribe`` that turns every summarised kind back to
``in_app``, and in its text a link per kind (see :mod:`dclic.notifications.unsubscribe`).
"""

from __future__ import annotations

from datetime import datetime
from itertools import groupby

import sqlalchemy as sa
from flask import render_template
from sqlalchemy.exc import IntegrityError

from dclic.accounts.models import User
from dclic.core.db import db, utcnow
from dclic.core.http import external_url
from dclic.core.mail import send_mail
from dclic.core.settings import setting
from dclic.notifications import registry, unsubscribe
from dclic.notifications.models import Notification, NotificationDigest
from dclic.notifications.services import absolute_link, in_language_of


def send_digests(now: datetime | None = None) -> int:
    """Mail the digests due (every digest notification not mailed yet); the number of mails."""
    now = now or utcnow()
    pending = db.session.scalars(
        sa.select(Notification)
        .where(
            Notification.channel == "digest",
            Notification.mailed_at.is_(None),
            Notification.created_at <= now,
        )
        .order_by(Notification.user_id, Notification.created_at, Notification.id)
    ).all()
    sent = 0
    for user_id, items in groupby(pending, key=lambda n: n.user_id):
        sent += _send_one(db.session.get(User, user_id), list(items), now)
    db.session.flush()
    return sent


def _send_one(user, items: list[Notification], now: datetime) -> int:
    try:
        with db.session.begin_nested():
            db.session.add(NotificationDigest(user_id=user.id, day=now.date(), count=len(items)))
    except IntegrityError:  # today's digest already left (or another run is sending it)
        return 0
    for notification in items:
        notification.mailed_at = now
    if not user.is_active or user.deleted_at is not None:
        return 0
    stop_all = unsubscribe.unsubscribe_url(user, unsubscribe.DIGEST)
    with in_language_of(user):
        text = render_template(
            "notifications/mail/digest.txt",
            name=user.display_name,
            items=[(n, absolute_link(n.link), absolute_link(n.unsubscribe_link)) for n in items],
            kinds=_kind_links(user, items),
            url=external_url("notifications.centre"),
            unsubscribe_url=stop_all,
            site_name=setting("site_name"),
        )
    subject, _sep, content = text.strip().partition("\n")
    send_mail(
        user.email,
        subject.strip(),
        content.strip() + "\n",
        headers=unsubscribe.mail_headers(stop_all),
    )
    return 1


def _kind_links(user, items: list[Notification]) -> list[tuple[object, str]]:
    """``(label, link)`` to stop each kind in the digest, for the notices without a link of
    their own (a subscription's), in order of first appearance."""
    names = dict.fromkeys(n.kind for n in items if not n.unsubscribe_link)
    return [
        (registry.kind(name).label, unsubscribe.unsubscribe_url(user, name))
        for name in names
        if name in {k.name for k in registry.kinds()}
    ]
