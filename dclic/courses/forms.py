"""The catalogue's filter form: a GET form, so every search has a shareable address."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField
from wtforms.validators import Length, Optional

from dclic.core.i18n import lazy_gettext as _l
from dclic.courses.labels import LEVEL_LABELS, TRACK_LABELS, domain_label, language_label
from dclic.courses.models import LANGUAGES
from dclic.courses.search import OUR_PROVIDER

FILTER_NAMES = ("q", "track", "level", "language", "domain", "duration", "format", "provider")
DURATION_LABELS = {
    "under-1h": _l("Less than 1 hour"),
    "1-3h": _l("1 to 3 hours"),
    "3-10h": _l("3 to 10 hours"),
    "over-10h": _l("More than 10 hours"),
}
FORMAT_LABELS = {
    "video": _l("With videos"),
    "files": _l("With files to download"),
    "text": _l("Text only (light on mobile data)"),
}


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
    duration = SelectField(_l("Duration"), choices=[], default="")
    format = SelectField(_l("Content"), choices=[], default="")
    provider = SelectField(_l("Catalogue"), choices=[], default="")

    def set_choices(self, domains: list[str], providers: list[str] = ()) -> None:
        """Fill the lists; ``domains`` and ``providers`` are those of published courses (the
        provider list is offered only when some courses come from another catalogue)."""
        self.track.choices = [("", _l("All tracks")), *TRACK_LABELS.items()]
        self.level.choices = [("", _l("All levels")), *LEVEL_LABELS.items()]
        self.language.choices = [("", _l("All languages"))] + [
            (code, language_label(code)) for code in LANGUAGES
        ]
        self.domain.choices = [("", _l("All domains"))] + [(d, domain_label(d)) for d in domains]
        self.duration.choices = [("", _l("Any duration")), *DURATION_LABELS.items()]
        self.format.choices = [("", _l("Any content")), *FORMAT_LABELS.items()]
        self.provider.choices = [
            ("", _l("All catalogues")),
            (OUR_PROVIDER, _l("This platform's courses")),
            *((name, name) for name in providers),
        ]

    @property
    def offers_providers(self) -> bool:
        """True when some courses come from other catalogues (else the list is left out)."""
        return len(self.provider.choices) > 2

    @property
    def filters(self) -> dict[str, str]:
        """The filters in use, in a stable order, for the query and the page links."""
        return {name: self[name].data for name in FILTER_NAMES if self[name].data}

    @property
    def uses_more_filters(self) -> bool:
        """True when a filter other than the search words is set (the filters start unfolded)."""
        return any(name != "q" for name in self.filters)
