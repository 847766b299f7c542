"""Fixtures: a fresh app and database per test, a client that signs in, and role fixtures.

Role fixtures build on each other: `family` has a `caseworker`; `parent`, `resource_parent`,
`pending_member` and `suspended_member` belong to it; `outsider` belongs to another family.
Access tests use all of them.
"""

import contextvars
import copy
import functools
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient

from app import create_app
from app.extensions import db as _db
from app.extensions import limiter
from app.models import MembershipStatus, Role
from tests import factories, postgres

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")


class ServerShapedClient(FlaskClient):
    """Send each request as a server would: with no application context held by the test.

    The `app` fixture keeps one app context open so a test can read and write the database
    between requests. A request that reused it would share the test's session and `g`: rows
    would stay attached after the view returned and a streamed body would be read with the
    test's session, so a generator that dies on gunicorn (`DetachedInstanceError`) passed here.
    So each request runs in an empty `contextvars.Context`: it pushes its own app context, gets
    its own session, tears both down when the view returns, and only then is the body read
    (`buffered=True` reads it there, whole, as a server writes it out). What the test wrote is
    committed first, as it would be on disk before a real request; the test's rows are expired
    after, so the next read sees what the request changed.
    """

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        if not has_app_context():  # e.g. a thread of a race test: already as on a server
            return super().open(*args, **kwargs)
        _db.session.commit()
        response = contextvars.Context().run(super().open, *args, **kwargs)
        _db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def worker_database(tmp_path_factory, worker_id):
    """The database this xdist worker's tests use, with the schema built once.

    SQLite: a template file copied over the worker's database file before each test (a copy
    costs well under a millisecond; building the schema ~100 ms). PostgreSQL: a database of this
    worker's own (`test_gw0`, ...), so workers never share rows; each test empties its tables.
    Returns (url, template): the template is None on PostgreSQL.
    """
    if POSTGRES_URL:
        url = postgres.worker_database_url(POSTGRES_URL, worker_id)
        postgres.build_schema(url)
        return url, None
    base = _database_folder(tmp_path_factory, worker_id)
    template = base / f"schema-{worker_id}.sqlite"
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{template}"})
    with app.app_context():
        _db.create_all()
        _db.engine.dispose()
    return f"sqlite:///{base / f'test-{worker_id}.sqlite'}", template


def _database_folder(tmp_path_factory, worker_id) -> Path:
    """Where this worker's SQLite files live: in memory (/dev/shm) where the machine has it.

    A commit on disk waits for fsync (~2 ms); a test commits dozens of times and every request
    commits its session. The files hold nothing worth keeping, and SQLite behaves the same on
    tmpfs (same file locking, same journal), so the tests prove what they proved on disk.
    """
    shm = Path("/dev/shm")  # noqa: S108 - mkdtemp below makes a private folder with a random name
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        return tmp_path_factory.getbasetemp()
    folder = Path(tempfile.mkdtemp(dir=shm, prefix=f"hearth-tests-{worker_id}-"))
    _FOLDERS_TO_REMOVE.append(folder)
    return folder


_FOLDERS_TO_REMOVE: list[Path] = []


def pytest_sessionfinish(session, exitstatus):
    for folder in _FOLDERS_TO_REMOVE:
        shutil.rmtree(folder, ignore_errors=True)


def _new_app(database_url: str, photos: Path, **overrides):
    app = create_app({
        "ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url,
        "PHOTO_STORAGE_DIR": str(photos), **overrides,
    })
    app.test_client_class = ServerShapedClient
    return app


class WorkerApp:
    """The one app a worker's tests share, as one server process serves every request.

    Building an app costs ~50 ms (Werkzeug compiles every URL rule) and its first pages more
    (Jinja compiles every template); paid per test, that was a third of the suite. What a test
    may change is put back before the next: the settings, the photo store (per test, in the
    test's tmp_path), caches kept in `app.extensions` (the glossary), and the quick-poll wrapper
    (it keeps a session serializer made from the settings). A test that adds routes or hooks
    builds its own app with `make_app`, since Flask refuses them once an app has served.
    """

    def __init__(self, app):
        self.app = app
        self.config = dict(app.config)
        self.extensions = set(app.extensions)
        self.inner_wsgi_app = app.wsgi_app.wsgi_app  # under the QuickPoll (app/__init__.py)

    def reset(self, photos: Path) -> None:
        from app import storage
        from app.messages.quick_poll import QuickPoll

        app = self.app
        app.config.clear()
        app.config.update({key: copy.copy(value) for key, value in self.config.items()})
        app.config["PHOTO_STORAGE_DIR"] = str(photos)
        for name in set(app.extensions) - self.extensions:
            del app.extensions[name]
        storage.init_app(app)
        # Flask-Limiter keeps one storage and one on/off switch for every app it was given, so
        # an app a test made (Redis limits, limits on) would rule this one too. Its init_app
        # adds its hooks to an app only once, so running it again only takes the settings back.
        limiter.init_app(app)
        app.wsgi_app = QuickPoll(app, self.inner_wsgi_app)


@pytest.fixture(scope="session")
def worker_app(worker_database, tmp_path_factory):
    url, _template = worker_database
    app = _new_app(url, tmp_path_factory.getbasetemp() / "photos")
    return WorkerApp(app)


