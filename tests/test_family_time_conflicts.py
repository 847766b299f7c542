"""Overlapping family time for the same child: a warning before saving, and a database-level
guarantee that conflicting approvals cannot both succeed, even at the same moment (SQLite here;
PostgreSQL when TEST_DATABASE_URL is set)."""

import contextlib
import threading
from datetime import date, time

import pytest

from app.extensions import db as _db
from app.family_time import services as ft
from app.models import AuditEvent, ContentState, FamilyTime, FamilyTimeSlot, User
from app.models import calendar as calendar_model
from tests.factories import scope_of

DAY = date(2027, 1, 14)


def single(family, start=time(17), end=time(18), day=DAY, children=None, **overrides):
    return ft.FamilyTimeDetails(child_ids=children or [family.children[0].id], day=day,
                                start=start, end=end, **overrides)


def parent_ids(parent, family, db):
    return [scope_of(parent, family).membership.id]


def test_overlaps_warns_before_saving(family, parent, caseworker, db):
    sam = scope_of(caseworker, family)
    planned = ft.create_family_time(sam, single(family))
    asked = ft.create_family_time(scope_of(parent, family), single(family, time(18), time(19)))
    mia = family.children[0].id
    probe = single(family, time(17, 30), time(18, 30))
    start, end = planned.starts_at.replace(minute=30), asked.starts_at.replace(minute=30)
    assert probe.day == DAY
    assert {e.item_id for e in ft.overlaps(sam, start, end, [mia])} == {planned.id, asked.id}
    assert [e.item_id for e in ft.overlaps(sam, start, end, [mia], ignore=asked.id)] == [
        planned.id]
    # Back to back is not an overlap; another child is not either.
    assert [e.item_id for e in ft.overlaps(sam, asked.starts_at, asked.last_ends_at, [mia],
                                           ignore=asked.id)] == []
    assert ft.overlaps(sam, start, end, [999999]) == []


def test_a_conflicting_time_is_refused_and_nothing_changes(family, caseworker, db):
    sam = scope_of(caseworker, family)
    planned = ft.create_family_time(sam, single(family))
    with pytest.raises(ft.Refused) as refused:
        ft.create_family_time(sam, single(family, time(17, 45), time(19)))
    assert refused.value.conflict_ids == [planned.id]
    assert db.session.scalar(db.select(db.func.count(FamilyTime.id))) == 1
    assert [e.action for e in db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action.like("family_time.%")))] == ["family_time.created"]
    # Back to back is fine.
    ft.create_family_time(sam, single(family, time(18), time(19)))


def test_siblings_are_checked_each_on_their_own(family, caseworker, db):
    from app.families.services import add_child

    leo = add_child(family, caseworker, "Leo", None)
    sam = scope_of(caseworker, family)
    ft.create_family_time(sam, single(family))
    ft.create_family_time(sam, single(family, children=[leo.id]))
    with pytest.raises(ft.Refused):
        ft.create_family_time(sam, single(family, children=[family.children[0].id, leo.id],
                                          day=DAY))


def test_approving_the_second_of_two_conflicting_proposals_is_refused(family, parent,
                                                                      resource_parent,
                                                                      caseworker, db):
    sam = scope_of(caseworker, family)
    first = ft.create_family_time(scope_of(parent, family), single(family))
    second = ft.create_family_time(scope_of(resource_parent, family),
                                   single(family, time(16, 30), time(17, 30),
                                          parent_ids=parent_ids(parent, family, db)))
    ft.approve(sam, first)
    with pytest.raises(ft.Refused) as refused:
        ft.approve(sam, second)
    assert refused.value.conflict_ids == [first.id]
    db.session.refresh(second)
    assert second.state is ContentState.PENDING and second.sequence == 0
    # Once the first is cancelled, its place is free and the second can be approved.
    ft.cancel(sam, first, "Court moved")
    ft.approve(sam, second)
    assert second.state is ContentState.VISIBLE


def test_a_series_conflicts_on_each_of_its_dates(family, caseworker, db):
    sam = scope_of(caseworker, family)
    weekly = ft.create_family_time(sam, single(family, day=date(2027, 1, 7), every_weeks=1,
                                               last_date=date(2027, 2, 25)))
    with pytest.raises(ft.Refused):
        ft.create_family_time(sam, single(family, day=date(2027, 2, 11)))
    ft.create_family_time(sam, single(family, day=date(2027, 2, 12)))
    with pytest.raises(ft.Refused):  # moving one occurrence onto taken time
        ft.move_occurrence(sam, weekly, date(2027, 1, 21), date(2027, 2, 12), time(17, 30),
                           time(18))
    db.session.refresh(weekly)
    assert weekly.exception(date(2027, 1, 21)) is None and weekly.sequence == 0


