"""Every family URL refuses outsiders, pending and paused members, and signed-out visitors;
every other URL refuses whoever it is not for.

The tests walk the app's URL map, so a new route is covered the day it is added. A route with a
new kind of id must add a sample to `sample_ids` (or, outside a family, to the walk's `ids`),
and a route outside a family must be given its kind in `OUTSIDE_A_FAMILY`, or they fail.
"""

import pytest
from flask import url_for
from sqlalchemy import func, select

from app.access import family_row_or_404, family_scope
from app.extensions import db as _db
from app.family_time import ical
from app.glossary import services as glossary_services
from app.models import AuditEvent, Notification, Role
from app.models.notifications import Channel, Group
from app.notifications import notify, tokens
from tests import factories
from tests.conftest import AuthActions

SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def family_rules(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if "family_id" in rule.arguments),
        key=lambda rule: rule.rule,
    )


@pytest.fixture
def sample_ids(family, caseworker, parent):
    """One real row of each kind the family owns, so URLs point at things that exist."""
    membership = family.memberships[-1]
    invitation, _code, _link = factories.make_invitation(family, caseworker)
    event = factories.make_event(family, parent)
    about = factories.make_about(family, parent)
    photo = factories.make_photo(family, parent)
    message = factories.make_message(family, parent)
    family_time = factories.make_family_time(family, caseworker)
    concern = factories.make_concern(family, parent, shared=True)
    edit = factories.make_edit(family, parent, event, place="New gym")
    return {"family_id": family.id, "membership_id": membership.id, "invitation_id": invitation.id,
            "event_id": event.id, "child_id": family.children[0].id, "section": "bedtime",
            "version_id": about.id, "photo_id": photo.id, "message_id": message.id,
            "family_time_id": family_time.id, "concern_id": concern.id, "kind": "message",
            "item_id": message.id, "edit_id": edit.id}


def build_urls(app, ids):
    urls = []
    with app.test_request_context():
        for rule in family_rules(app):
            missing = rule.arguments - ids.keys()
            assert not missing, f"{rule.rule}: add a sample id for {missing} in sample_ids"
            url = url_for(rule.endpoint, **{name: ids[name] for name in rule.arguments})
            urls.extend((method, url) for method in sorted(rule.methods - SKIPPED_METHODS))
    return urls


def test_the_walk_finds_the_family_routes(app):
    endpoints = {rule.endpoint for rule in family_rules(app)}
    assert {"families.family_home", "members.people", "members.approve"} <= endpoints


@pytest.mark.parametrize(
    "visitor", ["outsider", "pending_member", "suspended_member", "declined_member", None]
)
def test_every_family_url_is_404_for_those_outside(request, app, client, auth, sample_ids,
                                                   visitor):
    if visitor is not None:
        auth.login(request.getfixturevalue(visitor))
    for method, url in build_urls(app, sample_ids):
        response = client.open(url, method=method)
        assert response.status_code == 404, f"{visitor or 'signed out'}: {method} {url}"
        assert b"The Rivera family" not in response.data


def test_members_reach_their_family_and_staff_pages_are_refused_by_role(client, auth, family,
                                                                        parent):
    auth.login(parent)
    assert client.get(f"/families/{family.id}").status_code == 200
    assert client.get(f"/families/{family.id}/people").status_code == 403
    assert client.get(f"/families/{family.id}/invitations/new").status_code == 403


def test_a_caseworker_of_another_family_gets_404(client, auth, family, other_family):
    other_caseworker = other_family.memberships[0].user
    auth.login(other_caseworker)
    assert client.get(f"/families/{family.id}/people").status_code == 404
    assert client.get(f"/families/{other_family.id}/people").status_code == 200


