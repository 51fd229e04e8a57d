"""Chat pages that work without JavaScript: the room list, a room with its history and form.

The client script enhances the same room page (live messages, typing, presence); without it,
the form posts and the page reloads.
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic.chat import limits, queries, services
from dclic.chat.forms import DirectForm, MessageForm
from dclic.chat.rooms import labels
from dclic.core.db import db
from dclic.core.errors import Invalid
from dclic.core.forms import PlainForm, apply_errors, attempt

CLIENT = "js/vendor/socket.io.min.js"  # installed by scripts/bootstrap (package-lock.json)
BUNDLE = "js/chat.bundle.js"  # CLIENT and js/chat.js served as one file (see blueprint.py)


def _live_scripts() -> bool:
    """Whether the Socket.IO client is installed: without it the page stays a plain form."""
    return BUNDLE in current_app.extensions["dclic_assets"].assets


def _number(name: str) -> int:
    value = request.args.get(name, "")
    return min(int(value), 10**12) if value.isdigit() and int(value) > 0 else 0


@login_required
def rooms():
    form = DirectForm()
    status = 200
    if request.method == "POST":
        saved, room = attempt(form, lambda: services.open_direct(current_user, form.code.data))
        if saved:
            return redirect(url_for("chat.room", key=room.key))
        status = 422
    page = queries.list_rooms(current_user, max(_number("page"), 1))
    return render_template("chat/rooms.html", page=page, form=form), status


def _room_page(room, form, status=200):
    before = _number("before")
    messages, older = queries.messages_before(room.key, before or None)
    if not before and messages:
        services.mark_read(current_user, room.key, messages[-1].id)
        db.session.commit()
    html = render_template(
        "chat/room.html",
        room=room,
        name=labels([room], current_user)[room.key],
        messages=messages,
        older=older,
        before=before,
        form=form,
        can_delete=lambda m: services.can_delete(current_user, m),
        live_scripts=_live_scripts(),
    )
    return html, status


@login_required
def room(key):
    return _room_page(services.require_room(current_user, key), MessageForm())


@login_required
def post(key):
    found = services.require_room(current_user, key)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            services.post_message(current_user, key, form.body.data, form.client_id.data)
            db.session.commit()
            return redirect(url_for("chat.room", key=found.key) + "#last")
        except (Invalid, limits.TooFast) as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
            return _room_page(found, form, exc.status)
    return _room_page(found, form, 422)


@login_required
def delete(key, message_id):
    found = services.require_room(current_user, key)
    attempt(PlainForm(), lambda: services.delete_message(current_user, message_id))
    return redirect(url_for("chat.room", key=found.key))
