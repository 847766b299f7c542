"""The idle poll's quick answer (app/messages/quick_poll.py): "nothing new" in one query, and
only when the real route would say the same; every other case reaches the real route."""

from datetime import timedelta

import pytest
from flask import request_started

from app.models import Membership, MembershipStatus, User
from app.models.types import utcnow
from tests.factories import make_message
from tests.test_messages import current_version, idle_poll, open_family, page  # noqa: F401


@pytest.fixture
def reached_app(app):
    """A list that gets one entry per request that went past the quick answer into Flask."""
    seen = []

    def on_start(sender, **extra):
        seen.append(1)

    request_started.connect(on_start, app)
    yield seen
    request_started.disconnect(on_start, app)


@pytest.fixture
def polling(client, auth, open_family, parent, resource_parent, db):  # noqa: F811
    """Dana has the thread open: her browser holds the thread's current version."""
    make_message(open_family, resource_parent, text="Mia lost a tooth!")
    auth.login(parent)
    page(client, open_family)
    return current_version(db, open_family)


def membership(db, user, family):
    return db.session.scalar(db.select(Membership).filter_by(user_id=user.id, family_id=family.id))


def test_nothing_new_is_answered_before_the_app_with_one_query(
        client, open_family, polling, reached_app, count_queries, db):  # noqa: F811
    db.session.remove()
    with count_queries() as counted:
        response = idle_poll(client, open_family, polling)
    assert response.status_code == 204 and response.data == b""
    assert counted.count == 1
    assert reached_app == []  # no session, no signed-in person, no template: one indexed row
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers  # the session is not touched


def test_a_change_goes_to_the_real_route_which_brings_it(
        client, open_family, polling, resource_parent, reached_app):  # noqa: F811
    make_message(open_family, resource_parent, text="She put it under her pillow.")
    response = idle_poll(client, open_family, polling)
    assert response.status_code == 200 and reached_app == [1]
    assert "She put it under her pillow." in response.get_data(as_text=True)


def signed_out_elsewhere(db, user, family):
    db.session.get(User, user.id).session_version += 1


def turned_off(db, user, family):
    db.session.get(User, user.id).deactivated_at = utcnow()


def must_change_password(db, user, family):
    db.session.get(User, user.id).must_change_password = True


def paused(db, user, family):
    membership(db, user, family).status = MembershipStatus.SUSPENDED


def ended(db, user, family):
    membership(db, user, family).status = MembershipStatus.ENDED


@pytest.mark.parametrize("change", [signed_out_elsewhere, turned_off, must_change_password,
                                    paused, ended])
def test_a_person_who_may_no_longer_see_the_thread_reaches_the_real_route_and_is_refused(
        change, client, open_family, polling, parent, reached_app, db):  # noqa: F811
    change(db, parent, open_family)
    db.session.commit()
    response = idle_poll(client, open_family, polling)
    assert reached_app == [1]
    assert response.status_code == 404 or response.headers.get("HX-Redirect")
    assert response.status_code != 204 or response.headers.get("HX-Redirect")


def test_a_pause_that_has_ended_is_lifted_by_the_real_route(
        client, open_family, polling, parent, reached_app, db):  # noqa: F811
    member = membership(db, parent, open_family)
    member.status = MembershipStatus.SUSPENDED
    member.suspended_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert idle_poll(client, open_family, polling).status_code == 204
    assert reached_app == [1]  # the quick answer left it to the route, which lifted the pause
    db.session.refresh(member)
    assert member.status is MembershipStatus.ACTIVE


@pytest.mark.parametrize("key, seconds", [("seen_at", "SESSION_IDLE_TIMEOUT_MEMBERS"),
                                          ("started_at", "SESSION_ABSOLUTE_LIFETIME")])
def test_a_session_past_its_limits_reaches_the_real_route_which_signs_it_out(
        key, seconds, client, app, open_family, polling, reached_app):  # noqa: F811
    with client.session_transaction() as session:
        session[key] -= app.config[seconds].total_seconds() + 1
    response = idle_poll(client, open_family, polling)
    assert reached_app == [1]
    assert response.headers.get("HX-Redirect") == "/sign-in"


def test_another_familys_thread_and_strangers_reach_the_real_route(
        client, auth, open_family, other_family, outsider, polling, reached_app, db):  # noqa: F811
    # Dana polling a family she is not in, with that family's real version.
    other_version = current_version(db, other_family)
    assert idle_poll(client, other_family, other_version).status_code == 404
    auth.logout()
    response = idle_poll(client, open_family, polling)
    assert response.status_code != 204 or response.headers.get("HX-Redirect")
    assert reached_app == [1, 1, 1]  # sign-out itself is one request


@pytest.mark.parametrize("cookie", ["", "garbage", "eyJfdXNlcl9pZCI6IjEifQ.bad.sig"])
def test_a_missing_or_forged_session_cookie_reaches_the_real_route(
        cookie, client, app, open_family, polling, reached_app):  # noqa: F811
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    response = idle_poll(client, open_family, polling)
    assert reached_app == [1]
    assert response.status_code != 204 or response.headers.get("HX-Redirect")


@pytest.mark.parametrize("version", ["", "x", "-1", "1e3"])
def test_an_odd_version_reaches_the_real_route(
        version, client, open_family, polling, reached_app):  # noqa: F811
    idle_poll(client, open_family, version)
    assert reached_app == [1]


def test_only_get_is_answered_quickly(client, open_family, polling, reached_app):  # noqa: F811
    client.post(f"/families/{open_family.id}/messages/poll?v={polling}")
    assert reached_app == [1]


def test_the_quick_answer_carries_the_same_security_headers_as_every_page(
        app, client, open_family, polling, reached_app):  # noqa: F811
    app.config["HSTS"] = True  # as in production
    page_headers = client.get(f"/families/{open_family.id}/messages").headers
    reached_app.clear()
    response = idle_poll(client, open_family, polling)
    assert response.status_code == 204 and reached_app == []  # answered before the app
    for name in ("Strict-Transport-Security", "Content-Security-Policy", "X-Frame-Options",
                 "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy",
                 "Cross-Origin-Opener-Policy"):
        assert page_headers.get(name), name
        assert response.headers.get(name) == page_headers[name], name
