"""Member safety: the resource parent's address and phone stay hidden unless they share them;
a paused member gets nothing of the family by any route, feed or download; a pause whose end
date has passed counts as ended wherever a membership is checked."""

from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from app.family_time import ical
from app.models import AuditEvent, Membership, MembershipStatus, Message, Notification, Role
from app.models.notifications import NotificationKind
from app.models.types import utcnow
from tests import factories
from tests.test_access import sample_ids  # noqa: F401  (the fixture, shared with the walk)

ADDRESS = "12 Willow Lane, Springfield"
PHONE = "+1 555 0100 22"
SECRETS = ("Secret message about Mia", "Secret photo caption", "Secret school play",
           "Secret family center", "Secret concern", ADDRESS, PHONE)


def membership_of(db, user, family):
    return db.session.scalar(db.select(Membership).filter_by(user_id=user.id,
                                                             family_id=family.id))


def save_contact(client, family, share="hidden", address=ADDRESS, phone=PHONE):
    return client.post(f"/families/{family.id}/my-contact",
                       data={"address": address, "phone": phone, "share": share})


# --- the resource parent's address and phone ------------------------------------------------

def test_address_and_phone_are_hidden_until_the_resource_parent_shares_them(
        db, client, auth, family, parent, resource_parent, caseworker):
    partner = factories.make_user(display_name="Pat Partner")
    factories.add_member(family, partner, role=Role.PARENT_PARTNER)
    auth.login(resource_parent)
    page = client.get(f"/families/{family.id}/my-contact").text
    assert 'checked class="input" id="share-0"' in page  # "only me and my caseworker"
    assert save_contact(client, family).status_code == 303
    home = client.get(f"/families/{family.id}").text
    assert ADDRESS in home and PHONE in home  # their own

    def sees(user, url):
        auth.logout()
        auth.login(user)
        page = client.get(url).text
        return ADDRESS in page and PHONE in page

    home_url, people_url = f"/families/{family.id}", f"/families/{family.id}/people"
    assert sees(caseworker, home_url) and sees(caseworker, people_url)
    assert not sees(parent, home_url)
    assert not sees(partner, home_url)

    auth.logout()
    auth.login(resource_parent)
    assert save_contact(client, family, share="shared").status_code == 303
    assert sees(parent, home_url) and sees(partner, home_url)

    events = db.session.scalars(db.select(AuditEvent).filter_by(
        action="membership.contact_changed")).all()
    assert len(events) == 2
    assert all(ADDRESS not in str(e.detail) and PHONE not in str(e.detail) for e in events)


def test_the_model_decides_who_reads_contact_details(db, family, parent, resource_parent,
                                                     caseworker):
    rp = membership_of(db, resource_parent, family)
    rp.address, rp.phone = ADDRESS, PHONE
    db.session.commit()
    assert rp.contact_shown_to(rp)
    assert rp.contact_shown_to(membership_of(db, caseworker, family))
    assert not rp.contact_shown_to(membership_of(db, parent, family))
    rp.share_contact = True
    assert rp.contact_shown_to(membership_of(db, parent, family))


def test_only_the_resource_parent_edits_their_details_and_bad_input_changes_nothing(
        db, client, auth, family, parent, resource_parent, caseworker):
    for user in (parent, caseworker):
        auth.login(user)
        assert client.get(f"/families/{family.id}/my-contact").status_code == 403
        assert save_contact(client, family).status_code == 403
        auth.logout()
    auth.login(resource_parent)
    page = save_contact(client, family, phone="call me maybe").text
    assert "Por favor, use solo números" in page  # Rosa reads Hearth in Spanish
    page = save_contact(client, family, address="x" * 301).text
    assert "menos de 300 caracteres" in page
    assert save_contact(client, family, share="everyone").status_code == 200
    rp = membership_of(db, resource_parent, family)
    assert (rp.address, rp.phone, rp.share_contact) == ("", "", False)
    assert not db.session.scalar(db.select(AuditEvent).filter_by(
        action="membership.contact_changed"))


# --- a paused member gets nothing -------------------------------------------------------------

@pytest.fixture
def family_with_secrets(family, parent, resource_parent, caseworker):
    factories.make_message(family, parent, text="Secret message about Mia")
    factories.make_photo(family, parent, caption="Secret photo caption")
    factories.make_event(family, parent, title="Secret school play")
    factories.make_family_time(family, caseworker, place="Secret family center")
    factories.make_concern(family, parent, shared=True, what_happened="Secret concern")
    rp = membership_of(factories.db, resource_parent, family)
    rp.address, rp.phone, rp.share_contact = ADDRESS, PHONE, True
    factories.db.session.commit()
    return family


