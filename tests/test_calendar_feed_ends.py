"""The calendar address answers without a session, so it ends with the person's sessions when
the account may be in other hands: a password change, a reset code, an admin's "sign this person
out" or "sign everyone out", turning the account off. The person is asked to make a new one.
A plain sign-out and a pause in one family leave it working (app/models/feeds.py says why)."""

import re

import pytest

from app.models import Membership
from tests import factories
from tests.test_recovery import issue, reset

NEW_PASSWORD = "a brand new long phrase"


def signed_in(app, user, password=factories.PASSWORD):
    client = app.test_client()
    response = client.post("/sign-in", data={"identifier": user.email or user.username,
                                             "password": password})
    assert response.status_code == 303
    return client


@pytest.fixture
def feed(app, family, caseworker, parent):
    """Dana made a calendar address on her phone and gave it to her calendar app."""
    factories.make_family_time(family, caseworker, days_ahead=3, place="Family center")
    made = signed_in(app, parent).post("/account/calendar").get_data(as_text=True)
    token = re.search(r"/feed/([A-Za-z0-9_-]+)\.ics", made).group(1)
    address = f"/feed/{token}.ics"
    fetched = app.test_client().get(address)  # the calendar app: no session
    assert fetched.status_code == 200 and b"Family center" in fetched.data
    return address


def is_working(app, address) -> bool:
    response = app.test_client().get(address)
    assert response.status_code in (200, 404)
    return response.status_code == 200


def asks_for_a_new_address(app, user, password=factories.PASSWORD):
    client = signed_in(app, user, password)
    account = client.get("/account").get_data(as_text=True)
    calendar = client.get("/account/calendar").get_data(as_text=True)
    assert "Your calendar address stopped working" in account
    assert "Make a new calendar address" in account
    assert "Your calendar address stopped working" in calendar
    # A new address works at once, and the notice is gone.
    made = client.post("/account/calendar").get_data(as_text=True)
    token = re.search(r"/feed/([A-Za-z0-9_-]+)\.ics", made).group(1)
    assert is_working(app, f"/feed/{token}.ics")
    assert "stopped working" not in client.get("/account").get_data(as_text=True)
    return True


def test_changing_the_password_ends_the_address(app, parent, feed):
    client = signed_in(app, parent)
    changed = client.post("/account/password", data={
        "current_password": factories.PASSWORD, "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD}, follow_redirects=True)
    assert "Your password is changed" in changed.get_data(as_text=True)
    assert "Your calendar address stopped working" in changed.get_data(as_text=True)
    assert not is_working(app, feed)
    assert asks_for_a_new_address(app, parent, NEW_PASSWORD)


def test_a_reset_code_ends_the_address(app, db, caseworker, family, parent, feed):
    code = issue(app, db, caseworker, family, parent)
    assert reset(app.test_client(), parent.email, code, password=NEW_PASSWORD).status_code == 303
    assert not is_working(app, feed)
    assert asks_for_a_new_address(app, parent, NEW_PASSWORD)


def test_an_admin_signing_the_person_out_ends_the_address(app, admin, parent, feed):
    response = signed_in(app, admin).post(f"/admin/accounts/{parent.id}/sign-out")
    assert response.status_code in (302, 303)
    assert not is_working(app, feed)
    assert asks_for_a_new_address(app, parent)


def test_an_admin_signing_everyone_out_ends_every_address(app, admin, parent, feed):
    response = signed_in(app, admin).post("/admin/sign-out-everyone")
    assert response.status_code in (302, 303)
    assert not is_working(app, feed)
    assert asks_for_a_new_address(app, parent)


def test_turning_the_account_off_ends_the_address_for_good(app, admin, parent, feed):
    admin_phone = signed_in(app, admin)
    admin_phone.post(f"/admin/accounts/{parent.id}/turn-off", data={"reason": "Left"})
    assert not is_working(app, feed)
    admin_phone.post(f"/admin/accounts/{parent.id}/turn-on")
    assert not is_working(app, feed)  # turned on again, the old address stays ended
    assert asks_for_a_new_address(app, parent)


def test_signing_out_leaves_the_address_working(app, parent, feed):
    phone = signed_in(app, parent)
    assert phone.post("/sign-out").status_code == 303
    assert is_working(app, feed)
    account = signed_in(app, parent).get("/account").get_data(as_text=True)
    assert "stopped working" not in account


def test_a_pause_in_one_family_leaves_the_address_working(app, db, family, caseworker, parent,
                                                          feed):
    membership = db.session.scalar(
        db.select(Membership).filter_by(user_id=parent.id, family_id=family.id))
    paused = signed_in(app, caseworker).post(
        f"/families/{family.id}/people/{membership.id}/suspend", data={"reason": "Court order"})
    assert paused.status_code in (302, 303)
    db.session.expire_all()
    assert db.session.get(Membership, membership.id).status.value == "suspended"
    # The family's times leave the feed at once; the address goes on for the other families.
    body = app.test_client().get(feed)
    assert body.status_code == 200 and b"Family center" not in body.data
