"""Forms of the user administration pages. They only shape input: the services check the rules."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from dclic.accounts.forms import ProfileForm, email_field
from dclic.accounts.labels import ROLE_LABELS, TRACK_LABELS, country_choices, country_codes
from dclic.accounts.models import ROLE_CODES, TRACKS
from dclic.accounts.queries import USER_STATUSES
from dclic.core.i18n import LANGUAGE_NAMES
from dclic.core.i18n import lazy_gettext as _l

USER_STATUS_LABELS = {
    "active": _l("Active"),
    "unconfirmed": _l("Address not confirmed"),
    "suspended": _l("Suspended"),
    "deleted": _l("Deleted"),
}


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (render it with the ``radio_group`` macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OneOf:
    """The value is one of ``values()`` (read when validating: lists may need the request)."""

    def __init__(self, values):
        self.values = values

    def __call__(self, form, field):
        if field.data not in self.values():
            raise StopValidation(_l("Choose an answer from the list."))


def _roles_field(label):
    # Choices are set on the bound form: WTForms 3.3 warns about tuples given at declaration.
    return CheckboxesField(label, choices=[], validate_choice=False)


class _RoleChoices:
    """Sets the roles' (and languages') choices once the form is bound."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles.choices = list(ROLE_LABELS.items())
        if hasattr(self, "locale"):
            self.locale.choices = list(LANGUAGE_NAMES.items())


class UserFilterForm(FlaskForm):
    """The filters of the account list (a GET form: its address can be shared)."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Learner code, name or e-mail address"),
        validators=[Optional(), Length(max=200)],
        render_kw={"dir": "auto", "spellcheck": "false", "autocapitalize": "off"},
    )
    role = SelectField(
        _l("Role"),
        choices=[],
        validate_choice=False,
        validators=[Optional(), OneOf(lambda: ROLE_CODES)],
    )
    country = SelectField(
        _l("Country"),
        choices=[],
        validate_choice=False,
        validators=[Optional(), OneOf(country_codes)],
    )
    track = SelectField(
        _l("Track"),
        choices=[],
        validate_choice=False,
        validators=[Optional(), OneOf(lambda: TRACKS)],
    )
    status = SelectField(
        _l("Status"),
        choices=[],
        validate_choice=False,
        validators=[Optional(), OneOf(lambda: USER_STATUSES)],
    )

    def set_choices(self):
        every = _l("All")
        self.role.choices = [("", every), *ROLE_LABELS.items()]
        self.country.choices = [("", every), *country_choices()]
        self.track.choices = [("", every), *TRACK_LABELS.items()]
        self.status.choices = [("", every), *USER_STATUS_LABELS.items()]
        return self

    @property
    def filters(self) -> dict:
        """The filters in use, ready for the query and for the pages' links."""
        values = {name: self[name].data for name in ("q", "role", "country", "track", "status")}
        return {name: value for name, value in values.items() if value}


class NewUserForm(_RoleChoices, FlaskForm):
    email = email_field(_l("E-mail address"))
    display_name = StringField(
        _l("Name"),
        validators=[InputRequired(message=_l("Enter the person's name.")), Length(max=200)],
        render_kw={"autocomplete": "off", "dir": "auto"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("Choose a password.")), Length(max=1000)],
        render_kw={"autocomplete": "new-password"},
    )
    roles = _roles_field(_l("Roles"))
    locale = SelectField(_l("Language"), choices=[], validate_choice=False)


class RolesForm(_RoleChoices, FlaskForm):
    roles = _roles_field(_l("Roles"))


class AdminProfileForm(ProfileForm):
    """Someone's profile, as an administrator edits it: the same fields, worded for a third person."""

    display_name = StringField(
        _l("Name"),
        validators=[InputRequired(message=_l("Enter the person's name.")), Length(max=200)],
        render_kw={"dir": "auto"},
    )
    gender = SelectField(_l("Gender"), choices=[], validate_choice=False)
    profile_visibility = RadioField(_l("Who sees this profile?"), choices=[], validate_choice=False)
    accepts_learner_messages = BooleanField(_l("Other learners may write privately"))


def no_control_characters(form, field):
    """Refuse invisible control characters (PostgreSQL cannot even store NUL in text)."""
    if any((ord(c) < 32 and c not in "\t\n\r") or c == "\x7f" for c in field.data or ""):
        raise StopValidation(_l("Remove the invisible control characters from this text."))


class GroupForm(FlaskForm):
    """A new group: its name and what it is for."""

    name = StringField(
        _l("Name"),
        validators=[
            InputRequired(message=_l("Give the group a name.")),
            Length(max=200),
            no_control_characters,
        ],
        render_kw={"autocomplete": "off", "dir": "auto"},
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=2000), no_control_characters],
        render_kw={"dir": "auto", "rows": 3},
    )


def _learner_code_field(html_id):
    # Both forms of the group page have this field: each needs its own id there.
    return StringField(
        _l("Learner code"),
        id=html_id,
        validators=[InputRequired(message=_l("Enter the person's learner code.")), Length(max=40)],
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    )


class MemberForm(FlaskForm):
    """Someone to add to a group, found by their learner code."""

    learner_code = _learner_code_field("member-code")


class GroupRoleForm(FlaskForm):
    """A role to give someone within one group."""

    learner_code = _learner_code_field("role-code")
    role = SelectField(
        _l("Role"),
        choices=[],
        validate_choice=False,
        validators=[OneOf(lambda: ROLE_CODES)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = list(ROLE_LABELS.items())
