"""Signing in and out, sessions the server can end, idle and absolute limits, rate limits."""

import time

import pytest

from app.extensions import limiter
from app.models import AuditEvent
from tests import factories


def test_sign_in_by_email_any_case(client, auth, parent):
    response = client.post(
        "/sign-in", data={"identifier": parent.email.upper(), "password": factories.PASSWORD}
    )
    assert response.status_code == 303


def test_sign_in_by_username_for_people_without_email(client, resource_parent):
    response = client.post("/sign-in", data={"identifier": "Rosa", "password": factories.PASSWORD})
    assert response.status_code == 303
    assert resource_parent.last_signed_in_at is not None


@pytest.mark.parametrize("identifier", ["nobody@example.org", "person-who-exists"])
def test_wrong_sign_in_says_so_plainly_and_changes_nothing(client, parent, identifier):
    identifier = parent.email if identifier == "person-who-exists" else identifier
    response = client.post("/sign-in", data={"identifier": identifier, "password": "wrong one!"})
    assert response.status_code == 200
    assert b"do not match" in response.data
    assert client.get("/account").status_code == 302  # still signed out


def test_next_only_redirects_within_the_site(client, parent):
    data = {"identifier": parent.email, "password": factories.PASSWORD}
    response = client.post("/sign-in?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/"
    client.post("/sign-out")
    response = client.post("/sign-in?next=/account", data=data)
    assert response.headers["Location"] == "/account"


@pytest.mark.parametrize(
    "target", ["///evil.example/", "////evil.example/", "/\\evil.example/", "//evil.example/",
               "/\t/evil.example/", "/\n/evil.example/"],
)
def test_next_with_extra_slashes_does_not_leave_the_site(client, parent, target):
    """Browsers read "///evil.example" as https://evil.example: an open redirect."""
    data = {"identifier": parent.email, "password": factories.PASSWORD}
    response = client.post("/sign-in", query_string={"next": target}, data=data)
    assert response.headers["Location"] == "/"
    client.post("/sign-out")
    response = client.post("/language", data={"locale": "es", "next": target})
    assert response.headers["Location"] == "/"


def test_sign_in_starts_a_new_session(client, parent):
    with client.session_transaction() as session:
        session["planted_before_sign_in"] = "x"
    client.post("/sign-in", data={"identifier": parent.email, "password": factories.PASSWORD})
    with client.session_transaction() as session:
        assert "planted_before_sign_in" not in session
        assert session.permanent


def test_signing_out_ends_the_users_other_sessions(app, auth, parent):
    phone, laptop = app.test_client(), app.test_client()
    for c in (phone, laptop):
        c.post("/sign-in", data={"identifier": parent.email, "password": factories.PASSWORD})
        assert c.get("/account").status_code == 200
    phone.post("/sign-out")
    assert phone.get("/account").status_code == 302
    assert laptop.get("/account").status_code == 302


def test_password_change_ends_other_sessions_and_keeps_this_one(app, db, parent):
    phone, laptop = app.test_client(), app.test_client()
    for c in (phone, laptop):
        c.post("/sign-in", data={"identifier": parent.email, "password": factories.PASSWORD})
    response = phone.post(
        "/account/password",
        data={"current_password": factories.PASSWORD, "password": "a brand new sentence",
              "confirm": "a brand new sentence"},
        follow_redirects=True,
    )
    assert b"signed out on your other devices" in response.data
    assert phone.get("/account").status_code == 200
    assert laptop.get("/account").status_code == 302
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="account.password_changed"))


def test_password_change_needs_the_current_password(client, auth, parent):
    auth.login(parent)
    response = client.post(
        "/account/password",
        data={"current_password": "not it at all", "password": "a brand new sentence",
              "confirm": "a brand new sentence"},
    )
    assert b"That is not your password now." in response.data


def _age_session(client, *, started=None, seen=None):
    with client.session_transaction() as session:
        if started is not None:
            session["started_at"] = time.time() - started
        if seen is not None:
            session["seen_at"] = time.time() - seen


