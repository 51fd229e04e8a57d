"""gunicorn settings for dclic (threaded workers: Flask-SocketIO's WebSocket support needs them).

Environment: ``GUNICORN_WORKERS`` (default 1: Socket.IO needs sticky sessions for more, see
docs/deployment.md), ``GUNICORN_THREADS`` (default 32), ``PORT`` (default 8000).
"""

import os

from gunicorn.http import wsgi as _wsgi

_default_headers = _wsgi.Response.default_headers


def _headers_without_server(self):
    # Disclose neither the server software nor its version.
    return [h for h in _default_headers(self) if not h.lower().startswith("server:")]


_wsgi.Response.default_headers = _headers_without_server

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "1"))
threads = int(os.environ.get("GUNICORN_THREADS", "32"))
timeout = 60
graceful_timeout = 30
keepalive = 5
accesslog = "-"
access_log_format = '{"remote":"%(h)s","request":"%(r)s","status":%(s)s,"bytes":"%(B)s","ms":%(M)s,"request_id":"%({x-request-id}o)s"}'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
limit_request_line = 8190
