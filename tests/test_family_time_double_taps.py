"""A double tap on Cancel, "Say what happened" or Move (issue 22: two requests both inserted
the same occurrence row, and the second answered 500). One wins; the other reads "This family
time was already changed or recorded." and nothing of it is kept. Proved three ways: the same
form posted twice, a competing change committed between a request's read and its write (the
database decides), and two threads posting at once."""

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.family_time import services as ft
from app.models import AuditEvent, FamilyTimeOccurrence, Membership, Outcome
from tests import factories
from tests.conftest import AuthActions
from tests.factories import scope_of

ALREADY = "This family time was already changed or recorded."
SEEN = re.compile(r'name="seen" type="hidden" value="(\d*)"')


def _text(response):
    return response.get_data(as_text=True)


def _seen(client, url) -> str:
    return SEEN.search(_text(client.get(url))).group(1)


def _actions(family, action):
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).where(AuditEvent.family_id == family.id,
                                                       AuditEvent.action == action)).all()


def _rows(item):
    db.session.expire_all()
    return db.session.scalars(select(FamilyTimeOccurrence).where(
        FamilyTimeOccurrence.family_time_id == item.id)).all()


@pytest.fixture
def host(db, family, resource_parent):
    return db.session.scalar(select(Membership).filter_by(user_id=resource_parent.id,
                                                          family_id=family.id))


# --- the same form, posted twice -------------------------------------------------------------

def test_cancel_posted_twice_from_one_form(client, auth, family, caseworker, parent):
    item = factories.make_family_time(family, caseworker, days_ahead=4)
    auth.login(parent)
    url = f"/families/{family.id}/calendar/{item.id}/cancel"
    seen = _seen(client, url)
    assert client.post(url, data={"reason": "Mia is sick.", "seen": seen}).status_code == 303
    again = client.post(url, data={"reason": "Mia is sick!", "seen": seen})
    assert again.status_code == 200 and ALREADY in _text(again)
    (row,) = _rows(item)
    assert (row.outcome, row.outcome_reason) == (Outcome.CANCELLED, "Mia is sick.")
    assert len(_actions(family, "family_time.cancelled")) == 1


def test_what_happened_posted_twice_from_one_form_and_a_correction_from_a_new_one(
        client, auth, family, caseworker, resource_parent, host):
    past = factories.make_family_time(family, caseworker, days_ahead=-2, host_id=host.id)
    auth.login(resource_parent)
    url = f"/families/{family.id}/calendar/{past.id}/outcome"
    seen = _seen(client, url)
    data = {"outcome": "attended", "note": "Mia laughed a lot.", "seen": seen}
    assert client.post(url, data=data).status_code == 303
    again = client.post(url, data={**data, "outcome": "parent_did_not_come"})
    assert again.status_code == 200
    # Rosa reads Spanish.
    assert "Este tiempo en familia ya se cambió o ya se anotó." in _text(again)
    (row,) = _rows(past)
    assert (row.outcome, row.outcome_note) == (Outcome.ATTENDED, "Mia laughed a lot.")
    # A correction from a form that shows what is recorded now is still taken, and recorded.
    fresh = _seen(client, url)
    assert fresh != seen
    assert client.post(url, data={"outcome": "child_did_not_come", "seen": fresh}
                       ).status_code == 303
    assert [(e.detail["before"], e.detail["after"])
            for e in _actions(family, "family_time.outcome_recorded")] == [
        ("", "attended"), ("attended", "child_did_not_come")]


def test_move_posted_twice_from_one_form(client, auth, family, caseworker):
    item = factories.make_family_time(family, caseworker, days_ahead=5)
    auth.login(caseworker)
    url = f"/families/{family.id}/calendar/{item.id}/move?day={item.first_date.isoformat()}"
    seen = _seen(client, url)
    later = (item.first_date + timedelta(days=1)).isoformat()
    data = {"day": later, "start": "10:00", "end": "11:00", "seen": seen}
    assert client.post(url, data=data).status_code == 303
    again = client.post(url, data={**data, "start": "12:00", "end": "13:00"})
    assert again.status_code == 200 and ALREADY in _text(again)
    (row,) = _rows(item)
    assert row.moved_starts_at.astimezone(ft_zone(family)).strftime("%H:%M") == "10:00"
    assert len(_actions(family, "family_time.moved")) == 1


def ft_zone(family):
    from zoneinfo import ZoneInfo
    return ZoneInfo(family.time_zone)


