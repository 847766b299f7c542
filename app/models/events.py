"""School, health and family events about a family's children, and who is coming to each."""

import enum
from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.shared import SharedInOrder, SharedItem
from app.models.types import UTCDateTime, str_enum, utcnow


class EventKind(enum.StrEnum):
    SCHOOL_PERFORMANCE = "school_performance"
    SCHOOL_CONFERENCE = "school_conference"
    REPORT_CARD = "report_card"
    MEDICAL_APPOINTMENT = "medical_appointment"
    DENTAL = "dental"
    THERAPY = "therapy"
    ACTIVITY = "activity"
    BIRTHDAY = "birthday"
    HOLIDAY = "holiday"
    FAMILY_GATHERING = "family_gathering"
    COURT_HEARING = "court_hearing"
    OTHER = "other"


class Answer(enum.StrEnum):
    GOING = "going"
    MAYBE = "maybe"
    NOT_GOING = "not_going"


# Which children an event is about (at least one; the form makes sure).
event_children = Table(
    "event_children",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("child_id", ForeignKey("children.id"), primary_key=True),
)


class Event(SharedItem, SharedInOrder, db.Model):
    __tablename__ = "events"
    audit_name = "event"
    # Lists are read by keyset on (starts_at, id) within a family; "new since you last looked"
    # counts visible events by the order they were shared in (`shared_seq`).
    __table_args__ = (
        Index("ix_events_family_id_id", "family_id", "id"),
        Index("ix_events_family_id_starts_at_id", "family_id", "starts_at", "id"),
        Index("ix_events_family_id_state_shared_seq", "family_id", "state", "shared_seq"),
    )

    title: Mapped[str] = mapped_column(String(120))
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind))
    # UTC. An all-day event starts at local midnight and ends at the next one, so "coming up"
    # and "past" work the same for both; `local_date` keeps the day the person chose even if
    # the family's time zone changes later.
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    all_day: Mapped[bool] = mapped_column(default=False)
    local_date: Mapped[date | None]
    place: Mapped[str] = mapped_column(String(200), default="")
    video_link: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Raised on every edit, for iCalendar's SEQUENCE (app/family_time/ical.py).
    edits: Mapped[int] = mapped_column(default=0, server_default="0")

    children = relationship("Child", secondary=event_children, order_by="Child.id")
    answers: Mapped[list["EventAnswer"]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )


class EventAnswer(db.Model):
    """One person's "I'll be there / Maybe / Can't make it"; they can change it any time."""

    __tablename__ = "event_answers"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    answer: Mapped[Answer] = mapped_column(str_enum(Answer, length=12))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship(back_populates="answers")
    user = relationship("User")
