"""Start the real portal in a subprocess: fresh SQLite database, glossary, demo data, a free port.

The server is gunicorn (one worker, a few threads: the in-memory rate-limit store must be shared)
running `wsgi:app` with HEARTH_CONFIG=development as people run it, but with relaxed rate limits
and cheap password hashes (below). Its instance folder (database, secret key, photos) is a
temporary directory, in memory (/dev/shm) where the machine has one, deleted afterwards.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Generous limits so the suite never trips them; the limits themselves are unit-tested.
RELAXED_LIMITS = {
    "SIGN_IN_LIMIT_PER_ACCOUNT": "1000 per minute",
    "SIGN_IN_LIMIT_PER_ADDRESS": "1000 per minute",
    "JOIN_LIMIT_PER_ADDRESS": "1000 per minute",
    "HEARTH_INVITE_LIMIT_PER_PERSON": "1000 per minute",
    "HEARTH_CREATE_FAMILY_LIMIT_PER_PERSON": "1000 per minute",
    "HEARTH_ADD_CHILD_LIMIT_PER_PERSON": "1000 per minute",
    "HEARTH_CREATE_STAFF_LIMIT_PER_PERSON": "1000 per minute",
    "HEARTH_MEMBER_ACTION_LIMIT_PER_PERSON": "1000 per minute",
    "HEARTH_EVENT_WRITE_LIMIT_PER_PERSON": "1000 per minute",
    "HEARTH_ABOUT_WRITE_LIMIT_PER_PERSON": "1000 per minute",
    "HEARTH_PHOTO_UPLOAD_LIMIT_PER_PERSON": "1000 per minute",
}

# The testing config's cheap argon2id parameters instead of the production ones (19 MiB, 2
# passes): every password the demo data sets, every sign-in and every new password costs tens
# of milliseconds less, far more on a busy machine. No browser test is about the hashing
# cost; tests/test_passwords_and_states.py proves the production parameters.
CHEAP_PASSWORD_HASHES = {
    "HEARTH_PASSWORD_HASH_MEMORY_KIB": "64",
    "HEARTH_PASSWORD_HASH_TIME_COST": "1",
}

# A folder in memory (tmpfs) for the server's database and files when the machine has one: the
# database is thrown away after the run, so its commits need not wait for the disk.
MEMORY_TMP = Path("/dev/shm")  # noqa: S108 - only the parent of a mkdtemp folder (0700)

# Settings from the developer's shell that would point the server somewhere else.
SCRUBBED_ENV = (
    "DATABASE_URL", "TEST_DATABASE_URL", "SECRET_KEY", "RATELIMIT_STORAGE_URI",
    "TRUSTED_PROXY_COUNT", "FLASK_APP", "FLASK_DEBUG", "FLASK_RUN_PORT", "FLASK_RUN_HOST",
    "GUNICORN_CMD_ARGS", "SECRET_KEY_FALLBACKS",
)

# An open message thread asks for news every MESSAGE_POLL_SECONDS (4 where people run it): here
# every second, so a test that waits for the next poll waits a second, not four. The tests that
# prove the poll works read this value (tests/e2e/test_messages.py).
MESSAGE_POLL_SECONDS = 1
TEST_SETTINGS = {"HEARTH_MESSAGE_POLL_SECONDS": str(MESSAGE_POLL_SECONDS)}

STARTUP_TIMEOUT_SECONDS = 30
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent() -> None:
    """Runs in the server process: if pytest is killed (a CI timeout), the server goes too."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass  # not glibc: teardown still stops the server in every normal run


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(instance_path: Path) -> dict[str, str]:
    # HEARTH_<KEY> sets any setting (app/config.py), so none come from the shell either.
    env = {k: v for k, v in os.environ.items()
           if k not in SCRUBBED_ENV and not k.startswith("HEARTH_")}
    env.update(RELAXED_LIMITS)
    env.update(CHEAP_PASSWORD_HASHES)
    env.update(TEST_SETTINGS)
    env.update(
        HEARTH_INSTANCE_PATH=str(instance_path),
        HEARTH_CONFIG="development",
        RATELIMIT_STORAGE_URI="memory://",
        PYTHONUNBUFFERED="1",
    )
    return env


@dataclass
class LiveServer:
    base_url: str
    instance_path: Path
    log_path: Path
    process: subprocess.Popen
    _tmp: tempfile.TemporaryDirectory = field(repr=False)
    _log_file: object = field(repr=False)

    def log_tail(self, lines: int = 60) -> str:
        self._log_file.flush()
        text = self.log_path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log_file.close()

    def cleanup(self) -> None:
        self._tmp.cleanup()


# The `flask` commands that make the server's data, run one after another in one process:
# exactly what `flask --app wsgi db upgrade`, `... glossary load` and `... demo-data` do, without
# importing and creating the app three times (a second or more each on a busy machine).
PREPARE_COMMANDS = (["db", "upgrade"], ["glossary", "load"], ["demo-data"])
PREPARE_SCRIPT = """
import sys
from wsgi import app

runner = app.test_cli_runner()
for args in COMMANDS:
    with app.app_context():  # as `flask` gives every command
        result = runner.invoke(args=args, catch_exceptions=False)
    sys.stdout.write(result.output)
    if result.exit_code != 0:
        sys.exit(f"`flask {' '.join(args)}` failed ({result.exit_code})")
"""


def _prepare_data(env: dict[str, str]) -> str:
    script = f"COMMANDS = {PREPARE_COMMANDS!r}\n{PREPARE_SCRIPT}"
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"Preparing the server's data failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result.stdout


def _wait_until_answering(server: LiveServer) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"The server exited with {server.process.returncode} before answering:\n"
                f"{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(server.base_url + "/sign-in", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last_error = error
        time.sleep(0.1)
    raise RuntimeError(
        f"The server did not answer within {STARTUP_TIMEOUT_SECONDS}s ({last_error!r}):\n"
        f"{server.log_tail()}"
    )


def start_server(log_dir: Path | None = None) -> LiveServer:
    """Migrate a fresh database, load the demo data, serve it and wait until it answers."""
    in_memory = MEMORY_TMP.is_dir() and os.access(MEMORY_TMP, os.W_OK | os.X_OK)
    tmp = tempfile.TemporaryDirectory(prefix="hearth-e2e-",
                                      dir=MEMORY_TMP if in_memory else None)
    instance_path = Path(tmp.name) / "instance"
    instance_path.mkdir()
    env = server_env(instance_path)
    _prepare_data(env)

    log_path = (log_dir or Path(tmp.name)) / "server.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    for _attempt in range(3):  # the port could be taken between choosing and binding it
        port = free_port()
        log_file = log_path.open("w")
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable, "-m", "gunicorn",
                "--workers", "1", "--worker-class", "gthread", "--threads", "8",
                "--bind", f"127.0.0.1:{port}",
                "--access-logfile", "-", "--error-logfile", "-",
                "--graceful-timeout", "2",
                # The control socket's default path is shared by every gunicorn of this user.
                "--no-control-socket",
                "wsgi:app",
            ],
            cwd=PROJECT_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        server = LiveServer(
            base_url=f"http://127.0.0.1:{port}", instance_path=instance_path, log_path=log_path,
            process=process, _tmp=tmp, _log_file=log_file,
        )
        try:
            _wait_until_answering(server)
        except RuntimeError:
            server.stop()
            if "Address already in use" in log_path.read_text(errors="replace"):
                continue
            tmp.cleanup()
            raise
        return server
    tmp.cleanup()
    raise RuntimeError("Could not bind the server to a free port after 3 tries.")
