"""Account forms. They only shape input: every rule is checked by the services."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from dclic.accounts.labels import (
    GENDER_LABELS,
    MAIL_NOTIFICATION_LABELS,
    PATH_TYPE_LABELS,
    PROFILE_VISIBILITY_LABELS,
    TRACK_LABELS,
    country_choices,
    time_zone_choices,
)
from dclic.accounts.validation import PROFILE_FIELDS
from dclic.core.i18n import LANGUAGE_NAMES
from dclic.core.i18n import lazy_gettext as _l

# type="text" + inputmode="email": browsers refuse non-ASCII local parts in type="email".
EMAIL_ATTRIBUTES = {
    "inputmode": "email",
    "spellcheck": "false",
    "autocapitalize": "off",
    "dir": "auto",
}


def email_field(label, autocomplete="email"):
    return StringField(
        label,
        validators=[InputRequired(message=_l("Enter your e-mail address.")), Length(max=400)],
        render_kw={**EMAIL_ATTRIBUTES, "autocomplete": autocomplete},
    )


def new_password_field(label):
    return PasswordField(
        label,
        validators=[InputRequired(message=_l("Choose a password.")), Length(max=1000)],
        render_kw={"autocomplete": "new-password"},
    )


def current_password_field():
    return PasswordField(
        _l("Current password"),
        validators=[InputRequired(message=_l("Enter your password.")), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )


class LoginForm(FlaskForm):
    email = email_field(_l("E-mail address"), autocomplete="username")
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("Enter your password.")), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )


class ProfileFieldsMixin:
    def set_choices(self, country: str | None = None, time_zone: str | None = None):
        blank = [("", _l("Choose…"))]
        if hasattr(self, "country"):
            self.country.choices = blank + country_choices()
        if hasattr(self, "gender"):
            self.gender.choices = blank + list(GENDER_LABELS.items())
        if hasattr(self, "time_zone"):
            self.time_zone.choices = blank + time_zone_choices(country, time_zone)
        if hasattr(self, "locale"):
            self.locale.choices = list(LANGUAGE_NAMES.items())
        if hasattr(self, "mail_notifications"):
            self.mail_notifications.choices = list(MAIL_NOTIFICATION_LABELS.items())
        if hasattr(self, "profile_visibility"):
            self.profile_visibility.choices = list(PROFILE_VISIBILITY_LABELS.items())
        self.track.choices = list(TRACK_LABELS.items())
        self.path_type.choices = list(PATH_TYPE_LABELS.items())
        return self


class RegisterForm(ProfileFieldsMixin, FlaskForm):
    email = email_field(_l("E-mail address"))
    display_name = StringField(
        _l("Your name"),
        validators=[InputRequired(message=_l("Enter your name.")), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    password = new_password_field(_l("Password"))
    birth_year = StringField(
        _l("Year of birth"),
        validators=[InputRequired(message=_l("Enter your year of birth.")), Length(max=10)],
        render_kw={"inputmode": "numeric", "autocomplete": "bday-year", "maxlength": "4"},
    )
    country = SelectField(_l("Country"), choices=[], validate_choice=False)
    track = RadioField(_l("What do you want to do?"), choices=[], validate_choice=False)
    path_type = RadioField(
        _l("How do you want to learn?"), choices=[], default="free", validate_choice=False
    )
    gender = SelectField(_l("Gender (optional)"), choices=[], validate_choice=False)


class ProfileForm(ProfileFieldsMixin, FlaskForm):
    display_name = StringField(
        _l("Your name"), validators=[InputRequired(message=_l("Enter your name.")), Length(max=200)]
    )
    locale = SelectField(_l("Language"), choices=[], validate_choice=False)
    time_zone = SelectField(_l("Time zone"), choices=[], validate_choice=False)
    country = SelectField(_l("Country"), choices=[], validate_choice=False)
    birth_year = StringField(
        _l("Year of birth"),
        validators=[Length(max=10)],
        render_kw={"inputmode": "numeric", "maxlength": "4"},
    )
    gender = SelectField(_l("Gender (optional)"), choices=[], validate_choice=False)
    track = RadioField(_l("Track"), choices=[], validate_choice=False)
    path_type = RadioField(_l("Path"), choices=[], validate_choice=False)
    mail_notifications = RadioField(
        _l("Notifications by e-mail"), choices=[], validate_choice=False
    )
    profile_visibility = RadioField(_l("Who sees my profile?"), choices=[], validate_choice=False)
    accepts_learner_messages = BooleanField(_l("Other learners may write to me privately"))

    def values_for(self, user) -> dict:
        """The submitted profile fields for ``user``; a minor's fixed privacy settings left out."""
        names = set(PROFILE_FIELDS)
        if user.is_minor:
            names -= {"profile_visibility", "accepts_learner_messages"}
        return {name: self[name].data for name in PROFILE_FIELDS if name in names}


class PeopleSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a search is a GET: its address can be shared and bookmarked

    q = StringField(
        _l("Learner code, name or e-mail address"),
        validators=[InputRequired(message=_l("Type what you are looking for.")), Length(max=200)],
        render_kw={"dir": "auto", "spellcheck": "false", "autocapitalize": "off"},
    )


class EmailOnlyForm(FlaskForm):
    email = email_field(_l("E-mail address"))


class ResetPasswordForm(FlaskForm):
    password = new_password_field(_l("New password"))


class ChangePasswordForm(FlaskForm):
    current_password = current_password_field()
    new_password = new_password_field(_l("New password"))


class ChangeEmailForm(FlaskForm):
    new_email = email_field(_l("New e-mail address"))
    password = current_password_field()


class DeleteAccountForm(FlaskForm):
    password = current_password_field()
