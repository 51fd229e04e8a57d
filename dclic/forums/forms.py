"""Forms of the forums. Lengths and emptiness are checked by the services (one rule, also for
the API)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice

from dclic.core.i18n import lazy_gettext as _l

BODY_ATTRS = {"rows": 8, "maxlength": 20000}


def mode_choices():
    return [
        SelectChoice("immediate", _l("A mail for each new post")),
        SelectChoice("digest", _l("One mail a day at most (daily digest)")),
        SelectChoice("none", _l("Do not follow")),
    ]


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your message"), render_kw=BODY_ATTRS)
    attachment = FileField(_l("Attach a file (optional)"))
    follow = BooleanField(_l("Follow this thread (mail for new replies)"), default=True)


class ThreadForm(ReplyForm):
    title = StringField(_l("Title"), render_kw={"maxlength": 200})
    is_question = BooleanField(_l("This is a question: an answer can be accepted"))


class EditForm(FlaskForm):
    body = TextAreaField(_l("Your message"), render_kw=BODY_ATTRS)


class ReportForm(FlaskForm):
    reason = TextAreaField(
        _l("What is wrong with this post?"), render_kw={"rows": 4, "maxlength": 1000}
    )


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason (kept in the audit trail)"), render_kw={"maxlength": 1000})


class SubscriptionForm(FlaskForm):
    mode = RadioField(_l("Mail for new posts"), choices=mode_choices(), default="none")


class MoveForm(FlaskForm):
    forum = SelectField(_l("Move to the forum"), choices=[], validate_choice=False)


class CategoryForm(FlaskForm):
    title = StringField(_l("Name of the category"), render_kw={"maxlength": 120})
    position = StringField(
        _l("Position (smaller first)"), default="0", render_kw={"inputmode": "numeric"}
    )


class ForumForm(FlaskForm):
    title = StringField(_l("Name of the forum"), render_kw={"maxlength": 200})
    description = TextAreaField(_l("Description"), render_kw={"rows": 3, "maxlength": 2000})
    category_id = SelectField(_l("Category"), choices=[], validate_choice=False)
    position = StringField(
        _l("Position (smaller first)"), default="0", render_kw={"inputmode": "numeric"}
    )
    is_qa = BooleanField(_l("Questions and answers: every thread is a question"))
