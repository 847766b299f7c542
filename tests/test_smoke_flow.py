"""The story of issue 2: invite → accept → pending → approve → the parent sees the family."""

import re

from app.models import AuditEvent, Membership, MembershipStatus
from tests.pages import as_read


def test_invite_accept_approve_then_family_home(client, auth, caseworker, family, db):
    auth.login(caseworker)
    response = client.post(
        f"/families/{family.id}/invitations/new",
        data={"invitee_name": "Dana Rivera", "role": "parent", "relationship_label": "Mom"},
    )
    page = as_read(response)
    code = re.search(r'id="invitation-code">([A-Z0-9-]+)<', page).group(1)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    link = re.search(r'/join/([A-Za-z0-9_-]{22,})<', page).group(1)
    auth.logout()

    page = as_read(client.get(f"/join/{link}", follow_redirects=True))
    assert "Sam invited you to join The Rivera family" in page
    response = client.post(
        "/join/accept",
        data={
            "display_name": "Dana Rivera",
            "preferred_name": "Dana",
            "email": "dana@example.org",
            "password": "a long walk home",
            "confirm": "a long walk home",
        },
        follow_redirects=True,
    )
    page = as_read(response)
    assert "Waiting for approval" in page
    assert "The Rivera family" in page
    assert client.get(f"/families/{family.id}").status_code == 404
    auth.logout()

    auth.login(caseworker)
    membership = db.session.scalar(db.select(Membership).filter_by(status=MembershipStatus.PENDING))
    response = client.post(
        f"/families/{family.id}/people/{membership.id}/approve", follow_redirects=True
    )
    assert "Dana is approved" in as_read(response)
    auth.logout()

    client.post("/sign-in", data={"identifier": "DANA@example.org", "password": "a long walk home"})
    response = client.get("/", follow_redirects=True)
    page = as_read(response)
    assert response.request.path == f"/families/{family.id}"
    assert "Mia" in page and "Sam" in page and "Mom" in page
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"invitation.created", "invitation.accepted", "membership.approved"} <= actions
