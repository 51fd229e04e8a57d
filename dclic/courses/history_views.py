"""The edit history of courses and learning paths, for editors: versions, differences, restore."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic.core.db import db
from dclic.core.errors import Conflict, Invalid
from dclic.core.forms import PlainForm
from dclic.core.i18n import gettext as _
from dclic.courses import queries, services
from dclic.courses.labels import field_label, field_value
from dclic.history import queries as history

_FINDERS = {"course": queries.get_course_for_editing, "path": queries.get_path_for_editing}


@dataclass(frozen=True)
class _Urls:
    """The addresses the history templates link to, for one course or path."""

    kind: str
    code: str

    def history(self) -> str:
        return url_for(f"courses.{self.kind}_history", code=self.code)

    def compare(self, older: int, newer: int) -> str:
        return url_for(
            f"courses.{self.kind}_compare", code=self.code, **{"from": older, "to": newer}
        )

    def restore(self, number: int) -> str:
        return url_for(f"courses.{self.kind}_restore", code=self.code, number=number)

    def back(self, content) -> str:
        public = url_for(f"courses.{self.kind}", code=self.code)
        return public if content.is_published else url_for("courses.catalogue")


def _render_versions(kind: str, content, form=None, status: int = 200):
    urls = _Urls(kind, content.code)
    page = history.list_versions(content, page=max(request.args.get("page", 1, type=int), 1))
    return render_template(
        "history/versions.html",
        subject=content.title,
        back_url=urls.back(content),
        page=page,
        latest=history.latest_number(content),
        urls=urls,
        field_label=field_label,
        form=form,
    ), status  # fmt: skip


@login_required
def versions(kind: str, code: str):
    return _render_versions(kind, _FINDERS[kind](current_user, code))


@login_required
def compare(kind: str, code: str):
    content = _FINDERS[kind](current_user, code)
    older = history.get_version(content, request.args.get("from"))
    newer = history.get_version(content, request.args.get("to"))
    if older.number > newer.number:
        older, newer = newer, older
    return render_template(
        "history/compare.html",
        subject=content.title,
        older=older,
        newer=newer,
        diffs=history.compare_versions(content, older, newer),
        history_url=_Urls(kind, content.code).history(),
        field_label=field_label,
        field_value=field_value,
    )


@login_required
def restore(kind: str, code: str, number: int):
    content = _FINDERS[kind](current_user, code)
    form = PlainForm()
    if not form.validate_on_submit():
        return _render_versions(kind, content, form, 400)
    try:
        services.restore_version(current_user, content, number)
        db.session.commit()
    except (Invalid, Conflict) as exc:
        db.session.rollback()
        form.form_errors.append(str(exc.message or _("This version cannot be restored.")))
        for messages in (exc.errors or {}).values():
            form.form_errors.extend(messages)
        return _render_versions(kind, content, form, 422)
    flash(_("Version %(number)d was restored.", number=number), "success")
    return redirect(_Urls(kind, content.code).history())
