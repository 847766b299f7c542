"""Family time: single times and weekly series, their occurrences, the slots that keep a child
from being in two places at once, and each parent's family-time level with its history.

A family time is a shared item (proposed = pending, approved = visible, declined). Every item
stores a rule, even a single one (a "series" of one): the first local date, the local start
time, the duration, the family's zone, and for a series the interval in weeks and the last
date. Occurrences are computed over LOCAL wall times and only then converted to UTC, so a
17:00 visit stays at 17:00 across daylight saving changes.

One occurrence is named by the item and its *original* local date (the date the rule gives).
A `FamilyTimeOccurrence` row is kept only where an occurrence differs from the rule or has a
record: moved, replaced by an approved change, cancelled, or what happened.

The conflict guarantee is in the database: while an occurrence is approved and not cancelled,
it owns one `FamilyTimeSlot` row per child per 15-minute slot it touches, under a primary key
(child_id, starts_at). Approving, moving or adding a conflicting time inserts a slot another
item already owns, so the insert fails and the whole transaction rolls back, on SQLite and
PostgreSQL alike, however many requests arrive at once. Slots are quarter hours aligned in
UTC (every zone's offset is a multiple of 15 minutes, so they are local quarter hours too),
and family time starts and ends on a quarter hour (app.family_time.services refuses any
other), so back-to-back times never conflict and the slots agree with the overlap warning.
Slots are freed when an occurrence is cancelled, moved, replaced, or the item is declined,
hidden or withdrawn.
"""

import enum
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule
from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    delete,
    insert,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.shared import SharedItem
from app.models.states import ContentState
from app.models.types import UTCDateTime, str_enum, utcnow

SLOT = timedelta(minutes=15)
# A series is bounded, so its slots are too: at most a year of weekly times.
MAX_SERIES_DAYS = 366


