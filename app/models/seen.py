"""What each person last saw of each area of a family, for "new since you last looked".

One row per membership and area ("photos", "events", "about"), holding the highest item id the
person has seen there. A count of new items is then one indexed query (`id > last_seen_id`),
never a loop over items (DESIGN.md).
"""

from sqlalchemy import ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class SeenMarker(db.Model):
    __tablename__ = "seen_markers"
    __table_args__ = (UniqueConstraint("membership_id", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"))
    area: Mapped[str] = mapped_column(String(20))
    last_seen_id: Mapped[int] = mapped_column(default=0)
    # For "messages": the thread version up to which this person has read (a message approved
    # late has an old id but a new `Message.shared_seq`; see app/models/messages.py).
    last_seen_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    # What others may know this person has read ("Seen by"): it moves only while they share
    # read receipts, so turning receipts back on never reveals what they read while off.
    receipt_seq: Mapped[int] = mapped_column(default=0, server_default="0")


def last_seen(membership_id: int, area: str) -> int:
    """The highest id this member has seen in `area` (0: nothing yet, so all is new)."""
    return db.session.scalar(
        select(SeenMarker.last_seen_id).where(
            SeenMarker.membership_id == membership_id, SeenMarker.area == area
        )
    ) or 0


def mark_seen(membership_id: int, area: str, newest_id: int | None) -> None:
    """Remember that this member has now seen `area` up to `newest_id` (the caller commits).

    The marker only moves forward, so an old page opened in another tab cannot mark newer
    items as unseen again.
    """
    if not newest_id or membership_id is None:
        return  # an admin looking in (app/access.py AdminSeat) keeps no markers
    marker = db.session.scalar(
        select(SeenMarker).where(
            SeenMarker.membership_id == membership_id, SeenMarker.area == area
        )
    )
    if marker is None:
        db.session.add(SeenMarker(membership_id=membership_id, area=area, last_seen_id=newest_id))
    elif newest_id > marker.last_seen_id:
        marker.last_seen_id = newest_id