# --- another request commits between this one's read and its write --------------------------
# The request runs as a server runs it (tests/conftest.py), with a session of its own.

@pytest.fixture
def meanwhile(app):
    """`meanwhile(change)`: just before this request writes, `change()` runs and commits as
    another request (its own application context and session) would."""
    planned = []

    def before_flush(session, _context, _instances):
        if planned and session is not planned[0][1]:  # the request's, not the test's
            change, _ = planned.pop()  # once: the change's own flushes are not intercepted
            with app.app_context():
                change()
                db.session.commit()

    event.listen(Session, "before_flush", before_flush)
    yield lambda change: planned.append((change, db.session()))
    event.remove(Session, "before_flush", before_flush)


def _other(family, user):
    return scope_of(user, family)


def test_two_first_cancels_of_a_date_meet_the_unique_constraint(
        client, auth, family, caseworker, parent, meanwhile):
    item = factories.make_family_time(family, caseworker, days_ahead=4)
    auth.login(parent)
    url = f"/families/{family.id}/calendar/{item.id}/cancel"
    seen = _seen(client, url)
    meanwhile(lambda: ft.cancel(_other(family, caseworker),
                                db.session.get(type(item), item.id), "Room is closed."))
    response = client.post(url, data={"reason": "Mia is sick.", "seen": seen})
    assert response.status_code == 200 and ALREADY in _text(response)
    (row,) = _rows(item)
    assert row.outcome_reason == "Room is closed."
    assert len(_actions(family, "family_time.cancelled")) == 1


def test_two_changes_of_one_row_meet_its_version(client, auth, family, caseworker,
                                                 resource_parent, host, meanwhile):
    """The row exists (it was moved): both requests read it, the first write wins."""
    item = factories.make_family_time(family, caseworker, days_ahead=4, host_id=host.id)
    day = item.first_date
    ft.move_occurrence(scope_of(caseworker, family), item, day, day, *_hours(10, 11))
    auth.login(caseworker)
    url = f"/families/{family.id}/calendar/{item.id}/cancel?day={day.isoformat()}"
    seen = _seen(client, url)
    meanwhile(lambda: ft.cancel(_other(family, resource_parent),
                                db.session.get(type(item), item.id), "Rosa is ill.", day))
    response = client.post(url, data={"reason": "Room is closed.", "seen": seen})
    assert response.status_code == 200 and ALREADY in _text(response)
    (row,) = _rows(item)
    assert row.outcome_reason == "Rosa is ill."
    assert len(_actions(family, "family_time.cancelled")) == 1


def test_a_move_meets_a_cancel_committed_meanwhile(client, auth, family, caseworker, parent,
                                                   meanwhile):
    item = factories.make_family_time(family, caseworker, days_ahead=6)
    auth.login(caseworker)
    url = f"/families/{family.id}/calendar/{item.id}/move?day={item.first_date.isoformat()}"
    seen = _seen(client, url)
    meanwhile(lambda: ft.cancel(_other(family, parent),
                                db.session.get(type(item), item.id), "Mia is sick."))
    response = client.post(url, data={
        "day": item.first_date.isoformat(), "start": "10:00", "end": "11:00", "seen": seen})
    assert response.status_code == 200 and ALREADY in _text(response)
    (row,) = _rows(item)
    assert row.outcome is Outcome.CANCELLED and row.moved_starts_at is None
    assert _actions(family, "family_time.moved") == []


def _hours(start, end):
    from datetime import time
    return time(start), time(end)


# --- two threads at once ---------------------------------------------------------------------

def test_two_taps_at_once_one_wins_the_other_is_answered(app, family, caseworker, parent):
    item = factories.make_family_time(family, caseworker, days_ahead=4)
    url = f"/families/{family.id}/calendar/{item.id}/cancel"
    clients = [app.test_client(), app.test_client()]
    for each in clients:
        AuthActions(each).login(parent)
    seen = _seen(clients[0], url)
    start = threading.Barrier(2)
    answers = []

    def tap(client, reason):
        start.wait()
        response = client.post(url, data={"reason": reason, "seen": seen})
        answers.append((response.status_code, _text(response)))

    threads = [threading.Thread(target=tap, args=(c, r))
               for c, r in zip(clients, ("First tap.", "Second tap."), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(code for code, _ in answers) == [200, 303]
    assert any(ALREADY in body for code, body in answers if code == 200)
    (row,) = _rows(item)
    assert row.outcome is Outcome.CANCELLED
    assert len(_actions(family, "family_time.cancelled")) == 1