def every_get_url(app, ids):
    """Every GET route of the app, family or not, filled with real ids."""
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods:
                continue
            missing = rule.arguments - ids.keys()
            assert not missing, f"{rule.rule}: add a sample for {missing}"
            urls.append(url_for(rule.endpoint, **{name: ids[name] for name in rule.arguments}))
    return urls


def test_a_paused_member_gets_nothing_by_any_route(app, db, client, auth, family_with_secrets,
                                                   suspended_member, sample_ids):  # noqa: F811
    token = ical.new_feed_token(suspended_member)
    # A line of their notifications written before the pause, about the secret message.
    told = Notification(user_id=suspended_member.id, family_id=family_with_secrets.id,
                        kind=NotificationKind.MESSAGE, subject_kind="message",
                        subject_id=db.session.scalar(select(Message.id)), actor_id=None)
    db.session.add(told)
    db.session.commit()
    ids = {**sample_ids, "token": token, "user_id": suspended_member.id, "key": "caseworker",
           "code": "nothing", "link_token": "nothing", "filename": "css/hearth.css",
           "notification_id": told.id}
    auth.login(suspended_member)
    for url in every_get_url(app, ids):
        with client.get(url) as response:  # static files stream: close them
            body = response.get_data(as_text=True)
        if url.startswith(f"/families/{family_with_secrets.id}"):
            assert response.status_code == 404, url
        for secret in SECRETS:
            assert secret not in body, f"{url} shows {secret!r}"
    # What they do see: the notice.
    notice = client.get("/families").text
    assert "Your caseworker has paused your access" in notice


def test_the_calendar_feed_of_a_paused_member_lists_nothing_of_the_family(
        db, client, family_with_secrets, suspended_member, parent):
    paused_token = ical.new_feed_token(suspended_member)
    parent_token = ical.new_feed_token(parent)
    paused = client.get(f"/feed/{paused_token}.ics")
    assert paused.status_code == 200 and b"BEGIN:VCALENDAR" in paused.data
    assert b"BEGIN:VEVENT" not in paused.data
    assert b"Secret" not in paused.data
    # The same feed for an active member does list the family (so the check above can fail).
    assert b"Secret school play" in client.get(f"/feed/{parent_token}.ics").data


# --- a pause whose end date has passed counts as ended ----------------------------------------

def _pause(db, user, family, until):
    membership = membership_of(db, user, family)
    membership.status = MembershipStatus.SUSPENDED
    membership.status_reason = "Cooling-off period"
    membership.suspended_until = until
    db.session.commit()
    return membership


def test_the_feed_lifts_a_pause_that_is_over(db, client, family_with_secrets, parent):
    token = ical.new_feed_token(parent)
    _pause(db, parent, family_with_secrets, utcnow() + timedelta(days=1))
    assert b"Secret school play" not in client.get(f"/feed/{token}.ics").data
    membership = _pause(db, parent, family_with_secrets, utcnow() - timedelta(minutes=1))
    assert b"Secret school play" in client.get(f"/feed/{token}.ics").data
    db.session.refresh(membership)
    assert membership.status is MembershipStatus.ACTIVE
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).filter_by(
        action="membership.restored")) == 1


def test_the_quick_poll_never_answers_a_paused_member(db, client, auth, family, parent):
    auth.login(parent)
    version = family.thread_version
    poll = f"/families/{family.id}/messages/poll"
    assert client.get(poll, query_string={"v": version},
                      headers={"HX-Request": "true"}).status_code == 204
    membership = _pause(db, parent, family, utcnow() + timedelta(days=1))
    assert client.get(poll, query_string={"v": version},
                      headers={"HX-Request": "true"}).status_code == 404
    # Over: the quick answer steps aside and the real route lifts the pause and answers.
    _pause(db, parent, family, utcnow() - timedelta(seconds=1))
    assert client.get(poll, query_string={"v": version},
                      headers={"HX-Request": "true"}).status_code in (200, 204)
    db.session.refresh(membership)
    assert membership.status is MembershipStatus.ACTIVE


def test_a_member_whose_pause_is_over_is_counted_in_the_family(db, client, auth, family,
                                                               parent, resource_parent):
    membership = _pause(db, resource_parent, family, utcnow() + timedelta(days=1))
    assert not membership.is_in_effect()
    auth.login(parent)
    assert "Rosa" not in client.get(f"/families/{family.id}").text
    _pause(db, resource_parent, family, utcnow() - timedelta(seconds=1))
    assert membership.is_in_effect()
    assert db.session.scalar(db.select(db.func.count(Membership.id)).where(
        Membership.family_id == family.id, Membership.in_effect())) == 3
    assert "Rosa" in client.get(f"/families/{family.id}").text
