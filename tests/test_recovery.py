"""Getting back in after a forgotten password: a one-time code from the caseworker or an admin."""

import hashlib
import re
from datetime import timedelta

import pytest
from flask import request, request_finished

from app.config import TestingConfig
from app.models import AuditEvent, Membership, MembershipStatus, PasswordReset, Role
from app.recovery import services
from app.recovery.forms import ResetForm
from tests import factories
from tests.conftest import AuthActions
from tests.pages import as_read

NEW_PASSWORD = "sunny days at the park"
FAILED = "This code does not work with that email or username."
CODE_RE = re.compile(r'id="reset-code">([A-HJKMNP-TW-Z2-9]{4}-[A-HJKMNP-TW-Z2-9]{4}-'
                     r'[A-HJKMNP-TW-Z2-9]{4})<')


def membership_of(db, user, family) -> Membership:
    return db.session.scalar(db.select(Membership).filter_by(user_id=user.id, family_id=family.id))


def code_url(family, membership) -> str:
    return f"/families/{family.id}/people/{membership.id}/password-code"


def signed_in(app, user, password=factories.PASSWORD):
    """Another phone, signed in as `user`."""
    phone = app.test_client()
    AuthActions(phone).login(user, password)
    return phone


def issue(app, db, caseworker, family, person) -> str:
    """The caseworker makes a code for `person` on their own device; returns the code shown."""
    response = signed_in(app, caseworker).post(code_url(family, membership_of(db, person, family)))
    assert response.status_code == 200
    return CODE_RE.search(as_read(response)).group(1)


def reset(client, identifier, code, password=NEW_PASSWORD, **kwargs):
    return client.post(
        "/forgot-password",
        data={"identifier": identifier, "code": code, "password": password, "confirm": password},
        **kwargs,
    )


def can_sign_in(app, user, password) -> bool:
    response = app.test_client().post(
        "/sign-in", data={"identifier": user.sign_in_name, "password": password}
    )
    return response.status_code == 303


def audit(db, action):
    return db.session.scalars(db.select(AuditEvent).filter_by(action=action)).all()


# --- The whole flow ------------------------------------------------------------------------


def test_caseworker_gives_a_code_and_the_person_gets_back_in(app, client, caseworker, family,
                                                           parent, db):
    dana_old_phone = signed_in(app, parent)
    assert dana_old_phone.get(f"/families/{family.id}").status_code == 200

    sam = signed_in(app, caseworker)
    people = as_read(sam.get(f"/families/{family.id}/people"))
    url = code_url(family, membership_of(db, parent, family))
    assert "Help Dana set a new password" in people and f'href="{url}"' in people
    confirm = sam.get(url)
    assert confirm.status_code == 200
    assert "Make a code for Dana" in as_read(confirm)
    assert db.session.scalar(db.select(db.func.count(PasswordReset.id))) == 0  # GET makes none

    shown = sam.post(url)
    page = as_read(shown)
    assert shown.status_code == 200 and "Location" not in shown.headers
    assert shown.headers["Cache-Control"] == "no-store"
    code = CODE_RE.search(page).group(1)
    assert ("Go to Hearth, tap Forgot your password, and type this code. "
            "It works once, until") in page
    assert parent.email in page  # the sign-in name to tell them, too
    # Shown once: the code is in no cookie and no link, so nothing can show it again.
    assert code not in (sam.get_cookie("hearth_session").value or "")
    assert code not in str(app.session_interface.get_signing_serializer(app).loads(
        sam.get_cookie("hearth_session").value))
    assert not re.search(r'href="[^"]*' + re.escape(code), page)
    assert code not in as_read(sam.get(f"/families/{family.id}/people"))

    # Dana, signed out on another phone: sign-in page → "Forgot your password?" → the form.
    sign_in_page = as_read(client.get("/sign-in"))
    assert 'href="/forgot-password">Forgot your password?</a>' in sign_in_page
    form_page = as_read(client.get("/forgot-password"))
    assert "Ask your caseworker for a code to set a new password." in form_page
    assert "staff ask their admin" in form_page
    typed = code.lower().replace("-", " ")  # typed loosely still works
    done = reset(client, f"  {parent.email.upper()} ", typed)
    assert done.status_code == 303
    assert code not in done.headers["Location"] and typed not in done.headers["Location"]
    home = as_read(client.get(done.headers["Location"], follow_redirects=True))
    assert "Your password is changed. You are signed out everywhere else." in home
    assert client.get(f"/families/{family.id}").status_code == 200  # signed in, fresh session

    assert dana_old_phone.get(f"/families/{family.id}").status_code == 302  # old session ended
    assert can_sign_in(app, parent, NEW_PASSWORD)
    assert not can_sign_in(app, parent, factories.PASSWORD)
    stored = db.session.scalar(db.select(PasswordReset))
    assert stored.used_at is not None


