"""A change its author asked for to a shared event or to a photo's caption, kept as its own row.

In a reviewed family a parent's or resource parent's change to an item the family already reads
waits for the caseworker, while everyone else keeps reading the item as it was last approved
(the item's own row never holds words the caseworker has not read). The change is a shared
item itself, so the one moderation service approves, declines or withdraws it and "may see"
decides who reads it: its author ("waiting for your caseworker") and the caseworker.

A row is never changed after it is written except for its state: the author's next change is a
new row, and the one it replaces is withdrawn. So every version asked for stays in the record,
declined ones too. At most one change per item waits at a time (a partial unique index), so
two forms sent at once cannot both leave a waiting change.
"""

from typing import Any

from sqlalchemy import JSON, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.shared import SharedItem

# `item_kind` names the item by its audit name, as reports do.
EVENT, PHOTO = "event", "photo"


class ItemEdit(SharedItem, db.Model):
    __tablename__ = "item_edits"
    audit_name = "edit"

    item_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int]
    # The item's version (Event.edits, Photo.version) the author started from.
    base_version: Mapped[int]
    # The fields the author changed, and their new values as the item's columns hold them
    # (times in UTC as ISO text, children as ids): only these are applied on approval.
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (
        Index("ix_item_edits_family_id_id", "family_id", "id"),
        Index("ix_item_edits_item_kind_item_id", "item_kind", "item_id"),
        Index("uq_item_edits_one_waiting", "item_kind", "item_id", unique=True,
              sqlite_where=text("state = 'pending'"),
              postgresql_where=text("state = 'pending'")),
    )

    def audit_detail(self) -> dict[str, Any]:
        """What the record says about a moderation of this change: which item it changes."""
        return {"item_kind": self.item_kind, "item_id": self.item_id,
                "fields": list(self.fields or [])}
