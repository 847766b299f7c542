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


def test_markers_mean_the_same_after_numbers_replace_ids(tmp_path):
    """Upgrading past c5e7a2d9b314: a shared photo takes its id as its number, a marker keeps
    the highest id it had seen, the family's counter starts above every id (so a photo
    approved from now on is new to everyone), and messages take their place in the thread."""
    path = tmp_path / "seen.sqlite"
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade(revision="5e9c2b7d4a10")
        with db.engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # no users or families here
            connection.execute(text(
                "INSERT INTO families (id, name, time_zone, review_level, stage, created_at,"
                " thread_version, caseworker_version) VALUES (1, 'F', 'UTC', 'reviewed',"
                " 'active', '2026-11-01 10:00:00', 9, 0)"))
            for photo_id, state in ((1, "visible"), (2, "visible"), (3, "pending")):
                connection.execute(text(
                    "INSERT INTO photos (id, family_id, author_id, state, state_reason,"
                    " created_at, caption, content_type, display_key, display_width,"
                    " display_height, thumb_key, thumb_width, thumb_height) VALUES"
                    " (:id, 1, 5, :state, '', '2026-11-01 10:00:00', '', 'image/jpeg',"
                    " 'k', 8, 6, 'k', 8, 6)"), {"id": photo_id, "state": state})
            for message_id, state, seq in ((1, "visible", 4), (2, "pending", 0),
                                           (3, "visible", 7)):
                connection.execute(text(
                    "INSERT INTO messages (id, family_id, author_id, state, state_reason,"
                    " created_at, text, shared_seq) VALUES (:id, 1, 5, :state, '',"
                    " '2026-11-01 10:00:00', 'hi', :seq)"),
                    {"id": message_id, "state": state, "seq": seq})
            connection.execute(text(
                "INSERT INTO seen_markers (membership_id, area, last_seen_id, last_seen_seq,"
                " receipt_seq) VALUES (1, 'photos', 2, 0, 0), (1, 'messages', 0, 7, 7)"))
        upgrade()
        with db.engine.connect() as connection:
            photos = connection.execute(text(
                "SELECT id, shared_seq, position FROM photos ORDER BY id")).all()
            assert [tuple(p) for p in photos] == [(1, 1, 1), (2, 2, 2), (3, 0, 3)]
            markers = dict(connection.execute(text(
                "SELECT area, last_seen_seq FROM seen_markers")).all())
            assert markers == {"photos": 2, "messages": 7}  # photos 1 and 2 seen, as before
            # The next number given out (counter + 1) is above every id.
            assert connection.execute(text("SELECT share_seq FROM families")).scalar_one() == 3
            positions = connection.execute(text(
                "SELECT id, position FROM messages ORDER BY id")).all()
            # The waiting one stands just after the shared message written before it.
            assert [tuple(m) for m in positions] == [(1, 4), (2, 4), (3, 7)]
        db.engine.dispose()
