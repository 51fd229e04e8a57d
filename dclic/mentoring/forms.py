"""Forms of the mentoring pages. Times are typed in the viewer's own zone; the views turn them
into UTC (``times.local_to_utc``). The services check every rule again."""

from __future__ import annotations

from babel.dates import get_day_names
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from dclic.core.i18n import get_locale
from dclic.core.i18n import lazy_gettext as _l

_REQUIRED = _l("This field is required.")
_NUMBER = _l("Give a whole number.")
_URL_INPUT = {"inputmode": "url", "autocomplete": "url", "spellcheck": "false", "dir": "ltr"}


def _whole(label, low: int, high: int, default: int | None = None) -> IntegerField:
    return IntegerField(
        label,
        default=default,
        validators=[
            InputRequired(message=_NUMBER),
            NumberRange(
                min=low,
                max=high,
                message=_l("Give a whole number from %(low)d to %(high)d.", low=low, high=high),
            ),
        ],
        render_kw={"inputmode": "numeric", "min": low, "max": high},
    )


class SettingsForm(FlaskForm):
    slot_minutes = _whole(_l("Length of an appointment (minutes)"), 10, 240, 30)
    buffer_minutes = _whole(_l("Break between two appointments (minutes)"), 0, 240, 0)
    max_per_day = _whole(_l("Appointments per day at most"), 1, 24, 4)
    meeting_url = StringField(
        _l("Your video room (optional)"),
        validators=[Optional(), Length(max=500)],
        render_kw=_URL_INPUT,
    )
    place = StringField(_l("Place to meet (optional)"), validators=[Optional(), Length(max=200)])
    capacity = IntegerField(
        _l("Learners you can follow at most (optional)"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=500,
                message=_l("Give a whole number from %(low)d to %(high)d.", low=1, high=500),
            ),
        ],
        render_kw={"inputmode": "numeric", "min": 1, "max": 500},
    )


class WeeklyWindowForm(FlaskForm):
    weekday = SelectField(_l("Day"), coerce=int, choices=[], validate_choice=False)
    start = TimeField(_l("From"), validators=[InputRequired(message=_REQUIRED)])
    end = TimeField(_l("To"), validators=[InputRequired(message=_REQUIRED)])

    def with_days(self) -> WeeklyWindowForm:
        names = get_day_names("wide", locale=get_locale())
        self.weekday.choices = [(day, names[day]) for day in range(7)]
        return self


class OneOffWindowForm(FlaskForm):
    date = DateField(_l("Date"), validators=[InputRequired(message=_REQUIRED)])
    start = TimeField(_l("From"), validators=[InputRequired(message=_REQUIRED)])
    end = TimeField(_l("To"), validators=[InputRequired(message=_REQUIRED)])


class AbsenceForm(FlaskForm):
    first_day = DateField(_l("First day away"), validators=[InputRequired(message=_REQUIRED)])
    last_day = DateField(_l("Last day away"), validators=[InputRequired(message=_REQUIRED)])
    note = StringField(_l("Note for yourself (optional)"), validators=[Length(max=200)])


def _topic() -> StringField:
    return StringField(_l("Topic"), validators=[InputRequired(message=_REQUIRED), Length(max=200)])


def _message(label=None) -> TextAreaField:
    return TextAreaField(
        label or _l("Message (optional)"),
        validators=[Length(max=2000)],
        render_kw={"rows": 3, "dir": "auto"},
    )


def _slot() -> RadioField:
    return RadioField(
        _l("Time"),
        choices=[],
        validate_choice=False,  # the service says clearly when a time is no longer free
        validators=[InputRequired(message=_l("Choose a time."))],
    )


class BookForm(FlaskForm):
    slot = _slot()
    topic = _topic()
    message = _message()


class FreeRequestForm(FlaskForm):
    topic = _topic()
    message = _message(_l("Message: when would suit you? (optional)"))


class AcceptForm(FlaskForm):
    meeting_url = StringField(
        _l("Video link (optional)"), validators=[Optional(), Length(max=500)], render_kw=_URL_INPUT
    )
    place = StringField(_l("Or a place (optional)"), validators=[Optional(), Length(max=200)])


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"), validators=[Length(max=500)], render_kw={"rows": 2, "dir": "auto"}
    )


class ProposeForm(ReasonForm):
    date = DateField(_l("Date"), validators=[InputRequired(message=_REQUIRED)])
    start = TimeField(_l("Time"), validators=[InputRequired(message=_REQUIRED)])
    duration = _whole(_l("Length (minutes)"), 10, 240, 30)


class RescheduleForm(ReasonForm):
    slot = _slot()