def test_signed_in_people_are_sent_home_from_the_form(client, auth, parent):
    auth.login(parent)
    assert client.get("/forgot-password").status_code == 302


# --- The code: hashed, single use, short-lived, one open at a time --------------------------


def test_only_an_hmac_of_the_code_is_stored_never_a_plain_hash(app, caseworker, family, parent,
                                                                db):
    code = issue(app, db, caseworker, family, parent)
    row = db.session.execute(db.text("SELECT * FROM password_resets")).mappings().one()
    assert code not in str(dict(row)) and code.replace("-", "") not in str(dict(row))
    for typed in (code, code.replace("-", ""), code.lower()):
        assert row["code_hash"] != hashlib.sha256(typed.encode()).hexdigest()
    assert len(row["code_hash"]) == 64 and not row["legacy_hash"]
    # The typed code works; under another server key it would not (the key is the point).
    key = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "another-install-" + "k" * 40
    assert reset(app.test_client(), parent.email, code).status_code == 200  # refused
    app.config["SECRET_KEY_FALLBACKS"] = [key]
    assert reset(app.test_client(), parent.email, code).status_code == 303


def test_a_code_given_before_hmac_works_until_it_runs_out(app, client, caseworker, family,
                                                          parent, db):
    """The upgrade marks existing codes `legacy_hash`: their plain SHA-256 still matches."""
    issue(app, db, caseworker, family, parent)
    old_code = "HK7M-9QXR-C4TW"
    row = db.session.scalar(db.select(PasswordReset))
    row.code_hash = hashlib.sha256(old_code.replace("-", "").encode()).hexdigest()
    row.legacy_hash = True
    db.session.commit()
    assert reset(client, parent.email, old_code.lower()).status_code == 303


def test_a_code_works_once(app, client, caseworker, family, parent, db):
    code = issue(app, db, caseworker, family, parent)
    assert reset(client, parent.email, code).status_code == 303
    client.post("/sign-out")
    again = reset(client, parent.email, code, password="another fine password")
    assert again.status_code == 200 and FAILED in as_read(again)
    assert can_sign_in(app, parent, NEW_PASSWORD)
    assert not can_sign_in(app, parent, "another fine password")


def test_two_tabs_cannot_both_use_the_code(app, caseworker, family, parent, db, monkeypatch):
    code = issue(app, db, caseworker, family, parent)
    stale = services.open_code_for(parent.email, code)  # both tabs found it open
    assert services.set_new_password(parent.email, code, NEW_PASSWORD) is not None
    monkeypatch.setattr(services, "open_code_for", lambda *args: stale)
    assert services.set_new_password(parent.email, code, "the second tab's password") is None
    assert can_sign_in(app, parent, NEW_PASSWORD)
    assert len(audit(db, "password_reset.used")) == 1


def test_a_code_runs_out_after_four_hours(app, client, caseworker, family, parent, db):
    code = issue(app, db, caseworker, family, parent)
    stored = db.session.scalar(db.select(PasswordReset))
    assert stored.expires_at - stored.created_at == timedelta(hours=4)
    stored.expires_at = stored.created_at - timedelta(seconds=1)
    db.session.commit()
    response = reset(client, parent.email, code)
    assert response.status_code == 200 and FAILED in as_read(response)
    assert can_sign_in(app, parent, factories.PASSWORD)


def test_a_new_code_cancels_the_older_one(app, client, caseworker, family, parent, db):
    first = issue(app, db, caseworker, family, parent)
    second = issue(app, db, caseworker, family, parent)
    assert FAILED in as_read(reset(client, parent.email, first))
    assert reset(client, parent.email, second).status_code == 303
    assert len(audit(db, "password_reset.cancelled")) == 1