def test_declined_and_pending_items_hold_no_slots(family, parent, caseworker, db):
    sam = scope_of(caseworker, family)
    asked = ft.create_family_time(scope_of(parent, family), single(family))
    assert db.session.scalar(db.select(db.func.count()).select_from(FamilyTimeSlot)) == 0
    ft.decline(sam, asked, "Mia has school")
    assert db.session.scalar(db.select(db.func.count()).select_from(FamilyTimeSlot)) == 0
    ft.create_family_time(sam, single(family))


def approve_at_once(app, family, caseworker, items, monkeypatch, db):
    """Two caseworker sessions, each in its own thread, approve one item each at once."""
    results, barrier = [], threading.Barrier(len(items))
    claim = calendar_model.claim_slots
    on_postgres = db.engine.dialect.name == "postgresql"

    def claim_together(item, only=None):
        # On PostgreSQL both transactions reach the slot insert before either commits. SQLite
        # lets one writer in at a time, so there the barrier only makes them start together.
        if on_postgres:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=5)
        return claim(item, only)

    monkeypatch.setattr(calendar_model, "claim_slots", claim_together)
    start = threading.Barrier(len(items))
    ids = [item.id for item in items]
    family_id, caseworker_id = family.id, caseworker.id

    def approve(item_id):
        with app.app_context():
            try:
                session = _db.session
                sam = scope_of(session.get(User, caseworker_id),
                               session.get(type(family), family_id))
                item = session.get(FamilyTime, item_id)
                start.wait(timeout=5)
                ft.approve(sam, item)
                results.append(("approved", item_id))
            except ft.Refused as refused:
                results.append(("refused", refused.conflict_ids))
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=approve, args=(item_id,)) for item_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_approvals_at_the_same_moment_give_exactly_one(app, family, parent, resource_parent,
                                                           caseworker, monkeypatch, db):
    first = ft.create_family_time(scope_of(parent, family), single(family))
    second = ft.create_family_time(scope_of(resource_parent, family),
                                   single(family, time(17, 30), time(18, 30),
                                          parent_ids=parent_ids(parent, family, db)))
    results = approve_at_once(app, family, caseworker, [first, second], monkeypatch, db)
    assert sorted(kind for kind, _ in results) == ["approved", "refused"]
    winner = next(item_id for kind, item_id in results if kind == "approved")
    loser = next(ids for kind, ids in results if kind == "refused")
    assert loser == [winner]
    db.session.expire_all()
    states = {item.id: item.state for item in db.session.scalars(db.select(FamilyTime))}
    assert sorted(states.values()) == [ContentState.PENDING, ContentState.VISIBLE]
    assert states[winner] is ContentState.VISIBLE
    owners = set(db.session.scalars(db.select(FamilyTimeSlot.family_time_id)))
    assert owners == {winner}
    approvals = db.session.scalars(db.select(AuditEvent).filter_by(
        action="family_time.approved")).all()
    assert [e.subject_id for e in approvals] == [winner]


def test_two_approvals_of_times_that_do_not_conflict_both_succeed(app, family, parent,
                                                                  resource_parent, caseworker,
                                                                  monkeypatch, db):
    first = ft.create_family_time(scope_of(parent, family), single(family))
    second = ft.create_family_time(scope_of(resource_parent, family),
                                   single(family, time(18), time(19),
                                          parent_ids=parent_ids(parent, family, db)))
    results = approve_at_once(app, family, caseworker, [first, second], monkeypatch, db)
    assert sorted(kind for kind, _ in results) == ["approved", "approved"]


def test_a_change_may_overlap_the_time_it_replaces(family, parent, caseworker, db):
    sam = scope_of(caseworker, family)
    planned = ft.create_family_time(sam, single(family))
    later = ft.ask_to_change(scope_of(parent, family), planned,
                             single(family, time(17, 30), time(18, 30)))
    ft.approve(sam, later)
    owners = set(db.session.scalars(db.select(FamilyTimeSlot.family_time_id)))
    assert owners == {later.id}


def test_hiding_or_withdrawing_approved_family_time_frees_its_place(family, parent, caseworker,
                                                                    db):
    from app import moderation

    sam = scope_of(caseworker, family)
    mine = ft.create_family_time(scope_of(parent, family), single(family))
    ft.approve(sam, mine)
    moderation.withdraw(mine, scope_of(parent, family))
    other = ft.create_family_time(sam, single(family))
    moderation.hide(other, sam, "Entered by mistake")
    ft.create_family_time(sam, single(family))
    assert db.session.scalar(db.select(db.func.count()).select_from(FamilyTimeSlot)) == 4
