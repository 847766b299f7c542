"""Command-line tasks: `flask create-admin`, `flask demo-data`, `flask translate …`."""

import re
import subprocess
import sys
from pathlib import Path

import click
from flask import current_app

from app.config import PROJECT_ROOT
from app.extensions import db

TRANSLATIONS = PROJECT_ROOT / "translations"
POT_FILE = TRANSLATIONS / "messages.pot"


def init_app(app) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(demo_data)
    app.cli.add_command(translate)
    from app.family_time.cli import family_time

    app.cli.add_command(family_time)
    from app.notifications.cli import notifications

    app.cli.add_command(notifications)


@click.command("create-admin")
@click.option("--email", prompt=True, help="The admin's email, used to sign in.")
@click.option("--name", prompt=True, help="The admin's full name.")
@click.password_option(help="At least 8 characters; common passwords are refused.")
def create_admin(email: str, name: str, password: str) -> None:
    """Create an admin account (admins create caseworkers)."""
    from app import passwords
    from app.auth.services import create_user, identifier_taken
    from app.models.audit import record

    if not passwords.MIN_LENGTH <= len(password) <= passwords.MAX_LENGTH:
        raise click.ClickException("The password must have 8 to 128 characters.")
    if passwords.is_common(password):
        raise click.ClickException("This password is too common. Choose another.")
    if passwords.is_built_from_context(password, [name, email]):
        raise click.ClickException(
            "This password is built from a name (Hearth, the agency's or yours). Choose another."
        )
    if identifier_taken(email, None):
        raise click.ClickException(f"{email} already has an account.")
    user = create_user(email=email, password=password, display_name=name, is_admin=True)
    db.session.flush()
    record("staff.created", actor=None, subject=user, via="cli")
    db.session.commit()
    click.echo(f"Admin {email} created.")


@click.command("demo-data")
@click.option("--if-empty", is_flag=True,
              help="Succeed quietly when the database already has accounts (for `make run`).")
def demo_data(if_empty: bool) -> None:
    """Load made-up families to try the portal: only into an empty database, never in production."""
    from app.demo import RealDataPresent, load_demo_data

    if current_app.config["ENV_NAME"] == "production":
        # The demo admin's password is printed in the README: it must never exist in production.
        raise click.ClickException(
            "Demo data is refused in production (HEARTH_CONFIG=production): its accounts have "
            "published passwords. Use `flask create-admin` instead."
        )
    try:
        rows = load_demo_data()
    except RealDataPresent:
        message = "This database already has accounts. Demo data only goes into an empty database."
        if if_empty:
            click.echo(f"Demo data not loaded: {message}")
            return
        raise click.ClickException(message) from None
    click.echo("Demo data loaded. Sign in with:")
    for who, sign_in, password in rows:
        click.echo(f"  {who:<45} {sign_in:<30} password: {password}")


@click.group()
def translate() -> None:
    """Extract, update, compile and check the translation catalogs."""


def _pybabel(*args: str) -> None:
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    if subprocess.run(command, cwd=PROJECT_ROOT, check=False).returncode != 0:  # noqa: S603
        raise click.ClickException(f"pybabel {args[0]} failed")


@translate.command()
def extract() -> None:
    """Collect every translatable string into translations/messages.pot."""
    from app.translation_checks import EXTRACT_OPTIONS

    _pybabel("extract", *EXTRACT_OPTIONS, "--no-location", "--sort-output",
             "-o", str(POT_FILE), ".")
    _steady_header(POT_FILE)


@translate.command()
def update() -> None:
    """Extract, then merge new strings into every locale's messages.po."""
    extract.callback()
    # No fuzzy matching: a guessed translation of a new sentence is worse than an empty one.
    _pybabel("update", "-i", str(POT_FILE), "-d", str(TRANSLATIONS), "--no-wrap",
             "--ignore-obsolete", "--no-fuzzy-matching")
    for po_file in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        _steady_header(po_file)


# pybabel stamps the time of every run into the header; two branches that each ran `update`
# would then conflict on that one line. Nobody reads it, so it is held still.
_CREATION_DATE = re.compile(r'^"POT-Creation-Date: [^"]*"$', re.MULTILINE)
STEADY_CREATION_DATE = '"POT-Creation-Date: 2026-01-01 00:00+0000\\n"'


def _steady_header(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    steady = _CREATION_DATE.sub(lambda _: STEADY_CREATION_DATE, text, count=1)
    path.write_text(steady, encoding="utf-8")


@translate.command()
def compile() -> None:
    """Build the .mo files the app reads (as `make translations` does)."""
    for po_file in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        command = [sys.executable, str(PROJECT_ROOT / "scripts" / "compile_catalog.py"),
                   str(po_file), str(po_file.with_suffix(".mo"))]
        if subprocess.run(command, check=False).returncode != 0:  # noqa: S603
            raise click.ClickException(f"compiling {po_file} failed")


@translate.command()
def check() -> None:
    """Fail when a shipped catalog is stale, incomplete, fuzzy or breaks a placeholder."""
    from app.translation_checks import catalog_problems

    problems = catalog_problems(Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"]))
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} translation problems")
    click.echo("Translations complete.")
