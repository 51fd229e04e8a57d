"""The language switch."""

from flask_wtf import FlaskForm
from wtforms import HiddenField


class LanguageForm(FlaskForm):
    # The chosen language comes from the pressed button (name="lang"), the page to go back to here.
    next = HiddenField()
