"""Fixtures: a fresh app and database per test, a client that signs in, and role fixtures.

Role fixtures build on each other: `family` has a `caseworker`; `parent`, `resource_parent`,
`pending_member` and `suspended_member` belong to it; `outsider` belongs to another family.
Access tests use all of them.
"""

import os

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient

from app import create_app
from app.extensions import db as _db
from app.extensions import limiter
from app.models import MembershipStatus, Role
from tests import factories

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")


class FreshRequestClient(FlaskClient):
    """Start each request with an empty `g`, as in production.

    The `app` fixture keeps one app context open so tests can use the database, and Flask
    reuses an open app context for requests: without this, one client's signed-in user and
    locale (kept on `g`) would leak into the next client's request.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            for name in list(g):
                g.pop(name)
        return super().open(*args, **kwargs)


@pytest.fixture
def make_app(tmp_path):
    """Build more apps on the same database, e.g. two "workers" or other settings."""
    database_url = POSTGRES_URL or f"sqlite:///{tmp_path / 'test.sqlite'}"
    made = []

    def make(**overrides):
        app = create_app({
            "ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url,
            "PHOTO_STORAGE_DIR": str(tmp_path / "photos"), **overrides,
        })
        app.test_client_class = FreshRequestClient
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            _db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        _db.drop_all()
        _db.create_all()
        limiter.reset()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, user, password=factories.PASSWORD):
        identifier = user.email or user.username
        response = self._client.post(
            "/sign-in", data={"identifier": identifier, "password": password}
        )
        assert response.status_code == 303, "sign-in failed in a test that expected it to work"
        return response

    def logout(self):
        return self._client.post("/sign-out")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def caseworker(app):
    return factories.make_caseworker(display_name="Samantha Lee", preferred_name="Sam")


@pytest.fixture
def family(caseworker):
    return factories.make_family(caseworker, name="The Rivera family")


@pytest.fixture
def parent(family):
    user = factories.make_user(display_name="Dana Rivera", preferred_name="Dana")
    factories.add_member(family, user, role=Role.PARENT, relationship_label="Mom")
    return user


@pytest.fixture
def resource_parent(family):
    user = factories.make_user(
        username="rosa", email=None, display_name="Rosa Martínez", preferred_name="Rosa",
        locale="es",
    )
    factories.add_member(
        family, user, role=Role.RESOURCE_PARENT, is_kin=True, relationship_label="Abuela Rosa"
    )
    return user


@pytest.fixture
def pending_member(family):
    user = factories.make_user(display_name="Marcus Rivera")
    factories.add_member(family, user, role=Role.PARENT, status=MembershipStatus.PENDING)
    return user


@pytest.fixture
def suspended_member(family):
    user = factories.make_user(display_name="Paused Person")
    factories.add_member(family, user, role=Role.PARENT, status=MembershipStatus.SUSPENDED,
                         status_reason="No-contact order")
    return user


@pytest.fixture
def declined_member(family):
    user = factories.make_user(display_name="Declined Person")
    factories.add_member(family, user, role=Role.PARENT, status=MembershipStatus.DECLINED)
    return user


@pytest.fixture
def other_family(app):
    return factories.make_family(name="The Other family")


@pytest.fixture
def outsider(other_family):
    """An active member of another family: the interloper every access test uses."""
    user = factories.make_user(display_name="Outsider")
    factories.add_member(other_family, user, role=Role.PARENT)
    return user


@pytest.fixture
def admin(app):
    return factories.make_user(display_name="Alex Admin", is_admin=True)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(db):
    """`with count_queries() as counted:` then `counted.count` is the number of SQL statements."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        counter = QueryCounter()

        def before(conn, cursor, statement, *args):
            counter.statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def glossary(app):
    """The real app/data glossary and words to avoid, loaded as `flask glossary load` does."""
    from app.glossary.cache import current_glossary, forget_checked_version
    from app.glossary.loading import load_files

    load_files(list(app.config["LANGUAGES"]))
    forget_checked_version()
    return current_glossary()
