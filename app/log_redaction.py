"""Keep invitation and reset codes and calendar feed tokens out of every log line (ASVS 16.2.5).

A caseworker's link carries the code (`/join/HK7M-9QXR-C4TW`) because people tap links in texts.
The app takes it from the URL at once and redirects, but the first request is still logged by
Werkzeug's development server and by gunicorn's access log; so are Flask's own error lines
("Exception on /join/... [GET]") and any Referer header. Everything here rewrites such a path to
`/join/[code]` before a line is written.
"""

import logging
import re

# The code part of /join/<code>, /reset/<code> and the calendar feed's /feed/<token>.ics,
# also percent-encoded (e.g. in ?next=).
# The app's own code-free steps (/join/accept) are left readable.
_CODE_IN_PATH = re.compile(
    # Extra slashes and "./" too: Werkzeug answers /join//<code> with a redirect to the code.
    r"(?P<prefix>(?:/|%2F)+(?:join|reset|feed)(?:/|%2F)+(?:\.(?:/|%2F)+)*)"
    r"(?!accept(?:[\s/?#&\"']|$))(?P<code>[^\s/?#&\"']+)",
    re.IGNORECASE,
)
REDACTED = "[code]"


def redact(text: str) -> str:
    """Replace the code in every /join/<code> or /reset/<code> path of `text`."""
    return _CODE_IN_PATH.sub(lambda m: m.group("prefix") + REDACTED, text)


class RedactCodes(logging.Filter):
    """A logging filter that formats the record, then redacts the finished message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


# gunicorn's loggers too: gunicorn.conf.py redacts its access log, but only when gunicorn starts
# in the project folder; these filters hold wherever it starts (they act in each worker).
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "hearth.security")


def install(app) -> None:
    """Redact the development server's request lines, gunicorn's and the app's own log lines."""
    for logger in (*map(logging.getLogger, LOGGERS), app.logger):
        if not any(isinstance(f, RedactCodes) for f in logger.filters):
            logger.addFilter(RedactCodes())


def gunicorn_logger_class():
    """gunicorn's Logger with redacted access-log atoms, and error lines redacted and written as
    the app's JSON lines (see gunicorn.conf.py).

    Built on demand so the app does not need gunicorn to import this module.
    """
    from gunicorn.glogging import Logger

    from app.log_lines import JsonLogFormatter

    class RedactingLogger(Logger):
        def setup(self, cfg):
            super().setup(cfg)
            if not any(isinstance(f, RedactCodes) for f in self.error_log.filters):
                self.error_log.addFilter(RedactCodes())
            # gunicorn's own lines (workers starting, a request that failed) read like the
            # app's: JSON with a UTC time (app/log_lines.py). Access lines keep their format.
            for handler in self.error_log.handlers:
                handler.setFormatter(JsonLogFormatter())

        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            # Every atom: the request line and path, the query, the Referer, any header or
            # environ value a custom access_log_format might print.
            return {
                key: redact(value) if isinstance(value, str) else value
                for key, value in atoms.items()
            }

    return RedactingLogger
