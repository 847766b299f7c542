"""Vendored files match their recorded checksum; the CLI commands do what they say."""

import hashlib
import re
from pathlib import Path

from app.models import Membership, MembershipStatus, User

ROOT = Path(__file__).resolve().parent.parent


def test_vendored_htmx_matches_its_recorded_checksum():
    readme = (ROOT / "static" / "vendor" / "README.md").read_text()
    name, digest = re.search(r"`(htmx-[\d.]+\.min\.js)`.*`([0-9a-f]{64})`", readme).groups()
    assert hashlib.sha256((ROOT / "static" / "vendor" / name).read_bytes()).hexdigest() == digest
    assert (ROOT / "static" / "vendor" / name.replace(".min.js", ".LICENSE")).exists()
    assert name in (ROOT / "templates" / "base.html").read_text()


def test_demo_data_loads_once(runner, db):
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert "sam@demo.hearth.example" in result.output and "rosa" in result.output
    rosa = db.session.scalar(db.select(User).filter_by(username="rosa"))
    assert rosa.locale == "es" and rosa.email is None
    statuses = db.session.scalars(db.select(Membership.status)).all()
    assert statuses.count(MembershipStatus.PENDING) == 1
    again = runner.invoke(args=["demo-data"])
    assert again.exit_code == 1 and "already has accounts" in again.output
    # `make run` asks for --if-empty: an existing database is not a failure there.
    quiet = runner.invoke(args=["demo-data", "--if-empty"])
    assert quiet.exit_code == 0 and "Demo data not loaded" in quiet.output
    assert "password:" not in quiet.output


def test_demo_data_fails_loudly_on_anything_else_even_with_if_empty(make_app, tmp_path):
    """A database without tables (migrations not run) is an error `make run` must show."""
    from app.extensions import db

    # Its own empty SQLite file, whatever database the rest of the suite runs on.
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'no-tables.sqlite'}")
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["demo-data", "--if-empty"])
        db.session.remove()
    assert result.exit_code != 0
    assert "already has accounts" not in result.output
    assert "no such table" in str(result.exception)


def test_demo_data_is_refused_in_production(monkeypatch, tmp_path):
    """Its admin's password is in the README: production must never get that account."""
    from app import create_app
    from app.extensions import db

    monkeypatch.setenv("HEARTH_INSTANCE_PATH", str(tmp_path))
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "k" * 40,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite",
                      "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"})
    with app.app_context():
        db.create_all()
        for args in (["demo-data"], ["demo-data", "--if-empty"]):
            result = app.test_cli_runner().invoke(args=args)
            assert result.exit_code == 1
            assert "refused in production" in result.output
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0
        db.engine.dispose()


def test_create_admin(runner, db):
    result = runner.invoke(
        args=["create-admin", "--email", "boss@agency.example", "--name", "Boss"],
        input="a sturdy long passphrase\na sturdy long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(db.select(User).filter_by(email="boss@agency.example"))
    assert admin.is_admin and admin.is_staff


def test_create_admin_refuses_a_common_password(runner, db):
    result = runner.invoke(
        args=["create-admin", "--email", "boss@agency.example", "--name", "Boss"],
        input="password123\npassword123\n",
    )
    assert result.exit_code != 0 and "too common" in result.output
    assert db.session.scalar(db.select(User)) is None


def test_admin_creates_a_caseworker_who_can_create_families(client, auth, admin, db):
    auth.login(admin)
    response = client.post(
        "/admin/caseworkers/new",
        data={"display_name": "Jordan Diaz", "preferred_name": "Jordan",
              "email": "jordan@agency.example", "password": "river stones and moss"},
        follow_redirects=True,
    )
    assert b"Jordan can now sign in as a caseworker." in response.data
    auth.logout()
    client.post("/sign-in", data={"identifier": "jordan@agency.example",
                                  "password": "river stones and moss"})
    # The admin knows that first password: Jordan chooses their own before anything else.
    response = client.get("/families/new", follow_redirects=True)
    assert response.request.path == "/account/password"
    assert b"Please choose your own password before you go on." in response.data
    client.post("/account/password", data={
        "current_password": "river stones and moss", "password": "my own quiet garden",
        "confirm": "my own quiet garden"})
    assert client.get("/families/new").status_code == 200


def test_only_admins_reach_admin_pages(client, auth, caseworker):
    assert client.get("/admin").status_code == 404
    auth.login(caseworker)
    assert client.get("/admin").status_code == 404
    assert client.get("/admin/caseworkers/new").status_code == 404
