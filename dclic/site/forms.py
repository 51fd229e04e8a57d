"""The language switch."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from dclic.core.i18n import LANGUAGE_NAMES
from dclic.core.i18n import lazy_gettext as _l


class LanguageForm(FlaskForm):
    # The chosen language comes from the pressed button (name="lang"), the page to go back to here.
    next = HiddenField()


class SettingsForm(FlaskForm):
    site_name = StringField(
        _l("Name of the platform"),
        validators=[InputRequired(message=_l("Enter a name.")), Length(max=200)],
    )
    color_primary = StringField(_l("Main colour"), render_kw={"type": "color"})
    color_accent = StringField(_l("Accent colour"), render_kw={"type": "color"})
    default_locale = SelectField(_l("Default language"), choices=[], validate_choice=False)
    contact_email = StringField(
        _l("Contact address"),
        validators=[Length(max=400)],
        render_kw={"inputmode": "email", "dir": "auto", "spellcheck": "false"},
    )

    def set_choices(self):
        self.default_locale.choices = list(LANGUAGE_NAMES.items())
        return self

    registration_open = BooleanField(_l("Anyone may create an account"))
    logo = FileField(_l("Logo"))
    remove_logo = BooleanField(_l("Remove the logo"))
    session_idle_minutes = StringField(
        _l("Sign out after how many minutes without activity"),
        validators=[Length(max=10)],
        render_kw={"inputmode": "numeric"},
    )
