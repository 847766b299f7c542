"""The message thread under load: a family with 100,000 messages, 50 connections (run by hand).

    .venv/bin/python scripts/bench_messages.py [--messages 100000] [--seconds 10]

Builds a fresh SQLite database with the demo data plus `--messages` messages in the Rivera
family, starts the portal under gunicorn (HEARTH_CONFIG=development, as people run it) and a
plain Flask "hello" under the same gunicorn settings, signs Dana in, and measures with `wrk`
(50 connections) in one run: the thread page, the poll with nothing new, and hello. Prints
requests/s, p50 and p99 for each and the ratio to hello. Aims (issue 15): thread page p99 at
most 100 ms; the idle poll at least half of hello's requests/s.
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONNECTIONS = 50
WORKERS = 4
DEMO_PASSWORD = "hearth demo 2026"  # noqa: S105 - app/demo.py, printed by the demo


def _hello_app():
    """The baseline: the plainest Flask app, under the same gunicorn settings."""
    from flask import Flask

    app = Flask("hello")

    @app.route("/")
    def index():
        return "hello"

    return app


if os.environ.get("BENCH_HELLO"):
    hello_app = _hello_app()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(env: dict, count: int) -> None:
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "demo-data"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    code = f"""
import datetime
from sqlalchemy import insert, select, update
from app import create_app
from app.extensions import db
from app.models import Family, Membership, Message, MessageRevision, Role
app = create_app()
with app.app_context():
    family = db.session.scalar(select(Family).filter_by(name="The Rivera family"))
    authors = [m.user_id for m in db.session.scalars(
        select(Membership).filter_by(family_id=family.id))]
    start = family.thread_version
    now = datetime.datetime.now(datetime.UTC)
    batch = 5000
    for first in range(0, {count}, batch):
        rows = [dict(family_id=family.id, author_id=authors[n % len(authors)], state="visible",
                     state_reason="", text=f"Message {{n}}: see you at family time on Tuesday.",
                     shared_seq=start + n + 1,
                     created_at=now - datetime.timedelta(minutes={count} - n))
                for n in range(first, min(first + batch, {count}))]
        ids = db.session.scalars(insert(Message).returning(Message.id), rows).all()
        db.session.execute(insert(MessageRevision), [
            dict(message_id=i, family_id=family.id, text=r["text"], created_at=r["created_at"])
            for i, r in zip(ids, rows)])
        db.session.commit()
    db.session.execute(update(Family).where(Family.id == family.id)
                       .values(thread_version=start + {count} + 1))
    db.session.commit()
    print(family.id)
"""
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)  # noqa: S603


def start(args: list[str], env: dict, port: int, cwd: Path) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", *args],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn did not start on port {port}")


def sign_in(base: str) -> tuple[str, str]:
    """Dana's session cookie, and the family's thread URL."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/sign-in").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "identifier": "dana@demo.hearth.example",
                                   "password": DEMO_PASSWORD}).encode()
    page = opener.open(f"{base}/sign-in", data)
    family = re.search(r"/families/(\d+)", page.geturl()).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, f"/families/{family}/messages"


def fetch(base: str, path: str, cookie: str) -> str:
    # Only ever http://127.0.0.1:<port>, the server this script started.
    request = urllib.request.Request(f"{base}{path}", headers={"Cookie": cookie})  # noqa: S310
    return urllib.request.urlopen(request).read().decode()  # noqa: S310


def wrk(url: str, seconds: int, headers: dict) -> dict:
    command = ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{seconds}s", "--latency", url]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(command, check=True, capture_output=True,  # noqa: S603
                         text=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": ms("50%"), "p99": ms("99%"),
            "errors": int(non_2xx.group(1)) if non_2xx else 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("This needs wrk (apt install wrk).")
    folder = Path(tempfile.mkdtemp(prefix="hearth-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "FLASK_APP")}
    env.update(HEARTH_CONFIG="development", HEARTH_INSTANCE_PATH=str(folder),
               DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite'}",
               SECRET_KEY="bench-secret-key-0123456789-0123456789")  # noqa: S106 - a throwaway
    servers = []
    try:
        print(f"Seeding {options.messages:,} messages…", flush=True)
        seed(env, options.messages)
        portal_port, hello_port = free_port(), free_port()
        servers.append(start(["wsgi:app"], env, portal_port, ROOT))
        servers.append(start(["--pythonpath", str(ROOT / "scripts"), "bench_messages:hello_app"],
                             {**env, "BENCH_HELLO": "1"}, hello_port, ROOT))
        base = f"http://127.0.0.1:{portal_port}"
        cookie, thread = sign_in(base)
        html = fetch(base, thread, cookie)  # marks everything read: the poll is now idle
        version = re.search(r"/poll\?v=(\d+)", html).group(1)
        since = re.search(r"since=(\d+)", html).group(1)
        poll = f"{thread}/poll?v={version}&since={since}"
        results = {
            "thread page": wrk(f"{base}{thread}", options.seconds, {"Cookie": cookie}),
            "idle poll": wrk(f"{base}{poll}", options.seconds,
                             {"Cookie": cookie, "HX-Request": "true"}),
            "hello": wrk(f"http://127.0.0.1:{hello_port}/", options.seconds, {}),
        }
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    hello_rps = results["hello"]["rps"]
    print(f"\n{options.messages:,} messages, {CONNECTIONS} connections, gunicorn -w {WORKERS}, "
          f"{os.cpu_count()} CPUs, {options.seconds} s each")
    print(f"{'':12} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs hello':>9} {'non-2xx':>8}")
    for name, r in results.items():
        print(f"{name:12} {r['rps']:9.0f} {r['p50']:8.1f} {r['p99']:8.1f} "
              f"{r['rps'] / hello_rps:9.2f} {r['errors']:8}")


if __name__ == "__main__":
    main()
