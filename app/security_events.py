"""Security events: one JSON line each on the `hearth.security` logger, for whoever watches.

A line says when (UTC), what, who (user id), from where (address) and which path, plus the
fields the caller gives. Never pass a password, a code, an identifier someone typed, or a
session or cookie value: those would turn the log into something worth stealing.
"""

import json
import logging
import sys
from datetime import UTC, datetime

from flask import has_request_context, request
from flask_login import current_user

from app.log_redaction import redact

LOGGER_NAME = "hearth.security"
logger = logging.getLogger(LOGGER_NAME)


class JsonLineFormatter(logging.Formatter):
    """The message is already a JSON object; print it alone, so each line parses as JSON."""

    def format(self, record: logging.LogRecord) -> str:
        return record.getMessage()


def init_app(app) -> None:
    """Send security events to stderr (collected by the host), once, outside tests.

    The handler is added once however many apps are built in one process. Records still go up
    to the root logger, where pytest's `caplog` sees them; neither Flask, Werkzeug nor gunicorn
    puts a handler on the root logger, so nothing prints twice unless an operator adds one
    there (then set `logging.getLogger("hearth.security").propagate = False`).
    """
    logger.setLevel(logging.INFO)
    if app.testing or any(getattr(h, "_hearth", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLineFormatter())
    handler._hearth = True
    logger.addHandler(handler)


def _user_id() -> int | None:
    try:
        return current_user.id if current_user.is_authenticated else None
    except Exception:  # no app or login context (e.g. a CLI command)
        return None


def log_security_event(event: str, **fields) -> None:
    """Write one event; `user_id=` in fields overrides the signed-in person's id."""
    line = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "event": event,
        "user_id": fields.pop("user_id", None) or _user_id(),
        "address": request.remote_addr if has_request_context() else None,
        # /join/<code>: a link refused (429 over the join limit) must not log its code.
        "path": redact(request.path) if has_request_context() else None,
    }
    line.update(fields)
    logger.info(json.dumps(line, default=str, sort_keys=False))


def log_refused_form(event: str, form, **fields) -> None:
    """A form refused: which fields were wrong, by name only. Never their values (a password,
    a file name, a code)."""
    log_security_event(event, fields=sorted(form.errors), **fields)
