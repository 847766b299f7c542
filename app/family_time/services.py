"""Family time: the rules, and the API the calendar pages, feed and record call.

Writes (each checks who may do it, writes one audit event and commits, or changes nothing):

- `create_family_time(scope, details)` → FamilyTime. The caseworker's is approved at once;
  a parent's or resource parent's is a proposal waiting for the caseworker. A proposal
  beyond a parent's approved level is refused (`Refused`, with a kind message to show).
- `ask_to_change(scope, item, details, occurrence_date=None)` → FamilyTime: a proposal that,
  once approved, takes the place of `item` (or of one occurrence of its series; a request
  that repeats: of that occurrence and every later one).
- `make_up(scope, item, occurrence_date, details)` → FamilyTime linked to a missed one.
- `approve(scope, item)` / `decline(scope, item, reason)`: through `app.moderation`; an
  expired request, one that conflicts with approved family time, or a change of a time that
  has started or has a record (`KEPT`: the record is never rewritten) is refused.
  `requests_waiting(scope)` → [FamilyTime]: the caseworker's queue (or one's own requests).
- `cancel(scope, item, reason, occurrence_date=None)`: one occurrence (a single time has one),
  by the people in it or the caseworker (`privacy.may_cancel`).
- `move_occurrence(scope, item, occurrence_date, day, start, end)`: the caseworker moves one.
- `change_following(scope, item, from_date, details)` → FamilyTime: "this and following".
- `record_outcome(scope, item, occurrence_date, outcome, note="", reason="")`: what happened.
- `expire_overdue(family_id=None)` → int: marks requests past their confirm-by date (called
  on every read below; `flask family-time expire` runs it for cron).

Reads (bounded queries however many items; everything through `may_see`):

- `calendar_between(scope, start, end)` → [Entry]: family time (series expanded, moves,
  changes and cancellations applied) and events, sorted by start.
- `overlaps(scope, start, end, child_ids, ignore=None)` → [Entry]: live family time of those
  children in that range, to warn before saving.
- `court_record(scope, first, last, audited_as="")` → CourtRecord: the figures for the judge
  between two local dates (`court_record.py`; "viewed" / "exported" audit it).
- `agenda(scope, first, today)` → Agenda: the agenda page's groups (today, this week, later).
- `next_family_time(scope)` → Entry | None: the next planned time, for the family home.
- `load_family_time(scope, id)` → FamilyTime | None, `entry_for(scope, item, day)` → Entry.
- `levels.set_level / levels_of / level_history`: each parent's family-time level.

Starts and ends are on the quarter hour (`on_quarter_hour`; otherwise `Refused`), so the
slots that keep a child in one place agree with the overlap warning.

Every refusal a person can cause is `Refused` (a `NotAllowed`) with `.message` in the
reader's language; conflicts also carry `.conflict_ids`.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app import moderation
from app.access import FamilyScope
from app.extensions import db
from app.family_time import privacy
from app.family_time.agenda import (
    Agenda,
    Entry,
    Status,
    agenda,
    calendar_between,
    entry_for,
    load_family_time,
    next_family_time,
    overlaps,
)
from app.family_time.court_record import CourtRecord, court_record
from app.family_time.expiry import expire_overdue
from app.family_time.levels import LEVEL_NAMES, NEEDS_LEVEL, levels_of, reads_all_levels
from app.models import (
    Child,
    FamilyTime,
    FamilyTimeOccurrence,
    Level,
    Membership,
    Mode,
    Outcome,
    Role,
    Supervision,
)
from app.models.audit import record
from app.models.calendar import (
    MAX_SERIES_DAYS,
    claim_slots,
    local_to_utc,
    occurrence_row,
    release_slots,
    slot_owners,
)
from app.models.notifications import NotificationKind
from app.models.occurrence_changes import OccurrenceKept, replace_occurrence, take_place
from app.models.types import utcnow
from app.moderation import NotAllowed
from app.notifications import notify

__all__ = [
    "Agenda",
    "CourtRecord",
    "Entry",
    "FamilyTimeDetails",
    "Refused",
    "Status",
    "agenda",
    "approve",
    "ask_to_change",
    "calendar_between",
    "cancel",
    "change_following",
    "court_record",
    "create_family_time",
    "decline",
    "entry_for",
    "expire_overdue",
    "load_family_time",
    "make_up",
    "move_occurrence",
    "next_family_time",
    "overlaps",
    "record_outcome",
    "requests_waiting",
]

# Parent partners read and talk; proposing family time is for the people raising the child.
PROPOSERS = frozenset({Role.PARENT, Role.RESOURCE_PARENT})
MAX_DURATION = timedelta(days=3)

ALREADY = _l("This family time was already changed or recorded.")
CONFLICT = _l("This time overlaps family time already set for the same child. "
              "Please choose another time.")
# The clash guarantee works in quarter hours (app.models.calendar): a time starting or ending
# inside one would take a slot its neighbour also needs, so back to back would clash.
QUARTER_HOUR = _l("Choose a time on the quarter hour, like 4:00, 4:15, 4:30 or 4:45.")
NOT_YOURS_TO_CANCEL = _l("Only the people in this family time and the caseworker can cancel "
                         "it. If you think it cannot happen, please tell your caseworker.")
EXPIRED = _l("This request was not answered by its confirm-by date, so it can no longer be "
             "approved. The family can send a new one.")
# The record goes to court: a change never takes the place of a time that has begun or has a
# record of what happened (docs/family-time.md, "Changes never rewrite the record").
KEPT = _l("The family time this request would change has already started, or what happened "
          "is written down. That record stays, so this change cannot be approved. Please "
          "decline it. The family can ask for a new time.")
STARTED = _l("This family time has already started, so it cannot be changed.")
ALREADY = _l("This family time was already changed or recorded.")


class Refused(NotAllowed):
    """A request the rules refuse; `.message` says why, kindly, in the reader's language."""

    def __init__(self, message, *, conflict_ids=()):
        super().__init__(message)
        self.message = message
        self.conflict_ids = list(conflict_ids)

    def __str__(self) -> str:
        # Outside a request (a log line, a CLI task) there is no reader's language: the English.
        try:
            return str(self.message)
        except RuntimeError:
            return str(getattr(self.message, "_args", ("refused",))[0])


