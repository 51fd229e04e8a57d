"""Pages of private messages: the list, a conversation with its reply form, a new one. No JS."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic.core.db import db
from dclic.core.forms import attempt
from dclic.messages import queries, services
from dclic.messages.forms import NewConversationForm, ReplyForm


def _page() -> int:
    page = request.args.get("page", "1")
    return min(int(page), 10_000) if page.isdigit() and int(page) > 0 else 1


@login_required
def inbox():
    return render_template(
        "messages/inbox.html",
        page=queries.list_conversations(current_user, _page()),
        is_unread=queries.is_unread,
    )


def _conversation_page(conversation, form, status=200):
    html = render_template(
        "messages/conversation.html",
        conversation=conversation,
        page=queries.list_messages(conversation, _page()),
        read_by=queries.read_by,
        form=form,
    )
    return html, status


@login_required
def conversation(conversation_id):
    found = queries.get_conversation_for(current_user, conversation_id)
    services.mark_read(current_user, found)
    db.session.commit()
    return _conversation_page(found, ReplyForm(formdata=None))


@login_required
def reply(conversation_id):
    found = queries.get_conversation_for(current_user, conversation_id)
    form = ReplyForm()
    saved, _message = attempt(
        form, lambda: services.send_message(current_user, found, form.body.data)
    )
    if saved:
        return redirect(url_for("messages.conversation", conversation_id=found.id) + "#last")
    return _conversation_page(found, form, 422)


@login_required
def new():
    form = NewConversationForm(data={"to": request.args.get("to", "")})
    saved, found = attempt(
        form,
        lambda: services.start_conversation_with_codes(current_user, form.to.data, form.body.data),
    )
    if saved:
        return redirect(url_for("messages.conversation", conversation_id=found.id))
    return render_template("messages/new.html", form=form), 422 if request.method == "POST" else 200
