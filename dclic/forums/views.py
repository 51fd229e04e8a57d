"""Pages of the forums for their readers and writers: the index, a forum, a thread with its
reply form, a new thread, editing, reporting, accepting an answer, following and one's
subscriptions, search. No JS: quoting and the preview are server round trips."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic.core.db import db
from dclic.core.errors import NotAllowed
from dclic.core.forms import PlainForm, attempt
from dclic.core.i18n import gettext as _
from dclic.core.richtext import render as render_markdown
from dclic.forums import moderation, queries, services, subscriptions
from dclic.forums.forms import EditForm, ReplyForm, ReportForm, SubscriptionForm, ThreadForm
from dclic.forums.permissions import (
    can_manage,
    can_moderate,
    can_moderate_anywhere,
    can_write_forum,
)


def page_number(name: str = "page") -> int:
    page = request.args.get(name, "1")
    return min(int(page), 10_000) if page.isdigit() and int(page) > 0 else 1


def _status(*forms) -> int:
    return 422 if any(f.errors or f.form_errors for f in forms) else 200


def _preview(form) -> object | None:
    """The rendered Markdown when the Preview button was pressed (nothing saved)."""
    if request.form.get("action") != "preview" or not form.validate_on_submit():
        return None
    return render_markdown(form.body.data or "")


@login_required
def index():
    return render_template(
        "forums/index.html",
        community=queries.community_forums(),
        contexts=queries.my_contexts(current_user),
        may_manage=can_manage(current_user),
        may_moderate=can_moderate_anywhere(current_user),
    )


@login_required
def course_forum(course_id: int):
    found = services.open_context_forum(current_user, "course", course_id)
    db.session.commit()
    return redirect(url_for("forums.forum", forum_id=found.id))


@login_required
def group_forum(group_id: int):
    found = services.open_context_forum(current_user, "group", group_id)
    db.session.commit()
    return redirect(url_for("forums.forum", forum_id=found.id))


@login_required
def forum(forum_id: int):
    found = queries.get_forum_for(current_user, forum_id)
    only = request.args.get("filter", "all")
    only = only if only in queries.FILTERS else "all"
    page = queries.list_threads(current_user, found, page_number(), only)
    subscription = queries.subscription_of(current_user, forum=found)
    marks = queries.read_marks(current_user, page.items)
    return render_template(
        "forums/forum.html",
        forum=found,
        page=page,
        only=only,
        answered=queries.answered_ids(page.items),
        is_unread=lambda t: t.id not in marks or t.last_post_at > marks[t.id],
        subscription=subscription,
        sub_form=SubscriptionForm(
            formdata=None, mode=subscription.mode if subscription else "none"
        ),
        may_manage=can_manage(current_user),
    )


@login_required
def new_thread(forum_id: int):
    found = queries.get_forum_for(current_user, forum_id)
    if not can_write_forum(current_user, found):
        raise NotAllowed()
    form = ThreadForm()
    preview = _preview(form)
    if preview is None:
        saved, thread = attempt(
            form,
            lambda: services.create_thread(
                current_user, found, form.title.data, form.body.data,
                is_question=form.is_question.data, upload=form.attachment.data,
                follow=form.follow.data,
            ),
        )  # fmt: skip
        if saved:
            if thread.is_held:
                flash(_("Your message awaits a moderator's approval."), "info")
            return redirect(url_for("forums.thread", thread_id=thread.id))
    html = render_template("forums/new_thread.html", forum=found, form=form, preview=preview)
    return html, _status(form)


def _thread_page(thread, form, preview=None, status=None):
    moderator = can_moderate(current_user, thread.forum)
    page = queries.list_posts(current_user, thread, page_number())
    opening = queries.opening_post(thread)
    subscription = queries.subscription_of(current_user, thread=thread)
    html = render_template(
        "forums/thread.html",
        thread=thread,
        page=page,
        form=form,
        preview=preview,
        moderator=moderator,
        long_post=queries.LONG_POST,
        opening_id=opening.id if opening else None,
        accepted=queries.accepted_answer(thread),
        may_accept=services.can_accept(current_user, thread),
        may_reply=not thread.is_locked or moderator,
        can_edit=lambda post: services.can_edit(current_user, post, moderator),
        subscription=subscription,
        sub_form=SubscriptionForm(
            formdata=None, mode=subscription.mode if subscription else "none"
        ),
        action_form=PlainForm(formdata=None),
    )
    services.mark_read(current_user, thread, page.items)
    db.session.commit()
    return html, status or _status(form)


@login_required
def thread(thread_id: int):
    found = queries.get_thread_for(current_user, thread_id)
    form = ReplyForm(formdata=None)
    quoted = request.args.get("quote", "")
    if quoted.isdigit():
        post = queries.get_post_for(current_user, quoted)
        if post.thread_id == found.id and not post.is_deleted:
            form.body.data = queries.quote_of(post)
    return _thread_page(found, form)


@login_required
def reply(thread_id: int):
    found = queries.get_thread_for(current_user, thread_id)
    form = ReplyForm()
    preview = _preview(form)
    if preview is None:
        saved, post = attempt(
            form,
            lambda: services.reply(
                current_user, found, form.body.data, upload=form.attachment.data,
                follow=form.follow.data,
            ),
        )  # fmt: skip
        if saved:
            if post.status == "held":
                flash(_("Your message awaits a moderator's approval."), "info")
            return redirect(url_for("forums.post", post_id=post.id))
    return _thread_page(found, form, preview)


@login_required
def first_unread(thread_id: int):
    found = queries.get_thread_for(current_user, thread_id)
    target = queries.first_unread(current_user, found)
    if target is None:
        return redirect(url_for("forums.thread", thread_id=found.id))
    return redirect(url_for("forums.post", post_id=target.id))


@login_required
def post(post_id: int):
    found = queries.get_post_for(current_user, post_id)
    page = queries.page_of_post(current_user, found)
    return redirect(
        url_for("forums.thread", thread_id=found.thread_id, page=page, _anchor=f"post-{found.id}")
    )


@login_required
def full_post(post_id: int):
    found = queries.get_post_for(current_user, post_id)
    return render_template("forums/post.html", post=found)


@login_required
def edit(post_id: int):
    found = queries.get_post_for(current_user, post_id)
    if not services.can_edit(current_user, found):
        raise NotAllowed(_("You may no longer edit this post."))
    form = EditForm(data={"body": found.body})
    preview = _preview(form)
    if preview is None:
        saved, _changes = attempt(
            form, lambda: services.edit_post(current_user, found, form.body.data)
        )
        if saved:
            return redirect(url_for("forums.post", post_id=found.id))
    html = render_template("forums/edit.html", post=found, form=form, preview=preview)
    return html, _status(form)


@login_required
def history(post_id: int):
    found = queries.get_post_for(current_user, post_id)
    return render_template("forums/history.html", post=found, revisions=queries.revisions(found))


@login_required
def report(post_id: int):
    found = queries.get_post_for(current_user, post_id)
    form = ReportForm()
    saved, _report = attempt(
        form, lambda: moderation.report_post(current_user, found, form.reason.data)
    )
    if saved:
        flash(_("Thank you: the moderators will look at this post."), "success")
        return redirect(url_for("forums.post", post_id=found.id))
    return render_template("forums/report.html", post=found, form=form), _status(form)


@login_required
def accept(post_id: int):
    found = queries.get_post_for(current_user, post_id)
    undo = request.form.get("undo") == "1"
    change = services.unaccept_answer if undo else services.accept_answer
    saved, _post = attempt(PlainForm(), lambda: change(current_user, found))
    if not saved:
        flash(_("This post cannot be the accepted answer."), "error")
    return redirect(url_for("forums.post", post_id=found.id))


def _subscribe(**target):
    form = SubscriptionForm()
    saved, _subscription = attempt(
        form, lambda: subscriptions.subscribe(current_user, form.mode.data, **target)
    )
    flash(
        _("Your choice is saved.") if saved else _("Choose one of the options."),
        "success" if saved else "error",
    )


@login_required
def forum_subscription(forum_id: int):
    found = queries.get_forum_for(current_user, forum_id)
    _subscribe(forum=found)
    return redirect(url_for("forums.forum", forum_id=found.id))


@login_required
def thread_subscription(thread_id: int):
    found = queries.get_thread_for(current_user, thread_id)
    _subscribe(thread=found)
    return redirect(url_for("forums.thread", thread_id=found.id))


@login_required
def my_subscriptions():
    page = subscriptions.list_subscriptions(current_user, page_number())
    if not page.items and page.page > 1:  # the last one of a page was just stopped
        return redirect(url_for("forums.my_subscriptions", page=page.pages))
    return render_template(
        "forums/subscriptions.html",
        page=page,
        names=subscriptions.context_names(page.items),
        forum_of=subscriptions.forum_of,
    )


@login_required
def change_subscription(subscription_id: int):
    """A row of "My subscriptions": switch its mode or stop, through the usual service."""
    found = subscriptions.get_subscription_of(current_user, subscription_id)
    _subscribe(**subscriptions.target_of(current_user, found))
    page = page_number()
    return redirect(url_for("forums.my_subscriptions", page=page if page > 1 else None))


@login_required
def search():
    text = request.args.get("q", "").strip()[:100]
    page = queries.search(current_user, text, page_number())
    return render_template("forums/search.html", text=text, page=page)


def unsubscribe(token: str):
    """One click from a mail: GET asks to confirm, POST (also the mail client's RFC 8058
    one-click POST, without a session or CSRF token: the signed token is the proof) removes."""
    found = subscriptions.subscription_from_token(token)
    title = subscriptions.target_title(found) if found is not None else None
    if request.method == "POST":
        subscriptions.unsubscribe_by_token(token)
        db.session.commit()
    return render_template(
        "forums/unsubscribe.html", title=title, done=request.method == "POST", token=token
    )
