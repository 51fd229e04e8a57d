"""The audit trail's filter form (a GET form: its address can be shared)."""

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from dclic.core.i18n import lazy_gettext as _l

# WTForms' own message for an unreadable date, listed here so our catalogs translate it.
_DATE_ERROR = _l("Not a valid date value.")


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    actor = StringField(_l("Who (user number or name)"), validators=[Optional(), Length(max=200)])
    action = SelectField(_l("Action"), choices=[], validate_choice=False, validators=[Optional()])
    object_type = StringField(_l("Object type"), validators=[Optional(), Length(max=60)])
    object_id = StringField(_l("Object number"), validators=[Optional(), Length(max=64)])
    ip = StringField(_l("IP address"), validators=[Optional(), Length(max=45)])
    since = DateField(
        _l("From"),
        validators=[Optional()],
        render_kw={"type": "date"},
    )
    until = DateField(_l("Until"), validators=[Optional()], render_kw={"type": "date"})

    @property
    def filters(self) -> dict:
        return {
            name: self[name].data
            for name in ("actor", "action", "object_type", "object_id", "ip", "since", "until")
        }
