"""Structured logs: one JSON object a line, with the request id, the user id and tracebacks."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON line; ``extra=`` fields are kept as keys."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            entry["request_id"] = g.get("request_id")
            entry["user_id"] = g.get("user_id")
            entry["method"] = request.method
            entry["path"] = request.path
            entry["ip"] = request.remote_addr
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time of the record (test capture, reload)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def init_app(app: Flask) -> None:
    """Send dclic's logs to standard error as JSON lines at the configured level."""
    handler = StderrHandler()
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("dclic")
    logger.handlers[:] = [handler]
    logger.setLevel(app.config["DCLIC_LOG_LEVEL"])
    logger.propagate = app.testing  # let pytest's caplog see records
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(app.config["DCLIC_LOG_LEVEL"])
