"""Home page, language switch and health probes."""

from __future__ import annotations

from flask import jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from dclic.accounts import services as accounts
from dclic.config import LOCALES
from dclic.core.db import db
from dclic.core.http import safe_next
from dclic.core.i18n import remember_locale
from dclic.site import queries
from dclic.site.forms import LanguageForm


def home():
    return render_template("site/home.html")


def switch_language():
    form = LanguageForm()
    lang = request.form.get("lang", "")
    if form.validate_on_submit() and lang in LOCALES:
        remember_locale(lang)
        if current_user.is_authenticated:
            accounts.set_preferred_locale(current_user, current_user, lang)
            db.session.commit()
    return redirect(safe_next(form.next.data, url_for("site.home")))


def healthz():
    return jsonify(status="alive")


def readyz():
    checks = queries.check_readiness()
    ready = all(value == "ok" for value in checks.values())
    return jsonify(status="ready" if ready else "unavailable", checks=checks), (
        200 if ready else 503
    )
