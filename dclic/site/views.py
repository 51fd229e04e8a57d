"""Home page, language switch and health probes."""

from __future__ import annotations

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic.accounts import services as accounts
from dclic.accounts.rights import has_capability, require
from dclic.config import LOCALES
from dclic.core.db import db
from dclic.core.errors import Invalid, NotAllowed
from dclic.core.forms import attempt
from dclic.core.http import safe_next
from dclic.core.i18n import gettext as _
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.i18n import remember_locale
from dclic.files import services as files
from dclic.site import queries, settings
from dclic.site.forms import LanguageForm, SettingsForm

# The tools a signed-in person may open, each behind the capability it needs.
TOOLS = (
    ("user.search", "accounts.people", _l("Find a learner")),
    ("course.edit", "courses.desk", _l("Editor’s desk: courses and learning paths")),
    ("user.list", "accounts.admin_users", _l("Manage accounts")),
    ("group.manage", "accounts.admin_groups", _l("Groups")),
    ("rights.manage", "accounts.rights", _l("Rights of each role")),
    ("harvest.manage", "oai_admin.sources", _l("Harvested catalogues")),
    ("settings.manage", "site.admin_settings", _l("Platform settings")),
    ("audit.view", "audit.events", _l("Audit trail")),
)


def tools_for(user) -> list[tuple[str, str]]:
    """(label, address) of the tools ``user`` holds the rights for."""
    return [(label, url_for(endpoint)) for capability, endpoint, label in TOOLS
            if has_capability(user, capability)]  # fmt: skip


@login_required
def administration():
    tools = [tool for tool in tools_for(current_user) if tool[1].startswith("/admin")]
    if not tools:
        raise NotAllowed(_("This page is for the platform's team."))
    return render_template("site/admin.html", tools=tools)


def home():
    tools = tools_for(current_user) if current_user.is_authenticated else []
    return render_template("site/home.html", tools=tools)


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


@login_required
def admin_settings():
    require(current_user, "settings.manage")
    form = SettingsForm(data=settings.current()).set_choices()
    saved, _changes = attempt(form, lambda: _save_settings(form))
    if saved:
        flash(_("The settings are saved."), "success")
        return redirect(url_for("site.admin_settings"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("site/settings.html", form=form), status


def _save_settings(form):
    values = {name: form[name].data for name in settings.NAMES if name in form}
    values["logo_file_id"] = _chosen_logo(form)
    return settings.update_settings(current_user, **values)


def _chosen_logo(form):
    """The logo after this form: a new image, none, or the current one."""
    if form.remove_logo.data:
        return None
    upload = form.logo.data
    if upload and getattr(upload, "filename", ""):
        try:
            return files.store_upload(current_user, upload, "image", is_public=True).id
        except Invalid as exc:
            raise Invalid(exc.message, {"logo": (exc.errors or {}).get("file", [])}) from None
    return settings.read("logo_file_id")


def theme(digest: str):
    css = settings.theme_css()
    if css is None or settings.theme_hash(css) != digest:
        abort(404)
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def theme_url() -> str | None:
    """The address of the colours stylesheet, or None while the default colours hold."""
    css = settings.theme_css()
    return None if css is None else url_for("site.theme", digest=settings.theme_hash(css))