def test_rows_of_another_family_are_404_even_inside_your_own_family_url(
    client, auth, caseworker, family, other_family
):
    """Ids from another family, put into my family's URL, must not reach that family's rows."""
    other_caseworker = other_family.memberships[0].user
    their_invitation, _, _link = factories.make_invitation(other_family, other_caseworker)
    their_person = factories.add_member(other_family, role=Role.PARENT,
                                        status=factories.MembershipStatus.PENDING)
    auth.login(caseworker)
    base = f"/families/{family.id}"
    assert client.post(f"{base}/invitations/{their_invitation.id}/revoke").status_code == 404
    assert client.post(f"{base}/people/{their_person.id}/approve").status_code == 404
    assert their_invitation.revoked_at is None
    assert their_person.status is factories.MembershipStatus.PENDING


def test_scope_helper_sets_the_family_for_time_zones(app, family, parent):
    from flask import g
    from flask_login import login_user

    with app.test_request_context():
        login_user(parent)
        scope = family_scope(family.id)
        assert g.family is scope.family
        child = family_row_or_404(type(family.children[0]), family.children[0].id, scope)
        assert child.name == "Mia"


# --- Routes outside a family ------------------------------------------------------------------

# Who may open each route that has no family in its address. The walk below fails for a route
# missing here, so each new one is a decision someone made, not a page nobody checked.
#   public: anyone, signed in or not (the page itself decides what to show)
#   signed_in: any signed-in person; others are sent to sign in (Flask-Login)
#   staff: caseworkers and admins (`staff_required`); everyone else gets 404
#   admin: admins only (`admin_required`); everyone else gets 404
#   token: no session; a secret in the address is the key, 404 otherwise
OUTSIDE_A_FAMILY = {
    "families.home": "public",
    "auth.sign_in": "public",
    "auth.sign_out": "public",
    "auth.language": "public",
    "recovery.forgot_password": "public",
    "joining.enter_code": "public",
    "joining.open_link": "public",
    "joining.accept": "public",
    "families.list_families": "signed_in",
    "auth.account": "signed_in",
    "auth.change_password": "signed_in",
    "auth.read_receipts": "signed_in",
    "feeds.feed_page": "signed_in",
    "glossary.index": "signed_in",
    "glossary.hints": "signed_in",
    "notifications.index": "signed_in",
    "notifications.open_one": "signed_in",
    "notifications.mark_all_read": "signed_in",
    "notifications.settings": "signed_in",
    "caseload.dashboard": "staff",
    "caseload.counts": "staff",
    "caseload.queue_all": "staff",
    "families.create_family": "staff",
    "admin.index": "admin",
    "admin.accounts": "admin",
    "admin.account": "admin",
    "admin.sign_out_person": "admin",
    "admin.turn_off": "admin",
    "admin.turn_on": "admin",
    "admin.new_caseworker": "admin",
    "admin.families": "admin",
    "admin.sign_out_everyone": "admin",
    "glossary.admin_list": "admin",
    "notifications.failed": "admin",
    "glossary.admin_edit": "admin",
    "recovery.staff_code": "admin",
    "feeds.feed": "token",
    "notifications.unsubscribe": "token",
    "static": "static",
}


def _a_notification_for(user, family, author) -> int:
    """A line in `user`'s notifications about a message they may read."""
    message = factories.make_message(family, author)
    notify.item_shared(message, author.id)
    _db.session.commit()
    return _db.session.scalar(select(Notification.id).where(Notification.user_id == user.id))


def rules_outside_a_family(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if "family_id" not in rule.arguments),
        key=lambda rule: rule.rule,
    )


def test_the_map_of_routes_outside_a_family_lists_only_routes_that_exist(app):
    endpoints = {rule.endpoint for rule in rules_outside_a_family(app)}
    gone = OUTSIDE_A_FAMILY.keys() - endpoints
    assert not gone, f"remove {sorted(gone)} from OUTSIDE_A_FAMILY in tests/test_access.py"
    assert set(OUTSIDE_A_FAMILY.values()) == {"public", "signed_in", "staff", "admin", "token",
                                              "static"}


