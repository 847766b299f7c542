"""docs/postgres-roles.sql: the running app may write family data but never change the record."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from app import create_app
from app.extensions import db

ROLES_SQL = Path(__file__).resolve().parents[1] / "docs" / "postgres-roles.sql"
MIGRATE_ROLE, APP_ROLE = "hearth_test_migrate", "hearth_test_app"
PSQL = shutil.which("psql") or "psql"

pytestmark = [
    pytest.mark.postgres,
    # Roles belong to the whole server, not one database: these tests run on one worker, one
    # after another, in the database TEST_DATABASE_URL names (the workers use their own).
    pytest.mark.xdist_group("postgres-roles"),
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"),
                       reason="set TEST_DATABASE_URL to a PostgreSQL database to run this"),
    pytest.mark.skipif(PSQL == "psql", reason="needs the psql client"),
]


def _url_as(role: str | None = None):
    url = make_url(os.environ["TEST_DATABASE_URL"])
    return url.set(username=role) if role else url


def _apply_roles_script() -> None:
    url = _url_as()
    subprocess.run(  # noqa: S603 - fixed arguments
        [PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", f"migrate_role={MIGRATE_ROLE}",
         "-v", f"app_role={APP_ROLE}", "-h", url.host, "-p", str(url.port or 5432),
         "-U", url.username, "-d", url.database, "-f", str(ROLES_SQL)],
        check=True, capture_output=True, text=True,
    )


def _reset(engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
        connection.execute(text("GRANT ALL ON SCHEMA public TO PUBLIC"))
        for role in (APP_ROLE, MIGRATE_ROLE):
            exists = connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                                       {"r": role})
            if exists:
                connection.execute(text(f'DROP OWNED BY "{role}"'))
                connection.execute(text(f'DROP ROLE "{role}"'))


@pytest.fixture
def superuser_engine():
    engine = create_engine(_url_as())
    _reset(engine)
    yield engine
    _reset(engine)
    engine.dispose()


def test_runtime_role_cannot_change_or_remove_audit_events(superuser_engine):
    _apply_roles_script()
    # Migrations run as the migration role, which owns what they create.
    migrate_url = _url_as(MIGRATE_ROLE).render_as_string(hide_password=False)
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": migrate_url})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    _apply_roles_script()  # again after every upgrade, as the script says

    runtime = create_engine(_url_as(APP_ROLE))
    try:
        with runtime.begin() as connection:
            connection.execute(text(
                "INSERT INTO users (email, password_hash, display_name, preferred_name, locale,"
                " is_admin, is_staff, session_version, created_at)"
                " VALUES ('a@example.org', 'x', 'A', 'A', 'en', false, false, 1, now())"))
            connection.execute(text(
                "INSERT INTO audit_events (created_at, action, subject_type, detail)"
                " VALUES (now(), 'test.kept', '', '{}')"))
            assert connection.scalar(text("SELECT count(*) FROM audit_events")) == 1
            connection.execute(text("UPDATE users SET display_name = 'B'"))
        for statement in ("UPDATE audit_events SET action = 'changed'",
                          "DELETE FROM audit_events",
                          "TRUNCATE audit_events",
                          "CREATE TABLE sneaky (id int)",
                          "DROP TABLE users"):
            with pytest.raises(ProgrammingError), runtime.begin() as connection:
                connection.execute(text(statement))
        with runtime.connect() as connection:
            assert connection.scalar(text("SELECT action FROM audit_events")) == "test.kept"
    finally:
        runtime.dispose()
