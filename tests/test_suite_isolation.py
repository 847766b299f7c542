"""The worker's shared app gives each test the same start (tests/conftest.py, WorkerApp)."""

from app.storage import get_storage
from tests import factories


def test_what_a_test_changes_in_the_shared_app_is_put_back(worker_app, app, tmp_path):
    app.config["SESSION_COOKIE_NAME"] = "changed"
    app.config["LANGUAGES"]["xx"] = "Changed"
    app.extensions["hearth_glossary"] = object()
    factories.make_user(display_name="Left behind")
    poll = app.wsgi_app

    worker_app.reset(photos=tmp_path / "next")

    assert app.config["SESSION_COOKIE_NAME"] != "changed"
    assert "xx" not in app.config["LANGUAGES"]
    assert "hearth_glossary" not in app.extensions
    assert get_storage().root == tmp_path / "next"
    assert app.wsgi_app is not poll and app.wsgi_app.wsgi_app is poll.wsgi_app


def test_each_test_starts_on_an_empty_database(app, db):
    """Run after the test above (file order, one worker), it finds none of its rows."""
    from app.models import User

    assert db.session.query(User).count() == 0
