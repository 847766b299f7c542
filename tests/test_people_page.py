"""The caseworker's People page: who a waiting person is, stale approvals, restoring a pause,
and the invite form's roles."""

import re
from datetime import timedelta

import pytest

from app.joining import services as joining
from app.models import AuditEvent, Invitation, Membership, MembershipStatus, Role
from app.models.types import utcnow
from tests import factories
from tests.pages import as_read


def membership_of(db, user, family):
    return db.session.scalar(
        db.select(Membership).filter_by(user_id=user.id, family_id=family.id)
    )


def audit_count(db) -> int:
    return db.session.scalar(db.select(db.func.count(AuditEvent.id)))


def joined(family, caseworker, *, invitee_name, **account):
    """Someone who used an invitation made out to `invitee_name` and now waits for approval."""
    invitation, _code, _link = factories.make_invitation(
        family, caseworker, invitee_name=invitee_name, relationship_label="Dad"
    )
    user = factories.make_user(**account)
    return joining.accept(invitation, user)


# --- Who is waiting -------------------------------------------------------------------------


def person_row(page: str, membership_id: int) -> str:
    start = page.index(f'id="person-{membership_id}"')
    return page[start:page.index("</li>", start)]


def test_a_waiting_persons_row_shows_what_confirms_who_they_are(client, auth, caseworker,
                                                                family, db):
    by_email = joined(family, caseworker, invitee_name="Marcus Rivera",
                      display_name="Marc R", email="marc@example.org")
    by_username = joined(family, caseworker, invitee_name="Luis Rivera",
                         display_name="Luis", email=None, username="luis.r")
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/people"))
    row = person_row(page, by_email.id)
    assert "Invitation was for" in row and "Marcus Rivera" in row
    assert "Parent · Dad" in row  # the role and how the child knows them
    assert "Email" in row and "marc@example.org" in row
    row = person_row(page, by_username.id)
    assert "Luis Rivera" in row and "Username" in row and "luis.r" in row
    # Only while they wait: an approved person's row does not keep the checks.
    caseworker_row = person_row(page, membership_of(db, caseworker, family).id)
    assert "Invitation was for" not in caseworker_row


def test_the_people_page_loads_invitations_without_a_query_per_person(
    client, auth, caseworker, family, db, count_queries
):
    auth.login(caseworker)
    joined(family, caseworker, invitee_name="One")
    with count_queries() as one:
        client.get(f"/families/{family.id}/people")
    for n in range(3):
        joined(family, caseworker, invitee_name=f"More {n}")
    with count_queries() as four:
        page = as_read(client.get(f"/families/{family.id}/people"))
    assert all(f"More {n}" in page for n in range(3))
    assert four.count == one.count


# --- Approving someone another caseworker just declined ----------------------------------


def test_approve_by_htmx_after_a_decline_says_the_status_changed(client, auth, caseworker,
                                                                 family, pending_member, db):
    from app.members import services

    membership = membership_of(db, pending_member, family)
    other_caseworker = factories.make_caseworker()
    services.decline(membership, other_caseworker, "Not the right person")
    auth.login(caseworker)
    response = client.post(
        f"/families/{family.id}/people/{membership.id}/approve", headers={"HX-Request": "true"}
    )
    row = as_read(response)
    assert row.lstrip().startswith(f'<li class="card" id="person-{membership.id}">')
    assert "This person's status has changed. Here is how things are now." in row
    assert "Not approved: Not the right person" in row
    assert "is approved" not in row
    assert membership.status is MembershipStatus.DECLINED


def test_the_stale_approval_message_is_in_spanish_too(client, auth, caseworker, family,
                                                      parent, db):
    caseworker.locale = "es"
    db.session.commit()
    auth.login(caseworker)
    membership = membership_of(db, parent, family)
    row = as_read(client.post(f"/families/{family.id}/people/{membership.id}/approve",
                      headers={"HX-Request": "true"}))
    assert "La situación de esta persona cambió. Así están las cosas ahora." in row


# --- Restoring a pause asks first ----------------------------------------------------------


