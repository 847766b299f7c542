"""Events: who may add and change them, the coming-up and past lists, answers, the home section.

Every read goes through `moderation.may_see`, so an event waiting for review, declined, hidden
or withdrawn reaches nobody but its author and the caseworker, on every page and fragment.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.access import FamilyScope
from app.extensions import db
from app.ids import id_arg
from app.models import (
    Answer,
    Child,
    Event,
    EventAnswer,
    EventKind,
    Membership,
    Role,
    User,
)
from app.models.audit import record
from app.models.seen import last_seen, mark_seen
from app.models.types import utcnow
from app.moderation import NotAllowed, may_see, new_item_state, news, number_new
from app.notifications import notify

PAGE_SIZE = 20
HOME_LIMIT = 5
HOME_DAYS = 7
# Parent partners read and talk; adding events is for the people raising the child and staff.
CREATORS = frozenset({Role.PARENT, Role.RESOURCE_PARENT, Role.CASEWORKER})
SEEN_AREA = "events"


@dataclass(frozen=True)
class EventDetails:
    """What the form gives, already checked: times are local to the family."""

    title: str
    kind: EventKind
    child_ids: list[int]
    day: date
    all_day: bool
    start: time | None = None
    end: time | None = None
    place: str = ""
    video_link: str = ""
    notes: str = ""


def to_utc(day: date, clock: time, time_zone: str) -> datetime:
    return datetime.combine(day, clock, tzinfo=ZoneInfo(time_zone)).astimezone(UTC)


def _times(details: EventDetails, time_zone: str) -> dict:
    if details.all_day:
        # Local midnight to the next one: "past" starts when the family's day is over.
        return {
            "all_day": True,
            "local_date": details.day,
            "starts_at": to_utc(details.day, time(0), time_zone),
            "ends_at": to_utc(details.day + timedelta(days=1), time(0), time_zone),
        }
    return {
        "all_day": False,
        "local_date": None,
        "starts_at": to_utc(details.day, details.start, time_zone),
        "ends_at": to_utc(details.day, details.end, time_zone) if details.end else None,
    }


def family_children(scope: FamilyScope, child_ids) -> list[Child]:
    """Only this family's children: ids from a form never reach another family's rows."""
    if not child_ids:
        return []
    return list(db.session.scalars(
        select(Child).where(Child.family_id == scope.family.id, Child.id.in_(child_ids))
        .order_by(Child.id)
    ))


def may_create(scope: FamilyScope) -> bool:
    return scope.membership.role in CREATORS


def may_edit(event: Event, scope: FamilyScope) -> bool:
    """The author or the caseworker, while the event is waiting or shared (not taken back)."""
    is_author = event.author_id == scope.membership.user_id
    return (is_author or scope.is_caseworker) and (event.is_pending or event.is_visible)


def create_event(scope: FamilyScope, details: EventDetails) -> Event:
    if not may_create(scope):
        raise NotAllowed("parent partners do not add events")
    children = family_children(scope, details.child_ids)
    if not children:
        raise NotAllowed("an event is about at least one child of this family")
    event = Event(
        family_id=scope.family.id,
        author_id=scope.membership.user_id,
        state=new_item_state(scope),
        title=details.title.strip(),
        kind=details.kind,
        place=details.place.strip(),
        video_link=details.video_link.strip(),
        notes=details.notes.strip(),
        children=children,
        **_times(details, scope.family.time_zone),
    )
    number_new(event)  # its place in the family's order of sharing
    db.session.add(event)
    db.session.flush()
    record("event.created", actor=scope.membership.user, family_id=scope.family.id,
           subject=event, title=event.title)
    notify.item_added(event, scope.membership.user_id)
    db.session.commit()
    return event


def answer(event: Event, scope: FamilyScope, choice: Answer) -> None:
    """Save this person's answer, replacing an earlier one (one per person and event)."""
    if not event.is_visible or event.family_id != scope.family.id:
        raise NotAllowed("only shared events are answered")
    me = scope.membership.user_id
    for _attempt in range(2):
        existing = db.session.scalar(
            select(EventAnswer).where(EventAnswer.event_id == event.id, EventAnswer.user_id == me)
        )
        if existing is None:
            db.session.add(EventAnswer(event_id=event.id, user_id=me, answer=choice))
        else:
            existing.answer = choice
            existing.updated_at = utcnow()
        try:
            db.session.commit()
            return
        except IntegrityError:
            # The same person tapped twice at once: the other request made the row; update it.
            db.session.rollback()
    raise NotAllowed("could not save the answer")


