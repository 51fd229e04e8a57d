"""Platform settings that administrators change without a deploy, read from any module.

The site module installs the reader (settings stored in the database, defaults from the
configuration); :func:`setting` is how every other module reads one.
"""

from __future__ import annotations

from flask import current_app


def setting(name: str):
    """The current value of a platform setting (e.g. ``site_name``, ``session_idle_minutes``)."""
    return current_app.extensions["dclic_settings_reader"](name)
