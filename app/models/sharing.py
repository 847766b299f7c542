"""What a family shares: photos (events and "about me" join them here)."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.shared import SharedItem


class Photo(SharedItem, db.Model):
    """A shared photo: only its clean renditions are kept, by random storage keys."""

    __tablename__ = "photos"
    audit_name = "photo"

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