def test_using_a_code_cancels_the_persons_other_open_codes(app, client, caseworker, admin,
                                                         family, parent, db):
    # Two issuers at the same moment can leave two open codes; using one closes the other.
    from_caseworker = issue(app, db, caseworker, family, parent)
    racing = services._issue(parent, admin, family_id=None)
    db.session.execute(db.update(PasswordReset).values(cancelled_at=None))
    db.session.commit()
    assert reset(client, parent.email, racing.code).status_code == 303
    assert db.session.scalar(
        db.select(db.func.count(PasswordReset.id)).where(
            PasswordReset.used_at.is_(None), PasswordReset.cancelled_at.is_(None)
        )
    ) == 0
    client.post("/sign-out")
    assert FAILED in as_read(reset(client, parent.email, from_caseworker))
    assert can_sign_in(app, parent, NEW_PASSWORD)


# --- A wrong code: one plain message, nothing kept -----------------------------------------


@pytest.mark.parametrize("wrong", ["name", "code", "other_persons_code"])
def test_a_wrong_name_or_code_gets_one_plain_message(app, client, caseworker, family, parent,
                                                     resource_parent, db, wrong):
    code = issue(app, db, caseworker, family, parent)
    rosas_code = issue(app, db, caseworker, family, resource_parent)
    identifier, typed = {
        "name": ("nobody@example.org", code),
        "code": (parent.email, "AAAA-BBBB-CCCC"),
        "other_persons_code": (parent.email, rosas_code),
    }[wrong]
    response = reset(client, identifier, typed)
    page = as_read(response)
    assert response.status_code == 200 and FAILED in page
    assert "may be mistyped, used already or too old" in page
    # The name stays, so nobody types an email twice on a phone; the code and passwords do not.
    assert f'value="{identifier}"' in page
    assert typed not in page and NEW_PASSWORD not in page
    assert can_sign_in(app, parent, factories.PASSWORD)
    assert can_sign_in(app, resource_parent, factories.PASSWORD)


def test_a_weak_or_mismatched_new_password_is_refused_and_the_code_still_works(
    app, client, caseworker, family, parent, db
):
    code = issue(app, db, caseworker, family, parent)
    mismatch = client.post("/forgot-password", data={
        "identifier": parent.email, "code": code, "password": NEW_PASSWORD, "confirm": "other"})
    assert "The two passwords are not the same." in as_read(mismatch)
    assert "too easy to guess" in reset(client, parent.email, code, "password").get_data(
        as_text=True)
    assert reset(client, parent.email, code).status_code == 303


def test_a_new_password_built_from_the_persons_name_is_refused_once_the_code_is_right(
    app, client, caseworker, family, parent, db
):
    code = issue(app, db, caseworker, family, parent)
    response = reset(client, parent.email, code, "rivera rivera rivera")
    assert response.status_code == 200 and "it uses a name" in as_read(response)
    assert reset(client, parent.email, code).status_code == 303


def test_without_the_code_the_form_tells_nothing_about_whose_name_it_is(
    app, client, caseworker, family, parent, db
):
    """Before, "rivera rivera rivera" was refused as a name only when the account was Dana
    Rivera's: with no code, anyone could learn that an account exists and whose it is."""
    issue(app, db, caseworker, family, parent)
    for identifier in (parent.email, "nobody@example.org"):
        page = reset(client, identifier, "AAAA-BBBB-CCCC", "rivera rivera rivera").get_data(
            as_text=True)
        assert FAILED in page and "it uses a name" not in page


def test_the_form_refuses_only_the_words_typed(app, parent):
    with app.test_request_context(method="POST", data={"identifier": parent.email.upper()}):
        assert ResetForm().password_context_words() == [parent.email.upper()]


# --- Guessing is limited -------------------------------------------------------------------


