"""Application log lines: one JSON object per line on stderr, its time in UTC ISO 8601
(ASVS 16.2.2), kept apart from gunicorn's access lines, which go to stdout (gunicorn.conf.py;
ASVS 16.2.4). A collector reads stderr as JSON and stdout as access lines, and never has to
guess a server's time zone.

    {"time": "2026-12-07T22:38:42.123Z", "level": "ERROR", "logger": "app",
     "message": "Exception on /families/3/photos [GET]", "exception": "Traceback …"}

The app's own loggers (`app` and its children, which Flask's `app.logger` is) and gunicorn's
error log use it. Security events (app/security_events.py) are already one JSON object with a
UTC time each, on the same stream. Codes are redacted before a line is formatted
(app/log_redaction.py).
"""

import json
import logging
import sys
from datetime import UTC, datetime

from flask import Flask
from flask.logging import default_handler


class JsonLogFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": utc_iso(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        # A traceback's newlines are escaped inside the string: still one line per record.
        return json.dumps(line, ensure_ascii=False, default=str)


def utc_iso(timestamp: float) -> str:
    return (datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"))


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is written (a server or a test may have
    replaced it since the app was built)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def json_handler() -> logging.Handler:
    handler = StderrHandler()
    handler.setFormatter(JsonLogFormatter())
    handler._hearth = True
    return handler


def install(app: Flask) -> None:
    """The app's logger writes JSON lines to stderr in place of Flask's plain ones; once per
    process however many apps are built. Not under tests, where pytest collects the records."""
    logger = app.logger
    if app.testing or any(getattr(h, "_hearth", False) for h in logger.handlers):
        return
    logger.removeHandler(default_handler)
    logger.addHandler(json_handler())
