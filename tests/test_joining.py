"""Invitation codes: single use, 7 days, hashed, one family only, clear messages when refused."""

import re

import pytest

from app.codes import normalize_code
from app.joining import services as joining
from app.models import AuditEvent, Invitation, Membership, MembershipStatus, Role, User
from tests import factories
from tests.html_forms import forms_on
from tests.pages import as_read

NEW_ACCOUNT = {
    "display_name": "Marcus Rivera",
    "preferred_name": "Marcus",
    "email": "marcus@example.org",
    "password": "my kids are my world",
    "confirm": "my kids are my world",
}


def open_invitation(client, link, **kwargs):
    """Tap the caseworker's link: its token is read once and the browser moves on without it."""
    response = client.get(f"/join/{link}", **kwargs)
    assert response.status_code == 303, response.status_code
    assert response.headers["Location"] == "/join/accept"
    return response


def join(client, link, data=None, **kwargs):
    open_invitation(client, link)
    return client.post("/join/accept", data=data if data is not None else {}, **kwargs)


def test_codes_are_readable_and_only_their_hash_is_stored(family, caseworker, db):
    invitation, code, _link = factories.make_invitation(family, caseworker)
    assert re.fullmatch(r"([A-HJKMNP-TW-Z2-9]{4}-){2}[A-HJKMNP-TW-Z2-9]{4}", code)
    assert not set(code) & set("01ILOUV")
    stored = db.session.execute(db.text("SELECT * FROM invitations")).mappings().one()
    assert code not in str(dict(stored))
    assert code.replace("-", "") not in str(dict(stored))
    assert (invitation.expires_at - invitation.created_at).days == 7


def test_a_code_typed_loosely_still_works(client, family, caseworker):
    _invitation, code, _link = factories.make_invitation(family, caseworker)
    typed = code.lower().replace("-", " ")
    response = client.post("/join", data={"code": typed})
    assert response.status_code == 303
    assert response.headers["Location"] == "/join/accept"
    assert "Sam invited you" in as_read(client.get("/join/accept"))


def test_accepting_makes_a_pending_member_of_that_family_only(
    client, family, other_family, caseworker, db
):
    _invitation, _code, link = factories.make_invitation(family, caseworker, role=Role.PARENT,
                                                  relationship_label="Dad")
    response = join(client, link, NEW_ACCOUNT, follow_redirects=True)
    assert b"Waiting for approval" in response.data
    user = db.session.scalar(db.select(User).filter_by(email="marcus@example.org"))
    memberships = db.session.scalars(db.select(Membership).filter_by(user_id=user.id)).all()
    assert [(m.family_id, m.status, m.role, m.relationship_label) for m in memberships] == [
        (family.id, MembershipStatus.PENDING, Role.PARENT, "Dad")
    ]
    assert client.get(f"/families/{family.id}").status_code == 404
    assert client.get(f"/families/{other_family.id}").status_code == 404


def test_a_used_code_is_refused_with_a_clear_message(client, family, caseworker, db):
    _invitation, _code, link = factories.make_invitation(family, caseworker)
    # A second person opened the link before the first one used it.
    late = client.application.test_client()
    open_invitation(late, link)
    join(client, link, NEW_ACCOUNT)
    response = late.post("/join/accept", data={**NEW_ACCOUNT, "email": "someone@else.org"})
    assert response.status_code == 410
    assert b"This invitation was already used" in response.data
    assert db.session.scalar(db.select(User).filter_by(email="someone@else.org")) is None


def test_an_expired_code_is_refused_with_a_clear_message(client, family, caseworker, db):
    invitation, code, link = factories.make_invitation(family, caseworker)
    factories.expire(invitation)
    response = client.get(f"/join/{link}")
    assert response.status_code == 410
    assert b"This invitation has expired" in response.data
    assert b"ask your caseworker for a new one" in response.data
    assert client.post("/join", data={"code": code}).status_code == 410
    assert db.session.scalar(db.select(User).filter_by(email="marcus@example.org")) is None


def test_a_revoked_code_is_refused(client, auth, family, caseworker):
    invitation, _code, link = factories.make_invitation(family, caseworker)
    auth.login(caseworker)
    client.post(f"/families/{family.id}/invitations/{invitation.id}/revoke")
    auth.logout()
    response = client.get(f"/join/{link}")
    assert response.status_code == 410
    assert b"This invitation was cancelled" in response.data


def test_a_wrong_code_is_refused(client):
    response = client.get("/join/ABCD-EFGH-JKMN")
    assert response.status_code == 404
    assert b"We could not find this invitation code" in response.data
    response = client.post("/join", data={"code": "nope"})
    assert response.status_code == 404


