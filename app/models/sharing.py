"""What a family shares: photos (events and "about me" join them here)."""

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.shared import SharedInOrder, SharedItem


class Photo(SharedItem, SharedInOrder, db.Model):
    """A shared photo: only its clean renditions are kept, by random storage keys."""

    __tablename__ = "photos"
    audit_name = "photo"
    position_column = "position"
    __table_args__ = (
        Index("ix_photos_family_id_id", "family_id", "id"),
        # The gallery, newest shared first, by keyset on position (app/models/shared.py).
        Index("ix_photos_family_id_position", "family_id", "position"),
        # "New since you last looked": visible photos shared after the reader's marker.
        Index("ix_photos_family_id_state_shared_seq", "family_id", "state", "shared_seq"),
    )

    # Where it stands in the gallery: the number taken when it was shared, or, while it waits,
    # when it was uploaded (so its author and the caseworker see it where they expect it).
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    caption: Mapped[str] = mapped_column(String(500), default="")
    # Raised on every caption change written into the row: the caption form and the
    # caseworker's Approve carry it, so a change made after they read it is never overwritten
    # or approved unread.
    version: Mapped[int] = mapped_column(default=0, server_default="0")
    content_type: Mapped[str] = mapped_column(String(40))
    display_key: Mapped[str] = mapped_column(String(64))
    display_width: Mapped[int]
    display_height: Mapped[int]
    thumb_key: Mapped[str] = mapped_column(String(64))
    thumb_width: Mapped[int]
    thumb_height: Mapped[int]
