"""Configuration: defaults, environment overrides and validation with clear messages.

Every setting comes from an environment variable documented in ``docs/configuration.md``.
:func:`build_config` collects *all* problems and raises one :class:`ConfigError` listing them,
so an operator fixes a broken deployment in one go.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

ENVIRONMENTS = ("development", "staging", "production")
LOCALES = ("fr", "en", "ar")
RTL_LOCALES = frozenset({"ar"})


ENV_NAMES = frozenset(
    {
        "DCLIC_ENV",
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "MAIL_URL",
        "DCLIC_BASE_URL",
        "DCLIC_ALLOWED_HOSTS",
        "DCLIC_TRUSTED_PROXIES",
        "DCLIC_DEFAULT_LOCALE",
        "DCLIC_ADMIN_EMAIL",
        "DCLIC_MAIL_FROM",
        "DCLIC_LOG_LEVEL",
        "DCLIC_SESSION_IDLE_MINUTES",
        "DCLIC_SESSION_MAX_HOURS",
        "DCLIC_MAX_UPLOAD_MB",
        "DCLIC_FILES_DIR",
        "DCLIC_FILES_IMAGE_MAX_MB",
        "DCLIC_FILES_DOCUMENT_MAX_MB",
        "DCLIC_FILES_MEDIA_MAX_MB",
        "DCLIC_RATELIMIT_PREFIX",
        "DCLIC_RATELIMIT_ENABLED",
        "DCLIC_SOCKETIO_CHANNEL",
        "DCLIC_JOBS_QUEUE",
        "DCLIC_SITE_NAME",
        "DCLIC_AUDIT_RETENTION_DAYS",
        "DCLIC_HISTORY_RETENTION_DAYS",
        "OAI_PAGE_SIZE",
        "DCLIC_OAI_REPOSITORY_ID",
        "DCLIC_HARVEST_ALLOW_PRIVATE",
        "DCLIC_APPOINTMENT_NOTICE_HOURS",
        "DCLIC_APPOINTMENT_REMINDERS",
        "DCLIC_MEETING_BASE_URL",
        "DCLIC_MENTOR_STUCK_DAYS",
        "DCLIC_FORUM_HOLD_FIRST_POSTS",
        "TESTING",
        "DCLIC_INSTANCE_PATH",
    }
)


class ConfigError(Exception):
    """Raised at start-up when the configuration is wrong; the message lists every problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(
            "dclic cannot start, the configuration is wrong:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )


def _int(env, name, default, problems, minimum=1, maximum=None):
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        problems.append(f"{name}={raw!r} is not a whole number.")
        return default
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        problems.append(f"{name}={value} must be {bound}.")
    return value


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _flag(env, name, default: bool, problems) -> bool:
    raw = env.get(name, default)
    if isinstance(raw, bool):
        return raw
    if str(raw).lower() in _TRUE | _FALSE:
        return str(raw).lower() in _TRUE
    problems.append(f"{name}={raw!r} must be 1/true/yes/on or 0/false/no/off.")
    return default


def _database_url(raw: str, problems: list[str]) -> str:
    scheme = urlsplit(raw).scheme
    if scheme in ("postgres", "postgresql"):
        return "postgresql+psycopg" + raw[len(scheme) :]
    if scheme in ("postgresql+psycopg", "sqlite"):
        return raw
    problems.append(
        f"DATABASE_URL scheme {scheme!r} is not supported: use postgresql://user@host/db "
        "or sqlite:////absolute/path.sqlite3."
    )
    return raw


def _redis_url(raw: str, problems: list[str]) -> str:
    if urlsplit(raw).scheme not in ("redis", "rediss", "unix"):
        problems.append("REDIS_URL must start with redis://, rediss:// or unix://.")
    return raw


def _mail_url(raw: str, outbox: str, problems: list[str]) -> dict:
    """Parse MAIL_URL: ``outbox`` / ``outbox:///dir`` or ``smtp[s|+starttls]://[user:pw@]host[:port]``."""
    if raw in ("", "outbox"):
        return {"transport": "outbox", "path": outbox}
    parts = urlsplit(raw)
    if parts.scheme == "outbox":
        return {"transport": "outbox", "path": parts.path or outbox}
    security = {"smtp": "none", "smtp+starttls": "starttls", "smtps": "tls"}.get(parts.scheme)
    if security is None or not parts.hostname:
        problems.append(
            "MAIL_URL must be 'outbox', outbox:///folder, smtp://host:25, "
            "smtp+starttls://user:password@host:587 or smtps://user:password@host:465."
        )
        return {"transport": "outbox", "path": outbox}
    try:
        port = parts.port or {"none": 25, "starttls": 587, "tls": 465}[security]
    except ValueError:
        problems.append("MAIL_URL has an invalid port.")
        port = 25
    return {
        "transport": "smtp",
        "host": parts.hostname,
        "port": port,
        "security": security,
        # Percent-encoded in the URL, so a password may hold @ : / ? # (as %40 %3A …).
        "username": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
    }


def _base_url(raw: str, problems: list[str]) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        problems.append(
            f"DCLIC_BASE_URL={raw!r} must be an absolute http(s) URL such as https://dclic.example.org"
        )
    return raw.rstrip("/")


# The oai-identifier schema's repositoryIdentifier: a domain name whose labels start with a letter.
_REPOSITORY_ID = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$")


def _oai_repository_id(env, base_host: str, problems: list[str]) -> str:
    """``DCLIC_OAI_REPOSITORY_ID``, else the base URL's host when it fits the oai-identifier
    syntax (not an IP address, at least one dot), else ``dclic.localhost``."""
    raw = env.get("DCLIC_OAI_REPOSITORY_ID")
    if raw is None:
        return base_host if _REPOSITORY_ID.match(base_host) else "dclic.localhost"
    if not _REPOSITORY_ID.match(raw):
        problems.append(
            f"DCLIC_OAI_REPOSITORY_ID={raw!r} must be a domain name such as dclic.example.org."
        )
    return raw


def _reminders(env, problems: list[str]) -> tuple[int, ...]:
    """``DCLIC_APPOINTMENT_REMINDERS``: ``24h,1h`` → minutes before the start, longest first."""
    raw = env.get("DCLIC_APPOINTMENT_REMINDERS", "24h,1h")
    if raw.strip().lower() in ("off", "none", "0"):
        return ()
    minutes = set()
    for item in (part.strip().lower() for part in raw.split(",")):
        match = re.fullmatch(r"(\d{1,4})\s*([hm])", item)
        value = int(match[1]) * (60 if match[2] == "h" else 1) if match else 0
        if not 1 <= value <= 30 * 24 * 60:
            problems.append(
                f"DCLIC_APPOINTMENT_REMINDERS={raw!r} must be durations such as 24h,1h or 30m "
                "(at most 30 days each), or off."
            )
            return ()
        minutes.add(value)
    return tuple(sorted(minutes, reverse=True))


def _meeting_base_url(env, problems: list[str]) -> str | None:
    """``DCLIC_MEETING_BASE_URL``: where video rooms are made (``https://meet.jit.si``), or None."""
    raw = env.get("DCLIC_MEETING_BASE_URL")
    if raw is None:
        return None
    parts = urlsplit(raw)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        problems.append(
            f"DCLIC_MEETING_BASE_URL={raw!r} must be an https:// address such as https://meet.jit.si"
        )
    return raw.rstrip("/")


def _files_dir(env, instance: Path, problems: list[str]) -> str:
    raw = env.get("DCLIC_FILES_DIR")
    if raw is None:
        return str(instance / "files")
    if not Path(raw).is_absolute():
        problems.append(f"DCLIC_FILES_DIR={raw!r} must be an absolute path.")
    return raw


def _secret_key(env, instance_path: str, dclic_env: str, problems: list[str]) -> str:
    key = env.get("SECRET_KEY", "")
    if key:
        if len(key) < 32:
            problems.append("SECRET_KEY must be at least 32 characters long (use a random value).")
        return key
    if dclic_env != "development":
        problems.append(f"SECRET_KEY is required when DCLIC_ENV={dclic_env}.")
        return ""
    # Development: one random key kept in the instance folder, so sessions survive a restart.
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def build_config(instance_path: str, overrides: dict | None = None, env=None) -> dict:
    """Return the Flask config for this process, or raise :class:`ConfigError`.

    ``env`` defaults to ``os.environ``; ``overrides`` (tests, embedding) win over it and take
    the same names as the environment variables.
    """
    env = {**(os.environ if env is None else env), **(overrides or {})}
    # An empty variable (NAME=) means "not set", whatever the setting.
    env = {k: v for k, v in env.items() if v != ""}
    problems: list[str] = []

    dclic_env = env.get("DCLIC_ENV", "development")
    if dclic_env not in ENVIRONMENTS:
        problems.append(f"DCLIC_ENV={dclic_env!r} must be one of: {', '.join(ENVIRONMENTS)}.")
        dclic_env = "production"
    deployed = dclic_env != "development"

    instance = Path(instance_path)
    database_url = _database_url(
        env.get("DATABASE_URL") or f"sqlite:///{instance / 'dclic.sqlite3'}", problems
    )
    redis_url = _redis_url(env["REDIS_URL"], problems) if env.get("REDIS_URL") else None
    mail = _mail_url(env.get("MAIL_URL", ""), str(instance / "outbox"), problems)
    base_url = _base_url(env.get("DCLIC_BASE_URL", "http://127.0.0.1:5000"), problems)
    default_locale = env.get("DCLIC_DEFAULT_LOCALE", "fr")
    if default_locale not in LOCALES:
        problems.append(f"DCLIC_DEFAULT_LOCALE must be one of: {', '.join(LOCALES)}.")

    base_host = (urlsplit(base_url).hostname or "").lower()
    allowed_hosts = {base_host} | {
        h.strip().lower() for h in env.get("DCLIC_ALLOWED_HOSTS", "").split(",") if h.strip()
    }
    if not deployed:
        allowed_hosts |= {"127.0.0.1", "localhost", "[::1]"}

    if deployed:
        if not database_url.startswith("postgresql"):
            problems.append(f"DATABASE_URL must point to PostgreSQL when DCLIC_ENV={dclic_env}.")
        if not redis_url:
            problems.append(f"REDIS_URL is required when DCLIC_ENV={dclic_env}.")
        if mail["transport"] != "smtp":
            problems.append(f"MAIL_URL must be an SMTP server when DCLIC_ENV={dclic_env}.")
        if not base_url.startswith("https://"):
            problems.append(f"DCLIC_BASE_URL must use https:// when DCLIC_ENV={dclic_env}.")

    idle = _int(env, "DCLIC_SESSION_IDLE_MINUTES", 30, problems, maximum=24 * 60)
    lifetime = _int(env, "DCLIC_SESSION_MAX_HOURS", 12, problems, maximum=24 * 30)
    upload_mb = _int(env, "DCLIC_MAX_UPLOAD_MB", 20, problems, maximum=2048)
    files_dir = _files_dir(env, instance, problems)
    files_max_mb = {
        purpose: _int(env, f"DCLIC_FILES_{purpose.upper()}_MAX_MB", mb, problems, maximum=2048)
        for purpose, mb in (("image", 5), ("document", 20), ("media", 100))
    }
    # 0 keeps everything: the purge commands then refuse to run without an explicit age.
    audit_days = _int(env, "DCLIC_AUDIT_RETENTION_DAYS", 0, problems, minimum=0, maximum=36500)
    history_days = _int(env, "DCLIC_HISTORY_RETENTION_DAYS", 180, problems, minimum=0)
    proxies = _int(
        env, "DCLIC_TRUSTED_PROXIES", 1 if deployed else 0, problems, minimum=0, maximum=5
    )
    secret = _secret_key(env, instance_path, dclic_env, problems)
    log_level = env.get("DCLIC_LOG_LEVEL", "INFO").upper()
    if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        problems.append("DCLIC_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR.")

    ratelimit_enabled = _flag(env, "DCLIC_RATELIMIT_ENABLED", True, problems)
    socketio_channel = env.get("DCLIC_SOCKETIO_CHANNEL", "flask-socketio")
    if not re.fullmatch(r"[A-Za-z0-9._:-]{1,100}", socketio_channel):
        problems.append(
            "DCLIC_SOCKETIO_CHANNEL must be 1 to 100 letters, digits or . _ : - characters."
        )
    jobs_queue = env.get("DCLIC_JOBS_QUEUE", "dclic")
    if not re.fullmatch(r"[A-Za-z0-9._:-]{1,100}", jobs_queue):
        problems.append("DCLIC_JOBS_QUEUE must be 1 to 100 letters, digits or . _ : - characters.")
    oai_page_size = _int(env, "OAI_PAGE_SIZE", 100, problems, maximum=1000)
    oai_repository_id = _oai_repository_id(env, base_host, problems)
    harvest_private = _flag(env, "DCLIC_HARVEST_ALLOW_PRIVATE", not deployed, problems)
    notice_hours = _int(env, "DCLIC_APPOINTMENT_NOTICE_HOURS", 12, problems, minimum=0, maximum=720)
    reminders = _reminders(env, problems)
    meeting_base = _meeting_base_url(env, problems)
    stuck_days = _int(env, "DCLIC_MENTOR_STUCK_DAYS", 7, problems, minimum=1, maximum=365)
    forum_hold = _int(env, "DCLIC_FORUM_HOLD_FIRST_POSTS", 0, problems, minimum=0, maximum=100)
    testing = _flag(env, "TESTING", False, problems)

    if problems:
        raise ConfigError(problems)

    secure_cookies = base_url.startswith("https://")
    config = {
        "DCLIC_ENV": dclic_env,
        "DCLIC_SITE_NAME": env.get("DCLIC_SITE_NAME", "D-CLIC"),
        "DCLIC_BASE_URL": base_url,
        "DCLIC_ALLOWED_HOSTS": sorted(allowed_hosts),
        "DCLIC_TRUSTED_PROXIES": proxies,
        "DCLIC_DEFAULT_LOCALE": default_locale,
        "DCLIC_ADMIN_EMAIL": env.get("DCLIC_ADMIN_EMAIL", f"admin@{base_host}"),
        "DCLIC_MAIL_FROM": env.get("DCLIC_MAIL_FROM", f"dclic <no-reply@{base_host}>"),
        "DCLIC_MAIL": mail,
        "DCLIC_JOBS": "rq" if redis_url else "inline",
        "DCLIC_LOG_LEVEL": log_level,
        "DCLIC_SESSION_IDLE_SECONDS": idle * 60,
        "DCLIC_SESSION_MAX_SECONDS": lifetime * 3600,
        "DCLIC_AUDIT_RETENTION_DAYS": audit_days,
        "DCLIC_HISTORY_RETENTION_DAYS": history_days,
        "OAI_PAGE_SIZE": oai_page_size,
        "DCLIC_OAI_REPOSITORY_ID": oai_repository_id,
        "DCLIC_HARVEST_ALLOW_PRIVATE": harvest_private,
        "DCLIC_APPOINTMENT_NOTICE_HOURS": notice_hours,
        "DCLIC_APPOINTMENT_REMINDERS": reminders,
        "DCLIC_MEETING_BASE_URL": meeting_base,
        "DCLIC_MENTOR_STUCK_DAYS": stuck_days,
        "DCLIC_FORUM_HOLD_FIRST_POSTS": forum_hold,
        "REDIS_URL": redis_url,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MAX_CONTENT_LENGTH": upload_mb * 1024 * 1024,
        "DCLIC_FILES_DIR": files_dir,
        "DCLIC_FILES_MAX_BYTES": {p: mb * 1024 * 1024 for p, mb in files_max_mb.items()},
        "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
        "SESSION_COOKIE_NAME": "dclic_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SECURE": secure_cookies,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": lifetime * 3600,
        # The cookie is re-sent only when the session changes (the last-seen stamp moves at
        # most once a minute): no Set-Cookie on every page and static file.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "REMEMBER_COOKIE_DURATION": 0,
        "PREFERRED_URL_SCHEME": "https" if secure_cookies else "http",
        "WTF_CSRF_TIME_LIMIT": lifetime * 3600,
        "WTF_CSRF_SSL_STRICT": secure_cookies,
        "BABEL_DEFAULT_LOCALE": default_locale,
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_KEY_PREFIX": env.get("DCLIC_RATELIMIT_PREFIX", "dclic"),
        "RATELIMIT_HEADERS_ENABLED": False,
        "RATELIMIT_ENABLED": ratelimit_enabled,
        "DCLIC_SOCKETIO_CHANNEL": socketio_channel,
        "DCLIC_JOBS_QUEUE": jobs_queue,
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_MIN_SIZE": 256,
        "COMPRESS_BR_LEVEL": 5,
        "COMPRESS_MIMETYPES": [
            "text/html",
            "text/plain",
            "text/xml",
            "application/json",
            "application/xml",
        ],
        "TESTING": testing,
    }
    # Plain Flask settings given by the embedding code (tests) pass through unchanged.
    config.update({k: v for k, v in (overrides or {}).items() if k not in ENV_NAMES})
    return config
