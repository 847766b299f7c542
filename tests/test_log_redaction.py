"""Invitation and reset codes never reach a log line: dev server, app logger, gunicorn."""

import logging
import runpy
from datetime import timedelta
from types import SimpleNamespace

import pytest

from app.log_redaction import RedactCodes, gunicorn_logger_class, redact
from tests.e2e.server import PROJECT_ROOT

CODE = "HK7M-9QXR-C4TW"


@pytest.fixture(autouse=True)
def _close_gunicorn_log_files():
    """gunicorn's loggers are process-wide: close the files a test's Logger opened."""
    yield
    for name in ("gunicorn.access", "gunicorn.error"):
        log = logging.getLogger(name)
        for handler in list(log.handlers):
            handler.close()
            log.removeHandler(handler)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f'"GET /join/{CODE} HTTP/1.1" 303 -', '"GET /join/[code] HTTP/1.1" 303 -'),
        (f"GET /join/{CODE.lower()}?utm=sms", "GET /join/[code]?utm=sms"),
        ("GET /join/hk7m%209qxr%20c4tw HTTP/1.1", "GET /join/[code] HTTP/1.1"),
        (f"http://hearth.example/join/{CODE}", "http://hearth.example/join/[code]"),
        (f"/sign-in?next=%2Fjoin%2F{CODE}", "/sign-in?next=%2Fjoin%2F[code]"),
        ("POST /reset/ABCDEF123456/new HTTP/1.1", "POST /reset/[code]/new HTTP/1.1"),
        # A mangled link still reaches the code (/join//<code> is redirected to /join/<code>).
        (f"GET /join//{CODE} HTTP/1.1", "GET /join//[code] HTTP/1.1"),
        (f"GET /join/./{CODE} HTTP/1.1", "GET /join/./[code] HTTP/1.1"),
        (f"GET /join/%2F{CODE} HTTP/1.1", "GET /join/%2F[code] HTTP/1.1"),
        # A calendar feed's token is its key, like a code (the family's own .ics pages are not).
        ("GET /feed/Zx9_abc-DEF0123456789.ics HTTP/1.1", "GET /feed/[code] HTTP/1.1"),
        ("webcal://hearth.example/feed/Zx9_abc-DEF.ics", "webcal://hearth.example/feed/[code]"),
        ("GET /families/3/calendar/5/event.ics HTTP/1.1",
         "GET /families/3/calendar/5/event.ics HTTP/1.1"),
        # The app's own steps carry no code and stay readable.
        ("GET /join/accept HTTP/1.1", "GET /join/accept HTTP/1.1"),
        ("POST /join HTTP/1.1", "POST /join HTTP/1.1"),
        ("GET /families/3/people HTTP/1.1", "GET /families/3/people HTTP/1.1"),
    ],
)
def test_redact_replaces_only_the_code(line, expected):
    assert redact(line) == expected


def test_the_dev_server_and_app_loggers_are_redacted(app, caplog):
    caplog.set_level(logging.INFO)
    # As Werkzeug's development server logs a request, and Flask an exception.
    logging.getLogger("werkzeug").info('%s - - "%s" %s -', "127.0.0.1",
                                       f"GET /join/{CODE} HTTP/1.1", "303")
    app.logger.error("Exception on %s [%s]", f"/join/{CODE}", "GET")
    assert caplog.messages == [
        '127.0.0.1 - - "GET /join/[code] HTTP/1.1" 303 -',
        "Exception on /join/[code] [GET]",
    ]
    assert CODE not in caplog.text


def test_a_real_request_line_is_redacted(client, caplog):
    """The whole path through Werkzeug's own request logging, not only our filter."""
    from werkzeug.serving import WSGIRequestHandler

    caplog.set_level(logging.INFO, logger="werkzeug")
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.requestline = f"GET /join/{CODE} HTTP/1.1"
    handler.client_address = ("127.0.0.1", 5000)
    handler.log_request(303)
    assert "/join/[code]" in caplog.text and CODE not in caplog.text


def test_gunicorn_started_elsewhere_still_logs_no_code(app, tmp_path):
    """Without gunicorn.conf.py (started in another folder), the app's own filter still holds."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    logger = Logger(config)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/join/{CODE}", "PATH_INFO": f"/join/{CODE}",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1"}
    response = SimpleNamespace(status="303 SEE OTHER", headers=[], sent=0)
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=5))
    for handler in logger.access_log.handlers:
        handler.flush()
    line = (tmp_path / "access.log").read_text()
    assert '"GET /join/[code] HTTP/1.1" 303' in line and CODE not in line


def test_gunicorn_reads_the_redacting_logger_from_its_config_file():
    settings = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    from gunicorn.glogging import Logger

    assert issubclass(settings["logger_class"], Logger)
    assert settings["logger_class"].__name__ == "RedactingLogger"


def test_gunicorn_access_and_error_lines_have_no_code(tmp_path):
    from gunicorn.config import Config

    access_log, error_log = tmp_path / "access.log", tmp_path / "error.log"
    config = Config()
    config.set("accesslog", str(access_log))
    config.set("errorlog", str(error_log))
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s "%(f)s" %(U)s %({x-original-url}i)s')
    logger = gunicorn_logger_class()(config)
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": f"/join/{CODE}", "PATH_INFO": f"/join/{CODE}",
        "QUERY_STRING": "", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://hearth.example/join/{CODE}",
    }
    request = SimpleNamespace(headers=[("X-ORIGINAL-URL", f"/join/{CODE}")])
    response = SimpleNamespace(status="303 SEE OTHER", headers=[("Location", "/join/accept")],
                               sent=0)
    try:
        logger.access(response, request, environ, timedelta(milliseconds=5))
        logger.error("Error handling request %s", f"/join/{CODE}")
    finally:
        for handler in logger.access_log.handlers + logger.error_log.handlers:
            handler.flush()
    line = access_log.read_text()
    assert '"GET /join/[code] HTTP/1.1" 303' in line
    assert CODE not in line
    errors = error_log.read_text()
    assert "Error handling request /join/[code]" in errors and CODE not in errors


def test_the_filter_leaves_other_records_alone():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%s people", (3,), None)
    assert RedactCodes().filter(record)
    assert (record.msg, record.args) == ("%s people", (3,))
