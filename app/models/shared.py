"""The columns every shared item has: photos, events, "about me" versions, later messages.

One vocabulary of states for every kind (DESIGN.md, "Shared items and moderation"). Only
app/moderation changes `state`; features read items through `app.moderation.may_see`.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app.models.states import ContentState
from app.models.types import UTCDateTime, str_enum, utcnow


class SharedItem:
    """Mixin for a model whose rows a family member shares and a caseworker may moderate."""

    # What the audit record calls this kind of item ("photo.approved"); set on each model.
    audit_name: str = ""

    @classmethod
    def placeholder_clause(cls):
        """Rows others may still know were there, shown as a placeholder without content (a
        withdrawn message that had been shared). None: such items simply disappear for others."""
        return None

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[ContentState] = mapped_column(str_enum(ContentState))
    # Why it was declined or hidden: the author may read it.
    state_reason: Mapped[str] = mapped_column(String(500), default="")
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @declared_attr
    def family_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("families.id"))

    @declared_attr
    def author_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("users.id"))

    @declared_attr
    def moderated_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id"))

    @declared_attr
    def author(cls):
        return relationship("User", foreign_keys=[cls.author_id])

    @declared_attr.directive
    def __table_args__(cls):
        # Lists are read per family, newest first, by keyset on id; "may see" filters by state.
        return (Index(f"ix_{cls.__tablename__}_family_id_id", "family_id", "id"),)

    def audit_detail(self) -> dict:
        """More for the audit line of a moderation of this item (an edit names its item)."""
        return {}

    def after_state_change(self, new_state: ContentState) -> None:
        """Called by the moderation service inside its transaction; a kind may react."""

    @property
    def is_visible(self) -> bool:
        return self.state is ContentState.VISIBLE

    @property
    def is_pending(self) -> bool:
        return self.state is ContentState.PENDING
