"""Helpers between services' field errors and WTForms forms, and the edge's commit."""

from __future__ import annotations

from collections.abc import Callable

from flask_wtf import FlaskForm

from dclic.core.db import db
from dclic.core.errors import Conflict, Invalid
from dclic.core.i18n import gettext as _


class PlainForm(FlaskForm):
    """A form with nothing but its CSRF token (a confirmation button)."""


def apply_errors(form, errors: dict[str, list[str]] | None, message=None) -> None:
    """Show a service's ``Invalid``/``Conflict`` field errors on ``form``'s fields.

    Errors for fields the form does not have (and the general message) go to the top of the
    form, so nothing the service said is lost.
    """
    for name, messages in (errors or {}).items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*list(field.errors or ()), *messages]
        else:
            form.form_errors.extend(messages)
    if message and not errors:
        form.form_errors.append(str(message))


def attempt(form, action: Callable[[], object]) -> tuple[bool, object]:
    """On a valid POST of ``form`` (its CSRF token included), run ``action`` and commit.

    Returns ``(True, what action returned)``; ``(False, None)`` when nothing was sent or the
    service refused, its field errors then being on ``form`` (nothing is half-saved).
    """
    if not form.validate_on_submit():
        return False, None
    try:
        result = action()
        db.session.commit()
    except (Invalid, Conflict) as exc:
        db.session.rollback()
        apply_errors(form, exc.errors, exc.message or _("This cannot be done."))
        return False, None
    return True, result
