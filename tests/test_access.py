"""Every family URL refuses outsiders, pending and paused members, and signed-out visitors.

The test walks the app's URL map, so a new route under /families/<family_id> is covered the day
it is added. A route with a new kind of id must add a sample to `sample_ids`, or this fails.
"""

import pytest
from flask import url_for

from app.access import family_row_or_404, family_scope
from app.models import Role
from tests import factories

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
    invitation, _code = factories.make_invitation(family, caseworker)
    event = factories.make_event(family, parent)
    about = factories.make_about(family, parent)
    photo = factories.make_photo(family, parent)
    message = factories.make_message(family, parent)
    family_time = factories.make_family_time(family, caseworker)
    concern = factories.make_concern(family, parent, shared=True)
    return {"family_id": family.id, "membership_id": membership.id, "invitation_id": invitation.id,
            "event_id": event.id, "child_id": family.children[0].id, "section": "bedtime",
            "version_id": about.id, "photo_id": photo.id, "message_id": message.id,
            "family_time_id": family_time.id, "concern_id": concern.id, "kind": "message",
            "item_id": message.id}


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
    their_invitation, _ = factories.make_invitation(other_family, other_caseworker)
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
