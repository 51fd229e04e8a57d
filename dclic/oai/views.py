"""The ``/oai`` endpoint, and the administrators' pages of the harvester."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic.core.db import db
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.core.forms import PlainForm, apply_errors
from dclic.core.i18n import gettext as _
from dclic.oai import queries, services
from dclic.oai.forms import SourceForm
from dclic.oai.permissions import can_manage_harvest
from oai_pmh import CONTENT_TYPE


def oai():
    """OAI-PMH 2.0: every answer, errors included, is a 200 XML document (spec 3.6)."""
    params = request.form if request.method == "POST" else request.args
    body = current_app.extensions["dclic_oai_provider"].handle(request.method, params)
    return Response(body, 200, content_type=CONTENT_TYPE)


def _require_manager() -> None:
    if not can_manage_harvest(current_user):  # before anything of the sources is read
        raise NotAllowed(_("Only administrators manage the harvested sources."))


@login_required
def sources():
    _require_manager()
    form = SourceForm()
    if form.validate_on_submit():
        try:
            source = services.create_source(current_user, **form.values())
            db.session.commit()
        except (Invalid, Conflict) as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
        else:
            flash(_("The source is registered. Harvest it when you are ready."), "success")
            return redirect(url_for("oai_admin.source", source_id=source.id))
    status = 422 if form.errors or form.form_errors else 200
    summaries = queries.list_sources(current_user)
    return render_template("oai/sources.html", form=form, summaries=summaries), status


@login_required
def source(source_id: int):
    _require_manager()
    item = queries.get_source(current_user, source_id)
    form = SourceForm(obj=item)
    if form.validate_on_submit():
        try:
            services.update_source(current_user, item, **form.values())
            db.session.commit()
        except (Invalid, Conflict) as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
        else:
            flash(_("The source is saved."), "success")
            return redirect(url_for("oai_admin.source", source_id=item.id))
    status = 422 if form.errors or form.form_errors else 200
    page = {"source": item, "runs": queries.list_runs(item), "form": form, "run_form": PlainForm()}
    return render_template("oai/source.html", **page), status


@login_required
def harvest_now(source_id: int):
    _require_manager()
    item = queries.get_source(current_user, source_id)
    if PlainForm().validate_on_submit():
        services.request_harvest(current_user, item)
        db.session.commit()  # the job starts after this (at once when jobs run inline)
        flash(_("The harvest has started; its outcome appears below."), "success")
    return redirect(url_for("oai_admin.source", source_id=item.id))