def test_failed_codes_are_limited_per_address(app, client, caseworker, family, parent, db):
    app.config["RESET_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    code = issue(app, db, caseworker, family, parent)
    for n in range(3):
        assert reset(client, f"guess{n}@example.org", "AAAA-BBBB-CCCC").status_code == 200
    blocked = reset(client, parent.email, code)
    assert blocked.status_code == 429 and b"Too many tries" in blocked.data
    assert can_sign_in(app, parent, factories.PASSWORD)
    other_address = reset(client, parent.email, code, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other_address.status_code == 303


def test_tries_are_limited_per_account_from_any_address(app, client, caseworker, family, parent,
                                                        db):
    app.config["RESET_LIMIT_PER_ACCOUNT"] = "3 per hour"
    code = issue(app, db, caseworker, family, parent)
    for n in range(3):
        response = reset(client, parent.email, "AAAA-BBBB-CCCC",
                         environ_base={"REMOTE_ADDR": f"10.0.1.{n}"})
        assert response.status_code == 200
    # Counted before the code is checked: even the right code is refused now.
    blocked = reset(client, parent.email, code, environ_base={"REMOTE_ADDR": "10.0.1.99"})
    assert blocked.status_code == 429
    assert can_sign_in(app, parent, factories.PASSWORD)
    # Someone else is not held up by it.
    rosa = factories.make_user(username="rosa2", email=None, display_name="Rosa Two")
    factories.add_member(family, rosa)
    rosas_code = issue(app, db, caseworker, family, rosa)
    assert reset(app.test_client(), "rosa2", rosas_code).status_code == 303


def test_an_email_and_a_username_share_one_count(app, client, caseworker, family, db):
    """Counted by the account, as sign-in is: a second name must not double the guesses."""
    app.config["RESET_LIMIT_PER_ACCOUNT"] = "2 per hour"
    kim = factories.make_user(email="kim@example.org", username="kim")
    factories.add_member(family, kim)
    code = issue(app, db, caseworker, family, kim)
    for n, name in enumerate(["kim", "KIM@example.org"]):
        response = reset(client, name, "AAAA-BBBB-CCCC",
                         environ_base={"REMOTE_ADDR": f"10.0.2.{n}"})
        assert response.status_code == 200
    for name in ("kim@example.org", "kim"):
        blocked = reset(client, name, code, environ_base={"REMOTE_ADDR": "10.0.2.99"})
        assert blocked.status_code == 429


# --- Who may give a code -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visitor", "status"),
    [("outsider", 404), ("pending_member", 404), ("parent", 403), (None, 404)],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_only_the_familys_caseworker_gives_codes(request, app, client, auth, family,
                                                 resource_parent, db, visitor, status, method):
    if visitor is not None:
        auth.login(request.getfixturevalue(visitor))
    url = code_url(family, membership_of(db, resource_parent, family))
    response = client.open(url, method=method)
    assert response.status_code == status
    assert db.session.scalar(db.select(db.func.count(PasswordReset.id))) == 0


def test_a_caseworker_of_another_family_gets_404(app, client, auth, family, parent, db):
    other_caseworker = factories.make_caseworker()
    factories.make_family(other_caseworker, name="Another family")
    auth.login(other_caseworker)
    assert client.post(code_url(family, membership_of(db, parent, family))).status_code == 404


@pytest.mark.parametrize("status", [MembershipStatus.PENDING, MembershipStatus.SUSPENDED])
def test_pending_and_paused_people_can_be_helped(app, client, auth, caseworker, family, db,
                                                 status):
    person = factories.make_user(display_name="Waiting Person")
    membership = factories.add_member(family, person, status=status)
    auth.login(caseworker)
    assert "Help Waiting Person set a new password" in as_read(client.get(
        f"/families/{family.id}/people"))
    assert CODE_RE.search(as_read(client.post(code_url(family, membership))))


@pytest.mark.parametrize("who", ["declined", "ended", "staff_member", "co_caseworker", "self"])
def test_a_caseworker_cannot_give_codes_for_staff_or_people_who_left(client, auth, caseworker,
                                                                     family, db, who):
    if who == "self":
        membership = membership_of(db, caseworker, family)
    else:
        staff = who in ("staff_member", "co_caseworker")
        person = factories.make_user(display_name="Someone Else", is_staff=staff)
        membership = factories.add_member(
            family, person,
            role=Role.CASEWORKER if who == "co_caseworker" else Role.PARENT,
            status={"declined": MembershipStatus.DECLINED,
                    "ended": MembershipStatus.ENDED}.get(who, MembershipStatus.ACTIVE),
        )
    auth.login(caseworker)
    people = as_read(client.get(f"/families/{family.id}/people"))
    assert code_url(family, membership) not in people
    assert client.get(code_url(family, membership)).status_code == 403
    assert client.post(code_url(family, membership)).status_code == 403
    assert db.session.scalar(db.select(db.func.count(PasswordReset.id))) == 0


def test_a_caseworker_cannot_reset_someone_who_is_also_in_another_caseworkers_family(
    app, client, auth, caseworker, family, parent, db
):
    """With the code, Sam could sign in as Dana and read the other family's pages: a family
    Sam does not work with. That person is the admin's to help."""
    other_family = factories.make_family(factories.make_caseworker(), name="The Other family")
    factories.add_member(other_family, parent)
    membership = membership_of(db, parent, family)
    auth.login(caseworker)
    people = as_read(client.get(f"/families/{family.id}/people"))
    assert code_url(family, membership) not in people
    assert client.post(code_url(family, membership)).status_code == 403
    assert db.session.scalar(db.select(db.func.count(PasswordReset.id))) == 0


def test_a_caseworker_can_reset_someone_in_two_of_their_own_families(
    app, client, auth, caseworker, family, parent, db
):
    second = factories.make_family(caseworker, name="The Second family")
    factories.add_member(second, parent)
    auth.login(caseworker)
    people = as_read(client.get(f"/families/{family.id}/people"))
    assert code_url(family, membership_of(db, parent, family)) in people
    assert client.post(code_url(family, membership_of(db, parent, family))).status_code == 200


def test_an_admin_gives_a_caseworker_a_code(app, client, caseworker, admin, db):
    admin_phone = signed_in(app, admin)
    staff_page = as_read(admin_phone.get(f"/admin/accounts/{caseworker.id}"))
    url = f"/admin/people/{caseworker.id}/password-code"
    assert "Help Sam set a new password" in staff_page and f'href="{url}"' in staff_page
    own_page = as_read(admin_phone.get(f"/admin/accounts/{admin.id}"))
    assert "set a new password" not in own_page  # not for themselves
    assert admin_phone.get(url).status_code == 200
    code = CODE_RE.search(as_read(admin_phone.post(url))).group(1)
    assert reset(client, caseworker.email, code).status_code == 303
    assert can_sign_in(app, caseworker, NEW_PASSWORD)
    issued = audit(db, "password_reset.issued")[-1]
    assert (issued.actor_id, issued.subject_id, issued.family_id) == (admin.id, caseworker.id,
                                                                      None)


def test_an_admin_can_help_anyone(app, client, admin, family, parent):
    response = signed_in(app, admin).post(f"/admin/people/{parent.id}/password-code")
    code = CODE_RE.search(as_read(response)).group(1)
    assert reset(client, parent.email, code).status_code == 303


@pytest.mark.parametrize("visitor", ["caseworker", "parent", None])
def test_only_admins_use_the_admin_code_page(request, client, auth, admin, family, visitor, db):
    if visitor is not None:
        auth.login(request.getfixturevalue(visitor))
    for method in ("GET", "POST"):
        assert client.open(f"/admin/people/{admin.id}/password-code",
                           method=method).status_code == 404
    assert db.session.scalar(db.select(db.func.count(PasswordReset.id))) == 0


def test_an_admin_cannot_give_themselves_a_code(client, auth, admin):
    auth.login(admin)
    assert client.post(f"/admin/people/{admin.id}/password-code").status_code == 403


def test_the_code_page_and_the_refusal_read_in_spanish(app, client, caseworker, family,
                                                        resource_parent, db):
    caseworker.locale = "es"
    db.session.commit()
    sam = signed_in(app, caseworker)
    page = sam.post(code_url(family, membership_of(db, resource_parent, family))).get_data(
        as_text=True)
    assert "Entre a Hearth, toque ¿Olvidó su contraseña? y escriba este código." in page
    client.set_cookie(TestingConfig.LANGUAGE_COOKIE_NAME, "es")
    refused = as_read(reset(client, "rosa", "AAAA-BBBB-CCCC"))
    assert "Este código no funciona con ese correo electrónico o nombre de usuario." in refused


# --- The record ----------------------------------------------------------------------------


def test_codes_are_in_the_familys_record_and_no_code_is_written_down(app, client, caseworker,
                                                                      family, parent, db):
    first = issue(app, db, caseworker, family, parent)
    second = issue(app, db, caseworker, family, parent)
    reset(client, parent.email, second)
    events = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action.like("password_reset.%"))
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.actor_id, e.subject_id, e.family_id) for e in events] == [
        ("password_reset.issued", caseworker.id, parent.id, family.id),
        ("password_reset.cancelled", caseworker.id, parent.id, family.id),
        ("password_reset.issued", caseworker.id, parent.id, family.id),
        ("password_reset.used", parent.id, parent.id, family.id),
    ]
    written = str(db.session.execute(db.text("SELECT * FROM audit_events")).all())
    for code in (first, second):
        assert code not in written and code.replace("-", "") not in written

    record_page = signed_in(app, caseworker).get(f"/families/{family.id}/record")
    page = as_read(record_page)
    assert "Sam gave Dana a code to set a new password." in page
    assert "An older code for Dana to set a new password was cancelled." in page
    assert "Dana set a new password with a code." in page


