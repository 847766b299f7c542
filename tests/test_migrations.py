"""Migrations build the schema from nothing, and match the models exactly (no drift)."""

import os

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text

from app import create_app
from app.extensions import db


def _migrate_and_compare(database_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
            tables = set(inspect(connection).get_table_names())
        db.engine.dispose()
    return diff, tables


def test_sqlite_upgrades_from_empty_to_head_without_drift(tmp_path):
    diff, tables = _migrate_and_compare(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    assert diff == []
    assert {"users", "families", "children", "memberships", "invitations",
            "audit_events", "alembic_version"} <= tables


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"),
                    reason="set TEST_DATABASE_URL to a PostgreSQL database to run this")
def test_postgresql_upgrades_from_empty_to_head_without_drift(database_url):
    url = database_url  # this worker's own database: the others keep theirs
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    diff, tables = _migrate_and_compare(url)
    assert diff == []
    assert "memberships" in tables


def test_flask_db_check_finds_no_drift(tmp_path, monkeypatch):
    from flask_migrate import check

    app = create_app({"ENV_NAME": "testing",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'c.sqlite'}"})
    with app.app_context():
        upgrade()
        check()  # raises when the models and the migrations differ
        db.engine.dispose()


def test_reports_sent_twice_before_the_unique_index_keep_the_first(tmp_path):
    """Upgrading past 7a1b3732b34f keeps each person's first report and drops later copies,
    so rows saved by a double tap cannot stop the unique index from being built."""
    path = tmp_path / "dup.sqlite"
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade(revision="ecebbb55a30e")
        rows = [(1, "photo", 7, 5, "first"), (1, "photo", 7, 5, "double tap"),
                (1, "photo", 7, 6, "someone else"), (1, "message", 7, 5, "another item")]
        with db.engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # no users or families here
            for row in rows:
                connection.execute(text(
                    "INSERT INTO reports (family_id, item_kind, item_id, reporter_id, reason,"
                    " created_at, resolution) VALUES (:f, :k, :i, :r, :reason,"
                    " '2026-11-01 10:00:00', '')"),
                    dict(zip(("f", "k", "i", "r", "reason"), row, strict=True)))
        upgrade()
        with db.engine.connect() as connection:
            kept = connection.execute(text("SELECT reason FROM reports ORDER BY id")).scalars()
            assert list(kept) == ["first", "someone else", "another item"]
        db.engine.dispose()
