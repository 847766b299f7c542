"""Application log lines are JSON with a UTC ISO 8601 time, on stderr; gunicorn's access lines
go to stdout, apart from them (docs/security.md, "Logs"; ASVS 16.2.2, 16.2.4)."""

import importlib
import json
import logging
import re
import runpy
from datetime import UTC, datetime, timedelta

import pytest
from flask.logging import default_handler

from app.log_redaction import gunicorn_logger_class
from tests.e2e.server import PROJECT_ROOT

UTC_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
CODE = "HK7M-9QXR-C4TW"


@pytest.fixture
def fresh_loggers():
    """The app's logger is process-wide: take away what a test's app put on it."""
    yield
    for name in ("app", "hearth.security", "gunicorn.access", "gunicorn.error"):
        log = logging.getLogger(name)
        for handler in list(log.handlers):
            if getattr(handler, "_hearth", False) or name.startswith("gunicorn"):
                handler.close()
                log.removeHandler(handler)
    logging.getLogger("app").addHandler(default_handler)


def lines_of(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def assert_utc_now(stamp: str) -> None:
    assert UTC_ISO.match(stamp), stamp
    when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    assert abs(datetime.now(UTC) - when) < timedelta(minutes=1)


def test_the_apps_own_lines_are_json_with_a_utc_time_on_stderr(make_app, capsys,
                                                               fresh_loggers):
    app = make_app(TESTING=False)  # as a server runs it (tests leave lines to pytest)
    capsys.readouterr()
    try:
        raise ValueError("the stored file is missing")
    except ValueError:
        app.logger.exception("Exception on %s [%s]", f"/join/{CODE}", "GET")
    logging.getLogger("app.photos.routes").warning("photo %s: missing", 7)
    out, err = capsys.readouterr()
    assert out == ""
    first, second = lines_of(err)  # one line per record, a traceback included
    assert_utc_now(first["time"])
    assert (first["level"], first["logger"]) == ("ERROR", "app")
    assert first["message"] == "Exception on /join/[code] [GET]" and CODE not in err
    assert "ValueError: the stored file is missing" in first["exception"]
    assert (second["logger"], second["message"]) == ("app.photos.routes", "photo 7: missing")


def test_gunicorn_keeps_access_lines_on_stdout_and_its_own_on_stderr():
    from gunicorn.config import Config

    # As `gunicorn -c python:app.gunicorn_conf` reads them (an installed wheel), and from the
    # checkout's gunicorn.conf.py.
    config = Config()
    for name, value in vars(importlib.import_module("app.gunicorn_conf")).items():
        if name in config.settings:
            config.set(name, value)
    assert config.accesslog == "-"  # gunicorn: stdout
    assert config.errorlog == "-"  # gunicorn: stderr, with the app's lines
    assert config.logger_class.__name__ == "RedactingLogger"
    settings = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    assert (settings["accesslog"], settings["errorlog"]) == ("-", "-")


def test_gunicorn_writes_its_own_lines_as_json_with_a_utc_time(tmp_path, fresh_loggers):
    from gunicorn.config import Config

    error_log = tmp_path / "error.log"
    config = Config()
    config.set("errorlog", str(error_log))
    logger = gunicorn_logger_class()(config)
    logger.info("Booting worker with pid: %s", 42)
    for handler in logger.error_log.handlers:
        handler.flush()
    (line,) = lines_of(error_log.read_text())
    assert_utc_now(line["time"])
    assert (line["level"], line["message"]) == ("INFO", "Booting worker with pid: 42")
