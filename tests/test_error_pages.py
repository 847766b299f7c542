"""The friendly error page appears for any error, in the reader's language, also when the
error was the database's (issue 22: the 500 handler did not roll the session back, so the
friendly page failed itself and the bare English "Internal Server Error" came instead, and
nothing at all under htmx)."""

import sqlite3

import pytest
from sqlalchemy import select

from app.extensions import db
from app.messages import services as messages
from app.models import Membership, MembershipStatus, Role
from tests.conftest import AuthActions

HTMX = {"HX-Request": "true"}


@pytest.fixture
def server(make_app, app):
    """The app as a server runs it: an error reaches the error handler, not the test."""
    return make_app(PROPAGATE_EXCEPTIONS=False)


@pytest.fixture
def failing_send(monkeypatch, family, resource_parent):
    """Sending a message meets a real database error mid-request: a row that breaks a unique
    constraint, flushed. The session is left waiting for a rollback, as after any failed write."""
    def send(scope, text):
        db.session.add(Membership(user_id=resource_parent.id, family_id=family.id,
                                  role=Role.PARENT, status=MembershipStatus.ACTIVE))
        db.session.flush()
    monkeypatch.setattr(messages, "send", send)


def _post_message(client, family, headers=None):
    return client.post(f"/families/{family.id}/messages",
                  data={"text": "Mia durmió bien"}, headers=headers or {})


def test_a_database_error_shows_the_friendly_page_in_the_readers_language(
        server, family, resource_parent, failing_send):
    client = server.test_client()
    AuthActions(client).login(resource_parent)  # Rosa reads Spanish
    response = _post_message(client, family)
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Algo salió mal de nuestro lado" in page
    assert "Internal Server Error" not in page
    assert '<html lang="es"' in page and family.name in page  # the whole page, her header


def test_under_htmx_a_database_error_answers_a_small_notice_the_page_shows(
        server, family, resource_parent, failing_send):
    client = server.test_client()
    AuthActions(client).login(resource_parent)
    response = _post_message(client, family, HTMX)
    assert response.status_code == 500
    # Not a reload (what was typed would be lost, and nothing said): the notice goes in the
    # page's message area, which every page has, and is brought into view.
    assert "HX-Refresh" not in response.headers
    assert response.headers["HX-Retarget"] == ".flashes"
    assert response.headers["HX-Reswap"].startswith("innerHTML")
    notice = response.get_data(as_text=True)
    assert "Algo salió mal de nuestro lado" in notice and "<html" not in notice
    assert 'role="alert"' in notice


def test_the_htmx_config_lets_a_500_notice_be_swapped(client):
    # htmx swaps an error's answer only when its configuration says so.
    page = client.get("/sign-in").get_data(as_text=True)
    assert '{"code":"[2345]..","swap":true}' in page


def test_every_page_has_the_message_area_the_notice_goes_to(client, auth, family, parent):
    auth.login(parent)
    for path in ("/", f"/families/{family.id}", f"/families/{family.id}/messages"):
        assert 'class="flashes"' in client.get(path, follow_redirects=True).get_data(
            as_text=True)


@pytest.fixture
def database_goes_down(monkeypatch, server):
    """From the moment a message is sent, every statement fails, as when the database server
    stops: the full error page (which reads the person and the family) cannot be made."""
    from sqlalchemy import event

    down = []

    def refuse(*_args, **_kwargs):
        if down:
            raise sqlite3.OperationalError("the database is not answering")

    def send(scope, text):
        down.append(True)
        db.session.execute(select(1))

    with server.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", refuse)
    monkeypatch.setattr(messages, "send", send)
    yield
    event.remove(engine, "before_cursor_execute", refuse)


def test_with_the_database_down_a_plain_page_still_speaks_the_readers_language(
        server, family, resource_parent, database_goes_down):
    client = server.test_client()
    AuthActions(client).login(resource_parent)  # her language is kept in a cookie at sign-in
    response = _post_message(client, family)
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Algo salió mal de nuestro lado" in page and '<html lang="es"' in page
    assert "Internal Server Error" not in page
    notice = _post_message(client, family, HTMX)
    assert notice.status_code == 500 and "Algo salió mal de nuestro lado" in notice.get_data(
        as_text=True)
