"""The notification centre's JSON API (bearer token): my notifications, marking them read,
my channel per kind. Rules are the services' (an unknown kind or channel: 422 per field)."""

from __future__ import annotations

from dclic.core.api import endpoint, page_body
from dclic.core.db import db
from dclic.core.errors import Invalid
from dclic.notifications import queries, services
from dclic.notifications.schemas import (
    MarkedSchema,
    NotificationPageSchema,
    NotificationQuerySchema,
    NotificationSchema,
    PreferencesBodySchema,
    PreferencesSchema,
)

TAGS = ["notifications"]


@endpoint(
    summary="My notifications, newest first (?unread=true: only those not read)",
    tags=TAGS,
    query=NotificationQuerySchema,
    response=NotificationPageSchema,
    auth=True,
)
def list_notifications(actor, query):
    unread = query.pop("unread")
    return page_body(queries.list_notifications(actor, unread_only=unread, **query))


@endpoint(
    summary="Mark one of my notifications as read",
    tags=TAGS,
    response=NotificationSchema,
    auth=True,
    errors=(404,),
)
def mark_read(actor, notification_id: int):
    notification = services.mark_read(actor, queries.get_notification_for(actor, notification_id))
    db.session.commit()
    return notification


@endpoint(
    summary="Mark all my notifications as read",
    tags=TAGS,
    response=MarkedSchema,
    auth=True,
)
def mark_all_read(actor):
    marked = services.mark_all_read(actor)
    db.session.commit()
    return {"marked": marked}


@endpoint(
    summary="How I hear of each kind of notification",
    tags=TAGS,
    response=PreferencesSchema,
    auth=True,
)
def preferences(actor):
    return {"preferences": queries.list_preferences(actor)}


@endpoint(
    summary="Change how I hear of some kinds of notification",
    tags=TAGS,
    body=PreferencesBodySchema,
    response=PreferencesSchema,
    auth=True,
)
def set_preferences(actor, body):
    try:
        services.set_preferences(actor, body["channels"])
    except Invalid as exc:  # the service names kinds: give their place in the body
        errors = {f"channels.{name}": messages for name, messages in (exc.errors or {}).items()}
        raise Invalid(exc.message, errors) from exc
    db.session.commit()
    return {"preferences": queries.list_preferences(actor)}
