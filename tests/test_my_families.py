"""The My families page: where a person stands in each family, and a way to use a new code."""

import pytest

from app.members import services as members
from app.models import Membership, MembershipStatus
from tests import factories
from tests.pages import as_read

ENTER_CODE_LINK = 'href="/join">I have an invitation code</a>'


def test_a_person_who_was_not_approved_is_told_why_and_what_to_do(client, auth, family,
                                                                   caseworker, db):
    person = factories.make_user(display_name="Marcus Rivera")
    membership = factories.add_member(family, person, status=MembershipStatus.PENDING)
    members.decline(membership, caseworker, "We could not confirm who you are.")
    auth.login(person)
    page = as_read(client.get("/families"))
    assert "Your caseworker did not approve you for The Rivera family." in page
    assert "Your caseworker's reason: We could not confirm who you are." in page
    assert "please talk to your caseworker" in page
    assert "If you get a new invitation, you can use it." in page
    assert ENTER_CODE_LINK in page


def test_the_caseworker_is_told_the_reason_will_be_as_read(client, auth, family, caseworker,
                                                        pending_member, db):
    membership = db.session.scalar(db.select(Membership).filter_by(user_id=pending_member.id))
    auth.login(caseworker)
    page = client.get(f"/families/{family.id}/people/{membership.id}/decline")
    assert b"Marcus Rivera will see this reason when they sign in." in page.data


def test_a_decline_without_a_reason_still_says_so(client, auth, family, declined_member):
    auth.login(declined_member)
    page = as_read(client.get("/families"))
    assert "Your caseworker did not approve you for The Rivera family." in page
    assert "reason:" not in page


def test_a_person_whose_membership_ended_is_told_so(client, auth, family, db):
    person = factories.make_user()
    factories.add_member(family, person, status=MembershipStatus.ENDED)
    auth.login(person)
    page = as_read(client.get("/families"))
    assert "You are no longer in The Rivera family." in page
    assert "talk to your caseworker" in page


def test_spanish_readers_are_told_in_spanish(client, auth, family, caseworker, db):
    person = factories.make_user(locale="es")
    membership = factories.add_member(family, person, status=MembershipStatus.PENDING)
    members.decline(membership, caseworker, "No pudimos confirmar quién es usted.")
    auth.login(person)
    page = as_read(client.get("/families"))
    assert "Su trabajador(a) social no aprobó su acceso a The Rivera family." in page
    assert "No pudimos confirmar quién es usted." in page
    assert "Tengo un código de invitación" in page


@pytest.mark.parametrize("who", ["parent", "pending_member", "suspended_member", "caseworker",
                                 "outsider"])
def test_everyone_signed_in_can_use_a_new_code(request, client, auth, who):
    """A kin caregiver already in one family is read a code for a second sibling group."""
    auth.login(request.getfixturevalue(who))
    assert ENTER_CODE_LINK in as_read(client.get("/families"))


def test_a_member_uses_a_second_code_from_my_families(client, auth, family, caseworker, outsider,
                                                      db):
    _invitation, code, _link = factories.make_invitation(family, caseworker)
    auth.login(outsider)
    client.post("/join", data={"code": code}, follow_redirects=True)
    client.post("/join/accept")
    membership = db.session.scalar(
        db.select(Membership).filter_by(user_id=outsider.id, family_id=family.id)
    )
    assert membership.status is MembershipStatus.PENDING
