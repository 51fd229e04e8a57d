"""URL rules of the forums (HTML pages and /api/v1), the per-author posting limit and the
friendly page shown when it is reached (with the text that was being sent)."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from dclic.core.richtext import plain_text, render
from dclic.courses.editor_labels import size_label
from dclic.extensions import csrf, limiter
from dclic.forums import api, kinds, models, moderation_views, views  # noqa: F401 - tables, kinds
from dclic.forums.permissions import can_moderate_anywhere, can_read_context


def _author_key() -> str:
    """Throttling key: the signed-in author (whatever their address)."""
    return f"forums-author:{current_user.get_id()}"


# Enough for a lively discussion, too little to flood a forum.
per_author = limiter.shared_limit(
    "6 per minute;60 per hour", scope="forums-post", key_func=_author_key, methods=["POST"]
)

bp = Blueprint("forums", __name__, template_folder="templates")
M, P = moderation_views, per_author
for rule, view, methods in (
    ("/forums", views.index, ["GET"]),
    ("/forums/search", views.search, ["GET"]),
    ("/forums/course/<int:course_id>", views.course_forum, ["GET"]),
    ("/forums/group/<int:group_id>", views.group_forum, ["GET"]),
    ("/forums/<int:forum_id>", views.forum, ["GET"]),
    ("/forums/<int:forum_id>/new", P(views.new_thread), ["GET", "POST"]),
    ("/forums/<int:forum_id>/subscription", views.forum_subscription, ["POST"]),
    ("/forums/subscriptions", views.my_subscriptions, ["GET"]),
    ("/forums/subscriptions/<int:subscription_id>", views.change_subscription, ["POST"]),
    ("/forums/threads/<int:thread_id>", views.thread, ["GET"]),
    ("/forums/threads/<int:thread_id>", P(views.reply), ["POST"]),
    ("/forums/threads/<int:thread_id>/subscription", views.thread_subscription, ["POST"]),
    ("/forums/threads/<int:thread_id>/unread", views.first_unread, ["GET"]),
    ("/forums/posts/<int:post_id>", views.post, ["GET"]),
    ("/forums/posts/<int:post_id>/full", views.full_post, ["GET"]),
    ("/forums/posts/<int:post_id>/edit", P(views.edit), ["GET", "POST"]),
    ("/forums/posts/<int:post_id>/history", views.history, ["GET"]),
    ("/forums/posts/<int:post_id>/report", P(views.report), ["GET", "POST"]),
    ("/forums/posts/<int:post_id>/accept", views.accept, ["POST"]),
    ("/forums/unsubscribe/<token>", csrf.exempt(views.unsubscribe), ["GET", "POST"]),
    ("/forums/moderation", M.queue, ["GET"]),
    ("/forums/reports/<int:report_id>/close", M.close_report, ["POST"]),
    ("/forums/posts/<int:post_id>/approve", M.approve, ["POST"]),
    ("/forums/posts/<int:post_id>/hide", M.hide, ["POST"]),
    ("/forums/posts/<int:post_id>/delete", M.delete_post, ["POST"]),
    ("/forums/threads/<int:thread_id>/pin", M.pin, ["POST"]),
    ("/forums/threads/<int:thread_id>/lock", M.lock, ["POST"]),
    ("/forums/threads/<int:thread_id>/delete", M.delete_thread, ["POST"]),
    ("/forums/threads/<int:thread_id>/move", M.move, ["GET", "POST"]),
    ("/forums/manage", M.manage_index, ["GET", "POST"]),
    ("/forums/manage/categories/<int:category_id>", M.edit_category, ["GET", "POST"]),
    ("/forums/manage/new", M.forum_settings, ["GET", "POST"]),
    ("/forums/<int:forum_id>/settings", M.forum_settings, ["GET", "POST"]),
):
    bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)


def _excerpt(markdown_text: str, limit: int = 200) -> Markup:
    # plain_text gives sanitized text with its entities escaped: safe as it is.
    return Markup(plain_text(markdown_text or "", limit))  # noqa: S704


@bp.context_processor
def _helpers():
    return {"render_markdown": render, "excerpt": _excerpt}


@bp.errorhandler(429)
def _too_fast(error):
    """Posting too fast: say so kindly and give back what was typed, ready to send again."""
    html = render_template(
        "forums/too_fast.html",
        action=request.path,
        title=request.form.get("title", ""),
        body=request.form.get("body", ""),
        reason=request.form.get("reason", ""),
    )
    return html, 429


api_bp = Blueprint("forums_api", __name__, url_prefix="/api/v1")
for rule, view, methods in (
    ("/forums", api.list_forums, ["GET"]),
    ("/forums/<int:forum_id>/threads", api.list_threads, ["GET"]),
    ("/forums/<int:forum_id>/threads", api.create_thread, ["POST"]),
    ("/forum-threads/<int:thread_id>/posts", api.list_posts, ["GET"]),
    ("/forum-threads/<int:thread_id>/posts", api.create_post, ["POST"]),
):
    api_bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)
csrf.exempt(api_bp)


def course_forum_url(course) -> str | None:
    """For the course page: the address of its forum, if the visitor may read it (one query)."""
    if not can_read_context(current_user, "course", course.id):
        return None
    return url_for("forums.course_forum", course_id=course.id)


def group_forum_url(group) -> str | None:
    """For a group's page: the address of its forum, if the visitor may read it."""
    if not can_read_context(current_user, "group", group.id):
        return None
    return url_for("forums.group_forum", group_id=group.id)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        can_moderate_forums=can_moderate_anywhere,
        course_forum_url=course_forum_url,
        group_forum_url=group_forum_url,
        size_label=size_label,
    )
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
