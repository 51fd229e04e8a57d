"""The preferences form: one radio group per declared kind, built when the page is shown."""

from __future__ import annotations

from wtforms import RadioField
from wtforms.fields import SelectChoice

from dclic.core.forms import PlainForm
from dclic.core.i18n import lazy_gettext as _l
from dclic.notifications import registry

CHANNEL_LABELS = {
    "in_app": _l("On the site only"),
    "immediate": _l("On the site and by e-mail at once"),
    "digest": _l("On the site and in a daily e-mail summary"),
    "off": _l("Never"),
}


def preferences_form(channels: dict[str, str], formdata=None):
    """A form with a radio group ``kind_<name>`` per kind, set to ``channels``."""

    class PreferencesForm(PlainForm):
        pass

    choices = [SelectChoice(c, CHANNEL_LABELS[c]) for c in registry.CHANNELS]
    for k in registry.kinds():
        setattr(PreferencesForm, f"kind_{k.name}", RadioField(k.label, choices=choices))
    data = {f"kind_{name}": channel for name, channel in channels.items()}
    return PreferencesForm(formdata=formdata, data=data)


def chosen(form) -> dict[str, str]:
    """``{kind: channel}`` from a submitted form."""
    return {k.name: form[f"kind_{k.name}"].data for k in registry.kinds()}