def test_the_code_never_reaches_a_url_or_the_access_log(app, client, caseworker, family, parent,
                                                        db):
    """Every request of the flow, as the server saw it: the code is in no path or query."""
    seen = []

    def remember(sender, response, **extra):
        seen.append((request.full_path, response.headers.get("Location", "")))

    code = issue(app, db, caseworker, family, parent)
    with request_finished.connected_to(remember, app):
        client.get("/sign-in")
        client.get("/forgot-password")
        reset(client, parent.email, code, follow_redirects=True)
    assert len(seen) >= 5
    for path, location in seen:
        assert code not in path + location and code.replace("-", "") not in path + location


def test_a_turned_off_account_gets_no_code_and_an_open_code_does_not_turn_it_on(
    app, client, caseworker, family, parent, admin, db
):
    from app.admin.services import deactivate

    membership = membership_of(db, parent, family)
    code = CODE_RE.search(
        as_read(signed_in(app, caseworker).post(code_url(family, membership)))
    ).group(1)
    deactivate(parent, actor=admin, reason="Left the agency's care")
    assert reset(client, parent.email, code).status_code == 200  # the plain refusal
    assert not can_sign_in(app, parent, NEW_PASSWORD)
    assert signed_in(app, caseworker).post(code_url(family, membership)).status_code == 403


