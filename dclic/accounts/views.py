"""Sign-in pages."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from dclic.accounts import services
from dclic.accounts.forms import LoginForm
from dclic.accounts.sessions import end_session, start_session
from dclic.core.db import db
from dclic.core.http import safe_next
from dclic.core.i18n import gettext as _


def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), url_for("site.home")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            start_session(user)
            flash(_("Welcome, %(name)s.", name=user.display_name), "success")
            return redirect(safe_next(request.args.get("next"), url_for("site.home")))
        form.form_errors.append(_("E-mail address or password is incorrect."))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("accounts/login.html", form=form), status


def logout():
    end_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("site.home"))