def test_a_code_from_another_family_cannot_be_revoked_or_shown_through_yours(
    client, auth, family, caseworker, other_family
):
    other_caseworker = other_family.memberships[0].user
    invitation, code, _link = factories.make_invitation(other_family, other_caseworker)
    auth.login(caseworker)
    base = f"/families/{family.id}/invitations/{invitation.id}"
    assert client.post(f"{base}/revoke").status_code == 404
    assert invitation.revoked_at is None
    assert joining.look_up(code).ok


def test_a_signed_in_person_joins_with_their_account(client, auth, family, caseworker, outsider,
                                                     db):
    """A kin caregiver raising two sibling groups joins the second family with one account."""
    _invitation, _code, link = factories.make_invitation(
        family, caseworker, role=Role.RESOURCE_PARENT, is_kin=True)
    auth.login(outsider)
    open_invitation(client, link)
    page = as_read(client.get("/join/accept"))
    assert "Join as Outsider" in page and "Kin caregiver" in page
    client.post("/join/accept")
    membership = db.session.scalar(
        db.select(Membership).filter_by(user_id=outsider.id, family_id=family.id)
    )
    assert membership.status is MembershipStatus.PENDING and membership.is_kin


def test_a_declined_person_can_be_invited_again(client, auth, family, caseworker, db):
    from app.members import services as members

    declined = factories.make_user()
    membership = factories.add_member(family, declined, status=MembershipStatus.PENDING)
    members.decline(membership, caseworker, "Could not confirm who this is")
    _invitation, _code, link = factories.make_invitation(family, caseworker,
                                                         relationship_label="Dad")
    auth.login(declined)
    open_invitation(client, link)
    assert b"Join as" in client.get("/join/accept").data
    client.post("/join/accept")
    assert (membership.status, membership.relationship_label) == (MembershipStatus.PENDING, "Dad")
    assert membership.status_reason == ""


def test_the_new_account_keeps_the_language_of_the_page(client, family, caseworker, db):
    """The join form has no language field to disagree with the page: a locale sent anyway
    (an old form, a hand-made request) is not what decides. (tests/test_language_choice.py
    drives choosing it at the top of the page.)"""
    _invitation, _code, link = factories.make_invitation(family, caseworker)
    open_invitation(client, link, headers={"Accept-Language": "es"})
    page = client.get("/join/accept", headers={"Accept-Language": "es"}).get_data(as_text=True)
    join_form = next(f for f in forms_on(page, "/join/accept") if "password" in f.fields)
    assert "locale" not in join_form.fields
    response = client.post("/join/accept", data={**NEW_ACCOUNT, "locale": "en"},
                           headers={"Accept-Language": "es"})
    assert "hearth_lang=es" in response.headers["Set-Cookie"]
    user = db.session.execute(db.select(User).filter_by(email=NEW_ACCOUNT["email"])).scalar_one()
    assert user.locale == "es"


def test_a_member_opening_their_own_familys_code_is_told_so(client, auth, family, caseworker,
                                                            parent):
    _invitation, _code, link = factories.make_invitation(family, caseworker)
    auth.login(parent)
    open_invitation(client, link)
    response = client.get("/join/accept")
    assert response.status_code == 409
    page = as_read(response)
    assert "You are already in this family" in page
    # The way on is their family, not another code.
    assert f'href="/families/{family.id}">Go to The Rivera family<' in page
    assert "Type a code" not in page


def test_a_member_still_waiting_who_opens_a_new_code_is_sent_to_their_families(
    client, auth, family, caseworker, pending_member
):
    _invitation, code, _link = factories.make_invitation(family, caseworker)
    auth.login(pending_member)
    response = client.post("/join", data={"code": code}, follow_redirects=True)
    assert response.status_code == 409
    page = as_read(response)
    assert 'href="/families">Go to my families<' in page
    assert "Type a code" not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "", "username": ""}, b"Please give an email or choose a username."),
        ({"email": "", "username": "has space"}, b"with no spaces"),
        ({"password": "password1", "confirm": "password1"}, b"too easy to guess"),
        ({"password": "short", "confirm": "short"}, b"Use between 8 and 128 characters."),
        ({"confirm": "something else"}, b"The two passwords are not the same."),
        ({"email": "not an email"}, b"This does not look like an email address."),
    ],
)
def test_bad_account_details_get_a_clear_message_and_change_nothing(
    client, family, caseworker, db, changes, message
):
    invitation, _code, link = factories.make_invitation(family, caseworker)
    response = join(client, link, {**NEW_ACCOUNT, **changes})
    assert response.status_code == 200
    assert message in response.data
    assert invitation.accepted_at is None
    assert db.session.scalar(db.select(db.func.count(Membership.id))) == 1  # the caseworker


