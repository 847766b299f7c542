"""What each person last saw of each area of a family, for "new since you last looked".

One row per membership and area ("messages", "photos", "events", "about:<child id>"), holding
the newest `shared_seq` the person has seen there: the order in which items became visible to
the family (app/models/shared.py, SharedInOrder), not ids, so an item approved after the person
looked is new to them even when its id is older than what they saw. A count of new items is
then one indexed query (`shared_seq > last_seen_seq`), never a loop over items (DESIGN.md).
How far a page may move a marker (only over what it showed) is app.moderation.news.
"""

from sqlalchemy import ForeignKey, String, UniqueConstraint, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class SeenMarker(db.Model):
    __tablename__ = "seen_markers"
    __table_args__ = (UniqueConstraint("membership_id", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"))
    area: Mapped[str] = mapped_column(String(20))
    # The newest `shared_seq` of the area this person has seen (for "messages": read).
    last_seen_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    # What others may know this person has read ("Seen by"): it moves only while they share
    # read receipts, so turning receipts back on never reveals what they read while off.
    receipt_seq: Mapped[int] = mapped_column(default=0, server_default="0")


def last_seen(membership_id: int | None, area: str) -> int:
    """The newest number this member has seen in `area` (0: nothing yet, so all is new)."""
    if membership_id is None:
        return 0
    return db.session.scalar(
        select(SeenMarker.last_seen_seq).where(
            SeenMarker.membership_id == membership_id, SeenMarker.area == area
        )
    ) or 0


def marker_row(membership_id: int, area: str) -> SeenMarker:
    """This member's marker of `area`, made if missing. Two first looks at once (two tabs)
    both find the one row: the insert does nothing when the other one got there first."""
    def find():
        return db.session.scalar(select(SeenMarker).where(
            SeenMarker.membership_id == membership_id, SeenMarker.area == area))

    marker = find()
    if marker is None:
        dialect = db.session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        db.session.execute(
            insert(SeenMarker).values(membership_id=membership_id, area=area, last_seen_seq=0,
                                      receipt_seq=0)
            .on_conflict_do_nothing(index_elements=["membership_id", "area"])
        )
        marker = find()
    return marker


def move_forward(marker: SeenMarker, column: str, number: int) -> bool:
    """Move one of the marker's numbers to `number` if that is further (the caller commits).

    A conditional UPDATE, so an old page in another tab, or two requests at once, can never
    move it back. True when it moved.
    """
    if getattr(marker, column) >= number:
        return False  # nothing to write: a page view that brings nothing new stays a read
    moved = db.session.execute(
        update(SeenMarker)
        .where(SeenMarker.id == marker.id, getattr(SeenMarker, column) < number)
        .values({column: number})
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    return moved


def mark_seen(membership_id: int | None, area: str, number: int | None) -> bool:
    """Remember that this member has now seen `area` up to `number` (the caller commits).

    The caller decides `number` from what the page showed (app.moderation.news.seen_up_to).
    """
    if not number or membership_id is None:
        return False  # an admin looking in (app/access.py AdminSeat) keeps no markers
    return move_forward(marker_row(membership_id, area), "last_seen_seq", number)
