"""The administrators' form of an OAI-PMH source; the service checks the values."""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired, Length

from dclic.core.i18n import lazy_gettext as _l
from dclic.oai.labels import SCHEDULE_LABELS

PREFIX_CHOICES = [
    SelectChoice("lom", _l("IEEE LOM (lom): the richest")),
    SelectChoice("oai_dc", _l("Dublin Core (oai_dc): offered by every repository")),
]
SCHEDULE_CHOICES = [SelectChoice(code, label) for code, label in SCHEDULE_LABELS.items()]


class SourceForm(FlaskForm):
    name = StringField(
        _l("Provider name shown in the catalogue"),
        validators=[InputRequired(message=_l("Enter a name.")), Length(max=100)],
    )
    base_url = StringField(
        _l("Base URL of the OAI-PMH repository"),
        validators=[InputRequired(message=_l("Enter the address.")), Length(max=500)],
        render_kw={"inputmode": "url", "dir": "ltr", "spellcheck": "false"},
    )
    metadata_prefix = SelectField(_l("Metadata format"), choices=PREFIX_CHOICES)
    set_spec = StringField(
        _l("Set (optional)"),
        validators=[Length(max=200)],
        render_kw={"dir": "ltr", "spellcheck": "false"},
    )
    schedule = SelectField(_l("Harvest"), choices=SCHEDULE_CHOICES)

    def values(self) -> dict:
        """The fields as the services take them."""
        return {
            "name": self.name.data,
            "base_url": self.base_url.data,
            "metadata_prefix": self.metadata_prefix.data,
            "set_spec": self.set_spec.data,
            "schedule": self.schedule.data,
        }
