"""The form of the course import page. It shapes input only: the archive is checked by
:func:`dclic.courses.archive.import_course`, whose errors come back on these fields."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import Length, Optional

from dclic.core.i18n import lazy_gettext as _l


class ArchiveImportForm(FlaskForm):
    """A course archive (.zip) and, optionally, the code to give the imported course."""

    archive = FileField(
        _l("Course archive (.zip)"),
        validators=[FileRequired(_l("Choose the course archive to import."))],
        render_kw={"accept": ".zip,application/zip"},
    )
    code = StringField(
        _l("Code of the imported course"),
        validators=[Optional(), Length(max=40)],
        render_kw={"maxlength": 40, "autocomplete": "off", "dir": "ltr", "spellcheck": "false"},
    )