def test_restore_asks_first_and_shows_the_pause(client, auth, caseworker, family, db):
    paused = factories.make_user(display_name="Paused Person")
    until = utcnow() + timedelta(days=30)
    membership = factories.add_member(family, paused, status=MembershipStatus.SUSPENDED,
                                      status_reason="No-contact order", suspended_until=until)
    auth.login(caseworker)
    people = as_read(client.get(f"/families/{family.id}/people"))
    url = f"/families/{family.id}/people/{membership.id}/restore"
    # On the People page, Restore is a link to the question, not a button that acts at once.
    assert f'<a class="button" href="{url}"><span>Restore Paused Person</span></a>' in people
    before = audit_count(db)
    page = as_read(client.get(url))
    assert "Restore Paused Person?" in page
    assert "No-contact order" in page
    assert re.search(r"Paused until</dt><dd>[^<]*\d{4}", page)
    assert "Yes, restore Paused Person</span></button>" in page
    assert 'name="csrf_token"' in page
    db.session.refresh(membership)
    assert membership.status is MembershipStatus.SUSPENDED and audit_count(db) == before

    response = client.post(url, follow_redirects=True)
    assert b"Paused Person can see the family again." in response.data
    db.session.refresh(membership)
    assert membership.status is MembershipStatus.ACTIVE


def test_restore_without_an_end_date_says_so(client, auth, caseworker, family,
                                             suspended_member, db):
    membership = membership_of(db, suspended_member, family)
    auth.login(caseworker)
    page = client.get(f"/families/{family.id}/people/{membership.id}/restore").get_data(
        as_text=True)
    assert "Until you restore them" in page


def test_restore_of_someone_not_paused_says_the_status_changed(client, auth, caseworker, family,
                                                               parent, db):
    membership = membership_of(db, parent, family)
    auth.login(caseworker)
    response = client.get(f"/families/{family.id}/people/{membership.id}/restore",
                          follow_redirects=True)
    assert response.request.path == f"/families/{family.id}/people"
    assert b"This person&#39;s status has changed" in response.data


@pytest.mark.parametrize(
    ("visitor", "status"),
    [("outsider", 404), ("pending_member", 404), (None, 404), ("parent", 403)],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_restore_is_refused_to_everyone_but_the_caseworker(request, client, auth, family,
                                                           suspended_member, db, visitor,
                                                           status, method):
    membership = membership_of(db, suspended_member, family)
    if visitor is not None:
        auth.login(request.getfixturevalue(visitor))
    response = client.open(f"/families/{family.id}/people/{membership.id}/restore",
                           method=method)
    assert response.status_code == status
    db.session.refresh(membership)
    assert membership.status is MembershipStatus.SUSPENDED


# --- The invite form's roles ---------------------------------------------------------------


def invite(client, family, **data):
    return client.post(f"/families/{family.id}/invitations/new",
                       data={"invitee_name": "Rosa", **data})


@pytest.mark.parametrize(
    ("choice", "role", "is_kin"),
    [
        ("parent", Role.PARENT, False),
        ("resource_parent", Role.RESOURCE_PARENT, False),
        ("kin_caregiver", Role.RESOURCE_PARENT, True),
        ("parent_partner", Role.PARENT_PARTNER, False),
    ],
)
def test_kin_is_a_role_choice_of_its_own(client, auth, caseworker, family, db, choice, role,
                                         is_kin):
    auth.login(caseworker)
    form = as_read(client.get(f"/families/{family.id}/invitations/new"))
    assert 'type="checkbox"' not in form
    assert "Kin caregiver (a relative or family friend the child lives with)" in form
    assert invite(client, family, role=choice).status_code == 200
    invitation = db.session.scalar(db.select(Invitation))
    assert (invitation.role, invitation.is_kin) == (role, is_kin)


def test_an_unknown_role_is_refused_and_nothing_is_made(client, auth, caseworker, family, db):
    auth.login(caseworker)
    response = invite(client, family, role="caseworker", is_kin="y")
    assert b"Not a valid choice" in response.data
    assert db.session.scalar(db.select(Invitation)) is None


def test_the_invite_form_reads_in_spanish(client, auth, caseworker, family, db):
    caseworker.locale = "es"
    db.session.commit()
    auth.login(caseworker)
    form = as_read(client.get(f"/families/{family.id}/invitations/new"))
    assert "Familiar que cuida al niño (un pariente o amigo de la familia" in form


def test_kin_for_another_role_is_refused_not_dropped(family, caseworker):
    with pytest.raises(ValueError, match="Only a resource parent can be kin"):
        joining.create_invitation(family_id=family.id, actor=caseworker, role=Role.PARENT,
                                  invitee_name="Dana", is_kin=True)
