"""Forms of private messages: a reply, a new conversation."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from dclic.core.i18n import lazy_gettext as _l

# Length and emptiness are checked by the services (one rule, also for the API and jobs).


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your message"), render_kw={"rows": 4, "maxlength": 5000})


class NewConversationForm(FlaskForm):
    to = StringField(
        _l("Learner codes of the people to write to"),
        description=_l("Separate several codes with commas (at most 9 people)."),
    )
    body = TextAreaField(_l("Your message"), render_kw={"rows": 6, "maxlength": 5000})
