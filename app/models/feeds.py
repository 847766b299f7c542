"""A person's calendar subscription address: only the SHA-256 of its long random token is kept.

Calendar apps (Google, Apple, Outlook) fetch the address without a session, so the token is
the key. One per person; making a new one replaces the old, which then answers 404.

The address is a key the person holds like a session, so what ends every session because the
account may be in other hands (a password change or reset, an admin's "sign this person out"
or "sign everyone out", turning the account off) ends it too: `ended_at` is set, the address
answers 404, and the person's calendar page asks them to make a new one.
"""

import enum
import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


def hash_feed_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedToken(db.Model):
    __tablename__ = "calendar_feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the sessions ended with it; the row stays so the page can say why it stopped.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")


class FeedState(enum.Enum):
    NONE = "none"  # never made one
    WORKING = "working"
    ENDED = "ended"  # stopped with the sessions: the person makes a new one


def feed_state(user_id: int) -> FeedState:
    ended_at = db.session.execute(
        select(CalendarFeedToken.ended_at).where(CalendarFeedToken.user_id == user_id)).first()
    if ended_at is None:
        return FeedState.NONE
    return FeedState.WORKING if ended_at[0] is None else FeedState.ENDED


def end_feeds(*where) -> int:
    """Stop the calendar addresses matching `where` (all of them with none); the caller commits."""
    return db.session.execute(
        update(CalendarFeedToken)
        .where(CalendarFeedToken.ended_at.is_(None), *where)
        .values(ended_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
