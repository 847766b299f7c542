"""Reading the calendar: the agenda entries and the overlap warning (the court record's
figures, built on these entries, are in `court_record.py`).

Family time and events come through `moderation.may_see`, so a proposal, a declined or a
hidden item reaches only its author and the caseworker. Series are expanded here, with their
moves, changes and cancellations applied. Each read costs a fixed number of queries: the items
in range, their children and exception rows (selectin loads), and the events.
"""

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.access import FamilyScope
from app.extensions import db
from app.family_time.expiry import expire_overdue
from app.models import (
    Event,
    FamilyTime,
    FamilyTimeOccurrence,
    Membership,
    Mode,
    Outcome,
    Role,
    Supervision,
)
from app.models.types import utcnow
from app.moderation import may_see


class Status(enum.StrEnum):
    PROPOSED = "proposed"  # waiting for the caseworker (a new time or a change)
    EXPIRED = "expired"  # not answered by its confirm-by date
    DECLINED = "declined"
    APPROVED = "approved"  # family time planned, or an event shared
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    PARENT_DID_NOT_COME = "parent_did_not_come"
    CHILD_DID_NOT_COME = "child_did_not_come"
    HIDDEN = "hidden"  # an event the caseworker hid (its author still sees it)
    WITHDRAWN = "withdrawn"


OUTCOME_STATUS = {outcome: Status(outcome.value) for outcome in Outcome}


def state_status(item) -> Status:
    """The calendar's word for a shared item's moderation state: waiting reads "proposed",
    shared reads "approved"; declined, hidden and withdrawn keep their own names."""
    if item.is_pending:
        return Status.PROPOSED
    if item.is_visible:
        return Status.APPROVED
    return Status(item.state.value)


# Family time that still holds its place in the calendar (for the overlap warning).
LIVE = frozenset({Status.PROPOSED, Status.APPROVED})


@dataclass(frozen=True)
class Entry:
    """One line of the agenda. `endpoint` and `url_args` name the page it links to."""

    kind: str  # "family_time" or "event"
    item_id: int
    starts_at: datetime
    ends_at: datetime | None
    status: Status
    title: str = ""
    occurrence_date: date | None = None  # a series occurrence's original local date
    all_day: bool = False
    place: str = ""
    link: str = ""  # call or video link (https)
    mode: Mode | None = None
    supervision: Supervision | None = None
    child_ids: tuple[int, ...] = ()
    moved: bool = False
    is_change: bool = False  # a request to change another time
    is_make_up: bool = False
    replaced_by_id: int | None = None
    outcome_reason: str = ""
    outcome_note: str = ""
    outcome_by_role: Role | None = None
    endpoint: str = ""
    url_args: dict = field(default_factory=dict)
    item: object = field(default=None, compare=False, repr=False)


def _family_time_status(item: FamilyTime, row: FamilyTimeOccurrence | None) -> Status:
    if item.is_pending and item.is_expired:
        return Status.EXPIRED
    if item.is_visible and row is not None and row.outcome is not None:
        return OUTCOME_STATUS[row.outcome]
    return state_status(item)


def _family_times(scope: FamilyScope, start: datetime, end: datetime, *, visible_only=False,
                  people=False):
    query = (may_see(FamilyTime, scope, shared_only=visible_only)
             .where(FamilyTime.starts_at < end, FamilyTime.last_ends_at > start)
             .options(selectinload(FamilyTime.children),
                      selectinload(FamilyTime.occurrences)
                      .selectinload(FamilyTimeOccurrence.outcome_by)))
    if people:  # the court record names the parents and who cancelled
        query = query.options(
            selectinload(FamilyTime.parents).selectinload(Membership.user),
            selectinload(FamilyTime.occurrences).selectinload(FamilyTimeOccurrence.outcome_by)
            .selectinload(Membership.user))
    return db.session.scalars(query).all()