def test_turning_an_account_off_cancels_its_open_codes(app, client, caseworker, family, parent,
                                                      admin, db):
    """Turned off (a stolen phone, a code given by mistake) and on again the same afternoon:
    a code from before must not work any more."""
    from app.admin.services import deactivate, reactivate

    code = issue(app, db, caseworker, family, parent)
    deactivate(parent, actor=admin, reason="Lost phone")
    reactivate(parent, actor=admin)
    assert FAILED in as_read(reset(client, parent.email, code))
    assert can_sign_in(app, parent, factories.PASSWORD)
    assert audit(db, "password_reset.cancelled")[-1].actor_id == admin.id


# --- A reset is a proof of who the person is, like a right password ------------------------


def test_after_a_reset_this_phone_gets_past_a_spent_daily_ceiling(app, caseworker, family,
                                                                  parent, db):
    """Strangers spent the account's daily ceiling; the caseworker's code gets Dana back in,
    and signing in again later on the same phone must not be refused for the rest of the day."""
    app.config["SIGN_IN_LIMIT_PER_ACCOUNT_DAILY"] = "10 per day"
    for n in range(12):
        stranger = app.test_client()
        stranger.environ_base["REMOTE_ADDR"] = f"203.0.113.{n}"
        stranger.post("/sign-in", data={"identifier": parent.email, "password": "guess guess"})
    phone = app.test_client()
    phone.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    assert phone.post("/sign-in", data={"identifier": parent.email,
                                        "password": factories.PASSWORD}).status_code == 429
    assert reset(phone, parent.email, issue(app, db, caseworker, family, parent)).status_code == 303
    phone.post("/sign-out")
    response = phone.post("/sign-in", data={"identifier": parent.email, "password": NEW_PASSWORD})
    assert response.status_code == 303


def test_a_reset_counts_as_choosing_ones_own_first_password(app, client, admin, db):
    """A new caseworker who lost the admin's first password chose their own with the code."""
    staff = factories.make_caseworker()
    staff.must_change_password = True
    db.session.commit()
    response = signed_in(app, admin).post(f"/admin/people/{staff.id}/password-code")
    code = CODE_RE.search(as_read(response)).group(1)
    assert reset(client, staff.email, code).status_code == 303
    response = client.get("/account")
    assert response.status_code == 200
    assert b"Please choose your own password" not in response.data
