"""Machine translations of what people wrote, kept so a text is sent to the service once.

A row is one text, at one revision, in one reader's language. The text itself is never stored
here (the original stays where it was written, the record); the row names it by its family,
kind, item and field, and by the SHA-256 of its exact words and their language: a corrected
message or a changed caption has other words, so a new digest and a new row, and an old
translation is never shown for new words. A unique constraint lets the database decide when
two readers ask at once: the second insert fails and that request reads the first one's row.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class MachineTranslation(db.Model):
    __tablename__ = "machine_translations"
    __table_args__ = (
        # Named here: the convention's name (every column) is longer than PostgreSQL's 63.
        UniqueConstraint("family_id", "kind", "item_id", "field", "text_sha256",
                         "target_locale", name="uq_machine_translations_text"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"))
    kind: Mapped[str] = mapped_column(String(30))  # "message", "event", "photo_reason"...
    item_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(30))  # "text", "title", "notes"...
    text_sha256: Mapped[str] = mapped_column(String(64))
    source_locale: Mapped[str] = mapped_column(String(10))  # the writer's, or "auto"
    target_locale: Mapped[str] = mapped_column(String(10))  # the reader's
    translated_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