@dataclass(frozen=True)
class FamilyTimeDetails:
    """What the form gives. Times are local to the family; an end at or before the start
    means the next day (overnight)."""

    child_ids: list[int]
    day: date
    start: time
    end: time
    mode: Mode = Mode.IN_PERSON
    supervision: Supervision = Supervision.SUPERVISED
    parent_ids: list[int] = field(default_factory=list)  # memberships of the parents
    place: str = ""
    call_link: str = ""
    supervisor: str = ""
    host_id: int | None = None
    notes: str = ""
    confirm_by: date | None = None
    every_weeks: int | None = None  # 1 weekly, 2 every other week
    last_date: date | None = None


# --- checks ------------------------------------------------------------------------------

def on_quarter_hour(clock: time) -> bool:
    return clock.minute % 15 == 0 and clock.second == 0 and clock.microsecond == 0


def _quarter_hours(*clocks: time) -> None:
    """Refused unless every start and end is on a quarter hour, whoever calls: the forms say
    so first, but the slots are only honest if no caller can slip past them."""
    if not all(on_quarter_hour(clock) for clock in clocks):
        raise Refused(QUARTER_HOUR)


def _children(scope: FamilyScope, ids) -> list[Child]:
    children = list(db.session.scalars(select(Child).where(
        Child.family_id == scope.family.id, Child.id.in_(list(ids))).order_by(Child.id)))
    if not children or len(children) != len(set(ids)):
        raise Refused(_l("Choose at least one child of this family."))
    return children


def _memberships(scope: FamilyScope, ids, roles) -> list[Membership]:
    if not ids:
        return []
    found = list(db.session.scalars(select(Membership).where(
        Membership.family_id == scope.family.id, Membership.id.in_(list(ids)),
        Membership.role.in_(list(roles)), Membership.in_effect(),
    ).order_by(Membership.id)))
    if len(found) != len(set(ids)):
        raise Refused(_l("Choose people of this family."))
    return found


