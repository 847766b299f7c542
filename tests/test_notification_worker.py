"""The notifications worker as it runs: woken by the web app through the job queue (Huey), a
real `flask notifications work` process beside it, and two workers at once sending each
email once."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models import ReviewLevel, Role
from app.models.notifications import DeliveryStatus, NotificationDelivery
from app.notifications import delivery
from app.notifications.jobs import queue_of
from tests import factories
from tests.conftest import AuthActions
from tests.smtp_inbox import SMTPServer
from tests.test_notifications import instant_email, say, tomorrow_at

ROOT = Path(__file__).resolve().parent.parent


def _open(family):
    family.review_level = ReviewLevel.OPEN
    db.session.commit()


def test_a_message_wakes_the_worker_through_the_queue(make_app, family, parent,
                                                      resource_parent, tmp_path):
    """The request that wrote notifications asks the queue to wake a worker; Huey's
    immediate mode runs the task at once, as a worker would a moment later."""
    _open(family)
    instant_email(parent)
    with SMTPServer() as smtp:
        app = make_app(NOTIFICATIONS_QUEUE=f"sqlite:///{tmp_path / 'queue.sqlite'}",
                       **smtp.settings())
        queue_of(app).immediate = True
        client = app.test_client()
        AuthActions(client).login(resource_parent)
        say(client, family, "Practice is at five")
        (mail,) = smtp.inbox.messages
        assert mail["To"] == parent.email


def test_a_worker_process_beside_the_web_app_sends_within_seconds(
        make_app, database_url, family, parent, resource_parent, tmp_path):
    """`flask notifications work`, a process of its own on the same database and queue, as
    production runs it (the web app only puts a wake-up on the queue)."""
    _open(family)
    instant_email(parent)
    queue_file = tmp_path / "queue.sqlite"
    with SMTPServer() as smtp:
        settings = {"NOTIFICATIONS_QUEUE": f"sqlite:///{queue_file}", **smtp.settings()}
        env = {**os.environ, "HEARTH_CONFIG": "development", "DATABASE_URL": database_url,
               "HEARTH_INSTANCE_PATH": str(tmp_path / "worker-instance"),
               "HEARTH_SECRET_KEY": "test-secret-key-not-for-production-0123456789",
               "NOTIFICATIONS_QUEUE": settings["NOTIFICATIONS_QUEUE"],
               "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port), "MAIL_USE_TLS": "no",
               "PUBLIC_URL": "https://hearth.test"}
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and app, fixed arguments
            [sys.executable, "-m", "flask", "--app", str(ROOT / "wsgi.py"), "notifications",
             "work"], env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            app = make_app(**settings)
            client = app.test_client()
            AuthActions(client).login(resource_parent)
            say(client, family, "Practice is at five")
            waited = 0.0
            while not smtp.inbox.messages and waited < 20 and worker.poll() is None:
                time.sleep(0.1)
                waited += 0.1
            assert smtp.inbox.messages, worker.stdout.read1().decode() if worker.poll() else ""
            assert smtp.inbox.messages[0]["To"] == parent.email
        finally:
            worker.terminate()
            worker.wait(10)
            worker.stdout.close()


def test_two_workers_at_once_send_each_email_once(app, family, caseworker):
    """Six people hear of one message; two workers run at the same moment. Each row is
    claimed by one conditional UPDATE, so each person gets exactly one email."""
    _open(family)
    people = [factories.make_user(email=f"p{i}@example.org") for i in range(6)]
    for person in people:
        factories.add_member(family, person, role=Role.PARENT)
        instant_email(person)
    author = people[0]
    client = app.test_client()
    AuthActions(client).login(author)
    say(client, family, "Thank you all")
    assert len(db.session.scalars(select(NotificationDelivery)).all()) == 5
    with SMTPServer() as smtp:
        app.config.update(smtp.settings())
        now = tomorrow_at(12)
        db.session.commit()
        start = threading.Barrier(2)
        errors = []

        def worker():
            try:
                with app.app_context():  # a worker thread: its own context and session
                    start.wait()
                    delivery.deliver_due(now)
            except Exception as error:  # pragma: no cover - shown below if it happens
                errors.append(error)

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert errors == []
        received = sorted(mail["To"] for mail in smtp.inbox.messages)
        assert received == sorted(p.email for p in people[1:])
    db.session.expire_all()
    assert {row.status for row in db.session.scalars(select(NotificationDelivery))} == {
        DeliveryStatus.SENT}
