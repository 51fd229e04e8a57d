"""Forms of the chat pages: a message, a direct conversation by learner code."""

from __future__ import annotations

from uuid import uuid4

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

from dclic.chat.models import MAX_BODY
from dclic.core.i18n import lazy_gettext as _l

# Length and emptiness are checked by the services (one rule for the socket, pages and API).


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Your message"), render_kw={"rows": 3, "maxlength": MAX_BODY})
    # A new id per rendered form: sending the same form twice (a reload) posts once.
    client_id = HiddenField(default=lambda: uuid4().hex)


class DirectForm(FlaskForm):
    code = StringField(
        _l("Learner code of the person to write to"),
        render_kw={"autocomplete": "off", "autocapitalize": "characters"},
    )
