"""The record goes to court: no change to planned family time erases or rewrites what happened.

An old change request approved after the visit was recorded is refused in words and the
record stays; "this and following" keeps every later time that has a record; the database,
not what a session read a moment before, decides (docs/family-time.md, "Changes never
rewrite the record")."""

import re
from datetime import datetime, time, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.family_time import services as ft
from app.models import ContentState, FamilyTime, FamilyTimeOccurrence, Membership, Outcome
from tests.factories import scope_of

LA = ZoneInfo("America/Los_Angeles")
KEPT = ("The family time this request would change has already started, or what happened is "
        "written down. That record stays, so this change cannot be approved.")


def days(n):
    return datetime.now(LA).date() + timedelta(days=n)


def text_of(response) -> str:
    """The words of the page's main part (the header's bell counts what others did)."""
    html = response.get_data(as_text=True)
    html = html[html.find("<main"):html.find("</main>")] if "<main" in html else html
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def membership(user, family, db):
    return db.session.scalar(select(Membership).filter_by(user_id=user.id, family_id=family.id))


def details(family, day, start=time(17), end=time(18), **more):
    return ft.FamilyTimeDetails(child_ids=[family.children[0].id], day=day, start=start,
                                end=end, place="Family center", **more)


def asked_back_then(monkeypatch, when, action):
    """Run `action` as if it were `when` (a request made before the visit it changes)."""
    with monkeypatch.context() as clock:
        clock.setattr(ft, "utcnow", lambda: when)
        return action()


def record_url(family, first, last):
    return (f"/families/{family.id}/calendar/record?start={first.isoformat()}"
            f"&end={last.isoformat()}")


@pytest.mark.parametrize(("outcome", "held"), [
    (Outcome.ATTENDED, "1 happened (100%)."),
    (Outcome.PARENT_DID_NOT_COME, "1 did not happen because the parent did not come."),
])
def test_approving_an_old_change_after_the_visit_was_recorded_is_refused(
        client, auth, family, caseworker, parent, resource_parent, monkeypatch, db,
        outcome, held):
    rosa = membership(resource_parent, family, db)
    visit = ft.create_family_time(scope_of(caseworker, family), details(
        family, days(-2), host_id=rosa.id, parent_ids=[membership(parent, family, db).id]))
    change = asked_back_then(monkeypatch, visit.starts_at - timedelta(days=1), lambda: (
        ft.ask_to_change(scope_of(parent, family), visit, details(family, days(3)))))
    visit_url = f"/families/{family.id}/calendar/{visit.id}?day={days(-2).isoformat()}"

    auth.login(resource_parent)
    assert client.post(f"/families/{family.id}/calendar/{visit.id}/outcome"
                       f"?day={days(-2).isoformat()}",
                       data={"outcome": outcome.value, "note": ""}).status_code == 303
    auth.logout()
    auth.login(caseworker)
    court = text_of(client.get(record_url(family, days(-7), days(0))))
    assert held in court
    page = text_of(client.post(f"/families/{family.id}/calendar/{change.id}/approve",
                               follow_redirects=True))
    assert KEPT in page and "Please decline it." in page
    assert "Approved." not in page

    # Nothing changed: the request still waits, the visit keeps its record, in the court
    # record too, and can still be corrected.
    db.session.expire_all()
    assert db.session.get(FamilyTime, change.id).state is ContentState.PENDING
    row = db.session.scalars(select(FamilyTimeOccurrence).filter_by(
        family_time_id=visit.id)).one()
    assert (row.outcome, row.replaced_by_id) == (outcome, None)
    assert text_of(client.get(record_url(family, days(-7), days(0)))) == court
    assert "Changed to another time" not in text_of(client.get(visit_url))
    auth.logout()
    auth.login(resource_parent)
    assert "Cambiar lo que pasó" in text_of(client.get(visit_url))  # Rosa reads Spanish


def test_a_change_for_a_time_that_has_started_is_refused(family, caseworker, parent,
                                                         monkeypatch, db):
    """Nobody wrote anything down yet, but the time has begun: it is not erased either."""
    visit = ft.create_family_time(scope_of(caseworker, family), details(family, days(-1)))
    change = asked_back_then(monkeypatch, visit.starts_at - timedelta(hours=5), lambda: (
        ft.ask_to_change(scope_of(parent, family), visit, details(family, days(2)))))
    with pytest.raises(ft.Refused) as refused:
        ft.approve(scope_of(caseworker, family), change)
    assert KEPT in str(refused.value)
    db.session.expire_all()
    court = ft.court_record(scope_of(parent, family), days(-3), days(0))
    assert [entry.item_id for entry in court.entries] == [visit.id]
    assert court.not_recorded == 1


