"""Signals that let modules react to each other without importing each other.

Each signal is documented where it is defined: who sends it, with which arguments.
"""

from blinker import Namespace

_signals = Namespace()

#: Sent by :mod:`dclic.core.errors` when an action is refused (403), before the error page
#: is rendered. Arguments: ``sender`` = the Flask app, ``path``, ``method``, ``message``.
#: The audit trail records it.
access_denied = _signals.signal("access-denied")