class Mode(enum.StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"


class Supervision(enum.StrEnum):
    SUPERVISED = "supervised"
    MONITORED = "monitored"
    UNSUPERVISED = "unsupervised"


class Level(enum.StrEnum):
    """The steps practice takes toward reunification, in order."""

    SUPERVISED = "supervised"
    MONITORED = "monitored"
    UNSUPERVISED = "unsupervised"
    OVERNIGHT = "overnight"
    TRIAL_HOME_VISIT = "trial_home_visit"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class Outcome(enum.StrEnum):
    ATTENDED = "attended"
    PARENT_DID_NOT_COME = "parent_did_not_come"
    CHILD_DID_NOT_COME = "child_did_not_come"
    CANCELLED = "cancelled"


family_time_children = Table(
    "family_time_children",
    db.metadata,
    Column("family_time_id", ForeignKey("family_times.id", ondelete="CASCADE"), primary_key=True),
    Column("child_id", ForeignKey("children.id"), primary_key=True),
)

# The parents the time is with: their family-time level decides what they may propose.
family_time_parents = Table(
    "family_time_parents",
    db.metadata,
    Column("family_time_id", ForeignKey("family_times.id", ondelete="CASCADE"), primary_key=True),
    Column("membership_id", ForeignKey("memberships.id"), primary_key=True),
)


def local_occurrences(first: date, last: date, every_weeks: int | None) -> list[date]:
    """The local dates the rule gives: `first` alone, or every `every_weeks` weeks to `last`."""
    if not every_weeks:
        return [first]
    start = datetime.combine(first, time(0))
    until = datetime.combine(last, time(0))
    return [moment.date() for moment in rrule(WEEKLY, interval=every_weeks, dtstart=start,
                                              until=until)]


def local_to_utc(day: date, clock: time, zone: str) -> datetime:
    """A wall-clock time in `zone` as UTC. A time skipped by a DST jump moves forward with
    the clocks; a repeated one takes its first meaning (PEP 495 fold=0)."""
    return datetime.combine(day, clock, tzinfo=ZoneInfo(zone)).astimezone(UTC)


class RequestExpired(Exception):
    """A request past its confirm-by date cannot be approved (app.family_time says it kindly)."""


class FamilyTime(SharedItem, db.Model):
    __tablename__ = "family_times"
    audit_name = "family_time"
    __table_args__ = (
        Index("ix_family_times_family_id_id", "family_id", "id"),
        # The agenda asks "what overlaps this range", per family.
        Index("ix_family_times_family_id_starts_at", "family_id", "starts_at"),
        Index("ix_family_times_family_id_confirm_by", "family_id", "confirm_by"),
    )

    # The first occurrence's start, and the end of the last one (UTC): the range queries use them.
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The rule. `every_weeks` None: a single time on `first_date`; 1: weekly; 2: every other week.
    time_zone: Mapped[str] = mapped_column(String(64))
    first_date: Mapped[date] = mapped_column(Date)
    last_date: Mapped[date] = mapped_column(Date)
    local_start: Mapped[time] = mapped_column(Time)
    duration_minutes: Mapped[int]
    every_weeks: Mapped[int | None]

    mode: Mapped[Mode] = mapped_column(str_enum(Mode, length=12))
    place: Mapped[str] = mapped_column(String(200), default="")
    call_link: Mapped[str] = mapped_column(String(500), default="")
    supervision: Mapped[Supervision] = mapped_column(str_enum(Supervision, length=16))
    supervisor: Mapped[str] = mapped_column(String(120), default="")
    host_id: Mapped[int | None] = mapped_column(ForeignKey("memberships.id"))
    notes: Mapped[str] = mapped_column(Text, default="")

    # A request not answered by then is marked expired (and can no longer be approved).
    confirm_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "Asks to change" an approved time (one occurrence of it when `replaces_date` is set).
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("family_times.id"))
    replaces_date: Mapped[date | None] = mapped_column(Date)
    # A make-up time for a missed one.
    make_up_for_id: Mapped[int | None] = mapped_column(ForeignKey("family_times.id"))
    make_up_for_date: Mapped[date | None] = mapped_column(Date)
    # "this and following": the series this one continues.
    continues_id: Mapped[int | None] = mapped_column(ForeignKey("family_times.id"))
    # Raised on every change, for iCalendar's SEQUENCE.
    sequence: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    children = relationship("Child", secondary=family_time_children, order_by="Child.id")
    parents = relationship("Membership", secondary=family_time_parents,
                           order_by="Membership.id")
    host = relationship("Membership", foreign_keys=[host_id])
    occurrences: Mapped[list["FamilyTimeOccurrence"]] = relationship(
        back_populates="family_time", cascade="all, delete-orphan",
        foreign_keys="FamilyTimeOccurrence.family_time_id",
        order_by="FamilyTimeOccurrence.original_date",
    )

    @property
    def is_series(self) -> bool:
        return bool(self.every_weeks)

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    @property
    def is_expired(self) -> bool:
        return self.expired_at is not None

    @property
    def answer_by_day(self) -> date | None:
        """The local day the asker chose as "answer needed by" (`confirm_by` is the midnight
        that ends it, so showing it as a time would read as the day after)."""
        if self.confirm_by is None:
            return None
        local = self.confirm_by.astimezone(ZoneInfo(self.time_zone))
        return (local - timedelta(microseconds=1)).date()

    def rule_dates(self) -> list[date]:
        return local_occurrences(self.first_date, self.last_date, self.every_weeks)

    def kept_dates(self) -> list[date]:
        """Dates past `last_date` that "this and following" could not take: the occurrence
        had started or had a record (attended, cancelled…). They stay this item's, so the
        record keeps them (app.family_time.services.change_following)."""
        return sorted(row.original_date for row in self.occurrences
                      if row.original_date > self.last_date and row.replaced_by_id is None)

    def scheduled_start(self, day: date) -> datetime:
        return local_to_utc(day, self.local_start, self.time_zone)

    def scheduled_times(self, day: date) -> tuple[datetime, datetime]:
        """Start and end (UTC) the rule gives on `day`. Both are wall-clock times in the
        family's zone: an 18:00 to 10:00 overnight time ends at 10:00 on every date, across a
        daylight saving change too. (`duration_minutes` is the first time's real length;
        adding it in UTC would end an hour off on the dates past the change.) Every view,
        the feed and the slots read times from here, through `occurrence_times`."""
        zone = ZoneInfo(self.time_zone)
        first_end = (self.scheduled_start(self.first_date) + self.duration).astimezone(zone)
        end_day = day + timedelta(days=(first_end.date() - self.first_date).days)
        return (self.scheduled_start(day),
                local_to_utc(end_day, first_end.time(), self.time_zone))

    def exception(self, day: date) -> "FamilyTimeOccurrence | None":
        return next((o for o in self.occurrences if o.original_date == day), None)

    def _times(self, day: date, row: "FamilyTimeOccurrence | None") -> tuple:
        if row is not None and row.moved_starts_at is not None:
            return day, row.moved_starts_at, row.moved_ends_at, row
        return day, *self.scheduled_times(day), row

    def occurrence_times(self) -> Iterator[tuple]:
        """(original date, start, end, exception row or None) per occurrence, moves applied:
        the rule's dates, then the kept ones past its end."""
        rows = {o.original_date: o for o in self.occurrences}
        for day in self.rule_dates() + self.kept_dates():
            yield self._times(day, rows.get(day))

    def cut_off_times(self) -> Iterator[tuple]:
        """Like `occurrence_times`, for the occurrences a "this and following" change took off
        the end of the series: rows past `last_date`, marked as replaced by the series that
        continues it. Only the calendar feed shows them (as off, so phones that hold them
        drop them); the agenda, the month and the court record follow the rule only."""
        for row in self.occurrences:
            if row.original_date > self.last_date and row.replaced_by_id is not None:
                yield self._times(row.original_date, row)

    def after_state_change(self, new_state: ContentState) -> None:
        """Called by the moderation service inside its transaction: approval claims the slots
        (an IntegrityError if another approved time has them), any other change frees them."""
        if new_state is ContentState.VISIBLE and db.session.scalar(
                select(FamilyTime.expired_at).where(FamilyTime.id == self.id)) is not None:
            # Read after the approval's UPDATE took the row: an expiry committed before it is
            # seen, one after it finds the item no longer pending. Nothing may stay half done.
            db.session.rollback()
            raise RequestExpired(self.id)
        self.sequence = FamilyTime.sequence + 1
        self.updated_at = utcnow()
        if new_state is ContentState.VISIBLE:
            if self.replaces_id is not None:
                from app.models.occurrence_changes import replace_occurrence

                replace_occurrence(self)
            claim_slots(self)
        else:
            release_slots(self)


