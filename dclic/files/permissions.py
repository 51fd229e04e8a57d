"""Who may read a stored file: public files, their uploader, and the rules of other modules.

The files module does not know what a file is used for; the modules that use files do. Each
registers a rule with :func:`read_rule`::

    @read_rule
    def _course_resource(user, stored_file):
        ...  # True: may read; False: may not, whatever else says; None: no opinion

:func:`can_read_file` answers: public files are readable by anyone, signed in or not (no rule
is asked). For the others every rule is asked; one ``False`` refuses; otherwise the uploader
or one ``True`` allows; nobody else may read. Rules run on every request for a file: keep
them cheap (one query at most).
"""

from __future__ import annotations

from collections.abc import Callable

ReadRule = Callable[[object, object], bool | None]
_READ_RULES: list[ReadRule] = []


def read_rule(rule: ReadRule) -> ReadRule:
    """Register ``rule(user, stored_file) -> True | False | None`` (usable as a decorator).

    ``user`` is None for a visitor who is not signed in (or whose account is inactive).
    """
    if rule not in _READ_RULES:
        _READ_RULES.append(rule)
    return rule


def signed_in(user):
    """``user`` when it is an active, signed-in account, else None."""
    # Flask-Login's current_user is a proxy: rules get (and may keep) the User itself.
    user = user._get_current_object() if hasattr(user, "_get_current_object") else user
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user if getattr(user, "is_active", False) else None


def can_read_file(user, stored_file) -> bool:
    """True when ``user`` (a User, an anonymous user or None) may read ``stored_file``."""
    if stored_file.is_public:
        return True
    user = signed_in(user)
    verdicts = [rule(user, stored_file) for rule in _READ_RULES]
    if False in verdicts:
        return False
    is_uploader = user is not None and user.id == stored_file.uploaded_by_id
    return is_uploader or True in verdicts


def can_publish_file(user, stored_file) -> bool:
    """True when ``user`` may make ``stored_file`` public or private: its uploader.

    Other modules that decide with rights of their own (a course's editors for its cover)
    call the service with ``actor=None`` once they have checked them.
    """
    user = signed_in(user)
    return user is not None and user.id == stored_file.uploaded_by_id
