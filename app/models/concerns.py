"""Concerns: a clear process for resolving conflict between the two sides of a family.

A parent or resource parent says that something is not working; the caseworker records the
steps taken (each with a date and a note that is either for the family or for staff only) and
a resolution that closes it. The steps are the story the person who raised it reads.
"""

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, str_enum, utcnow

TEXT_MAX = 2000
NOTE_MAX = 1000


class ConcernStatus(enum.StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class StepKind(enum.StrEnum):
    TALKED_WITH_PARENT = "talked_with_parent"
    TALKED_WITH_RESOURCE_PARENT = "talked_with_resource_parent"
    MEETING = "meeting"
    AGREEMENT = "agreement"
    OTHER = "other"
    # Written by resolving and reopening, so the story shows them in order with the rest.
    RESOLVED = "resolved"
    REOPENED = "reopened"


# The kinds a caseworker picks in the "add a step" form; the last two come from their buttons.
RECORDED_KINDS = (
    StepKind.TALKED_WITH_PARENT,
    StepKind.TALKED_WITH_RESOURCE_PARENT,
    StepKind.MEETING,
    StepKind.AGREEMENT,
    StepKind.OTHER,
)


class Concern(db.Model):
    __tablename__ = "concerns"
    # A family's list and the caseload's open counts both read by family and status.
    __table_args__ = (Index("ix_concerns_family_id_status", "family_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"))
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    what_happened: Mapped[str] = mapped_column(Text)
    what_would_help: Mapped[str] = mapped_column(Text, default="")
    # False: only the caseworker reads it. True: the family's other parents and resource
    # parents read it and its steps too (never the staff-only notes).
    shared: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ConcernStatus] = mapped_column(
        str_enum(ConcernStatus), default=ConcernStatus.OPEN
    )
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    raised_by = relationship("User", foreign_keys=[raised_by_id])
    steps: Mapped[list["ConcernStep"]] = relationship(
        back_populates="concern", order_by="(ConcernStep.happened_on, ConcernStep.id)",
        cascade="all, delete-orphan",
    )

    @property
    def is_open(self) -> bool:
        return self.status is ConcernStatus.OPEN


class ConcernStep(db.Model):
    __tablename__ = "concern_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"))
    kind: Mapped[StepKind] = mapped_column(str_enum(StepKind, length=32))
    happened_on: Mapped[date]
    note: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    # False: a staff note, read only by caseworkers. True: whoever sees the concern reads it.
    note_for_family: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    concern: Mapped[Concern] = relationship(back_populates="steps")
    author = relationship("User")
