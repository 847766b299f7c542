"""`flask notifications work`: run a notifications worker; `flask notifications send-due`:
one pass by hand (what the worker's minute does), e.g. from cron where no queue runs."""

import logging

import click
from flask import current_app
from flask.cli import with_appcontext


@click.group("notifications")
def notifications():
    """Send what Hearth has to tell people."""


@notifications.command("work")
@click.option("--workers", default=1, show_default=True, help="Threads in this process.")
@with_appcontext
def work(workers: int) -> None:
    """Run a worker: it sends as soon as the web app asks and looks every minute. Run as
    many as you like, on as many machines (each row is claimed by one of them)."""
    from app.notifications.jobs import queue_of

    queue = queue_of(current_app)
    if queue is None:
        raise click.ClickException("NOTIFICATIONS_QUEUE is off: there is no queue to work on.")
    # What the worker does (and, with no MAIL_SERVER, each email) goes to this terminal.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    mail = current_app.config["MAIL_SERVER"] or "written to this log (no MAIL_SERVER set)"
    click.echo(f"Notifications worker: queue {type(queue).__name__}, mail {mail}")
    # An idle consumer of a SQLite queue looks again after at most a second (Huey's default
    # backs off to 10 s), so a wake-up is seen at once; Redis waits on the queue and needs no look.
    queue.create_consumer(workers=workers, worker_type="thread", periodic=True,
                          max_delay=1.0).run()


@notifications.command("send-due")
@with_appcontext
def send_due() -> None:
    """Send what is due now and the summaries whose time has come, once."""
    from app.notifications import delivery, reminders

    reminders.family_time_soon()
    reminders.events_tomorrow()
    reminders.requests_due()
    sent = delivery.deliver_due() + delivery.send_summaries()
    click.echo(f"{sent} emails sent.")