def test_the_database_decides_even_when_the_approver_read_an_older_state(
        app, family, caseworker, parent, resource_parent, monkeypatch, db):
    """The caseworker's session read the occurrence before the host saved what happened (in
    another request). Approving now must see the record, not what was read."""
    rosa = membership(resource_parent, family, db)
    sam = scope_of(caseworker, family)
    series = ft.create_family_time(sam, details(family, days(-15), every_weeks=1,
                                                last_date=days(13), host_id=rosa.id))
    # Moved to yesterday, so the occurrence has a row the approver holds in memory.
    ft.move_occurrence(sam, series, days(-1), days(-1), time(10), time(11))
    change = asked_back_then(monkeypatch, series.starts_at, lambda: ft.ask_to_change(
        scope_of(parent, family), series, details(family, days(2)), days(-1)))
    stale = db.session.get(FamilyTime, series.id)
    assert stale.exception(days(-1)).outcome is None  # read now, before the record is saved

    with app.app_context():  # the host's request, in its own session
        host = scope_of(resource_parent, family)
        ft.record_outcome(host, db.session.get(FamilyTime, series.id), days(-1),
                          Outcome.ATTENDED, note="Mia read to her dad.")

    with pytest.raises(ft.Refused) as refused:
        ft.approve(sam, change)
    assert KEPT in str(refused.value)
    db.session.expire_all()
    row = db.session.get(FamilyTime, series.id).exception(days(-1))
    assert (row.outcome, row.outcome_note, row.replaced_by_id) == (
        Outcome.ATTENDED, "Mia read to her dad.", None)
    court = ft.court_record(scope_of(parent, family), days(-2), days(0))
    assert court.held == 1


def test_an_outcome_written_after_a_change_was_approved_does_not_land_on_the_old_time(
        app, family, caseworker, parent, db):
    """The caseworker marks a time cancelled from a page opened before a change of it was
    approved elsewhere: refused in words, so no cancellation hides on a replaced time."""
    sam = scope_of(caseworker, family)
    visit = ft.create_family_time(sam, details(family, days(4)))
    change = ft.ask_to_change(scope_of(parent, family), visit, details(family, days(5)))
    stale = db.session.get(FamilyTime, visit.id)
    assert stale.exception(days(4)) is None

    with app.app_context():  # approved in another request
        ft.approve(scope_of(caseworker, family), db.session.get(FamilyTime, change.id))

    with pytest.raises(ft.Refused) as refused:
        ft.record_outcome(sam, stale, days(4), Outcome.CANCELLED, reason="Snow")
    assert "This family time was changed to another time." in str(refused.value)
    db.session.expire_all()
    row = db.session.get(FamilyTime, visit.id).exception(days(4))
    assert (row.replaced_by_id, row.outcome) == (change.id, None)


# --- "this and following" --------------------------------------------------------------------

def test_this_and_following_from_a_past_date_is_refused_and_keeps_the_record(
        client, auth, family, caseworker, resource_parent, db):
    rosa = membership(resource_parent, family, db)
    sam = scope_of(caseworker, family)
    series = ft.create_family_time(sam, details(family, days(-20), every_weeks=1,
                                                last_date=days(15), host_id=rosa.id))
    for n in (-20, -13, -6):
        ft.record_outcome(sam, series, days(n), Outcome.ATTENDED)
    auth.login(caseworker)
    before = text_of(client.get(record_url(family, days(-21), days(0))))
    assert "3 happened (100%)" in before
    url = f"/families/{family.id}/calendar/{series.id}/following?day={days(-13).isoformat()}"
    page = text_of(client.post(url, data={
        "children": [family.children[0].id], "day": days(-13).isoformat(), "start": "15:00",
        "end": "16:00", "mode": "in_person", "supervision": "supervised", "place": "The park",
        "host": "", "repeat": "1", "last_date": days(15).isoformat()}))
    assert "This family time has already started, so it cannot be changed." in page
    db.session.expire_all()
    assert db.session.scalar(select(FamilyTime).filter_by(continues_id=series.id)) is None
    assert text_of(client.get(record_url(family, days(-21), days(0)))) == before


def test_this_and_following_keeps_later_times_that_have_a_record(client, auth, family,
                                                                 caseworker, parent,
                                                                 resource_parent, db):
    """From next week on the series changes; a later time already cancelled ahead by the
    parent, and one moved to yesterday and held, keep their record in the court record."""
    rosa = membership(resource_parent, family, db)
    sam = scope_of(caseworker, family)
    series = ft.create_family_time(sam, details(family, days(5), every_weeks=1,
                                                last_date=days(33), host_id=rosa.id))
    ft.move_occurrence(sam, series, days(26), days(-1), time(10), time(11))
    ft.record_outcome(sam, series, days(26), Outcome.ATTENDED, note="Held early")
    ft.cancel(scope_of(parent, family), series, "Work trip", days(19))
    auth.login(caseworker)
    response = client.post(
        f"/families/{family.id}/calendar/{series.id}/following?day={days(12).isoformat()}",
        data={"children": [family.children[0].id], "day": days(13).isoformat(),
              "start": "15:00", "end": "16:00", "mode": "in_person",
              "supervision": "supervised", "place": "The park", "host": "", "repeat": "1",
              "last_date": days(34).isoformat()})
    assert response.status_code == 303
    db.session.expire_all()
    new = db.session.scalars(select(FamilyTime).filter_by(continues_id=series.id)).one()
    court = ft.court_record(scope_of(parent, family), days(-3), days(40))
    old = sorted((e.occurrence_date, e.status.value) for e in court.entries
                 if e.item_id == series.id)
    assert old == [(days(5), "approved"), (days(19), "cancelled"), (days(26), "attended")]
    assert sorted(e.occurrence_date for e in court.entries if e.item_id == new.id) == [
        days(13), days(20), days(27), days(34)]
    assert (court.held, court.cancelled_by) == (1, {membership(parent, family, db).role: 1})
    page = text_of(client.get(record_url(family, days(-3), days(40))))
    assert "Held early" in page and "Work trip" in page
    # The old series' time cut off in between is off in the calendar, and only there.
    assert db.session.get(FamilyTime, series.id).exception(days(12)).replaced_by_id == new.id
