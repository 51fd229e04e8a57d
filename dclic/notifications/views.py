"""Pages of the notification centre: the list, mark all as read, the preferences. No JS."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic.core.db import db
from dclic.core.errors import Invalid
from dclic.core.forms import PlainForm, apply_errors
from dclic.core.i18n import gettext as _
from dclic.notifications import forms, queries, services


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
    status = 200
    if posted and form.validate():
        try:
            services.set_preferences(current_user, forms.chosen(form))
            db.session.commit()
            flash(_("Your notification settings are saved."), "success")
            return redirect(url_for("notifications.settings"))
        except Invalid as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
    if posted:
        status = 422
    return render_template("notifications/settings.html", form=form), status
