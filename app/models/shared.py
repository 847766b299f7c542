"""The columns every shared item has: photos, events, "about me" versions, later messages.

One vocabulary of states for every kind (DESIGN.md, "Shared items and moderation"). Only
app/moderation changes `state`; features read items through `app.moderation.may_see`.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, update
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models.families import Family
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

    @property
    def is_declined(self) -> bool:
        return self.state is ContentState.DECLINED

    @property
    def is_hidden(self) -> bool:
        return self.state is ContentState.HIDDEN

    @property
    def is_withdrawn(self) -> bool:
        return self.state is ContentState.WITHDRAWN

    @property
    def is_still_open(self) -> bool:
        """Waiting or shared: the author may still correct or take it back."""
        return self.state in (ContentState.PENDING, ContentState.VISIBLE)

class SharedInOrder:
    """Mixin for a shared item that can be "new since you last looked" (messages, photos,
    events, "about me" versions).

    `shared_seq` is the number the item took when it became visible to the family: at once
    when it was shared straight away, or when the caseworker approved it. Numbers come from one
    counter per family, raised by one atomic UPDATE in the same transaction, so the database
    decides the order, and a reader's marker (the newest number they have seen) can never pass
    an item approved late: it has a newer number than anything seen before it. 0: never shared.
    Only app.moderation gives them out (`number_new`, and `approve`).
    """

    shared_seq: Mapped[int] = mapped_column(default=0, server_default="0")

    # Kinds listed in that order (messages, photos) also keep a `position`: the number taken
    # when the item was written, and again when it is shared, so a list read by position shows
    # things in the order the family saw them. None: the kind is listed another way.
    position_column: str | None = None

    @classmethod
    def next_share_number(cls, family_id: int) -> int:
        return bump_share_seq(family_id)


def bump_share_seq(family_id: int) -> int:
    """The family's next number in the order of sharing (the caller commits). One atomic
    UPDATE … RETURNING: two items at once get two numbers, and the family row stays locked
    until the commit, so a later number is never visible before an earlier one."""
    number = db.session.execute(
        update(Family).where(Family.id == family_id)
        .values(share_seq=Family.share_seq + 1)
        .returning(Family.share_seq)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    family = db.session.identity_map.get(db.session.identity_key(Family, family_id))
    if family is not None:
        set_committed_value(family, "share_seq", number)
    return number
