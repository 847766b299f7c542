"""The glossary: child-welfare words explained per language, and words that hurt or confuse.

Terms and words come from app/data/*.toml (`flask glossary load`); an admin can then edit a
term in the portal. Every change also writes a new random token into `glossary_state`, so each
process can tell with one tiny query whether the matcher it compiled is still current.
"""

import secrets
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow

NAME_MAX = 120
TEXT_MAX = 1000


class GlossaryTerm(db.Model):
    __tablename__ = "glossary_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    acronyms: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Set when an admin edits the term in the portal: `flask glossary load` then keeps the
    # admin's words (until `--replace`), so a reload cannot silently undo a correction.
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    texts: Mapped[list["GlossaryText"]] = relationship(
        back_populates="term", cascade="all, delete-orphan", order_by="GlossaryText.locale"
    )

    def text_for(self, locale: str) -> "GlossaryText | None":
        return next((t for t in self.texts if t.locale == locale), None)


class GlossaryText(db.Model):
    """One term in one language."""

    __tablename__ = "glossary_texts"
    __table_args__ = (UniqueConstraint("term_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("glossary_terms.id"))
    locale: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    also: Mapped[list[str]] = mapped_column(JSON, default=list)
    definition: Mapped[str] = mapped_column(Text)
    for_you: Mapped[str] = mapped_column(Text)

    term: Mapped[GlossaryTerm] = relationship(back_populates="texts")


class AvoidWord(db.Model):
    """A word that hurts or confuses ("bio mom", "visitation"), and what to say instead."""

    __tablename__ = "avoid_words"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)

    texts: Mapped[list["AvoidWordText"]] = relationship(
        back_populates="word", cascade="all, delete-orphan", order_by="AvoidWordText.locale"
    )

    def text_for(self, locale: str) -> "AvoidWordText | None":
        return next((t for t in self.texts if t.locale == locale), None)


class AvoidWordText(db.Model):
    __tablename__ = "avoid_word_texts"
    __table_args__ = (UniqueConstraint("word_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    word_id: Mapped[int] = mapped_column(ForeignKey("avoid_words.id"))
    locale: Mapped[str] = mapped_column(String(10))
    says: Mapped[list[str]] = mapped_column(JSON, default=list)
    instead: Mapped[str] = mapped_column(String(300))
    why: Mapped[str] = mapped_column(Text)

    word: Mapped[AvoidWord] = relationship(back_populates="texts")


class GlossaryState(db.Model):
    """One row: a token that changes whenever the glossary or the words to avoid change."""

    __tablename__ = "glossary_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def glossary_version() -> str | None:
    """The current token (None: nothing loaded yet). One primary-key lookup."""
    return db.session.scalar(select(GlossaryState.version).where(GlossaryState.id == 1))


def bump_glossary_version() -> str:
    """Mark the glossary as changed (the caller commits with its change)."""
    token = secrets.token_hex(16)
    state = db.session.get(GlossaryState, 1)
    if state is None:
        db.session.add(GlossaryState(id=1, version=token))
    else:
        state.version = token
        state.changed_at = utcnow()
    return token