def _entry(scope: FamilyScope, item: FamilyTime, day: date, begins: datetime, ends: datetime,
           row: FamilyTimeOccurrence | None) -> Entry:
    return Entry(
        kind="family_time", item_id=item.id, occurrence_date=day,
        starts_at=begins, ends_at=ends, status=_family_time_status(item, row),
        place=item.place, link=item.call_link, mode=item.mode,
        supervision=item.supervision, child_ids=tuple(c.id for c in item.children),
        moved=row is not None and row.moved_starts_at is not None,
        is_change=item.replaces_id is not None,
        is_make_up=item.make_up_for_id is not None,
        replaced_by_id=row.replaced_by_id if row else None,
        outcome_reason=row.outcome_reason if row else "",
        outcome_note=row.outcome_note if row else "",
        outcome_by_role=row.outcome_by.role if row and row.outcome_by else None,
        endpoint="family_time.show",
        url_args={"family_id": scope.family.id, "family_time_id": item.id,
                  "day": day.isoformat()},
        item=item,
    )


def _expand(scope: FamilyScope, item: FamilyTime, start: datetime, end: datetime, *,
            with_replaced=False) -> list[Entry]:
    entries = []
    for day, begins, ends, row in item.occurrence_times():
        if not (begins < end and ends > start):
            continue
        if row is not None and row.replaced_by_id is not None and not with_replaced:
            continue  # the approved change is in the calendar instead
        entries.append(_entry(scope, item, day, begins, ends, row))
    return entries


def _cut_off(scope: FamilyScope, item: FamilyTime, start: datetime,
             end: datetime) -> list[Entry]:
    """The occurrences "this and following" took off the end of `item` (for the feed only)."""
    return [_entry(scope, item, day, begins, ends, row)
            for day, begins, ends, row in item.cut_off_times()
            if begins < end and ends > start]


def family_time_entries(scope: FamilyScope, start: datetime, end: datetime, *,
                        visible_only=False, people=False) -> list[Entry]:
    return [entry for item in _family_times(scope, start, end, visible_only=visible_only,
                                            people=people)
            for entry in _expand(scope, item, start, end)]


def shared_between(scopes: list[FamilyScope], start: datetime,
                   end: datetime) -> list[tuple[FamilyScope, Entry]]:
    """What the whole family shares in [start, end), for each of the reader's families at
    once (the calendar feed): approved family time, occurrences replaced by a change or cut
    off by "this and following" included (the feed marks them cancelled), and shared events.
    One query per kind of row however many families: `may_see` of each family, joined by
    OR. Requests are not in it, so nothing here needs `expire_overdue`."""
    if not scopes:
        return []
    by_family = {scope.family.id: scope for scope in scopes}
    items = db.session.scalars(
        select(FamilyTime)
        .where(or_(*(may_see(FamilyTime, scope, shared_only=True).whereclause
                     for scope in scopes)),
               FamilyTime.starts_at < end, FamilyTime.last_ends_at > start)
        .order_by(FamilyTime.id)
        # parents: who is in each time decides who reads its supervision (privacy.py)
        .options(selectinload(FamilyTime.children), selectinload(FamilyTime.parents),
                 selectinload(FamilyTime.occurrences)
                 .selectinload(FamilyTimeOccurrence.outcome_by)))
    found = [(by_family[item.family_id], entry) for item in items
             for entry in _expand(by_family[item.family_id], item, start, end,
                                  with_replaced=True)
             + _cut_off(by_family[item.family_id], item, start, end)]
    events = db.session.scalars(
        select(Event)
        .where(or_(*(events_query(scope, start, end, visible_only=True).whereclause
                     for scope in scopes)))
        .order_by(Event.id))
    found += [(by_family[event.family_id], event_entry(by_family[event.family_id], event))
              for event in events]
    found.sort(key=lambda pair: (pair[1].starts_at, pair[1].kind, pair[1].item_id))
    return found


def load_family_time(scope: FamilyScope, item_id: int) -> FamilyTime | None:
    """One family time the reader may see (None otherwise: the page answers 404)."""
    return db.session.scalar(may_see(FamilyTime, scope).where(FamilyTime.id == item_id))


def entry_for(scope: FamilyScope, item: FamilyTime, day: date | None) -> Entry:
    """The occurrence of `item` on `day` (its original date); without a day, or a day the
    rule does not give, the next one still to come, else the last."""
    occurrences = list(item.occurrence_times())
    if not occurrences:  # a series ended before its first date
        return _entry(scope, item, item.first_date, *item.scheduled_times(item.first_date), None)
    chosen = next((o for o in occurrences if o[0] == day), None)
    if chosen is None:
        now = utcnow()
        chosen = next((o for o in occurrences if o[2] > now), occurrences[-1])
    return _entry(scope, item, *chosen)