@dataclass(frozen=True)
class WhoIsComing:
    names: dict[Answer, list[str]] = field(default_factory=dict)
    mine: Answer | None = None


def who_is_coming(event: Event, scope: FamilyScope) -> WhoIsComing:
    """Answers of people who are in the family now (a paused person's answer is not shown)."""
    rows = db.session.execute(
        select(EventAnswer.answer, User)
        .join(User, User.id == EventAnswer.user_id)
        .join(Membership, and_(Membership.user_id == EventAnswer.user_id,
                               Membership.family_id == scope.family.id))
        .where(EventAnswer.event_id == event.id, Membership.in_effect())
        .order_by(EventAnswer.updated_at, EventAnswer.id)
    ).all()
    names: dict[Answer, list[str]] = {choice: [] for choice in Answer}
    mine = None
    for choice, user in rows:
        names[choice].append(user.name)
        if user.id == scope.membership.user_id:
            mine = choice
    return WhoIsComing(names=names, mine=mine)


def load_event(scope: FamilyScope, event_id: int) -> Event | None:
    """One event this reader may see, or None (another family's, or not theirs to see)."""
    return db.session.scalar(
        may_see(Event, scope).where(Event.id == event_id)
        .options(selectinload(Event.children), selectinload(Event.author))
    )


# --- Lists: keyset on (starts_at, id), coming up soonest first, past newest first ----------

@dataclass(frozen=True)
class EventPage:
    items: list[Event]
    next_cursor: str | None


CURSOR_TIME = "%Y%m%dT%H%M%S%f"


def cursor_of(event: Event) -> str:
    return f"{event.starts_at.astimezone(UTC).strftime(CURSOR_TIME)}-{event.id}"


def parse_cursor(value: str | None) -> tuple[datetime, int] | None:
    """A cursor from the URL, or None (first page) when it is missing or not one of ours."""
    if not value:
        return None
    try:
        moment, event_id = value.split("-")
        return datetime.strptime(moment, CURSOR_TIME).replace(tzinfo=UTC), id_arg(event_id)
    except ValueError:
        return None


def _ends():
    """When an event is over: its end, or its start when it has no end."""
    return func.coalesce(Event.ends_at, Event.starts_at)


# An event has one date (an all-day one ends at the next local midnight, a timed one the same
# day), so none lasts longer than this. It bounds the start time too, so the lists read a range
# of the (family_id, starts_at, id) index instead of filtering every past event.
LONGEST_EVENT = timedelta(days=2)


def _not_over(now: datetime):
    return and_(Event.starts_at > now - LONGEST_EVENT, _ends() >= now)


def _over(now: datetime):
    return and_(Event.starts_at <= now, _ends() < now)


def _listed(scope: FamilyScope):
    return may_see(Event, scope).options(selectinload(Event.children))


def upcoming_page(scope: FamilyScope, cursor: str | None, now: datetime | None = None,
                  size: int = PAGE_SIZE) -> EventPage:
    """Events not over yet, soonest first (an event under way is still "coming up")."""
    now = now or utcnow()
    query = _listed(scope).where(_not_over(now))
    after = parse_cursor(cursor)
    if after:
        at, last_id = after
        query = query.where(or_(Event.starts_at > at,
                                and_(Event.starts_at == at, Event.id > last_id)))
    return _page(query.order_by(Event.starts_at, Event.id), size)


