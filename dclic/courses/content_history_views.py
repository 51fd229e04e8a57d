"""The edit history of modules and steps, for editors: versions, differences, restore.

The same shared templates as courses and paths (``history/versions.html``, ``compare.html``);
a restore goes through ``courses.services.restore_version`` (same right and validation as an
edit, and a new version).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic.core.forms import PlainForm, attempt
from dclic.core.i18n import gettext as _
from dclic.courses import editor_queries, queries, services
from dclic.courses.editor_labels import content_field_label, content_field_value
from dclic.courses.editor_support import course_url
from dclic.history import queries as history

_FINDERS = {"module": editor_queries.get_module, "step": editor_queries.get_step}


@dataclass(frozen=True)
class _Urls:
    """The addresses the history templates link to, for one module or step."""

    kind: str
    code: str
    item_id: int

    def _url(self, suffix: str, **values) -> str:
        ids = {f"{self.kind}_id": self.item_id}
        return url_for(f"courses.{self.kind}_{suffix}", code=self.code, **ids, **values)

    def history(self) -> str:
        return self._url("history")

    def compare(self, older: int, newer: int) -> str:
        return self._url("compare", **{"from": older, "to": newer})

    def restore(self, number: int) -> str:
        return self._url("restore", number=number)


def _load(kind: str, code: str, item_id: int):
    course = queries.get_course_for_editing(current_user, code)
    return course, _FINDERS[kind](course, item_id)


def _render_versions(kind, course, item, form=None, status=200):
    urls = _Urls(kind, course.code, item.id)
    page = history.list_versions(item, page=max(request.args.get("page", 1, type=int), 1))
    return render_template(
        "history/versions.html", subject=item.title, back_url=course_url(course, f"{kind}-{item.id}"),
        page=page, latest=history.latest_number(item), urls=urls,
        field_label=content_field_label, form=form,
    ), status  # fmt: skip


@login_required
def versions(kind: str, code: str, **ids):
    course, item = _load(kind, code, ids[f"{kind}_id"])
    return _render_versions(kind, course, item)


@login_required
def compare(kind: str, code: str, **ids):
    course, item = _load(kind, code, ids[f"{kind}_id"])
    older = history.get_version(item, request.args.get("from"))
    newer = history.get_version(item, request.args.get("to"))
    if older.number > newer.number:
        older, newer = newer, older
    return render_template(
        "history/compare.html", subject=item.title, older=older, newer=newer,
        diffs=history.compare_versions(item, older, newer),
        history_url=_Urls(kind, course.code, item.id).history(),
        field_label=content_field_label, field_value=content_field_value,
    )  # fmt: skip


@login_required
def restore(kind: str, code: str, number: int, **ids):
    course, item = _load(kind, code, ids[f"{kind}_id"])
    form = PlainForm()
    saved, _changes = attempt(form, lambda: services.restore_version(current_user, item, number))
    if not saved:
        return _render_versions(kind, course, item, form, 422)
    flash(_("Version %(number)d was restored.", number=number), "success")
    return redirect(_Urls(kind, course.code, item.id).history())
