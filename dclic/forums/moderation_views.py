"""Pages of the moderators (the queue of reports and held posts, and the actions on posts and
threads) and of the administrators who arrange the community forums."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields import SelectChoice

from dclic.core.errors import Invalid, NotAllowed
from dclic.core.forms import PlainForm, attempt
from dclic.core.i18n import gettext as _
from dclic.forums import manage, moderation, queries
from dclic.forums.forms import CategoryForm, ForumForm, MoveForm, ReasonForm
from dclic.forums.permissions import can_manage, can_moderate_anywhere


def page_number(name: str = "page") -> int:
    page = request.args.get(name, "1")
    return min(int(page), 10_000) if page.isdigit() and int(page) > 0 else 1


def _back(default: str):
    """Back to the page the action was sent from (a forum page), else ``default``."""
    target = request.form.get("next", "")
    if target.startswith("/forums") and not target.startswith("//"):
        return redirect(target)
    return redirect(default)


def _done(saved: bool, form) -> None:
    if saved:
        flash(_("Done."), "success")
    else:
        messages = [*form.form_errors, *(m for ms in form.errors.values() for m in ms)]
        flash(" ".join(str(m) for m in messages) or _("This cannot be done."), "error")


@login_required
def queue():
    if not can_moderate_anywhere(current_user):
        raise NotAllowed()
    return render_template(
        "forums/queue.html",
        reports=queries.open_reports(current_user, page_number()),
        held=queries.held_posts(current_user, page_number("held_page")),
        action_form=PlainForm(formdata=None),
    )


@login_required
def close_report(report_id: int):
    found = queries.get_report_for(current_user, report_id)
    outcome = request.form.get("outcome", "")
    form = PlainForm()
    saved, _report = attempt(form, lambda: moderation.close_report(current_user, found, outcome))
    _done(saved, form)
    return _back(url_for("forums.queue"))


def _post_action(post_id: int, action):
    found = queries.get_post_for(current_user, post_id)
    form = ReasonForm()
    saved, _post = attempt(form, lambda: action(found, form.reason.data or ""))
    _done(saved, form)
    return _back(url_for("forums.post", post_id=found.id))


@login_required
def approve(post_id: int):
    return _post_action(post_id, lambda post, reason: moderation.approve_post(current_user, post))


@login_required
def hide(post_id: int):
    hidden = request.form.get("undo") != "1"
    return _post_action(
        post_id, lambda post, reason: moderation.set_hidden(current_user, post, hidden, reason)
    )


@login_required
def delete_post(post_id: int):
    return _post_action(
        post_id, lambda post, reason: moderation.delete_post(current_user, post, reason)
    )


def _thread_action(thread_id: int, action, default=None):
    found = queries.get_thread_for(current_user, thread_id)
    form = ReasonForm()
    saved, _thread = attempt(form, lambda: action(found, form.reason.data or ""))
    _done(saved, form)
    return _back(default or url_for("forums.thread", thread_id=found.id))


@login_required
def pin(thread_id: int):
    wanted = request.form.get("undo") != "1"
    return _thread_action(thread_id, lambda t, r: moderation.set_pinned(current_user, t, wanted))


@login_required
def lock(thread_id: int):
    wanted = request.form.get("undo") != "1"
    return _thread_action(thread_id, lambda t, r: moderation.set_locked(current_user, t, wanted))


@login_required
def delete_thread(thread_id: int):
    found = queries.get_thread_for(current_user, thread_id)
    forum_url = url_for("forums.forum", forum_id=found.forum_id)
    return _thread_action(
        thread_id, lambda t, r: moderation.delete_thread(current_user, t, r), forum_url
    )


@login_required
def move(thread_id: int):
    found = queries.get_thread_for(current_user, thread_id)
    targets = moderation.move_targets(current_user, found)
    form = MoveForm()
    form.forum.choices = [SelectChoice(str(f.id), f.title) for f in targets]
    chosen = {str(f.id): f for f in targets}

    def action():
        target = chosen.get(form.forum.data)
        if target is None:
            raise Invalid(
                _("Please correct the following:"), {"forum": [_("Choose one of the options.")]}
            )
        return moderation.move_thread(current_user, found, target)

    saved, _thread = attempt(form, action)
    if saved:
        flash(_("Done."), "success")
        return redirect(url_for("forums.thread", thread_id=found.id))
    status = 422 if form.errors or form.form_errors else 200
    html = render_template("forums/move.html", thread=found, form=form, has_targets=bool(targets))
    return html, status


def _require_manage() -> None:
    if not can_manage(current_user):
        raise NotAllowed()


def _category_choices():
    return [SelectChoice("0", _("No category"))] + [
        SelectChoice(str(c.id), c.title) for c in queries.categories()
    ]


@login_required
def manage_index():
    _require_manage()
    category_form = CategoryForm(prefix="category")
    saved, _category = attempt(
        category_form,
        lambda: manage.save_category(
            current_user, category_form.title.data, category_form.position.data
        ),
    )
    if saved:
        flash(_("Done."), "success")
        return redirect(url_for("forums.manage_index"))
    html = render_template(
        "forums/manage.html",
        community=queries.community_forums(),
        categories=queries.categories(),
        category_form=category_form,
    )
    return html, 422 if category_form.errors or category_form.form_errors else 200


@login_required
def edit_category(category_id: int):
    _require_manage()
    found = manage.get_category(category_id)
    form = CategoryForm(obj=found)
    saved, _category = attempt(
        form, lambda: manage.save_category(current_user, form.title.data, form.position.data, found)
    )
    if saved:
        flash(_("Done."), "success")
        return redirect(url_for("forums.manage_index"))
    html = render_template("forums/category_form.html", category=found, form=form)
    return html, 422 if form.errors or form.form_errors else 200


@login_required
def forum_settings(forum_id: int | None = None):
    _require_manage()
    found = queries.get_forum_for(current_user, forum_id) if forum_id else None
    form = ForumForm(obj=found)
    form.category_id.choices = _category_choices()
    if request.method == "GET" and found is not None:
        form.category_id.data = str(found.category_id or 0)
    saved, saved_forum = attempt(
        form,
        lambda: manage.save_forum(
            current_user, form.title.data, form.description.data,
            category_id=form.category_id.data, position=form.position.data,
            is_qa=form.is_qa.data, forum=found,
        ),
    )  # fmt: skip
    if saved:
        flash(_("Done."), "success")
        return redirect(url_for("forums.forum", forum_id=saved_forum.id))
    html = render_template("forums/forum_form.html", forum=found, form=form)
    return html, 422 if form.errors or form.form_errors else 200
