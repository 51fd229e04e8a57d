"""Pages of the notification centre: the list, mark all as read, the preferences. No JS."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic.core.db import db
from dclic.core.errors import Invalid
from dclic.core.forms import PlainForm, attempt
from dclic.core.i18n import gettext as _
from dclic.notifications import forms, queries, registry, services
from dclic.notifications.unsubscribe import DIGEST, read_token


def _page() -> int:
    page = request.args.get("page", "1")
    return min(int(page), 10_000) if page.isdigit() and int(page) > 0 else 1


@login_required
def centre():
    return render_template(
        "notifications/centre.html",
        page=queries.list_notifications(current_user, _page()),
        form=PlainForm(),
    )


@login_required
def mark_all_read():
    if not PlainForm().validate_on_submit():
        return redirect(url_for("notifications.centre"))
    services.mark_all_read(current_user)
    db.session.commit()
    flash(_("Every notification is marked as read."), "success")
    return redirect(url_for("notifications.centre"))


@login_required
def settings():
    channels = queries.list_channels(current_user)
    posted = request.method == "POST"
    form = forms.preferences_form(channels, request.form if posted else None)
    saved, _changes = attempt(
        form, lambda: services.set_preferences(current_user, forms.chosen(form))
    )
    if saved:
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form), 422 if posted else 200


def unsubscribe(token):
    """A one-click unsubscribe link from a mail: GET shows one confirming form (mail scanners
    open links on their own), POST acts: from that form, or a mail client's RFC 8058
    one-click POST without session or CSRF token (the signed token authorises it)."""
    try:
        user, scope = read_token(token)
    except Invalid as exc:
        return render_template("notifications/unsubscribe_invalid.html", message=exc.message), 400
    g.audit_user = user  # the audit trail names the link's owner, signed in or not
    label = None if scope == DIGEST else registry.kind(scope).label
    if request.method == "POST":
        services.unsubscribe_from(user, scope, request.form.get("channel", "off"))
        db.session.commit()
        channel = "in_app" if scope == DIGEST else queries.channel_for(user, scope)
        return render_template(
            "notifications/unsubscribed.html", digest=scope == DIGEST, label=label, channel=channel
        )
    return render_template(
        "notifications/unsubscribe.html", digest=scope == DIGEST, label=label, form=PlainForm()
    )
