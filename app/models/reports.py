"""Reports: a member tells the caseworker that something shared worries them.

Generic over every kind of shared item ("message" today; photos and events can use it too):
the item is named by its kind and id. Resolving a report comes with the caseload queue later.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow

REASON_MAX = 500


class Report(db.Model):
    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_family_id_item_kind_item_id", "family_id", "item_kind", "item_id"),
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
    resolution: Mapped[str] = mapped_column(String(REASON_MAX), default="")

    reporter = relationship("User", foreign_keys=[reporter_id])
