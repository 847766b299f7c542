"""Family time, driven through the services the calendar pages call: proposals, approval,
decline, expiry, levels, cancelling, recording what happened, make-up times, who sees what."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale

from app import moderation
from app.family_time import levels
from app.family_time import services as ft
from app.family_time.agenda import Status
from app.models import (
    AuditEvent,
    ContentState,
    FamilyTime,
    Level,
    Membership,
    Mode,
    Outcome,
    Role,
    Supervision,
)
from app.models.calendar import RequestExpired
from app.moderation import NotAllowed
from tests import factories
from tests.factories import scope_of

LA = ZoneInfo("America/Los_Angeles")


def said(message, locale="en") -> str:
    """A message as the person reading in `locale` sees it."""
    from flask import current_app

    with current_app.test_request_context(), force_locale(locale):
        return str(message)


def local_today():
    return datetime.now(LA).date()


def week_range(days=14):
    start = datetime.now(UTC) - timedelta(days=1)
    return start, start + timedelta(days=days)


def membership(user, family, db):
    return db.session.scalar(db.select(Membership).filter_by(user_id=user.id,
                                                             family_id=family.id))


def details(family, *, days=3, start=time(17), end=time(18), **overrides):
    fields = {"child_ids": [family.children[0].id], "day": local_today() + timedelta(days=days),
              "start": start, "end": end, "place": "Family center, room 2"}
    fields.update(overrides)
    return ft.FamilyTimeDetails(**fields)


def actions(family, db):
    return [e.action for e in db.session.scalars(
        db.select(AuditEvent).filter_by(family_id=family.id).order_by(AuditEvent.id))
        if e.action.startswith("family_time.")]


def test_a_proposal_once_approved_is_in_everyones_agenda(family, parent, resource_parent,
                                                         caseworker, db):
    proposal = ft.create_family_time(scope_of(parent, family), details(family))
    assert proposal.state is ContentState.PENDING
    # Waiting: the parent and the caseworker see it as proposed; the resource parent not yet.
    start, end = week_range()
    mine = ft.calendar_between(scope_of(parent, family), start, end)
    assert [(e.item_id, e.status) for e in mine] == [(proposal.id, Status.PROPOSED)]
    assert ft.calendar_between(scope_of(resource_parent, family), start, end) == []

    ft.approve(scope_of(caseworker, family), proposal)
    for reader in (parent, resource_parent, caseworker):
        entries = ft.calendar_between(scope_of(reader, family), start, end)
        assert [(e.kind, e.item_id, e.status) for e in entries] == [
            ("family_time", proposal.id, Status.APPROVED)]
        entry = entries[0]
        assert entry.starts_at.astimezone(LA).time() == time(17)
        assert (entry.place, entry.mode) == ("Family center, room 2", Mode.IN_PERSON)
        assert entry.endpoint == "family_time.show"
    assert proposal.sequence == 1
    assert actions(family, db) == ["family_time.proposed", "family_time.approved"]


def test_the_caseworkers_own_family_time_is_approved_at_once(family, caseworker,
                                                             resource_parent, db):
    item = ft.create_family_time(scope_of(caseworker, family), details(
        family, mode=Mode.VIDEO, call_link="https://meet.example.org/rivera", place=""))
    assert item.state is ContentState.VISIBLE
    entries = ft.calendar_between(scope_of(resource_parent, family), *week_range())
    assert [(e.item_id, e.link) for e in entries] == [(item.id, "https://meet.example.org/rivera")]
    assert actions(family, db) == ["family_time.created"]


def test_only_https_call_links(family, caseworker, db):
    with pytest.raises(ft.Refused) as refused:
        ft.create_family_time(scope_of(caseworker, family), details(
            family, mode=Mode.VIDEO, call_link="http://meet.example.org/x"))
    assert "https://" in said(refused.value.message)
    assert db.session.scalar(db.select(db.func.count(FamilyTime.id))) == 0


def test_a_decline_gives_the_asker_the_reason(family, parent, resource_parent, caseworker, db):
    proposal = ft.create_family_time(scope_of(parent, family), details(family))
    with pytest.raises(ft.Refused):
        ft.decline(scope_of(caseworker, family), proposal, "  ")
    ft.decline(scope_of(caseworker, family), proposal, "Sam is in court that afternoon.")
    entries = ft.calendar_between(scope_of(parent, family), *week_range())
    assert [(e.status, e.item.state_reason) for e in entries] == [
        (Status.DECLINED, "Sam is in court that afternoon.")]
    assert ft.calendar_between(scope_of(resource_parent, family), *week_range()) == []
    assert actions(family, db) == ["family_time.proposed", "family_time.declined"]


def test_a_request_past_its_confirm_by_date_is_marked_expired_and_cannot_be_approved(
        family, parent, caseworker, db):
    proposal = ft.create_family_time(scope_of(parent, family), details(
        family, days=10, confirm_by=local_today() + timedelta(days=2)))
    assert ft.expire_overdue(family.id) == 0
    # Time passes beyond the end of the confirm-by day where the family lives.
    later = proposal.confirm_by + timedelta(minutes=1)
    assert ft.expire_overdue(family.id, now=later) == 1
    assert ft.expire_overdue(family.id, now=later) == 0  # once
    db.session.refresh(proposal)
    assert proposal.is_expired and proposal.state is ContentState.PENDING
    with pytest.raises(ft.Refused) as refused:
        ft.approve(scope_of(caseworker, family), proposal)
    assert "confirm-by" in said(refused.value.message)
    db.session.refresh(proposal)
    assert proposal.state is ContentState.PENDING
    entries = ft.calendar_between(scope_of(parent, family), *week_range(14))
    assert [e.status for e in entries] == [Status.EXPIRED]
    # Not by the generic moderation door either.
    with pytest.raises(RequestExpired):
        moderation.approve(proposal, scope_of(caseworker, family))
    db.session.refresh(proposal)
    assert proposal.state is ContentState.PENDING
    assert actions(family, db) == ["family_time.proposed", "family_time.expired"]


def test_reading_the_calendar_marks_overdue_requests(family, parent, caseworker, db):
    proposal = ft.create_family_time(scope_of(parent, family), details(
        family, days=10, confirm_by=local_today() + timedelta(days=1)))
    proposal.confirm_by = datetime.now(UTC) - timedelta(minutes=1)  # as if a day went by
    db.session.commit()
    entries = ft.calendar_between(scope_of(caseworker, family), *week_range(14))
    assert [e.status for e in entries] == [Status.EXPIRED]


def test_the_expire_command_marks_every_familys_overdue_requests(family, parent, runner, db):
    proposal = ft.create_family_time(scope_of(parent, family), details(
        family, days=10, confirm_by=local_today() + timedelta(days=1)))
    proposal.confirm_by = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    result = runner.invoke(args=["family-time", "expire"])
    assert result.exit_code == 0, result.output
    assert "1" in result.output
    db.session.refresh(proposal)
    assert proposal.is_expired


def test_a_proposal_above_the_parents_level_is_refused_kindly(family, parent, resource_parent,
                                                              caseworker, db, app):
    dana = membership(parent, family, db)
    unsupervised = details(family, supervision=Supervision.UNSUPERVISED)
    with pytest.raises(ft.Refused) as refused:
        ft.create_family_time(scope_of(parent, family), unsupervised)
    assert said(refused.value.message).startswith(
        "Dana is approved for family time “With a supervisor” for now")
    in_spanish = said(refused.value.message, "es")
    assert in_spanish.startswith("Por ahora, Dana tiene aprobado el tiempo en familia "
                                 "“Con supervisor”")
    # A proposal says which parent it is with; the resource parent's is held to Dana's level.
    with pytest.raises(ft.Refused):
        ft.create_family_time(scope_of(resource_parent, family), details(family))
    with pytest.raises(ft.Refused):
        ft.create_family_time(scope_of(resource_parent, family),
                              details(family, supervision=Supervision.UNSUPERVISED,
                                      parent_ids=[dana.id]))
    assert db.session.scalar(db.select(db.func.count(FamilyTime.id))) == 0

    levels.set_level(scope_of(caseworker, family), dana.id, Level.UNSUPERVISED,
                     "Six months of steady visits")
    item = ft.create_family_time(scope_of(parent, family), unsupervised)
    assert item.state is ContentState.PENDING and [p.id for p in item.parents] == [dana.id]
    # Overnight needs its own step.
    with pytest.raises(ft.Refused):
        ft.create_family_time(scope_of(parent, family), details(
            family, days=5, start=time(17), end=time(10), supervision=Supervision.UNSUPERVISED))


def test_level_history_reads_as_progress_and_is_audited(family, parent, resource_parent,
                                                        caseworker, db):
    dana = membership(parent, family, db)
    sam = scope_of(caseworker, family)
    assert levels.level_of(dana) is Level.SUPERVISED
    with pytest.raises(NotAllowed):
        levels.set_level(scope_of(parent, family), dana.id, Level.OVERNIGHT, "please")
    levels.set_level(sam, dana.id, Level.MONITORED, "Steady visits")
    levels.set_level(sam, dana.id, Level.UNSUPERVISED, "Doing well in class")
    history = levels.level_history(scope_of(parent, family), dana.id)
    assert [(s.level, s.reason, s.set_by) for s in history] == [
        (Level.UNSUPERVISED, "Doing well in class", "Sam"),
        (Level.MONITORED, "Steady visits", "Sam"),
    ]
    assert said(history[0].words) == "Your family time is now without a supervisor."
    assert said(history[0].words, "es") == "Ahora su tiempo en familia es sin supervisor."
    with pytest.raises(NotAllowed):  # the reasons are Dana's and Sam's, not the family's
        levels.level_history(scope_of(resource_parent, family), dana.id)
    assert len(levels.level_history(scope_of(caseworker, family), dana.id)) == 2
    events = db.session.scalars(db.select(AuditEvent).filter_by(
        family_id=family.id, action="family_time.level_set").order_by(AuditEvent.id)).all()
    assert [(e.detail["before"], e.detail["after"]) for e in events] == [
        ("supervised", "monitored"), ("monitored", "unsupervised")]


def test_asking_to_change_replaces_the_time_once_approved(family, parent, resource_parent,
                                                          caseworker, db):
    sam = scope_of(caseworker, family)
    planned = ft.create_family_time(sam, details(family, days=3))
    change = ft.ask_to_change(scope_of(resource_parent, family), planned,
                              details(family, days=4, parent_ids=[membership(parent, family,
                                                                             db).id]))
    entries = ft.calendar_between(scope_of(parent, family), *week_range())
    assert [e.item_id for e in entries] == [planned.id]  # Rosa's request is not out yet
    ft.approve(sam, change)
    entries = ft.calendar_between(scope_of(parent, family), *week_range())
    assert [(e.item_id, e.is_change) for e in entries] == [(change.id, True)]
    db.session.refresh(planned)
    assert planned.sequence == 1


def test_cancel_with_a_reason_and_who(family, parent, resource_parent, caseworker, db):
    item = ft.create_family_time(scope_of(caseworker, family), details(family))
    with pytest.raises(ft.Refused):
        ft.cancel(scope_of(parent, family), item, "")
    ft.cancel(scope_of(parent, family), item, "Mia has a fever")
    [entry] = ft.calendar_between(scope_of(resource_parent, family), *week_range())
    assert (entry.status, entry.outcome_reason, entry.outcome_by_role) == (
        Status.CANCELLED, "Mia has a fever", Role.PARENT)
    # Its place is free again.
    ft.create_family_time(scope_of(caseworker, family), details(family))
    assert actions(family, db) == ["family_time.created", "family_time.cancelled",
                                   "family_time.created"]


def test_the_host_records_what_happened_and_a_make_up_follows(family, parent, resource_parent,
                                                              caseworker, db):
    rosa = membership(resource_parent, family, db)
    sam = scope_of(caseworker, family)
    past = factories.make_family_time(family, caseworker, days_ahead=-2, host_id=rosa.id)
    with pytest.raises(NotAllowed):
        ft.record_outcome(scope_of(parent, family), past, None, Outcome.ATTENDED)
    ft.record_outcome(scope_of(resource_parent, family), past, None,
                      Outcome.PARENT_DID_NOT_COME, note="We waited 30 minutes.")
    called_off = factories.make_family_time(family, caseworker, days_ahead=-3, host_id=rosa.id)
    ft.cancel(scope_of(parent, family), called_off, "Car broke down")
    with pytest.raises(ft.Refused):
        ft.record_outcome(scope_of(resource_parent, family), called_off, None, Outcome.ATTENDED)
    future = ft.create_family_time(sam, details(family, host_id=rosa.id))
    with pytest.raises(ft.Refused):  # not yet
        ft.record_outcome(scope_of(resource_parent, family), future, None, Outcome.ATTENDED)
    make_up = ft.make_up(sam, past, None, details(family, days=5))
    assert (make_up.make_up_for_id, make_up.state) == (past.id, ContentState.VISIBLE)
    with pytest.raises(ft.Refused):
        ft.make_up(sam, future, None, details(family, days=6))
    start = past.starts_at  # the cancelled one, a day before, is not in this range
    entries = ft.calendar_between(scope_of(parent, family), start, start + timedelta(days=14))
    assert [(e.item_id, e.status, e.is_make_up) for e in entries] == [
        (past.id, Status.PARENT_DID_NOT_COME, False), (future.id, Status.APPROVED, False),
        (make_up.id, Status.APPROVED, True)]
    assert entries[0].outcome_note == "We waited 30 minutes."


def test_parent_partners_do_not_propose(family, db):
    partner = factories.make_user()
    factories.add_member(family, partner, role=Role.PARENT_PARTNER)
    with pytest.raises(NotAllowed):
        ft.create_family_time(scope_of(partner, family), details(family))


def test_another_familys_members_see_nothing(family, parent, caseworker, outsider,
                                            other_family, db):
    item = ft.create_family_time(scope_of(caseworker, family), details(family))
    factories.make_event(family, caseworker)
    them = scope_of(outsider, other_family)
    assert ft.calendar_between(them, *week_range()) == []
    assert ft.court_record(them, local_today() - timedelta(days=1),
                           local_today() + timedelta(days=14)).scheduled == 0
    assert ft.overlaps(them, item.starts_at, item.last_ends_at,
                       [c.id for c in item.children]) == []
    with pytest.raises(NotAllowed):
        ft.cancel(them, item, "not mine")
    with pytest.raises(NotAllowed):
        ft.approve(scope_of(db.session.get(type(caseworker), other_family.created_by_id),
                            other_family), item)
    other_child = other_family.children[0].id
    with pytest.raises(ft.Refused):
        ft.create_family_time(scope_of(parent, family), details(family, child_ids=[other_child]))


def test_events_are_in_the_agenda_with_family_time(family, parent, resource_parent,
                                                   caseworker, db):
    item = ft.create_family_time(scope_of(caseworker, family), details(family, days=3))
    play = factories.make_event(family, caseworker, starts_at=datetime.now(UTC)
                                + timedelta(days=1))
    hidden = factories.make_event(family, parent, ContentState.HIDDEN,
                                  starts_at=datetime.now(UTC) + timedelta(days=2))
    entries = ft.calendar_between(scope_of(resource_parent, family), *week_range())
    assert [(e.kind, e.item_id) for e in entries] == [("event", play.id),
                                                       ("family_time", item.id)]
    assert entries[0].endpoint == "events.show"
    mine = ft.calendar_between(scope_of(parent, family), *week_range())
    assert ("event", hidden.id, Status.HIDDEN) in [(e.kind, e.item_id, e.status) for e in mine]


def loaded(scope):
    """A scope as a request has it: family and membership freshly read (commits expire them)."""
    assert scope.family.time_zone and scope.membership.role
    return scope


def test_the_agenda_costs_the_same_queries_however_many_items(family, parent, caseworker,
                                                               count_queries, db):
    sam = scope_of(caseworker, family)
    first = ft.create_family_time(sam, details(family, days=1))
    ft.cancel(sam, first, "Snow day")
    factories.make_event(family, caseworker)
    reader = loaded(scope_of(parent, family))
    with count_queries() as few:
        ft.calendar_between(reader, *week_range(60))
    for n in range(2, 8):
        ft.create_family_time(sam, details(family, days=n, every_weeks=1,
                                           last_date=local_today() + timedelta(days=n + 28)))
        factories.make_event(family, caseworker, starts_at=datetime.now(UTC)
                             + timedelta(days=n))
    item = db.session.scalars(db.select(FamilyTime).order_by(FamilyTime.id.desc())).first()
    ft.cancel(sam, item, "Holiday", item.first_date + timedelta(days=7))
    reader = loaded(scope_of(parent, family))
    with count_queries() as many:
        entries = ft.calendar_between(reader, *week_range(60))
    assert len(entries) > 30
    assert many.count == few.count <= 7, "\n".join(s[:90] for s in many.statements)


def test_the_court_record_counts_what_happened(family, parent, resource_parent, caseworker,
                                               db):
    rosa = membership(resource_parent, family, db)
    sam = scope_of(caseworker, family)
    held = factories.make_family_time(family, caseworker, days_ahead=-9, host_id=rosa.id)
    missed = factories.make_family_time(family, caseworker, days_ahead=-8, host_id=rosa.id)
    child_missed = factories.make_family_time(family, caseworker, days_ahead=-7)
    called_off = factories.make_family_time(family, caseworker, days_ahead=-6)
    unrecorded = factories.make_family_time(family, caseworker, days_ahead=-5)
    factories.make_family_time(family, caseworker, days_ahead=3)  # still to come
    factories.make_family_time(family, parent, ContentState.DECLINED, days_ahead=-4)
    factories.make_family_time(family, parent, ContentState.PENDING, days_ahead=-3)
    factories.make_event(family, caseworker, starts_at=datetime.now(UTC) - timedelta(days=2))
    factories.make_event(family, parent, ContentState.PENDING,
                         starts_at=datetime.now(UTC) - timedelta(days=2))
    ft.record_outcome(scope_of(resource_parent, family), held, None, Outcome.ATTENDED,
                      note="Baked cookies together")
    ft.record_outcome(scope_of(resource_parent, family), missed, None,
                      Outcome.PARENT_DID_NOT_COME)
    ft.record_outcome(sam, child_missed, None, Outcome.CHILD_DID_NOT_COME, reason="Sick")
    ft.cancel(scope_of(parent, family), called_off, "Bus strike")
    first, last = local_today() - timedelta(days=14), local_today() + timedelta(days=13)
    for reader in (caseworker, parent, resource_parent):
        figures = ft.court_record(scope_of(reader, family), first, last)
        assert (figures.scheduled, figures.held, figures.parent_did_not_come,
                figures.child_did_not_come, figures.missed, figures.cancelled,
                figures.not_recorded, figures.upcoming, figures.events_shared) == (
            6, 1, 1, 1, 2, 1, 1, 1, 1)
        assert figures.cancelled_by == {Role.PARENT: 1}
        # 5 were due; the one nobody wrote about and the one the child did not come to are
        # left out (the parent cancelled the other, so it counts): 1 held of the 3 the
        # parent was expected at.
        assert (figures.expected, figures.percent_held) == (3, 33)
    assert unrecorded.id in [e.item_id for e in figures.entries]
    ft.court_record(scope_of(caseworker, family), first, last, audited_as="exported")
    [generated] = db.session.scalars(db.select(AuditEvent).filter_by(
        action="family_time.record_exported")).all()
    assert (generated.actor_id, generated.detail) == (
        caseworker.id, {"first": first.isoformat(), "last": last.isoformat()})


def test_every_change_is_audited_once(family, parent, caseworker, db):
    sam = scope_of(caseworker, family)
    item = ft.create_family_time(sam, details(family, every_weeks=1,
                                               last_date=local_today() + timedelta(days=40)))
    second = item.rule_dates()[1]
    ft.move_occurrence(sam, item, second, second, time(18), time(19))
    ft.cancel(sam, item, "Holiday", item.rule_dates()[2])
    ft.change_following(sam, item, item.rule_dates()[3], details(
        family, days=(item.rule_dates()[3] - local_today()).days, start=time(16), end=time(17),
        every_weeks=1, last_date=item.last_date))
    assert actions(family, db) == ["family_time.created", "family_time.moved",
                                   "family_time.cancelled", "family_time.series_changed"]
    assert db.session.get(FamilyTime, item.id).sequence == 3


@pytest.mark.parametrize("bad", [
    {"every_weeks": 3, "last_date": date(2099, 1, 1)},
    {"every_weeks": 1, "last_date": None},
    {"every_weeks": 1, "days": 3, "last_date_in": 400},
])
def test_bad_series_or_times_are_refused_with_nothing_saved(family, caseworker, db, bad):
    bad = dict(bad)
    if "last_date_in" in bad:
        bad["last_date"] = local_today() + timedelta(days=bad.pop("last_date_in"))
    with pytest.raises(ft.Refused):
        ft.create_family_time(scope_of(caseworker, family), details(family, **bad))
    assert db.session.scalar(db.select(db.func.count(FamilyTime.id))) == 0


def test_the_caseworkers_own_change_takes_effect_at_once(family, parent, caseworker, db):
    sam = scope_of(caseworker, family)
    planned = ft.create_family_time(sam, details(family, days=3))
    moved = ft.ask_to_change(sam, planned, details(family, days=3, start=time(17, 30),
                                                   end=time(18, 30)))
    assert moved.state is ContentState.VISIBLE
    entries = ft.calendar_between(scope_of(parent, family), *week_range())
    assert [e.item_id for e in entries] == [moved.id]


def test_requests_waiting_for_an_answer(family, parent, resource_parent, caseworker, db):
    dana = membership(parent, family, db).id
    later = ft.create_family_time(scope_of(parent, family), details(family, days=6))
    sooner = ft.create_family_time(scope_of(resource_parent, family),
                                   details(family, days=4, parent_ids=[dana]))
    overdue = ft.create_family_time(scope_of(parent, family), details(
        family, days=5, confirm_by=local_today() + timedelta(days=1)))
    overdue.confirm_by = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    assert [i.id for i in ft.requests_waiting(scope_of(caseworker, family))] == [sooner.id,
                                                                                 later.id]
    assert [i.id for i in ft.requests_waiting(scope_of(parent, family))] == [later.id]
    ft.approve(scope_of(caseworker, family), later)
    assert ft.requests_waiting(scope_of(parent, family)) == []