@pytest.fixture
def database_url(worker_database, worker_app):
    """The worker's database with the whole schema and no rows, for this test alone."""
    url, template = worker_database
    with worker_app.app.app_context():
        _db.engine.dispose()  # no connection may hold the file that is replaced
    if template is None:
        postgres.empty_tables(url)
    else:
        shutil.copyfile(template, url.removeprefix("sqlite:///"))
    return url


@pytest.fixture
def make_app(database_url, tmp_path):
    """A new app on the same database, e.g. two "workers", other settings, or added routes."""
    made = []

    def make(**overrides):
        app = _new_app(database_url, tmp_path / "photos", **overrides)
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            _db.engine.dispose()


@pytest.fixture
def app(worker_app, database_url, tmp_path):
    worker_app.reset(photos=tmp_path / "photos")
    app = worker_app.app
    with app.app_context():
        limiter.reset()
        yield app
        _db.session.remove()


@pytest.fixture
def db(app):
    return _db


_DEMO: dict = {}  # per worker: (day, with glossary?) -> the loaded demo's files and output


@pytest.fixture
def demo(app, db, runner, database_url, tmp_path):
    """The demo data, loaded by `flask demo-data` as `make run` does; returns what it printed.

    Loading it costs ~2.5 s, and a dozen tests read it. On SQLite a worker loads it once (per
    day, with or without the real glossary already in), keeps the database file and the photo
    files, and copies both back for the next test that asks. On PostgreSQL it is loaded each time.
    """
    from sqlalchemy import func, select

    from app.models.glossary import GlossaryTerm

    def load():
        result = runner.invoke(args=["demo-data"])
        assert result.exit_code == 0, result.output
        return result.output

    if POSTGRES_URL:
        return load()
    from datetime import date

    key = (date.today(), bool(db.session.scalar(select(func.count(GlossaryTerm.id)))))
    database = Path(database_url.removeprefix("sqlite:///"))
    photos = Path(app.config["PHOTO_STORAGE_DIR"])
    saved = _DEMO.get(key)
    if saved is None:
        output = load()
        _db.session.remove()
        _db.engine.dispose()
        folder = Path(tempfile.mkdtemp(dir=database.parent, prefix="demo-"))
        shutil.copyfile(database, folder / "demo.sqlite")
        if photos.exists():
            shutil.copytree(photos, folder / "photos")
        saved = _DEMO[key] = {"folder": folder, "output": output}
    else:
        _db.session.remove()
        _db.engine.dispose()
        shutil.copyfile(saved["folder"] / "demo.sqlite", database)
        shutil.rmtree(photos, ignore_errors=True)
        if (saved["folder"] / "photos").exists():
            shutil.copytree(saved["folder"] / "photos", photos)
    return saved["output"]


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


@functools.cache
def _real_glossary_files(locales: tuple[str, ...]):
    """The shipped glossary files, read and checked once per worker (seven languages take
    a few hundred milliseconds to read; `flask glossary load` reads them per run, as here)."""
    from app.glossary import loading

    return (
        loading.read_glossary(loading.GLOSSARY_FILE.read_text(encoding="utf-8"), list(locales),
                              loading.GLOSSARY_FILE),
        loading.read_avoid_words(loading.AVOID_FILE.read_text(encoding="utf-8"), list(locales),
                                 loading.AVOID_FILE),
    )


_COMPILED_GLOSSARY: dict = {}  # per worker: the real glossary, compiled once
REAL_GLOSSARY_VERSION = "real-glossary-files"  # its version token in every test that loads it


@pytest.fixture
def glossary(app, db):
    """The real app/data glossary and words to avoid, in the database and compiled.

    Loading seven languages through the ORM and compiling the matcher cost ~2 s a test, so
    the rows go in with two multi-row INSERTs and the compiled glossary is made once per
    worker, under a fixed version token; an edit in a test changes the token, and the next
    page compiles from the database as in production. `flask glossary load` itself is tested
    in tests/test_glossary.py.
    """
    from sqlalchemy import insert

    from app.glossary.cache import _EXTENSION, current_glossary, forget_checked_version
    from app.models.glossary import (
        AvoidWord,
        AvoidWordText,
        GlossaryState,
        GlossaryTerm,
        GlossaryText,
    )

    terms, words = _real_glossary_files(tuple(app.config["LANGUAGES"]))
    for model, text_model, link, rows, extra in (
        (GlossaryTerm, GlossaryText, "term_id", terms, lambda row: {"acronyms": row["acronyms"]}),
        (AvoidWord, AvoidWordText, "word_id", words, lambda row: {}),
    ):
        ids = db.session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True),
                                 [{"key": row["key"], **extra(row)} for row in rows]).all()
        db.session.execute(insert(text_model), [
            {link: row_id, "locale": locale, **copy.deepcopy(values)}
            for row_id, row in zip(ids, rows, strict=True)
            for locale, values in row["texts"].items()])
    db.session.add(GlossaryState(id=1, version=REAL_GLOSSARY_VERSION))
    db.session.commit()
    forget_checked_version()
    compiled = _COMPILED_GLOSSARY.get(tuple(app.config["LANGUAGES"]))
    if compiled is None:
        compiled = _COMPILED_GLOSSARY[tuple(app.config["LANGUAGES"])] = current_glossary()
    app.extensions[_EXTENSION] = compiled
    return compiled
