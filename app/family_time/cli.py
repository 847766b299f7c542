"""`flask family-time expire`: for cron, so requests expire even when nobody opens the calendar."""

import click


@click.group("family-time")
def family_time() -> None:
    """Family-time tasks."""


@family_time.command("expire")
def expire() -> None:
    """Mark every request past its confirm-by date as expired (each one audited)."""
    from app.family_time.expiry import expire_overdue

    click.echo(f"{expire_overdue()} request(s) marked expired.")