def past_page(scope: FamilyScope, cursor: str | None, now: datetime | None = None,
              size: int = PAGE_SIZE) -> EventPage:
    now = now or utcnow()
    query = _listed(scope).where(_over(now))
    after = parse_cursor(cursor)
    if after:
        at, last_id = after
        query = query.where(or_(Event.starts_at < at,
                                and_(Event.starts_at == at, Event.id < last_id)))
    return _page(query.order_by(Event.starts_at.desc(), Event.id.desc()), size)


def _page(query, size: int) -> EventPage:
    rows = list(db.session.scalars(query.limit(size + 1)))
    items = rows[:size]
    return EventPage(items=items, next_cursor=cursor_of(items[-1]) if len(rows) > size else None)


def seen_before(scope: FamilyScope) -> int:
    """This person's marker for events: what they had seen before this page (for "New")."""
    return last_seen(scope.membership.id, SEEN_AREA)


def is_new(event: Event, scope: FamilyScope, seen: int) -> bool:
    return scope.membership.id is not None and news.is_new(event, scope, seen)


def new_elsewhere(scope: FamilyScope, seen: int, shown: list[Event]) -> list[Event]:
    """Events new to this person that the list below does not show (weeks away, or already
    over), oldest shared first, so the page can show them and then count them as seen."""
    if scope.membership.id is None:
        return []
    return list(db.session.scalars(
        news.new_to(Event, scope, seen).where(Event.id.not_in([e.id for e in shown]))
        .options(selectinload(Event.children)).order_by(Event.shared_seq).limit(PAGE_SIZE)
    ))


def mark_events_seen(scope: FamilyScope, seen: int, shown: list[Event]) -> None:
    """The person has now seen the events this page showed: the marker moves over them, never
    past a new event it did not show (app.moderation.news.seen_up_to)."""
    if shown and scope.membership.id is not None:
        mark_seen(scope.membership.id, SEEN_AREA, news.seen_up_to(Event, scope, seen, shown))
        db.session.commit()


# --- The family home's "coming up" ------------------------------------------------------

@dataclass(frozen=True)
class HomeSection:
    events: list[Event]
    new_ids: frozenset[int]
    new_count: int
    shared_any: bool  # any event this person may see at all (the home's first-time message)

    def __bool__(self) -> bool:
        """Something for "new since you last looked": events others added since."""
        return self.new_count > 0


def home_section(scope: FamilyScope, now: datetime | None = None) -> HomeSection:
    """Events in the next 7 days of the family's calendar, and what is new since last looked.

    Five queries whatever the family has shared: the marker, the events, their children, the
    count of new events (app.moderation.news: shared after the marker, by someone else, not
    approved by you), and whether any event is shared at all.
    """
    now = now or utcnow()
    today = now.astimezone(ZoneInfo(scope.family.time_zone)).date()
    until = to_utc(today + timedelta(days=HOME_DAYS + 1), time(0), scope.family.time_zone)
    seen = last_seen(scope.membership.id, SEEN_AREA)
    events = list(db.session.scalars(
        _listed(scope).where(_not_over(now), Event.starts_at < until)
        .order_by(Event.starts_at, Event.id).limit(HOME_LIMIT)
    ))
    new_count = db.session.scalar(
        news.new_to(Event, scope, seen).with_only_columns(func.count(Event.id)).order_by(None)
    ) or 0 if scope.membership.id is not None else 0
    new_ids = frozenset(e.id for e in events if is_new(e, scope, seen))
    shared_any = bool(events) or bool(db.session.scalar(
        select(may_see(Event, scope).with_only_columns(Event.id).limit(1).exists())
    ))
    return HomeSection(events=events, new_ids=new_ids, new_count=new_count,
                       shared_any=shared_any)
