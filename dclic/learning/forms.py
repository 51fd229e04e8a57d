"""Forms of the mentors' and administrators' pages: enrol a learner, enrol a whole group."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from dclic.core.i18n import lazy_gettext as _l

_CODE_INPUT = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}


class EnrolForm(FlaskForm):
    """Enrol one learner (their progress page) or a whole group in a course or a path."""

    target = SelectField(
        _l("Course or learning path"),
        choices=[],
        validate_choice=False,  # the service says clearly what is wrong with the value
        validators=[InputRequired(message=_l("Choose a course or a learning path."))],
    )
    mentor = StringField(
        _l("Mentor's learner code"),
        validators=[Optional(), Length(max=40)],
        render_kw=_CODE_INPUT,
    )
    due_on = DateField(
        _l("To finish by (optional)"),
        validators=[Optional()],
        render_kw={"autocomplete": "off"},
    )


class DueForm(FlaskForm):
    """Change (or remove, empty) the due date of one enrolment."""

    due_on = DateField(_l("To finish by"), validators=[Optional()])


class FindLearnerForm(FlaskForm):
    """A learner code to open that learner's progress (a GET form)."""

    class Meta:
        csrf = False  # it only reads

    code = StringField(
        _l("Learner code"),
        validators=[InputRequired(message=_l("Enter the learner's code.")), Length(max=40)],
        render_kw=_CODE_INPUT,
    )