def test_an_existing_email_is_explained(client, family, caseworker, parent):
    _invitation, _code, link = factories.make_invitation(family, caseworker)
    response = join(client, link, {**NEW_ACCOUNT, "email": parent.email.upper()})
    assert b"If it is you, sign in first" in response.data


def test_people_without_email_join_with_a_username(client, family, caseworker, db):
    _invitation, _code, link = factories.make_invitation(family, caseworker)
    join(client, link, {**NEW_ACCOUNT, "email": "", "username": "Abuela.Rosa"})
    user = db.session.scalar(db.select(User).filter_by(username="abuela.rosa"))
    assert user is not None and user.email is None


def session_of(client) -> dict:
    """What the browser's session cookie holds, decoded as anyone holding the cookie can."""
    app = client.application
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    if cookie is None:
        return {}
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(cookie.value)


def test_the_code_is_shown_once_and_never_kept_in_the_session(client, auth, family, caseworker,
                                                              db):
    auth.login(caseworker)
    response = client.post(
        f"/families/{family.id}/invitations/new",
        data={"invitee_name": "Chris", "role": "resource_parent"},
    )
    # The answer to the POST itself: no redirect to a page that reads the code back.
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = as_read(response)
    code = re.search(r'id="invitation-code">([A-Z0-9-]+)<', page).group(1)
    link = re.search(r'/join/([A-Za-z0-9_-]+)</span>', page).group(1)
    assert len(link) >= 22 and normalize_code(code) not in normalize_code(link)
    invitation = db.session.scalar(db.select(Invitation))
    assert invitation.role is Role.RESOURCE_PARENT and not invitation.is_kin
    stored = str(session_of(client))
    assert code not in stored and normalize_code(code) not in stored and link not in stored
    people = as_read(client.get(f"/families/{family.id}/people"))
    assert code not in people and link not in people


def test_opening_the_link_keeps_the_code_out_of_urls_and_the_session(client, family, caseworker):
    invitation, code, link = factories.make_invitation(family, caseworker)
    response = open_invitation(client, link)
    assert code not in response.headers["Location"]
    assert session_of(client) == {"join_invitation_id": invitation.id}
    page = as_read(client.get("/join/accept"))
    assert code not in page and "Sam invited you to join The Rivera family" in page
    response = client.post("/join/accept", data=NEW_ACCOUNT)
    assert response.status_code == 303
    assert code not in str(session_of(client))
    assert "join_invitation_id" not in session_of(client)


def test_a_typed_code_goes_in_the_body_and_is_not_kept(client, family, caseworker):
    invitation, code, _link = factories.make_invitation(family, caseworker)
    response = client.post("/join", data={"code": code.lower()})
    assert response.headers["Location"] == "/join/accept"
    assert session_of(client) == {"join_invitation_id": invitation.id}


def test_the_join_page_without_an_opened_invitation_asks_for_the_code(client):
    response = client.get("/join/accept", follow_redirects=True)
    assert response.request.path == "/join"
    assert b"open the link you were sent again" in response.data


def test_an_invitation_opened_before_signing_in_is_still_open_after(
    client, family, caseworker, outsider, db
):
    _invitation, _code, link = factories.make_invitation(family, caseworker)
    open_invitation(client, link)
    page = as_read(client.get("/join/accept"))
    assert 'href="/sign-in?next=/join/accept"' in page
    client.post("/sign-in?next=/join/accept",
                data={"identifier": outsider.email, "password": factories.PASSWORD})
    assert "Join as Outsider" in as_read(client.get("/join/accept"))
    client.post("/join/accept")
    assert joining.membership_of(outsider, family.id).status is MembershipStatus.PENDING


def test_two_people_taking_one_username_at_once_get_a_message_not_an_error(
    client, family, caseworker, db, monkeypatch
):
    """Both pass the form's check; the database refuses the second insert."""
    invitation, _code, link = factories.make_invitation(family, caseworker)
    open_invitation(client, link)

    def taken_meanwhile(email, username):
        factories.make_user(email=None, username="abuela.rosa")  # the other person, just now
        return False

    monkeypatch.setattr("app.joining.forms.identifier_taken", taken_meanwhile)
    response = client.post(
        "/join/accept", data={**NEW_ACCOUNT, "email": "", "username": "Abuela.Rosa"}
    )
    assert response.status_code == 200
    assert b"Someone already uses this email or username" in response.data
    assert invitation.accepted_at is None
    assert db.session.scalar(db.select(User).filter_by(display_name="Marcus Rivera")) is None


def test_two_tabs_cannot_both_use_one_code(family, caseworker, db):
    invitation, _code, _link = factories.make_invitation(family, caseworker)
    first, second = factories.make_user(), factories.make_user()
    joining.accept(invitation, first)
    with pytest.raises(joining.InvitationAlreadyUsed):
        joining.accept(db.session.get(Invitation, invitation.id), second)
    assert db.session.scalar(
        db.select(db.func.count(Membership.id)).filter_by(family_id=family.id)
    ) == 2


