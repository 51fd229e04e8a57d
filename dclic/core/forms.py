"""Helpers between services' field errors and WTForms forms."""

from __future__ import annotations

from flask_wtf import FlaskForm


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
