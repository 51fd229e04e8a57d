"""Sign-in forms."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length

from dclic.core.i18n import lazy_gettext as _l


class LoginForm(FlaskForm):
    # type="text" + inputmode="email": browsers refuse non-ASCII local parts in type="email".
    email = StringField(
        _l("E-mail address"),
        validators=[InputRequired(message=_l("Enter your e-mail address.")), Length(max=320)],
        render_kw={"inputmode": "email", "autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("Enter your password.")), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
