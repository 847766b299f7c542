"""Requests not answered by their confirm-by date are marked expired: one indexed look, and
only when there is something to mark, one UPDATE and one audit event each. Every calendar
read runs it for its family; `flask family-time expire` runs it for all families (cron), so
the record is right even where nobody looks.
"""

from datetime import datetime

from sqlalchemy import select, update

from app import moderation
from app.extensions import db
from app.models import AuditEvent, FamilyTime
from app.models.types import utcnow


def expire_overdue(family_id: int | None = None, now: datetime | None = None) -> int:
    """Mark requests past their confirm-by date as expired, one UPDATE; audited; commits
    when it marked any. Returns how many."""
    now = now or utcnow()
    overdue = [moderation.waiting(FamilyTime), FamilyTime.expired_at.is_(None),
               FamilyTime.confirm_by <= now]
    if family_id is not None:
        overdue.append(FamilyTime.family_id == family_id)
    # Look first: a read that finds nothing to mark must not take SQLite's write lock.
    if db.session.scalar(select(FamilyTime.id).where(*overdue).limit(1)) is None:
        return 0
    expired = db.session.execute(
        update(FamilyTime).where(*overdue)
        .values(expired_at=now, sequence=FamilyTime.sequence + 1)
        .returning(FamilyTime.id, FamilyTime.family_id)
        .execution_options(synchronize_session=False)
    ).all()
    for item_id, item_family_id in expired:
        db.session.add(_expired_event(item_id, item_family_id))
    db.session.commit()  # expires loaded items too, so they are read again with the mark
    return len(expired)


def _expired_event(item_id: int, family_id: int) -> AuditEvent:
    # Nobody did it and no row is loaded: the event is built from the ids the UPDATE returned.
    return AuditEvent(action="family_time.expired", family_id=family_id,
                      subject_type="FamilyTime", subject_id=item_id, detail={"automatic": True})
