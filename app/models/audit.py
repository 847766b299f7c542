"""The record of who did what: approvals, membership changes, moderation, admin views."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    # The record of one family is read newest first, by keyset on id.
    __table_args__ = (Index("ix_audit_events_family_id_id", "family_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("families.id"))
    action: Mapped[str] = mapped_column(String(60))
    subject_type: Mapped[str] = mapped_column(String(40), default="")
    subject_id: Mapped[int | None]
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor = relationship("User")


def record(
    action: str,
    *,
    actor=None,
    family_id: int | None = None,
    subject=None,
    **detail: Any,
) -> AuditEvent:
    """Add an audit event to the current transaction; the caller commits with its change."""
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        family_id=family_id,
        subject_type=type(subject).__name__ if subject is not None else "",
        subject_id=getattr(subject, "id", None),
        detail=detail,
    )
    db.session.add(event)
    return event