class ReportForm(FlaskForm):
    report = TextAreaField(
        _l("Report"),
        validators=[InputRequired(message=_REQUIRED), Length(max=4000)],
        render_kw={"rows": 5, "dir": "auto"},
    )


class RatingForm(FlaskForm):
    rating = RadioField(
        _l("Your rating"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose a rating from 1 to 5."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rating.choices = [(n, str(n)) for n in range(1, 6)]


class NoteForm(FlaskForm):
    body = TextAreaField(
        _l("Note (seen by the learner's mentors, never by the learner)"),
        validators=[InputRequired(message=_REQUIRED), Length(max=2000)],
        render_kw={"rows": 4, "dir": "auto", "maxlength": 2000},
    )


class SessionForm(FlaskForm):
    group = SelectField(_l("Group"), coerce=int, choices=[], validate_choice=False)
    title = StringField(_l("Title"), validators=[InputRequired(message=_REQUIRED), Length(max=200)])
    date = DateField(_l("Date"), validators=[InputRequired(message=_REQUIRED)])
    start = TimeField(_l("From"), validators=[InputRequired(message=_REQUIRED)])
    end = TimeField(_l("To"), validators=[InputRequired(message=_REQUIRED)])
    meeting_url = StringField(
        _l("Video link (optional: a new room is made)"),
        validators=[Optional(), Length(max=500)],
        render_kw=_URL_INPUT,
    )


class AnnouncementForm(FlaskForm):
    audience = SelectField(_l("To"), choices=[], validate_choice=False)
    title = StringField(_l("Title"), validators=[InputRequired(message=_REQUIRED), Length(max=200)])
    body = TextAreaField(
        _l("Message"),
        validators=[InputRequired(message=_REQUIRED), Length(max=3000)],
        render_kw={"rows": 6, "dir": "auto", "maxlength": 3000},
    )


class AssignForm(FlaskForm):
    mentor = StringField(
        _l("Mentor's learner code (empty: back to the queue)"),
        validators=[Optional(), Length(max=40)],
        render_kw={"autocomplete": "off", "spellcheck": "false", "dir": "ltr"},
    )


class EventForm(FlaskForm):
    target = RadioField(
        _l("Agenda of"),
        choices=[],
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose a course, a path or a group."))],
    )
    title = StringField(_l("Title"), validators=[InputRequired(message=_REQUIRED), Length(max=200)])
    date = DateField(_l("Date"), validators=[InputRequired(message=_REQUIRED)])
    start = TimeField(_l("From"), validators=[InputRequired(message=_REQUIRED)])
    end = TimeField(_l("To"), validators=[InputRequired(message=_REQUIRED)])
    place = StringField(_l("Place or link (optional)"), validators=[Optional(), Length(max=500)])


class EventEditForm(FlaskForm):
    """Change a shared-agenda event (its agenda stays)."""

    title = StringField(_l("Title"), validators=[InputRequired(message=_REQUIRED), Length(max=200)])
    date = DateField(_l("Date"), validators=[InputRequired(message=_REQUIRED)])
    start = TimeField(_l("From"), validators=[InputRequired(message=_REQUIRED)])
    end = TimeField(_l("To"), validators=[InputRequired(message=_REQUIRED)])
    place = StringField(_l("Place or link (optional)"), validators=[Optional(), Length(max=500)])


class SessionEditForm(FlaskForm):
    """Change a virtual class session (its group stays)."""

    title = StringField(_l("Title"), validators=[InputRequired(message=_REQUIRED), Length(max=200)])
    date = DateField(_l("Date"), validators=[InputRequired(message=_REQUIRED)])
    start = TimeField(_l("From"), validators=[InputRequired(message=_REQUIRED)])
    end = TimeField(_l("To"), validators=[InputRequired(message=_REQUIRED)])
    meeting_url = StringField(
        _l("Video link (optional: the room stays the same)"),
        validators=[Optional(), Length(max=500)],
        render_kw=_URL_INPUT,
    )


class CancelItemForm(FlaskForm):
    """Cancel an event or a session: the reason is sent to those invited."""

    reason = TextAreaField(
        _l("Reason (sent to those invited)"),
        validators=[InputRequired(message=_REQUIRED), Length(max=500)],
        render_kw={"rows": 3, "dir": "auto", "maxlength": 500},
    )


class ReassignForm(FlaskForm):
    """Name a learner's mentor (a radio per eligible mentor; empty: back to the queue)."""

    mentor = StringField(_l("New mentor"), validators=[Optional(), Length(max=40)])
    reason = TextAreaField(
        _l("Reason (kept in the history)"),
        validators=[Optional(), Length(max=500)],
        render_kw={"rows": 3, "dir": "auto", "maxlength": 500},
    )
