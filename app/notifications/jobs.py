"""The job queue (Huey) that runs the notifications worker.

The outbox rows in the database are the truth; the queue only says when to look. After a
request that wrote notifications, `wake` is queued so a worker sends within seconds; every
minute a periodic task looks anyway (what a lost wake-up, a quiet-hours wait or a retry left),
and sends the summaries that are due. Any number of workers may run (`flask notifications
work`, once per machine or more): each row is claimed by one conditional UPDATE, so two
workers, or a periodic task beside a wake-up, never send one row twice.

NOTIFICATIONS_QUEUE: "" = a SQLite file in the instance folder (one machine), "redis://…" for
several, "off" = none (the tests call app.notifications.delivery themselves).
"""

import logging
from pathlib import Path

from flask import Flask, g
from huey import Huey, RedisHuey, SqliteHuey, crontab

log = logging.getLogger("hearth.notifications")
EXTENSION = "hearth_notifications_queue"


def make_queue(app: Flask) -> Huey | None:
    where = app.config["NOTIFICATIONS_QUEUE"]
    if where == "off":
        return None
    if where.startswith(("redis://", "rediss://", "unix://")):
        queue = RedisHuey("hearth", url=where, results=False)
    else:
        path = where.removeprefix("sqlite:///") or str(Path(app.instance_path) / "queue.sqlite")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        queue = SqliteHuey("hearth", filename=path, results=False)
    _tasks(queue, app)
    return queue


def _tasks(queue: Huey, app: Flask) -> None:
    from app.notifications import delivery, reminders

    @queue.task(name="notifications.wake")
    def wake():
        with app.app_context():
            delivery.deliver_due()

    @queue.periodic_task(crontab(minute="*"), name="notifications.every_minute")
    def every_minute():
        with app.app_context():
            reminders.family_time_soon()
            reminders.events_tomorrow()
            reminders.requests_due()
            delivery.deliver_due()
            delivery.send_summaries()

    queue.hearth_wake = wake


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = make_queue(app)

    @app.after_request
    def wake_a_worker(response):
        """The view committed notifications: ask a worker to look now. If the queue cannot be
        reached the request still succeeds; the minute's periodic look sends them."""
        if g.pop("notifications_to_send", False):
            queue = app.extensions.get(EXTENSION)
            if queue is not None:
                try:
                    queue.hearth_wake()
                except Exception:  # the queue is down: the rows wait in the database
                    log.warning("Could not wake the notifications worker", exc_info=True)
        return response


def queue_of(app: Flask) -> Huey | None:
    return app.extensions.get(EXTENSION)
