"""The message thread under load: 100,000 messages, 50 connections, against gunicorn (by hand).

    .venv/bin/python scripts/bench_messages.py                 # SQLite, the defaults below
    .venv/bin/python scripts/bench_messages.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench

It builds a fresh database with the demo families, adds MESSAGES messages to the Rivera
thread, starts the portal and a plain Flask "hello" app under gunicorn with the same settings,
signs Dana in, and loads each URL with `wrk` (apt-get install wrk): the thread page, the poll
when nothing is new, and hello, in one run. It prints requests/s, p50 and p99 for each, and its
throughput as a share of hello's.

Aims (issue 15): thread page p99 ≤ 100 ms; the idle poll at least half of hello's throughput.
"""

import argparse
import html
import http.client
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON_BIN = Path(sys.executable).parent
DEMO_PASSWORD = "hearth demo 2026"  # noqa: S105 (app/demo.py, published on purpose)


def hello_app():
    """The baseline: Flask answering a fixed string, no database, no session, no template."""
    from flask import Flask

    app = Flask("hello")

    @app.get("/")
    def hello():
        return "hello"

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk")

    folder = Path(tempfile.mkdtemp(prefix="hearth-bench-"))
    env = {
        **os.environ,
        "HEARTH_CONFIG": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": args.database_url or f"sqlite:///{folder / 'bench.sqlite'}",
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI",
                                                "redis://127.0.0.1:6379/15"),
        "HEARTH_INSTANCE_PATH": str(folder),
        "PHOTO_STORAGE_DIR": str(folder / "photos"),
    }
    flask = [str(PYTHON_BIN / "flask"), "--app", "wsgi"]
    print(f"Database: {env['DATABASE_URL']}")
    # Demo data is refused in production (published passwords): build the data as development.
    setup_env = {**env, "HEARTH_CONFIG": "development"}
    if args.database_url:
        _run([*flask, "db", "downgrade", "base"], setup_env)
    _run([*flask, "db", "upgrade"], setup_env)
    _run([*flask, "glossary", "load"], setup_env)  # the thread page explains words, as live
    _run([*flask, "demo-data"], setup_env)
    started = time.perf_counter()
    family_id = seed(setup_env, args.messages)
    print(f"Seeded {args.messages:,} messages in {time.perf_counter() - started:.1f} s")

    servers = []
    try:
        portal_port, hello_port = 8761, 8762
        servers.append(_gunicorn("wsgi:app", portal_port, args.workers, env))
        servers.append(_gunicorn("scripts.bench_messages:hello_app()", hello_port,
                                 args.workers, env))
        _wait_for(portal_port, "/sign-in")
        _wait_for(hello_port, "/")
        cookie = sign_in(portal_port, "dana@demo.hearth.example")
        thread_path = f"/families/{family_id}/messages"
        status, page = _get(portal_port, thread_path, cookie)
        if status != 200:
            raise SystemExit(f"thread page answered {status}")
        poll_path = html.unescape(_poll_path(page))
        status, _body = _get(portal_port, poll_path, cookie, htmx=True)
        if status != 204:
            raise SystemExit(f"idle poll answered {status}, not 204")

        rows = []
        for name, port, path, headers in (
            ("hello", hello_port, "/", []),
            ("thread page", portal_port, thread_path, [f"Cookie: {cookie}"]),
            ("idle poll", portal_port, poll_path,
             [f"Cookie: {cookie}", "HX-Request: true"]),
        ):
            rows.append((name, *wrk(port, path, headers, args.connections, args.seconds)))
        report(rows, args)
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def seed(env: dict, count: int) -> int:
    """Add `count` messages to the Rivera thread in one process, by bulk inserts."""
    code = f"""
import itertools, random
from datetime import timedelta
from sqlalchemy import insert, select, update
from app import create_app
from app.extensions import db
from app.models import Family, Membership, Message, MessageRevision, ContentState
from app.models.types import utcnow

app = create_app()
with app.app_context():
    family = db.session.scalar(select(Family).where(Family.name == "The Rivera family"))
    authors = db.session.scalars(
        select(Membership.user_id).where(Membership.family_id == family.id)).all()
    words = ("family time on Saturday went well", "the case plan meeting is at 10",
             "Mia lost a tooth today!", "can we move the call to 6?",
             "the GAL wants to visit next week", "thank you for the photos")
    start = utcnow() - timedelta(days=365)
    seq = family.thread_version
    batch = 5000
    for first in range(0, {count}, batch):
        rows = []
        for n in range(first, min(first + batch, {count})):
            seq += 1
            when = start + timedelta(seconds=n * 300)
            rows.append(dict(family_id=family.id, author_id=random.choice(authors),
                             state=ContentState.VISIBLE, state_reason="", created_at=when,
                             text=f"{{words[n % len(words)]}} ({{n}})", shared_seq=seq,
                             position=seq))
        ids = db.session.scalars(insert(Message).returning(Message.id), rows).all()
        db.session.execute(insert(MessageRevision), [
            dict(message_id=i, family_id=family.id, text=r["text"], created_at=r["created_at"])
            for i, r in zip(ids, rows)])
        db.session.commit()
    db.session.execute(update(Family).where(Family.id == family.id).values(thread_version=seq))
    db.session.commit()
    # Fresh planner statistics, as autovacuum gives a live database: without them PostgreSQL
    # scans 100,000 rows for the newest page and the unread count.
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    print(family.id)
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,  # noqa: S603
                         capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1])


def sign_in(port: int, identifier: str) -> str:
    """Sign in through the real form; return the Cookie header value the browser would send."""
    status, page, cookies = _request(port, "GET", "/sign-in", {})
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urlencode({"csrf_token": token, "identifier": identifier, "password": DEMO_PASSWORD})
    status, _page, more = _request(port, "POST", "/sign-in", {
        "Cookie": _cookie_header(cookies),
        "Content-Type": "application/x-www-form-urlencoded",
    }, body)
    if status != 303:
        raise SystemExit(f"sign-in answered {status}")
    cookies.update(more)
    return _cookie_header(cookies)


def _poll_path(page: str) -> str:
    """The poll URL as the thread page sets it (the element that polls every few seconds)."""
    for tag in re.findall(r"<[^>]+hx-trigger=\"[^\"]*every[^>]*>", page):
        found = re.search(r'hx-get="([^"]+)"', tag)
        if found:
            return found.group(1)
    raise SystemExit("no polling element on the thread page")


def wrk(port: int, path: str, headers: list[str], connections: int, seconds: int):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    command.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1))
    p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{path}: {errors.group(1)} error responses under load\n{out}")
    return rate, p50, p99


def report(rows, args) -> None:
    hello_rate = rows[0][1]
    print(f"\n{args.messages:,} messages · {args.connections} connections · {args.seconds} s each"
          f" · gunicorn {args.workers} sync workers · {os.cpu_count()} cores")
    print(f"{'':<12} {'requests/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'vs hello':>9}")
    for name, rate, p50, p99 in rows:
        print(f"{name:<12} {rate:>11.0f} {p50:>8.1f} {p99:>8.1f} {rate / hello_rate:>9.2f}")


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _gunicorn(target: str, port: int, workers: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [str(PYTHON_BIN / "gunicorn"), "--workers", str(workers), "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", target],
        cwd=ROOT, env=env,
    )


def _wait_for(port: int, path: str) -> None:
    for _ in range(100):
        try:
            _request(port, "GET", path, {})
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answered on port {port}")


def _get(port: int, path: str, cookie: str, htmx: bool = False):
    headers = {"Cookie": cookie, **({"HX-Request": "true"} if htmx else {})}
    status, body, _cookies = _request(port, "GET", path, headers)
    return status, body


def _request(port, method, path, headers, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    cookies = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _sep, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
    text = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, text, cookies


def _cookie_header(cookies: dict) -> str:
    return "; ".join(f"{key}={value}" for key, value in cookies.items())


def _run(command, env) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


if __name__ == "__main__":
    main()