def test_staff_are_signed_out_after_30_idle_minutes(client, auth, caseworker):
    auth.login(caseworker)
    _age_session(client, seen=29 * 60)
    assert client.get("/account").status_code == 200
    _age_session(client, seen=31 * 60)
    response = client.get("/account")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert client.get("/account").status_code == 302


def test_family_members_stay_signed_in_longer_but_not_past_12_hours(client, auth, parent):
    auth.login(parent)
    _age_session(client, seen=3 * 3600)
    assert client.get("/account").status_code == 200
    _age_session(client, started=12 * 3600 + 60)
    assert client.get("/account").status_code == 302


def test_account_page_saves_names_and_language(client, auth, parent):
    auth.login(parent)
    response = client.post(
        "/account",
        data={"display_name": "Dana Rivera", "preferred_name": "Dee", "locale": "es"},
        follow_redirects=True,
    )
    assert parent.preferred_name == "Dee"
    assert parent.locale == "es"
    assert 'lang="es"' in response.get_data(as_text=True)


def test_sign_in_is_limited_per_account(app, client, parent):
    app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    wrong = {"identifier": parent.email, "password": "wrong password!"}
    for _ in range(3):
        assert client.post("/sign-in", data=wrong).status_code == 200
    response = client.post("/sign-in", data={**wrong, "password": factories.PASSWORD})
    assert response.status_code == 429
    assert b"Too many tries" in response.data
    # Another person on the same network is not locked out by it.
    other = factories.make_user()
    assert client.post(
        "/sign-in", data={"identifier": other.email, "password": factories.PASSWORD}
    ).status_code == 303


def test_sign_in_is_limited_per_address(app, client):
    app.config["SIGN_IN_LIMIT_PER_ADDRESS"] = "4 per 15 minutes"
    for n in range(4):
        client.post("/sign-in", data={"identifier": f"guess{n}@example.org", "password": "x" * 8})
    response = client.post("/sign-in", data={"identifier": "another@example.org", "password": "y"})
    assert response.status_code == 429


def test_successful_sign_ins_do_not_count_toward_the_limit(app, client, parent):
    app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    for _ in range(4):
        client.post("/sign-in", data={"identifier": parent.email, "password": factories.PASSWORD})
        client.post("/sign-out")
    assert client.post(
        "/sign-in", data={"identifier": parent.email, "password": factories.PASSWORD}
    ).status_code == 303


@pytest.mark.skipif(
    not __import__("os").environ.get("TEST_REDIS_URL"),
    reason="set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/15) to test limits shared by workers",
)
@pytest.mark.xdist_group("redis")  # limiter.reset() clears every limit in the Redis database
def test_redis_storage_shares_the_limit_between_workers(make_app, parent):
    """Two app instances stand for two gunicorn workers: the limit holds across both."""
    import os

    settings = {
        "RATELIMIT_STORAGE_URI": os.environ["TEST_REDIS_URL"],
        "SIGN_IN_LIMIT_PER_ACCOUNT": "2 per 15 minutes",
        "RATELIMIT_KEY_PREFIX": f"hearth-test-{time.time_ns()}",
    }
    worker_a, worker_b = make_app(**settings), make_app(**settings)
    wrong = {"identifier": parent.email, "password": "wrong password!"}
    try:
        with worker_a.app_context():
            assert worker_a.test_client().post("/sign-in", data=wrong).status_code == 200
            assert worker_a.test_client().post("/sign-in", data=wrong).status_code == 200
        with worker_b.app_context():
            assert worker_b.test_client().post("/sign-in", data=wrong).status_code == 429
    finally:
        with worker_a.app_context():
            limiter.reset()