HOME_AHEAD = timedelta(days=31)


def next_family_time(scope: FamilyScope) -> Entry | None:
    """The next planned family time within a month, for the family home (fixed queries)."""
    now = utcnow()
    planned = [entry for entry in family_time_entries(scope, now, now + HOME_AHEAD,
                                                      visible_only=True)
               if entry.status is Status.APPROVED and entry.starts_at > now]
    return min(planned, key=lambda e: (e.starts_at, e.item_id), default=None)


@dataclass(frozen=True)
class AgendaGroup:
    key: str  # "today", "week" or "later": the template words each
    first: date
    last: date  # inclusive
    entries: list[Entry]


@dataclass(frozen=True)
class Agenda:
    first: date
    today: date
    groups: list[AgendaGroup]
    days: int

    @property
    def previous(self) -> date:
        return self.first - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.first + timedelta(days=7)

    @property
    def is_empty(self) -> bool:
        return not any(group.entries for group in self.groups)


def agenda(scope: FamilyScope, first: date, today: date, days: int = 28) -> Agenda:
    """The agenda from `first` (local date) for `days` days: "today", "this week" and
    "later" when it starts today; "the week of …" and "later" otherwise."""
    zone = ZoneInfo(scope.family.time_zone)
    start = datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(first + timedelta(days=days), time(0), tzinfo=zone).astimezone(UTC)
    entries = calendar_between(scope, start, end)
    if first == today:
        bounds = [("today", first, first), ("week", first + timedelta(days=1),
                                            first + timedelta(days=6))]
    else:
        bounds = [("week", first, first + timedelta(days=6))]
    bounds.append(("later", first + timedelta(days=7), first + timedelta(days=days - 1)))
    # Something that began before the window (a long event) shows in the first group.
    day_of = {id(e): max(e.starts_at.astimezone(zone).date(), first) for e in entries}
    groups = [AgendaGroup(key=key, first=low, last=high,
                          entries=[e for e in entries if low <= day_of[id(e)] <= high])
              for key, low, high in bounds]
    return Agenda(first=first, today=today, groups=groups, days=days)


def events_query(scope: FamilyScope, start: datetime, end: datetime, *, visible_only=False):
    return may_see(Event, scope, shared_only=visible_only).where(
        Event.starts_at < end, or_(Event.starts_at >= start, Event.ends_at > start))


def event_entry(scope: FamilyScope, event: Event, child_ids: tuple[int, ...] = ()) -> Entry:
    """One event as the calendar reads it."""
    return Entry(
        kind="event", item_id=event.id, title=event.title, starts_at=event.starts_at,
        ends_at=event.ends_at, all_day=event.all_day, status=state_status(event),
        place=event.place, link=event.video_link, child_ids=child_ids, endpoint="events.show",
        url_args={"family_id": scope.family.id, "event_id": event.id}, item=event,
    )


def calendar_between(scope: FamilyScope, start: datetime, end: datetime) -> list[Entry]:
    """Everything the reader may see that happens in [start, end), sorted by start."""
    expire_overdue(scope.family.id)
    entries = family_time_entries(scope, start, end)
    events = db.session.scalars(
        events_query(scope, start, end).options(selectinload(Event.children)))
    entries += [event_entry(scope, event, tuple(c.id for c in event.children))
                for event in events]
    entries.sort(key=lambda e: (e.starts_at, e.kind, e.item_id))
    return entries


def overlaps(scope: FamilyScope, start: datetime, end: datetime, child_ids,
             ignore: int | None = None) -> list[Entry]:
    """Planned or proposed family time of any of these children overlapping [start, end):
    shown before saving. (Approval itself is guarded in the database, see app.models.calendar.)"""
    wanted = set(child_ids)
    return [entry for entry in family_time_entries(scope, start, end)
            if entry.item_id != ignore and entry.status in LIVE
            and wanted.intersection(entry.child_ids)]

