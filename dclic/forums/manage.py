"""Arranging the community forums: categories and forums (``forum.manage``)."""

from __future__ import annotations

from dclic.accounts.rights import require
from dclic.core.db import db, get_by_id
from dclic.core.errors import Invalid, NotFound
from dclic.core.i18n import gettext as _
from dclic.forums.models import MAX_TITLE, Forum, ForumCategory

MAX_DESCRIPTION = 2000


def _clean(title: str | None, limit: int) -> str:
    text = " ".join((title or "").split())
    if not 1 <= len(text) <= limit:
        message = _("Give a name of 1 to %(n)d characters.", n=limit)
        raise Invalid(_("Please correct the following:"), {"title": [message]})
    return text


def _position(value) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= 10_000:
        message = _("A whole number from 0 to %(n)d.", n=10_000)
        raise Invalid(_("Please correct the following:"), {"position": [message]})
    return number


def save_category(actor, title: str, position=0, category: ForumCategory | None = None):
    """Create a category of community forums, or rename and reorder ``category``."""
    require(actor, "forum.manage")
    title, position = _clean(title, 120), _position(position)
    if category is None:
        category = ForumCategory()
        db.session.add(category)
    category.title, category.position = title, position
    db.session.flush()
    return category


def _checked(**checks) -> dict:
    """Run every ``name=(check, value)``; all field errors at once."""
    values, errors = {}, {}
    for name, (check, value) in checks.items():
        try:
            values[name] = check(value)
        except Invalid as exc:
            errors.update(exc.errors or {name: [str(exc.message)]})
    if errors:
        raise Invalid(_("Please correct the following:"), errors)
    return values


def _description(text) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_DESCRIPTION:
        message = _("At most %(n)s characters.", n=MAX_DESCRIPTION)
        raise Invalid(_("Please correct the following:"), {"description": [message]})
    return text


def _category(category_id) -> ForumCategory | None:
    if category_id in (None, "", 0, "0"):
        return None
    category = get_by_id(ForumCategory, category_id)
    if category is None:
        message = _("Choose one of the options.")
        raise Invalid(_("Please correct the following:"), {"category_id": [message]})
    return category


def save_forum(
    actor, title: str, description: str = "", *, category_id=None, position=0, is_qa=False,
    forum: Forum | None = None,
) -> Forum:  # fmt: skip
    """Create a community forum, or change one (a course's or group's forum keeps its name
    but may become Q&A or not)."""
    require(actor, "forum.manage")
    if forum is not None and forum.kind != "community":
        forum.is_qa = bool(is_qa)
        db.session.flush()
        return forum
    values = _checked(
        title=(lambda v: _clean(v, MAX_TITLE), title),
        description=(_description, description),
        category_id=(_category, category_id),
        position=(_position, position),
    )
    if forum is None:
        forum = Forum(kind="community")
        db.session.add(forum)
    forum.title, forum.description = values["title"], values["description"]
    forum.position = values["position"]
    forum.category_id = values["category_id"].id if values["category_id"] else None
    forum.is_qa = bool(is_qa)
    db.session.flush()
    return forum


def get_category(category_id) -> ForumCategory:
    category = get_by_id(ForumCategory, category_id)
    if category is None:
        raise NotFound()
    return category
