"""The per-person send limit of the chat, shared by the socket, the pages and the API.

Flask-Limiter only guards HTTP views; a socket event never passes through it. This counter
uses the same storage (``RATELIMIT_STORAGE_URI``: memory in one process, Redis across all of
them) and the same switch (``RATELIMIT_ENABLED``), keyed by person, so ten messages in ten
seconds is the cap whichever process or transport carries them.
"""

from __future__ import annotations

from flask import current_app
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from dclic.core.errors import DomainError
from dclic.core.i18n import gettext as _

SEND_RATE = "10 per 10 seconds"
_KEY = "dclic_chat_limiter"


class TooFast(DomainError):
    """The person sent too many messages in a short time (429)."""

    status = 429
    code = "too_many_requests"


def _limiter() -> MovingWindowRateLimiter:
    app = current_app._get_current_object()
    limiter = app.extensions.get(_KEY)
    if limiter is None:
        limiter = MovingWindowRateLimiter(storage_from_string(app.config["RATELIMIT_STORAGE_URI"]))
        app.extensions[_KEY] = limiter
    return limiter


def check_send(user) -> None:
    """Count one send by ``user``; :class:`TooFast` past :data:`SEND_RATE`."""
    config = current_app.config
    if not config["RATELIMIT_ENABLED"]:
        return
    if not _limiter().hit(
        parse(SEND_RATE), config["RATELIMIT_KEY_PREFIX"], "chat-send", str(user.id)
    ):
        raise TooFast(_("You are sending messages too fast. Wait a few seconds and try again."))
