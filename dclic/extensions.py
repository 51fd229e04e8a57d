"""Flask extensions, created unbound; :func:`dclic.app.create_app` binds them."""

from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_wtf import CSRFProtect

from dclic.core.db import db
from dclic.core.i18n import babel

__all__ = ["babel", "compress", "csrf", "db", "limiter", "login", "migrate", "socketio"]

migrate = Migrate()
login = LoginManager()
csrf = CSRFProtect()
compress = Compress()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
socketio = SocketIO()
