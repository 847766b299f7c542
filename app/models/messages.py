"""The family's message thread: messages, every version of each, and the thread's version.

The record is kept (DESIGN.md, invariant 3): a message's text is never changed without a new
`MessageRevision`, and no message is ever deleted. A withdrawal or a hide only changes its state.

`Family.thread_version` counts every change in a family's thread (a new message, a correction,
a state change, a report, a read marker that others can see). The family-scope helper loads the
family anyway, so a poll compares the reader's version with it and answers "nothing new"
without another query.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text, and_, update
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models.families import Family
from app.models.shared import SharedInOrder, SharedItem
from app.models.states import ContentState
from app.models.types import UTCDateTime, utcnow


class Message(SharedItem, SharedInOrder, db.Model):
    __tablename__ = "messages"
    audit_name = "message"
    position_column = "position"

    @classmethod
    def placeholder_clause(cls):
        # Others still see that a message they could read was taken back (never its text);
        # one taken back while it waited for review was never theirs to know about.
        return and_(cls.state == ContentState.WITHDRAWN, cls.shared_seq > 0)

    # The current text: always equal to the newest revision's.
    text: Mapped[str] = mapped_column(Text)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The thread version at which it became visible to the family (sent shared, or approved
    # later). "Unread" compares this with the reader's marker, so a message approved after the
    # reader last looked counts as new even when its id is older than what they saw.
    shared_seq: Mapped[int] = mapped_column(default=0)
    # Where it stands in the thread: the version at which it was sent, and again at which it
    # was shared. The thread reads in this order, so a message approved late comes in below
    # what was shared before it, where the family reads it as new and where "Seen by" above
    # it does not claim it. Equal to `shared_seq` once shared. (Rows from before positions
    # existed that were never shared may share a number with their neighbour; the thread's
    # pages never split such a group.)
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    revisions: Mapped[list["MessageRevision"]] = relationship(
        back_populates="message", order_by="MessageRevision.id"
    )

    __table_args__ = (
        Index("ix_messages_family_id_id", "family_id", "id"),
        # The unread count: visible messages of a family shared after the reader's marker.
        Index("ix_messages_family_id_state_shared_seq", "family_id", "state", "shared_seq"),
        # The thread's pages, newest first, by keyset on position.
        Index("ix_messages_family_id_position", "family_id", "position"),
    )

    @classmethod
    def next_share_number(cls, family_id: int) -> int:
        """Messages number by the thread version: one counter tells the poll and the order."""
        return bump_thread_version(family_id)

    def after_state_change(self, new_state: ContentState) -> None:
        """Called by the moderation service in its transaction: the thread has changed."""
        bump_thread_version(self.family_id)


class MessageRevision(db.Model):
    """One version of a message's text, the first one included; never changed."""

    __tablename__ = "message_revisions"
    __table_args__ = (Index("ix_message_revisions_message_id_id", "message_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    message: Mapped[Message] = relationship(back_populates="revisions")


def bump_thread_version(family_id: int) -> int:
    """Count one change in the family's thread (the caller commits); returns the new version.

    One atomic UPDATE, so two changes at once get two different versions.
    """
    version = db.session.execute(
        update(Family).where(Family.id == family_id)
        .values(thread_version=Family.thread_version + 1)
        .returning(Family.thread_version)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    family = db.session.identity_map.get(db.session.identity_key(Family, family_id))
    if family is not None:
        set_committed_value(family, "thread_version", version)
    return version
