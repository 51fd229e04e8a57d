"""The audit trail's pages for administrators: filter, read one row, export, verify."""

from __future__ import annotations

import csv
import io
import json

from flask import Response, render_template, request, stream_with_context
from flask_login import current_user, login_required

from dclic.audit import queries
from dclic.audit.forms import AuditFilterForm
from dclic.audit.permissions import can_view_audit
from dclic.core.db import db
from dclic.core.errors import NotAllowed
from dclic.core.i18n import gettext as _

CSV_COLUMNS = (
    "id", "occurred_at", "actor_id", "actor_name", "actor_kind", "action", "object_type",
    "object_id", "changes", "ip", "user_agent", "request_id", "prev_hash", "hash",
)  # fmt: skip


def _form() -> AuditFilterForm:
    if not can_view_audit(current_user):  # before anything of the trail is read
        raise NotAllowed(_("Only administrators can read the audit trail."))
    form = AuditFilterForm(request.args)
    form.action.choices = [("", _("All actions")), *((a, a) for a in queries.list_actions())]
    return form


def _cell(value) -> str:
    """A CSV cell a spreadsheet will not run: text starting like a formula is quoted."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def events():
    form = _form()
    if not form.validate():
        return render_template("audit/events.html", form=form, page=None), 422
    page = queries.list_events(current_user, form.filters, page=_page_number())
    db.session.commit()
    return render_template("audit/events.html", form=form, page=page)


def _page_number() -> int:
    return min(max(request.args.get("page", 1, type=int), 1), 1_000_000)


@login_required
def event(event_id: int):
    row = queries.get_event(current_user, event_id)
    db.session.commit()
    return render_template("audit/event.html", event=row)


@login_required
def verify():
    verdict, checkpoint = queries.verify_trail(current_user)
    db.session.commit()
    return render_template("audit/verify.html", verdict=verdict, checkpoint=checkpoint)


@login_required
def export():
    form = _form()
    if not form.validate():
        return render_template("audit/events.html", form=form, page=None), 422
    rows = queries.export_events(current_user, form.filters)
    db.session.commit()

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            values = [getattr(row, name) for name in CSV_COLUMNS]
            values[CSV_COLUMNS.index("changes")] = json.dumps(row.changes, ensure_ascii=False)
            writer.writerow([_cell(v) for v in values])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    return Response(
        stream_with_context(lines()),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="dclic-audit.csv"'},
    )
