"""The caseworker's work with people: approve, decline, pause and restore; each one audited."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.members import services
from app.models import AuditEvent, Membership, MembershipStatus
from app.models.types import utcnow
from tests import factories
from tests.pages import as_read


def membership_of(db, user, family):
    return db.session.scalar(
        db.select(Membership).filter_by(user_id=user.id, family_id=family.id)
    )


def audit_actions(db):
    return db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)).all()


def test_the_people_page_lists_everyone_with_their_status(client, auth, caseworker, family,
                                                          parent, pending_member,
                                                          suspended_member):
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/people"))
    assert "Approve Marcus Rivera" in page
    assert "Pause Dana" in page
    assert "Restore Paused Person" in page
    assert "No-contact order" in page


def test_approve_with_htmx_swaps_the_row_and_says_so(client, auth, caseworker, family,
                                                      pending_member, db):
    auth.login(caseworker)
    membership = membership_of(db, pending_member, family)
    response = client.post(
        f"/families/{family.id}/people/{membership.id}/approve", headers={"HX-Request": "true"}
    )
    body = as_read(response)
    assert body.lstrip().startswith(f'<li class="card" id="person-{membership.id}">')
    assert "is approved and can now see the family" in body
    assert "<html" not in body
    assert membership.status is MembershipStatus.ACTIVE
    # Without JavaScript the same button posts a form and comes back to the page.
    assert client.get(f"/families/{family.id}/people").status_code == 200


def test_approving_twice_says_the_status_changed(client, auth, caseworker, family, parent, db):
    auth.login(caseworker)
    membership = membership_of(db, parent, family)
    response = client.post(
        f"/families/{family.id}/people/{membership.id}/approve", follow_redirects=True
    )
    assert b"This person&#39;s status has changed" in response.data
    assert "membership.approved" not in audit_actions(db)


def test_decline_needs_a_reason_and_keeps_the_person_out(client, auth, caseworker, family,
                                                         pending_member, db):
    auth.login(caseworker)
    membership = membership_of(db, pending_member, family)
    url = f"/families/{family.id}/people/{membership.id}/decline"
    response = client.post(url, data={"reason": ""})
    assert b"This field is required." in response.data
    assert membership.status is MembershipStatus.PENDING
    client.post(url, data={"reason": "We could not confirm who this is."})
    assert membership.status is MembershipStatus.DECLINED
    assert audit_actions(db)[-1] == "membership.declined"
    auth.logout()
    auth.login(pending_member)
    assert client.get(f"/families/{family.id}").status_code == 404


def test_reason_hints_say_who_sees_the_reason(client, auth, caseworker, family,
                                             pending_member, parent, db):
    """A declined person sees the reason on My families; a paused one has to ask for it."""
    auth.login(caseworker)
    pending = membership_of(db, pending_member, family)
    decline = client.get(f"/families/{family.id}/people/{pending.id}/decline")
    page = as_read(decline)
    assert "will see this reason when they sign in." in page
    assert "can ask to see this" not in page  # would contradict the line above
    active = membership_of(db, parent, family)
    pause = client.get(f"/families/{family.id}/people/{active.id}/suspend")
    assert "The person can ask to see this." in as_read(pause)


def test_pausing_ends_their_sessions_and_hides_the_family(app, client, auth, caseworker, family,
                                                          parent, db):
    parents_phone = app.test_client()
    parents_phone.post("/sign-in", data={"identifier": parent.email,
                                         "password": factories.PASSWORD})
    assert parents_phone.get(f"/families/{family.id}").status_code == 200

    auth.login(caseworker)
    membership = membership_of(db, parent, family)
    client.post(f"/families/{family.id}/people/{membership.id}/suspend",
                data={"reason": "No-contact order from the court"})
    assert membership.status is MembershipStatus.SUSPENDED
    assert parents_phone.get("/account").status_code == 302  # signed out everywhere
    assert parents_phone.get(f"/families/{family.id}").status_code == 404

    parents_phone.post("/sign-in", data={"identifier": parent.email,
                                         "password": factories.PASSWORD})
    assert parents_phone.get(f"/families/{family.id}").status_code == 404
    page = as_read(parents_phone.get("/families"))
    assert "Your caseworker has paused your access" in page

    client.post(f"/families/{family.id}/people/{membership.id}/restore")
    assert membership.status is MembershipStatus.ACTIVE
    assert parents_phone.get(f"/families/{family.id}").status_code == 200
    assert audit_actions(db)[-2:] == ["membership.suspended", "membership.restored"]


def test_a_pause_with_an_end_date_lasts_through_that_day_in_the_familys_zone(
    client, auth, caseworker, family, parent, db
):
    auth.login(caseworker)
    membership = membership_of(db, parent, family)
    until = date.today() + timedelta(days=3)
    client.post(f"/families/{family.id}/people/{membership.id}/suspend",
                data={"reason": "Cooling-off period", "until": until.isoformat()})
    # 23:59:59 in Los Angeles is 07:59:59 or 06:59:59 UTC the next day.
    assert membership.suspended_until.astimezone(UTC).date() == until + timedelta(days=1)
    assert membership.suspended_until.hour in (6, 7)


def test_a_pause_ends_by_itself_on_its_date(client, auth, caseworker, family, parent, db):
    membership = membership_of(db, parent, family)
    services.suspend(membership, caseworker, "Short pause", utcnow() + timedelta(hours=1))
    auth.login(parent)
    assert client.get(f"/families/{family.id}").status_code == 404
    membership.suspended_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(f"/families/{family.id}").status_code == 200
    assert membership.status is MembershipStatus.ACTIVE
    event = db.session.scalar(db.select(AuditEvent).order_by(AuditEvent.id.desc()))
    assert event.action == "membership.restored" and event.actor_id is None
    assert event.detail == {"automatic": True}


def test_a_pause_that_ended_is_lifted_wherever_it_is_listed(client, auth, caseworker, family,
                                                            parent, db):
    membership = membership_of(db, parent, family)
    services.suspend(membership, caseworker, "Short pause", utcnow() + timedelta(hours=1))
    membership.suspended_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    auth.login(parent)
    assert client.get("/").headers["Location"] == f"/families/{family.id}"
    assert membership.status is MembershipStatus.ACTIVE


def test_two_caseworkers_acting_at_once_cannot_both_win(make_app, caseworker, family,
                                                       pending_member, db):
    """One approves from a page loaded before the other declined: the approval must fail."""
    stale = membership_of(db, pending_member, family)
    other_worker = make_app()
    with other_worker.app_context():
        fresh = db.session.get(Membership, stale.id)
        services.decline(fresh, db.session.get(type(caseworker), caseworker.id), "Not him")
    assert stale.status is MembershipStatus.PENDING  # this session still holds the old state
    with pytest.raises(services.NotAllowed):
        services.approve(stale, caseworker)
    db.session.expire_all()
    assert membership_of(db, pending_member, family).status is MembershipStatus.DECLINED
    assert "membership.approved" not in audit_actions(db)


def test_a_pause_date_in_the_past_is_refused(client, auth, caseworker, family, parent, db):
    auth.login(caseworker)
    membership = membership_of(db, parent, family)
    response = client.post(f"/families/{family.id}/people/{membership.id}/suspend",
                           data={"reason": "x", "until": "2020-01-01"})
    assert b"Choose a date after today." in response.data
    assert membership.status is MembershipStatus.ACTIVE


def test_a_caseworker_cannot_pause_themselves(caseworker, family, db):
    with pytest.raises(services.NotAllowed):
        services.suspend(membership_of(db, caseworker, family), caseworker, "oops", None)


@pytest.mark.parametrize(
    ("start", "action", "args", "end", "audit"),
    [
        (MembershipStatus.PENDING, services.approve, (), MembershipStatus.ACTIVE,
         "membership.approved"),
        (MembershipStatus.PENDING, services.decline, ("reason",), MembershipStatus.DECLINED,
         "membership.declined"),
        (MembershipStatus.ACTIVE, services.suspend, ("reason", None), MembershipStatus.SUSPENDED,
         "membership.suspended"),
        (MembershipStatus.SUSPENDED, services.restore, (), MembershipStatus.ACTIVE,
         "membership.restored"),
    ],
)
def test_each_change_writes_exactly_one_audit_event(caseworker, family, db, start, action, args,
                                                    end, audit):
    membership = factories.add_member(family, status=start)
    before = db.session.scalar(db.select(db.func.count(AuditEvent.id)))
    action(membership, caseworker, *args)
    assert membership.status is end
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == before + 1
    event = db.session.scalar(db.select(AuditEvent).order_by(AuditEvent.id.desc()))
    assert (event.action, event.actor_id, event.family_id, event.subject_id) == (
        audit, caseworker.id, family.id, membership.id
    )


@pytest.mark.parametrize("status", [MembershipStatus.DECLINED, MembershipStatus.ENDED])
def test_no_change_from_a_closed_status(caseworker, family, status):
    membership = factories.add_member(family, status=status)
    for action, args in [(services.approve, ()), (services.suspend, ("r", None)),
                         (services.restore, ())]:
        with pytest.raises(services.NotAllowed):
            action(membership, caseworker, *args)


def test_creating_a_family_makes_its_caseworker(client, auth, caseworker, db):
    auth.login(caseworker)
    response = client.post(
        "/families/new",
        data={"name": "The Park family", "time_zone": "America/Chicago", "child_name": "Jae",
              "birth_date": "2018-05-01"},
        follow_redirects=True,
    )
    assert "People in The Park family" in as_read(response)
    family = db.session.scalar(db.select(factories.Membership).filter_by(user_id=caseworker.id)
                               .order_by(Membership.id.desc())).family
    assert family.time_zone == "America/Chicago"
    assert [c.name for c in family.children] == ["Jae"]


def test_only_staff_create_families(client, auth, parent):
    auth.login(parent)
    assert client.get("/families/new").status_code == 404


def test_family_form_refuses_bad_input(client, auth, caseworker, db):
    auth.login(caseworker)
    response = client.post(
        "/families/new",
        data={"name": "", "time_zone": "Mars/Olympus", "child_name": "A",
              "birth_date": (date.today() + timedelta(days=2)).isoformat()},
    )
    page = as_read(response)
    assert "Not a valid choice" in page
    assert "This date is in the future." in page
    assert db.session.scalar(db.select(db.func.count(factories.Membership.id))) == 0


def test_caseworker_adds_a_brother(client, auth, caseworker, family):
    auth.login(caseworker)
    client.post(f"/families/{family.id}/children/new", data={"child_name": "Leo"})
    assert [c.name for c in family.children] == ["Mia", "Leo"]
    page = as_read(client.get(f"/families/{family.id}"))
    assert "Leo" in page


def test_family_home_shows_people_by_the_names_they_chose(client, auth, family, parent,
                                                          resource_parent, pending_member,
                                                          db):
    auth.login(parent)
    page = as_read(client.get(f"/families/{family.id}"))
    assert "Dana" in page and "Mom" in page
    assert "Rosa" in page and "Kin caregiver" in page and "Abuela Rosa" in page
    assert "Sam" in page and "Caseworker" in page
    assert "Marcus" not in page  # still waiting for approval
    assert page.index("Dana") < page.index("Rosa") < page.index("Sam")


def test_caseworker_sees_how_many_wait(client, auth, caseworker, family, pending_member):
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}"))
    assert "1 person is waiting for your approval" in page


def test_home_sends_each_person_where_they_belong(client, auth, family, parent, caseworker,
                                                  pending_member):
    auth.login(parent)
    assert client.get("/").headers["Location"] == f"/families/{family.id}"
    auth.logout()
    auth.login(caseworker)  # a caseworker's home is their caseload (tests/test_caseload.py)
    assert client.get("/").headers["Location"] == "/caseload"
    auth.logout()
    auth.login(pending_member)
    page = as_read(client.get("/", follow_redirects=True))
    assert "Waiting for approval" in page and "The Rivera family" in page
    assert "Mia" not in page


def test_aware_times_only():
    from app.models.types import UTCDateTime

    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2026, 1, 1), None)


def test_family_pages_share_one_navigation(client, auth, caseworker, family, parent):
    auth.login(caseworker)
    people = as_read(client.get(f"/families/{family.id}/people"))
    assert 'aria-current="page">People</a>' in people
    assert "The Rivera family</span>" in people  # the header names the family
    auth.logout()
    auth.login(parent)
    home = as_read(client.get(f"/families/{family.id}"))
    assert 'aria-current="page">Family</a>' in home
    assert ">People</a>" not in home  # parents do not manage people


def test_people_waiting_for_approval_come_first(client, auth, caseworker, family, parent,
                                                suspended_member, pending_member):
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/people"))
    assert page.index("Approve Marcus Rivera") < page.index("Pause Dana")
    assert page.index("Pause Dana") < page.index("Restore Paused Person")
