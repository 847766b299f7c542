"""Reports: a member tells the caseworker that something shared worries them.

Generic over every kind of shared item ("message" today; photos and events can use it too):
the item is named by its kind and id. The caseworker resolves open reports from the review
queue (app/caseload): keep the item, hide it, or talk with the family. The reporter only
learns that their caseworker looked at it, never the outcome or the note kept for staff.
"""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, str_enum, utcnow

REASON_MAX = 500


class ReportOutcome(enum.StrEnum):
    KEPT = "kept"  # the caseworker read it and left the item as it is
    HIDDEN = "hidden"  # the item was hidden through app.moderation, with a reason
    TALK = "talk"  # the caseworker will talk with the family; `resolution` is their note
    # The author took the item back (app.moderation.withdraw): its reports closed with it,
    # and nobody looked at them. (resolved_by is the author.)
    WITHDRAWN = "withdrawn"


class Report(db.Model):
    __tablename__ = "reports"
    __table_args__ = (
        # One report per person and item, even when the form is sent twice at once: the
        # second insert fails here and the reporter is told they already reported it. (It also
        # serves the look-ups by item, its first three columns.)
        Index("uq_reports_family_id_item_kind_item_id_reporter_id",
              "family_id", "item_kind", "item_id", "reporter_id", unique=True),
        # The caseload counts open reports per family (resolved_at IS NULL).
        Index("ix_reports_family_id_resolved_at", "family_id", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"))
    item_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int]
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(REASON_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A note for staff only (the reporter and the author never read it).
    resolution: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    outcome: Mapped[ReportOutcome | None] = mapped_column(str_enum(ReportOutcome, length=12))

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def looked_at(self) -> bool:
        """What the reporter is told: their caseworker looked at it. Not when the report only
        closed because the author took the item back."""
        return not self.is_open and self.outcome is not ReportOutcome.WITHDRAWN

    reporter = relationship("User", foreign_keys=[reporter_id])