class FamilyTimeOccurrence(db.Model):
    """One occurrence that differs from its rule or has a record of what happened."""

    __tablename__ = "family_time_occurrences"
    __table_args__ = (UniqueConstraint("family_time_id", "original_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_time_id: Mapped[int] = mapped_column(
        ForeignKey("family_times.id", ondelete="CASCADE"))
    original_date: Mapped[date] = mapped_column(Date)
    moved_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moved_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # An approved "asks to change" took its place.
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("family_times.id"))
    # What happened (or that it was cancelled ahead): by whom, when, why, and how it went.
    outcome: Mapped[Outcome | None] = mapped_column(str_enum(Outcome, length=24))
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("memberships.id"))
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome_reason: Mapped[str] = mapped_column(String(500), default="")
    outcome_note: Mapped[str] = mapped_column(String(500), default="")
    # Rises on every change. The ORM writes `UPDATE … WHERE id = :id AND version = :read`, so
    # of two requests that read the same row (a double tap on Cancel) only the first changes
    # it; the forms carry the version they showed ("seen"), so a stale form is refused too.
    # A date without a row is version 0; two first writes meet the unique constraint.
    version: Mapped[int] = mapped_column(server_default="1")

    family_time: Mapped[FamilyTime] = relationship(back_populates="occurrences",
                                                   foreign_keys=[family_time_id])
    outcome_by = relationship("Membership", foreign_keys=[outcome_by_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def frees_slots(self) -> bool:
        return self.replaced_by_id is not None or self.outcome is Outcome.CANCELLED


class FamilyTimeSlot(db.Model):
    """A child's 15-minute slot owned by one approved occurrence (see the module docstring)."""

    __tablename__ = "family_time_slots"
    __table_args__ = (
        Index("ix_family_time_slots_family_time_id_occurrence_date", "family_time_id",
              "occurrence_date"),
    )

    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    family_time_id: Mapped[int] = mapped_column(ForeignKey("family_times.id", ondelete="CASCADE"))
    occurrence_date: Mapped[date] = mapped_column(Date)


def slot_starts(start: datetime, end: datetime) -> list[datetime]:
    """Every 15-minute slot (aligned to the hour, UTC) that [start, end) touches."""
    first = start.replace(minute=start.minute - start.minute % 15, second=0, microsecond=0)
    slots, moment = [], first
    while moment < end:
        slots.append(moment)
        moment += SLOT
    return slots


def claim_slots(item: FamilyTime, only: date | None = None) -> None:
    """Insert the slots of every live occurrence (or of the one on `only`); flush, so a
    conflict raises IntegrityError here, inside the caller's transaction."""
    rows = []
    child_ids = [child.id for child in item.children]
    for day, start, end, row in item.occurrence_times():
        if (only is not None and day != only) or (row is not None and row.frees_slots):
            continue
        rows += [{"child_id": child_id, "starts_at": moment, "family_time_id": item.id,
                  "occurrence_date": day}
                 for moment in slot_starts(start, end) for child_id in child_ids]
    if rows:
        db.session.execute(insert(FamilyTimeSlot), rows)


def release_slots(item: FamilyTime, only: date | None = None, *, from_date: date | None = None,
                  days: list[date] | None = None):
    query = delete(FamilyTimeSlot).where(FamilyTimeSlot.family_time_id == item.id)
    if only is not None:
        query = query.where(FamilyTimeSlot.occurrence_date == only)
    if from_date is not None:
        query = query.where(FamilyTimeSlot.occurrence_date >= from_date)
    if days is not None:
        query = query.where(FamilyTimeSlot.occurrence_date.in_(days))
    db.session.execute(query.execution_options(synchronize_session=False))


def occurrence_row(item: FamilyTime, day: date) -> FamilyTimeOccurrence:
    """The exception row of `item` on `day`, made when the first difference is recorded."""
    row = item.exception(day)
    if row is None:
        row = FamilyTimeOccurrence(original_date=day)
        item.occurrences.append(row)
    return row


def slot_owners(child_ids, start: datetime, end: datetime) -> list[int]:
    """Which approved items own any slot of these children in [start, end): for the refusal."""
    return list(db.session.scalars(
        select(FamilyTimeSlot.family_time_id).distinct()
        .where(FamilyTimeSlot.child_id.in_(list(child_ids)),
               FamilyTimeSlot.starts_at.in_(slot_starts(start, end)))
    ))


class FamilyTimeLevel(db.Model):
    """One step of a parent's family-time level: the newest row per membership is the level."""

    __tablename__ = "family_time_levels"
    __table_args__ = (Index("ix_family_time_levels_membership_id_id", "membership_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"), index=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"))
    level: Mapped[Level] = mapped_column(str_enum(Level, length=20))
    reason: Mapped[str] = mapped_column(String(500), default="")
    set_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    membership = relationship("Membership", foreign_keys=[membership_id])
    set_by = relationship("User", foreign_keys=[set_by_id])