def _columns(scope: FamilyScope, details: FamilyTimeDetails) -> dict:
    """The rule and the fields of a new item, checked; nothing is written here."""
    _quarter_hours(details.start, details.end)
    zone = scope.family.time_zone
    start = local_to_utc(details.day, details.start, zone)
    end_day = details.day + timedelta(days=1) if details.end <= details.start else details.day
    end = local_to_utc(end_day, details.end, zone)
    if end - start > MAX_DURATION:
        raise Refused(_l("Family time can last at most three days."))
    link = details.call_link.strip()
    if link:
        parts = urlsplit(link)
        if parts.scheme != "https" or not parts.netloc:
            raise Refused(_l("A call link must start with https://"))
    if details.every_weeks:
        if details.every_weeks not in (1, 2):
            raise Refused(_l("Family time repeats every week or every other week."))
        if details.last_date is None or details.last_date < details.day:
            raise Refused(_l("Choose the last date of the series, on or after the first."))
        if (details.last_date - details.day).days > MAX_SERIES_DAYS:
            raise Refused(_l("A series can last at most one year. You can add another later."))
        last_date = details.last_date
    else:
        last_date = details.day
    host = _memberships(scope, [details.host_id] if details.host_id else [],
                        [Role.RESOURCE_PARENT, Role.CASEWORKER, Role.PARENT])
    parents = _memberships(scope, details.parent_ids, [Role.PARENT])
    if not parents and scope.membership.role is Role.PARENT:
        parents = [scope.membership]
    confirm_by = None
    if details.confirm_by is not None:
        # The end of the chosen day where the family lives.
        confirm_by = local_to_utc(details.confirm_by + timedelta(days=1), time(0), zone)
        if confirm_by <= utcnow():
            raise Refused(_l("Choose a confirm-by date that has not passed."))
    return {
        "family_id": scope.family.id, "author_id": scope.membership.user_id,
        "time_zone": zone, "first_date": details.day, "last_date": last_date,
        "local_start": details.start, "duration_minutes": int((end - start).total_seconds() // 60),
        "every_weeks": details.every_weeks or None, "mode": details.mode,
        "place": details.place.strip(), "call_link": link,
        "supervision": details.supervision, "supervisor": details.supervisor.strip(),
        "host_id": host[0].id if host else None, "notes": details.notes.strip(),
        "confirm_by": confirm_by,
        "children": _children(scope, details.child_ids), "parents": parents,
    }


def _check_level(scope: FamilyScope, columns: dict) -> None:
    """A proposal may not go beyond what each of its parents is approved for.

    The refusal names a parent's level only to someone who may read it (that parent, or the
    resource parent and caseworker: `levels.reads_all_levels`). A parent asking for time with
    the other parent is told only that it cannot be planned this way: two parents may be
    apart, and each one's level is theirs."""
    parents = columns["parents"]
    levels = levels_of(m.id for m in parents)
    needed = NEEDS_LEVEL[columns["supervision"]]
    overnight = (datetime.combine(columns["first_date"], columns["local_start"])
                 + timedelta(minutes=columns["duration_minutes"])).date() > columns["first_date"]
    for parent in parents:
        level = levels[parent.id]
        name = parent.user.name
        may_name = parent.id == scope.membership.id or reads_all_levels(scope)
        if level.rank < needed.rank:
            if not may_name:
                raise Refused(_l("This family time cannot have this kind of supervision yet "
                                 "for everyone it is with. Please choose a supervised time, "
                                 "or talk with your caseworker about the next step."))
            raise Refused(_l("%(name)s is approved for family time “%(level)s” for now, so "
                             "this time cannot be “%(asked)s” yet. Please choose a supervised "
                             "time, or talk with your caseworker about the next step.",
                             name=name, level=LEVEL_NAMES[level], asked=LEVEL_NAMES[needed]))
        if overnight and level.rank < Level.OVERNIGHT.rank:
            if not may_name:
                raise Refused(_l("This family time cannot last into the next day yet for "
                                 "everyone it is with. Please choose a time that ends the "
                                 "same day, or talk with your caseworker about the next "
                                 "step."))
            raise Refused(_l("%(name)s is not approved for overnight family time yet. Please "
                             "choose a time that ends the same day, or talk with your "
                             "caseworker about the next step.", name=name))


def _visible_item(scope: FamilyScope, item: FamilyTime) -> None:
    if item.family_id != scope.family.id or not item.is_visible:
        raise NotAllowed("not an approved family time of this family")


def _rule_date(item: FamilyTime, day: date | None) -> date:
    day = day or item.first_date
    if day not in item.rule_dates() and day not in item.kept_dates():
        raise Refused(_l("This family time does not happen on that day."))
    return day


def _refuse_conflict(child_ids, start: datetime, end: datetime):
    db.session.rollback()
    raise Refused(CONFLICT, conflict_ids=slot_owners(child_ids, start, end))


def _touch(item: FamilyTime) -> None:
    item.sequence = FamilyTime.sequence + 1
    item.updated_at = utcnow()


def _update_span(item: FamilyTime) -> None:
    """Keep [starts_at, last_ends_at] around every occurrence, moved ones included, so the
    range queries find them; and around those cut off by "this and following", so the
    calendar feed still finds them to say they are off."""
    times = [(start, end) for _, start, end, _ in item.occurrence_times()]
    times += [(start, end) for _, start, end, _ in item.cut_off_times()]
    if times:
        item.starts_at = min(start for start, _ in times)
        item.last_ends_at = max(end for _, end in times)
    else:  # a series ended before its first date: keep where it would have been
        item.starts_at = item.last_ends_at = item.scheduled_start(item.first_date)


# --- writes ------------------------------------------------------------------------------

def create_family_time(scope: FamilyScope, details: FamilyTimeDetails, *,
                       _links: dict | None = None) -> FamilyTime:
    role = scope.membership.role
    if role not in PROPOSERS and not scope.is_caseworker:
        raise NotAllowed("parent partners do not propose family time")
    columns = _columns(scope, details)
    if not scope.is_caseworker:
        if not columns["parents"]:
            raise Refused(_l("Choose the parent or parents this family time is with."))
        _check_level(scope, columns)
    item = FamilyTime(state=moderation.new_item_state(scope, always_reviewed=True),
                      **columns, **(_links or {}))
    _update_span(item)
    db.session.add(item)
    db.session.flush()
    action = "created" if scope.is_caseworker else "proposed"
    record(f"family_time.{action}", actor=scope.membership.user, family_id=scope.family.id,
           subject=item, starts_at=item.starts_at.isoformat(), every_weeks=item.every_weeks,
           **{key: value for key, value in (_links or {}).items() if key.endswith("_id")})
    if scope.is_caseworker:
        try:
            if item.replaces_id is not None:  # the caseworker's own change takes effect now
                replace_occurrence(item)
            claim_slots(item)
            db.session.flush()
        except OccurrenceKept:  # recorded or begun since it was read: it keeps its record
            raise Refused(ALREADY) from None
        except IntegrityError:
            _refuse_conflict(details.child_ids, item.starts_at, item.last_ends_at)
    notify.item_added(item, scope.membership.user_id)
    db.session.commit()
    return item


def ask_to_change(scope: FamilyScope, item: FamilyTime, details: FamilyTimeDetails,
                  occurrence_date: date | None = None) -> FamilyTime:
    """Another time or place for an approved time, or one occurrence of a series. When
    `details` repeats, the request is for that occurrence and every later one of the series
    (approved, they all give way to the new series: `replace_occurrence`)."""
    _visible_item(scope, item)
    day = _rule_date(item, occurrence_date)
    if details.every_weeks and not item.is_series:
        raise Refused(_l("Only a series has following times."))
    row = item.exception(day)
    if row is not None and (row.frees_slots or row.outcome is not None):
        raise Refused(ALREADY)
    start = row.moved_starts_at if row is not None and row.moved_starts_at else None
    if (start or item.scheduled_start(day)) <= utcnow():
        raise Refused(STARTED)
    return create_family_time(scope, details, _links={
        "replaces_id": item.id, "replaces_date": day if item.is_series else None})


def make_up(scope: FamilyScope, item: FamilyTime, occurrence_date: date | None,
            details: FamilyTimeDetails) -> FamilyTime:
    """A make-up time for one that was missed or cancelled."""
    _visible_item(scope, item)
    day = _rule_date(item, occurrence_date)
    row = item.exception(day)
    if row is None or row.outcome in (None, Outcome.ATTENDED):
        raise Refused(_l("A make-up time is for family time that did not happen."))
    return create_family_time(scope, details, _links={
        "make_up_for_id": item.id, "make_up_for_date": day})


def approve(scope: FamilyScope, item: FamilyTime, *, sequence: int | None = None) -> None:
    """The caseworker approves a proposal or a change; refused if expired or conflicting.
    `sequence`: the version the caseworker read ("share all" sends it), refused if it moved."""
    if not scope.is_caseworker:
        raise NotAllowed("only the family's caseworker approves family time")
    expire_overdue(scope.family.id)
    as_read = [FamilyTime.sequence == sequence] if sequence is not None else []
    # Locks the row and checks "not expired" in the same transaction as the approval, so a
    # request expiring at this very moment cannot be approved too.
    guard = db.session.execute(
        update(FamilyTime)
        .where(FamilyTime.id == item.id, FamilyTime.family_id == scope.family.id,
               moderation.waiting(FamilyTime), FamilyTime.expired_at.is_(None),
               *as_read)
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if guard != 1:
        db.session.rollback()
        db.session.refresh(item)
        if item.is_expired:
            raise Refused(EXPIRED)
        raise NotAllowed("the request is no longer waiting")
    if item.replaces_id is not None:
        old = db.session.get(FamilyTime, item.replaces_id)
        row = old.exception(item.replaces_date or old.first_date)
        if not old.is_visible or (row is not None and row.frees_slots):
            db.session.rollback()
            raise Refused(_l("The family time this request would change is no longer "
                             "planned. Please decline it."))
    try:
        moderation.approve(item, scope)  # an approved change takes its place: replace_occurrence
    except OccurrenceKept:
        raise Refused(KEPT) from None
    except IntegrityError:
        _refuse_conflict([c.id for c in item.children], item.starts_at, item.last_ends_at)
    except StaleDataError:  # the date it replaces was cancelled or moved this very moment
        db.session.rollback()
        raise Refused(_l("The family time this request would change is no longer "
                         "planned. Please decline it.")) from None


def requests_waiting(scope: FamilyScope) -> list[FamilyTime]:
    """Proposals and changes still waiting for an answer, soonest first: the caseworker's
    queue, or the reader's own requests. Expired ones are not waiting any more."""
    expire_overdue(scope.family.id)
    return list(db.session.scalars(
        moderation.may_see(FamilyTime, scope)
        .where(moderation.waiting(FamilyTime), FamilyTime.expired_at.is_(None))
        .order_by(FamilyTime.starts_at, FamilyTime.id)
        .options(selectinload(FamilyTime.children))
    ))


def decline(scope: FamilyScope, item: FamilyTime, reason: str) -> None:
    if not reason.strip():
        raise Refused(_l("Please say why, in a few calm words. The person who asked sees it."))
    moderation.decline(item, scope, reason)


def cancel(scope: FamilyScope, item: FamilyTime, reason: str,
           occurrence_date: date | None = None, *, seen: int | None = None) -> None:
    """One of the people in it (its parents, its host) or the caseworker calls off one
    occurrence, saying why. Anyone else is refused (`privacy.may_cancel`): a cancellation
    may count against a parent in the court record. `seen`: the occurrence's version the form
    showed (`occurrence_version`)."""
    _visible_item(scope, item)
    if not privacy.may_cancel(scope, item):
        raise Refused(NOT_YOURS_TO_CANCEL)
    day = _rule_date(item, occurrence_date)
    if not reason.strip():
        raise Refused(_l("Please say why it is cancelled. Everyone in the family sees it."))
    row = _row_as_seen(item, day, seen)
    if row.replaced_by_id is not None or row.outcome is not None:
        raise Refused(ALREADY)
    _set_outcome(scope, row, Outcome.CANCELLED, reason=reason)
    _write_row()
    release_slots(item, only=day)
    _touch(item)
    record("family_time.cancelled", actor=scope.membership.user, family_id=scope.family.id,
           subject=item, occurrence_date=day.isoformat(), reason=row.outcome_reason)
    notify.family_time_changed(item, NotificationKind.FAMILY_TIME_CANCELLED,
                               row.moved_starts_at or item.scheduled_start(day), day,
                               scope.membership.user_id)
    db.session.commit()


def occurrence_version(item: FamilyTime, day: date) -> int:
    """What a form shows and sends back as `seen`: 0 while the date has no row."""
    row = item.exception(day)
    return row.version if row is not None else 0


def _row_as_seen(item: FamilyTime, day: date, seen: int | None) -> FamilyTimeOccurrence:
    """The occurrence row to change, refused if it changed since the form was shown (a
    double tap: the second post carries the version the first one changed)."""
    row = occurrence_row(item, day)
    if seen is not None and (row.version or 0) != seen:
        raise Refused(ALREADY)
    return row


def _write_row() -> None:
    """Write the occurrence row now, before anything else of the change. Of two requests
    that read the same date, the second meets the unique constraint (both made the row) or
    the version (both changed it): it is answered in words and nothing of it stays."""
    try:
        db.session.flush()
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        raise Refused(ALREADY) from None


def _outcome_values(scope, outcome: Outcome, *, reason: str = "", note: str = "") -> dict:
    return {"outcome": outcome, "outcome_by_id": scope.membership.id, "outcome_at": utcnow(),
            "outcome_reason": (reason or "").strip()[:500],
            "outcome_note": (note or "").strip()[:500]}


def _set_outcome(scope, row, outcome: Outcome, *, reason: str = "", note: str = "") -> None:
    for column, value in _outcome_values(scope, outcome, reason=reason, note=note).items():
        setattr(row, column, value)


def move_occurrence(scope: FamilyScope, item: FamilyTime, occurrence_date: date, day: date,
                    start: time, end: time, *, seen: int | None = None) -> None:
    """The caseworker moves one occurrence; the rest of the series stays."""
    if not scope.is_caseworker:
        raise NotAllowed("members ask to change; the caseworker moves")
    _visible_item(scope, item)
    _quarter_hours(start, end)
    original = _rule_date(item, occurrence_date)
    row = _row_as_seen(item, original, seen)
    if row.frees_slots or row.outcome is not None:
        raise Refused(ALREADY)
    new_start = local_to_utc(day, start, item.time_zone)
    new_end = local_to_utc(day + timedelta(days=1) if end <= start else day, end, item.time_zone)
    before = (row.moved_starts_at or item.scheduled_start(original)).isoformat()
    row.moved_starts_at, row.moved_ends_at = new_start, new_end
    _write_row()
    release_slots(item, only=original)
    _update_span(item)
    _touch(item)
    try:
        db.session.flush()
        claim_slots(item, only=original)
        db.session.flush()
    except IntegrityError:
        _refuse_conflict([c.id for c in item.children], new_start, new_end)
    record("family_time.moved", actor=scope.membership.user, family_id=scope.family.id,
           subject=item, occurrence_date=original.isoformat(), before=before,
           after=new_start.isoformat())
    notify.family_time_changed(item, NotificationKind.FAMILY_TIME_MOVED, new_start, original,
                               scope.membership.user_id)
    db.session.commit()


def change_following(scope: FamilyScope, item: FamilyTime, from_date: date,
                     details: FamilyTimeDetails) -> FamilyTime:
    """"This and following": the series ends before `from_date`; a new one continues it.

    The old series' dates from `from_date` on are marked as replaced by the new one (as an
    approved change of a series does), not forgotten: calendar apps that already hold them
    must be told they are off (see app.family_time.ical). The record is kept: `from_date`
    must still be to come, and a later time that has started or has a record (cancelled
    ahead, or moved earlier and held) stays the old series' (`FamilyTime.kept_dates`), in the
    calendar and the court record. The database decides each one (`take_place`)."""
    if not scope.is_caseworker:
        raise NotAllowed("the caseworker changes a series")
    _visible_item(scope, item)
    if not item.is_series:
        raise Refused(_l("Only a series has following times."))
    from_date = _rule_date(item, from_date)
    if details.day < from_date:
        raise Refused(_l("The new times start on or after the date you chose."))
    row = item.exception(from_date)
    moved_start = row.moved_starts_at if row is not None else None
    if (moved_start or item.scheduled_start(from_date)) <= utcnow():
        raise Refused(STARTED)
    columns = _columns(scope, details if details.every_weeks else
                       FamilyTimeDetails(**{**details.__dict__, "every_weeks": item.every_weeks,
                                            "last_date": details.last_date or item.last_date}))
    # The caseworker's own change: shared at once, as the moderation service decides.
    new = FamilyTime(state=moderation.new_item_state(scope), continues_id=item.id, **columns)
    _update_span(new)
    db.session.add(new)
    db.session.flush()
    try:
        taken = [day for day in item.rule_dates()
                 if day >= from_date and take_place(item, day, new.id)]
    except OccurrenceKept:  # recorded at this very moment: nothing is changed
        raise Refused(ALREADY) from None
    release_slots(item, days=taken)
    db.session.expire(item, ["occurrences"])  # marked by UPDATEs the loaded rows do not know
    item.last_date = from_date - timedelta(days=1)
    _touch(item)
    try:
        db.session.flush()
        claim_slots(new)
        db.session.flush()
    except IntegrityError:
        _refuse_conflict(details.child_ids, new.starts_at, new.last_ends_at)
    _update_span(item)
    record("family_time.series_changed", actor=scope.membership.user,
           family_id=scope.family.id, subject=item, from_date=from_date.isoformat(),
           continued_by=new.id)
    db.session.commit()
    return new


def may_record(scope: FamilyScope, item: FamilyTime) -> bool:
    """The host (the resource parent hosting it) or the caseworker records what happened."""
    return scope.is_caseworker or (item.host_id is not None
                                   and item.host_id == scope.membership.id)


def record_outcome(scope: FamilyScope, item: FamilyTime, occurrence_date: date | None,
                   outcome: Outcome, note: str = "", reason: str = "", *,
                   seen: int | None = None) -> None:
    """What happened. It may be said again later (a correction, with before and after in
    the record), but only from a form that showed what was recorded then (`seen`)."""
    if not may_record(scope, item):
        raise NotAllowed("only the host or the caseworker records what happened")
    _visible_item(scope, item)
    day = _rule_date(item, occurrence_date)
    row = _row_as_seen(item, day, seen)
    if row.replaced_by_id is not None:
        raise Refused(_l("This family time was changed to another time."))
    if row.outcome is Outcome.CANCELLED and outcome is not Outcome.CANCELLED:
        # Its place may be taken since; a new time is the honest record.
        raise Refused(_l("This family time was cancelled. You can add a make-up time."))
    start = row.moved_starts_at or item.scheduled_start(day)
    if outcome is not Outcome.CANCELLED and start > utcnow():
        raise Refused(_l("You can say how it went once it has started."))
    before = row.outcome.value if row.outcome else ""
    # Written only while no approved change has taken the occurrence's place and nobody wrote
    # it since the form was shown, as the database decides (an approval marks it in one
    # conditional UPDATE too: app.models.occurrence_changes; the version counts every write),
    # so an outcome never lands on a replaced time and a double tap writes once.
    try:
        db.session.flush()  # a new row: INSERTed here, unless a change made it a moment ago
        written = db.session.execute(
            update(FamilyTimeOccurrence)
            .where(FamilyTimeOccurrence.id == row.id,
                   FamilyTimeOccurrence.replaced_by_id.is_(None),
                   FamilyTimeOccurrence.version == row.version)
            .values(**_outcome_values(scope, outcome, reason=reason, note=note),
                    version=FamilyTimeOccurrence.version + 1)
            .execution_options(synchronize_session=False)).rowcount
    except (IntegrityError, StaleDataError):
        written = 0
    if not written:
        db.session.rollback()
        replaced = db.session.scalar(
            select(FamilyTimeOccurrence.replaced_by_id)
            .where(FamilyTimeOccurrence.family_time_id == item.id,
                   FamilyTimeOccurrence.original_date == day))
        raise Refused(_l("This family time was changed to another time.")
                      if replaced is not None else ALREADY)
    db.session.expire(row)
    if outcome is Outcome.CANCELLED:
        release_slots(item, only=day)
    _touch(item)
    record("family_time.outcome_recorded", actor=scope.membership.user,
           family_id=scope.family.id, subject=item, occurrence_date=day.isoformat(),
           before=before, after=outcome.value)
    db.session.commit()
