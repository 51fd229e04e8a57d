"""dclic: the D-CLIC learning platform.

Importing this package has no side effects; :func:`create_app` builds an application.
"""

__version__ = "0.1.0"


def create_app(config=None):
    """Build a dclic Flask application (see :func:`dclic.app.create_app`)."""
    from dclic.app import create_app as _create_app

    return _create_app(config)