def test_joining_is_audited(client, family, caseworker, db):
    _invitation, _code, link = factories.make_invitation(family, caseworker)
    join(client, link, NEW_ACCOUNT)
    actions = db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["invitation.created", "invitation.accepted"]


def test_failed_code_lookups_are_rate_limited(app, client):
    app.config["JOIN_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    for n in range(3):
        assert client.get(f"/join/AAAA-BBBB-CCC{n + 2}").status_code == 404
    assert client.get("/join/AAAA-BBBB-CCCC").status_code == 429
    assert client.post("/join", data={"code": "AAAA-BBBB-CCCC"}).status_code == 429


def test_the_ready_page_offers_a_text_message(client, auth, family, caseworker):
    auth.login(caseworker)
    response = client.post(f"/families/{family.id}/invitations/new",
                           data={"invitee_name": "Chris", "role": "parent"})
    page = as_read(response)
    code = re.search(r'id="invitation-code">([A-Z0-9-]+)<', page).group(1)
    assert 'href="sms:?&amp;body=Hello%20Chris' in page
    assert code in page.split('href="sms:')[1].split('"')[0]


# --- the link's own 128-bit token, the typed code, both stored as HMAC (issue 22) ---------------

def _plain_forms(secret: str) -> set[str]:
    """Everything a copy of the database must not hold: the secret and its plain hashes."""
    import hashlib

    forms = {secret, normalize_code(secret), secret.lower()}
    return forms | {hashlib.sha256(f.encode()).hexdigest() for f in set(forms)}


def test_the_link_carries_a_128_bit_token_and_the_short_code_is_for_typing(client, auth, family,
                                                                          caseworker, db):
    auth.login(caseworker)
    page = as_read(client.post(f"/families/{family.id}/invitations/new",
                       data={"invitee_name": "Chris", "role": "parent"}))
    code = re.search(r'id="invitation-code">([A-Z0-9-]+)<', page).group(1)
    link = re.search(r'/join/([A-Za-z0-9_-]+)</span>', page).group(1)
    assert len(link) >= 22  # secrets.token_urlsafe(16): 128 bits
    auth.logout()
    # The link opens the invitation...
    assert open_invitation(client, link).headers["Location"] == "/join/accept"
    assert "Sam invited you" in as_read(client.get("/join/accept"))
    # ...the short code typed does too, but in a link it is not a key.
    fresh = client.application.test_client()
    assert fresh.post("/join", data={"code": code}).headers["Location"] == "/join/accept"
    assert client.application.test_client().get(f"/join/{code}").status_code == 404


def test_the_database_holds_neither_secret_in_clear_nor_as_a_plain_hash(family, caseworker, db):
    _invitation, code, link = factories.make_invitation(family, caseworker)
    row = db.session.execute(db.text("SELECT * FROM invitations")).mappings().one()
    everything = " ".join(str(v) for v in row.values())
    for secret in (code, link):
        for plain in _plain_forms(secret):
            assert plain not in everything, plain
    assert row["code_hash"] and row["link_hash"] and row["code_hash"] != row["link_hash"]
    assert not row["legacy_hash"]


def test_codes_made_under_a_key_still_work_while_it_is_a_fallback(app, client, family,
                                                                caseworker):
    _invitation, code, link = factories.make_invitation(family, caseworker)
    old_key = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "a-new-key-" + "x" * 40
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    assert client.post("/join", data={"code": code}).status_code == 303
    assert app.test_client().get(f"/join/{link}").status_code == 303
    app.config["SECRET_KEY_FALLBACKS"] = []  # the old key dropped: its codes stop working
    assert app.test_client().post("/join", data={"code": code}).status_code == 404
    assert app.test_client().get(f"/join/{link}").status_code == 404


def test_an_invitation_from_before_hmac_keeps_working_until_it_runs_out(client, family,
                                                                       caseworker, db):
    """The upgrade marks existing rows `legacy_hash` (their plain SHA-256 cannot be turned into
    an HMAC); the code typed and the old link, which carried the code, both still work."""
    import hashlib

    invitation, _code, _link = factories.make_invitation(family, caseworker)
    old_code = "HK7M-9QXR-C4TW"
    invitation.code_hash = hashlib.sha256(normalize_code(old_code).encode()).hexdigest()
    invitation.link_hash, invitation.legacy_hash = None, True
    db.session.commit()
    assert open_invitation(client, old_code).headers["Location"] == "/join/accept"
    typed = client.application.test_client().post("/join", data={"code": old_code.lower()})
    assert typed.headers["Location"] == "/join/accept"
    factories.expire(invitation)
    assert client.application.test_client().get(f"/join/{old_code}").status_code == 410
