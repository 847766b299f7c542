"""Admins find any account, turn accounts off and on, and end sessions; nobody else can."""

import pytest

from app.models import AuditEvent, User
from tests import factories

PASSWORD = factories.PASSWORD


def _signed_in(app, user):
    client = app.test_client()
    response = client.post("/sign-in", data={"identifier": user.email or user.username,
                                             "password": PASSWORD})
    assert response.status_code == 303
    return client


def _audit(db, action):
    return db.session.scalars(db.select(AuditEvent).filter_by(action=action)).all()


@pytest.fixture
def admin_client(app, admin):
    return _signed_in(app, admin)


ADMIN_PAGES = [
    ("get", "/admin"),
    ("get", "/admin/accounts?q=dana"),
    ("get", "/admin/accounts/{id}"),
    ("get", "/admin/accounts/{id}/turn-off"),
    ("post", "/admin/accounts/{id}/turn-off"),
    ("post", "/admin/accounts/{id}/turn-on"),
    ("get", "/admin/accounts/{id}/sign-out"),
    ("post", "/admin/accounts/{id}/sign-out"),
    ("get", "/admin/sign-out-everyone"),
    ("post", "/admin/sign-out-everyone"),
    ("get", "/admin/caseworkers/new"),
]


@pytest.mark.parametrize(("method", "path"), ADMIN_PAGES)
def test_only_admins_reach_admin_pages(app, method, path, parent, caseworker, outsider,
                                       pending_member):
    url = path.format(id=parent.id)
    assert getattr(app.test_client(), method)(url, data={"reason": "x"}).status_code == 404
    for person in (caseworker, outsider, pending_member, parent):
        client = _signed_in(app, person)
        assert getattr(client, method)(url, data={"reason": "x"}).status_code == 404
    assert parent.is_active and parent.session_version == 1  # nothing was turned off or ended


def test_an_admin_finds_any_account_by_name_email_or_username(admin_client, parent,
                                                              resource_parent, caseworker):
    for query, found in [("rivera", parent), ("ROSA", resource_parent),
                         (parent.email.upper(), parent), ("Samantha", caseworker)]:
        page = admin_client.get(f"/admin/accounts?q={query}").get_data(as_text=True)
        assert f"/admin/accounts/{found.id}" in page
    page = admin_client.get("/admin/accounts?q=%25").get_data(as_text=True)
    assert "No account matches" in page  # a % is looked for, not a wildcard


def test_turning_an_account_off_ends_its_sessions_and_stops_sign_in(app, db, admin_client,
                                                                    admin, parent):
    phone = _signed_in(app, parent)
    page = admin_client.get(f"/admin/accounts/{parent.id}/turn-off").get_data(as_text=True)
    assert "Turn off" in page  # the confirm step, with a reason to give
    response = admin_client.post(f"/admin/accounts/{parent.id}/turn-off", data={"reason": ""})
    assert b"This field is required" in response.data or b"field__errors" in response.data
    assert parent.is_active
    response = admin_client.post(f"/admin/accounts/{parent.id}/turn-off",
                                 data={"reason": "Left the program"}, follow_redirects=True)
    assert b"account is turned off" in response.data
    assert not parent.is_active
    assert phone.get("/account").status_code == 302  # signed out at once
    [event] = _audit(db, "account.deactivated")
    assert event.actor_id == admin.id and event.subject_id == parent.id
    assert event.detail["reason"] == "Left the program"

    wrong = app.test_client().post("/sign-in", data={"identifier": parent.email,
                                                     "password": "not the password"})
    assert b"do not match" in wrong.data and b"turned off" not in wrong.data
    right = app.test_client().post("/sign-in", data={"identifier": parent.email,
                                                     "password": PASSWORD})
    assert right.status_code == 200
    assert b"This account is turned off. Please talk to your caseworker." in right.data

    admin_client.post(f"/admin/accounts/{parent.id}/turn-on")
    assert parent.is_active and _audit(db, "account.reactivated")
    _signed_in(app, parent)


def test_a_turned_off_session_is_refused_even_with_the_old_version(app, db, parent):
    """`load_user` itself refuses an account that is off, not only the version bump."""
    from app.models.types import utcnow

    phone = _signed_in(app, parent)
    parent.deactivated_at = utcnow()
    db.session.commit()
    assert phone.get("/account").status_code == 302


def test_an_admin_cannot_turn_themselves_off(db, admin_client, admin):
    assert b"turn-off" not in admin_client.get(f"/admin/accounts/{admin.id}").data
    response = admin_client.post(f"/admin/accounts/{admin.id}/turn-off", data={"reason": "x"})
    assert response.status_code == 404
    assert admin.is_active and not _audit(db, "account.deactivated")


def test_an_admin_signs_one_person_out_everywhere(app, db, admin_client, parent):
    phone, laptop = _signed_in(app, parent), _signed_in(app, parent)
    assert b"every phone and computer" in admin_client.get(
        f"/admin/accounts/{parent.id}/sign-out").data
    admin_client.post(f"/admin/accounts/{parent.id}/sign-out")
    assert phone.get("/account").status_code == 302
    assert laptop.get("/account").status_code == 302
    assert admin_client.get("/admin").status_code == 200
    assert _audit(db, "account.sessions_ended")
    _signed_in(app, parent)  # not turned off: they can sign in again


def test_signing_everyone_out_includes_the_admin_and_says_so(app, db, admin_client, parent,
                                                              caseworker):
    others = [_signed_in(app, parent), _signed_in(app, caseworker)]
    page = admin_client.get("/admin/sign-out-everyone").get_data(as_text=True)
    assert "you are too" in page
    response = admin_client.post("/admin/sign-out-everyone", follow_redirects=True)
    assert response.request.path == "/sign-in"
    assert b"Everyone is signed out, you too." in response.data
    for client in [*others, admin_client]:
        assert client.get("/account").status_code == 302
    assert _audit(db, "sessions.all_ended")
    assert all(user.session_version >= 2 for user in db.session.scalars(db.select(User)))


def test_the_person_page_names_its_facts_plainly(admin_client, admin):
    """Each fact is a label/value pair of its own, and an admin's role is not the section's name."""
    page = admin_client.get(f"/admin/accounts/{admin.id}").get_data(as_text=True)
    assert "<div><dt>Name they like to be called</dt>" in page
    assert "<div><dt>Role</dt><dd>Administrator</dd></div>" in page
