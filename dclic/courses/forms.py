"""The catalogue's filter form: a GET form, so every search has a shareable address."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField
from wtforms.validators import Length, Optional

from dclic.core.i18n import lazy_gettext as _l
from dclic.courses.labels import LEVEL_LABELS, TRACK_LABELS, domain_label, language_label
from dclic.courses.models import LANGUAGES

FILTER_NAMES = ("q", "track", "level", "language", "domain")


class CatalogueFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a search changes nothing

    q = SearchField(
        _l("Search"), validators=[Optional(), Length(max=200)], render_kw={"maxlength": 200}
    )
    track = SelectField(_l("Track"), choices=[], default="")
    level = SelectField(_l("Level"), choices=[], default="")
    language = SelectField(_l("Language"), choices=[], default="")
    domain = SelectField(_l("Domain"), choices=[], default="")

    def set_choices(self, domains: list[str]) -> None:
        """Fill the lists; ``domains`` are those of published courses."""
        self.track.choices = [("", _l("All tracks")), *TRACK_LABELS.items()]
        self.level.choices = [("", _l("All levels")), *LEVEL_LABELS.items()]
        self.language.choices = [("", _l("All languages"))] + [
            (code, language_label(code)) for code in LANGUAGES
        ]
        self.domain.choices = [("", _l("All domains"))] + [(d, domain_label(d)) for d in domains]

    @property
    def filters(self) -> dict[str, str]:
        """The filters in use, in a stable order, for the query and the page links."""
        return {name: self[name].data for name in FILTER_NAMES if self[name].data}

    @property
    def uses_more_filters(self) -> bool:
        """True when a filter other than the search words is set (the filters start unfolded)."""
        return any(name != "q" for name in self.filters)