def test_csrf_token_is_required_when_csrf_is_on(app, client, parent):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(
        "/sign-in", data={"identifier": parent.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 400
    assert b"This form has expired" in response.data
    page = client.get("/sign-in").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/sign-in",
        data={"identifier": parent.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 303
    # htmx sends the token in a header instead.
    token_header = client.get("/account").get_data(as_text=True)
    token = token_header.split('"X-CSRFToken": "')[1].split('"')[0]
    response = client.post("/sign-out", headers={"X-CSRFToken": token})
    assert response.status_code == 303
    assert client.post("/sign-out").status_code == 400


def test_parallel_tries_cannot_slip_past_the_limit(app, parent, monkeypatch):
    """Tries are counted before the (slow) password check, not after it."""
    import threading

    from app.auth import services

    app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    checked = []

    def slow_wrong_password(user, password):
        checked.append(user)
        time.sleep(0.2)
        return False

    monkeypatch.setattr(services, "check_password", slow_wrong_password)
    statuses, email = [], parent.email

    def attempt():
        with app.test_client() as c:
            statuses.append(c.post("/sign-in", data={"identifier": email,
                                                     "password": "guess guess"}).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == 3
    assert sorted(statuses) == [200] * 3 + [429] * 5


def test_someone_else_cannot_lock_a_person_out_from_their_own_phone(app, parent):
    app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    for _ in range(5):
        attacker.post("/sign-in", data={"identifier": parent.email, "password": "guess guess"})
    assert attacker.post("/sign-in", data={"identifier": parent.email,
                                           "password": factories.PASSWORD}).status_code == 429
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    assert owner.post("/sign-in", data={"identifier": parent.email,
                                        "password": factories.PASSWORD}).status_code == 303


def test_guesses_spread_over_many_addresses_hit_a_daily_ceiling(app, parent):
    app.config["SIGN_IN_LIMIT_PER_ACCOUNT_DAILY"] = "4 per day"
    for n in range(4):
        c = app.test_client()
        c.environ_base["REMOTE_ADDR"] = f"203.0.113.{n}"
        c.post("/sign-in", data={"identifier": parent.email, "password": "guess guess"})
    c = app.test_client()
    c.environ_base["REMOTE_ADDR"] = "203.0.113.99"
    assert c.post("/sign-in", data={"identifier": parent.email,
                                    "password": "guess guess"}).status_code == 429


def test_current_password_guesses_are_limited_too(app, client, auth, parent):
    auth.login(parent)
    app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    app.config["SIGN_IN_LIMIT_PER_DEVICE"] = "2 per 15 minutes"
    wrong = {"current_password": "not it at all", "password": "a new long one",
             "confirm": "a new long one"}
    # This browser signed in before: its own count first, then the account's, like any other.
    for _ in range(4):
        assert client.post("/account/password", data=wrong).status_code == 200
    assert client.post("/account/password", data=wrong).status_code == 429


def test_a_session_ended_elsewhere_says_so_on_the_next_tap(app, family, parent):
    phone, laptop = app.test_client(), app.test_client()
    for c in (phone, laptop):
        c.post("/sign-in", data={"identifier": parent.email, "password": factories.PASSWORD})
    laptop.post("/sign-out")
    response = phone.get(f"/families/{family.id}", follow_redirects=True)
    assert response.request.path == "/sign-in"
    assert b"You were signed out to keep your family" in response.data


def test_every_way_a_browser_is_signed_out_clears_its_cache_and_storage(app, family, parent):
    """Sign-out, a session ended elsewhere, the idle limit: the next person on a shared phone
    finds nothing of the family kept by the browser (issue 22)."""
    phone, laptop, tablet = app.test_client(), app.test_client(), app.test_client()
    for c in (phone, laptop):
        c.post("/sign-in", data={"identifier": parent.email, "password": factories.PASSWORD})
    assert laptop.post("/sign-out").headers["Clear-Site-Data"] == '"cache", "storage"'
    ended_elsewhere = phone.get(f"/families/{family.id}")
    assert ended_elsewhere.status_code == 302
    assert ended_elsewhere.headers["Clear-Site-Data"] == '"cache", "storage"'
    tablet.post("/sign-in", data={"identifier": parent.email, "password": factories.PASSWORD})
    page = tablet.get(f"/families/{family.id}")
    assert page.status_code == 200
    assert "Clear-Site-Data" not in page.headers  # a page for someone signed in clears nothing
    with tablet.session_transaction() as session:
        session["seen_at"] -= app.config["SESSION_IDLE_TIMEOUT_MEMBERS"].total_seconds() + 1
    idle = tablet.get(f"/families/{family.id}")
    assert idle.status_code == 302 and idle.headers["Clear-Site-Data"] == '"cache", "storage"'