def _signed_in_client(app, user):
    client = app.test_client()
    AuthActions(client).login(user)
    return client


def _answer(client, method, url):
    """The response, closed: a static file's answer holds the file open until then."""
    response = client.open(url, method=method)
    response.close()
    return response


def _sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response.location.startswith("/sign-in")


def test_every_route_outside_a_family_refuses_whoever_it_is_not_for(
    app, db, glossary, family, caseworker, parent, outsider, admin
):
    """Walks every rule without `family_id`: staff and admin pages are 404 for a parent, an
    outsider and a signed-out visitor (admin pages for a caseworker too), GET and POST alike
    (CSRF is off in tests, so the refusal is tested, not the token); signed-in pages send a
    signed-out visitor to sign in. Each page is also opened by someone it is for, so a 404
    there is the refusal and not a sample id that points at nothing."""
    _invitation, code, link = factories.make_invitation(family, caseworker)
    ids = {"user_id": parent.id, "key": glossary_services.all_terms()[0].key,
           "token": ical.new_feed_token(parent), "code": code, "link_token": link,
           "filename": "css/hearth.css",
           "notification_id": _a_notification_for(parent, family, caseworker)}
    # Where two routes name different secrets alike ("token"), each gets its own.
    own_ids = {"notifications.unsubscribe": {
        "token": tokens.make(parent.id, Channel.EMAIL, {Group.MESSAGES: 0})}}
    with app.test_request_context():
        urls = []
        for rule in rules_outside_a_family(app):
            kind = OUTSIDE_A_FAMILY.get(rule.endpoint)
            assert kind, (f"{rule.rule} ({rule.endpoint}): add it to OUTSIDE_A_FAMILY in "
                          "tests/test_access.py as public, signed_in, staff, admin or token")
            values = {**ids, **own_ids.get(rule.endpoint, {})}
            missing = rule.arguments - values.keys()
            assert not missing, f"{rule.rule}: add a sample for {missing} in this test's ids"
            url = url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
            urls.extend((kind, method, url, values.get("token"))
                        for method in sorted(rule.methods - SKIPPED_METHODS))

    refused_by_kind = {"staff": [parent, outsider, None],
                       "admin": [parent, outsider, caseworker, None]}
    clients = {None: app.test_client(), **{user: _signed_in_client(app, user)
                                           for user in (parent, outsider, caseworker, admin)}}
    audited = db.session.scalar(select(func.count()).select_from(AuditEvent))
    for kind, method, url, token in urls:
        if kind in refused_by_kind:
            for user in refused_by_kind[kind]:
                response = _answer(clients[user], method, url)
                who = user.display_name if user else "signed out"
                assert response.status_code == 404, f"{who}: {method} {url}"
            if method == "GET":
                allowed = clients[admin if kind == "admin" else caseworker]
                status = _answer(allowed, "GET", url).status_code
                assert status in (200, 303), f"{kind} may open {url}"
        elif kind == "signed_in":
            response = _answer(clients[None], method, url)
            assert _sent_to_sign_in(response), f"signed out: {method} {url}"
            if method == "GET":  # 303: a notification opened goes on to what it is about
                assert _answer(clients[parent], "GET", url).status_code in (200, 303), url
        elif kind == "token":
            assert _answer(clients[None], "GET", url).status_code == 200, url
            unknown = url.replace(token, "not-a-real-token")
            assert _answer(clients[None], "GET", unknown).status_code == 404
            # A session opens nothing here: only the token does.
            assert _answer(clients[parent], "GET", unknown).status_code == 404
        elif method == "GET":  # public and static: open to a signed-out visitor
            response = _answer(clients[None], "GET", url)
            assert response.status_code < 400 and not _sent_to_sign_in(response), url

    db.session.expire_all()
    # Nothing a refused request could do happened: no audited change, the account untouched.
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == audited
    assert parent.is_active and parent.session_version == 1
