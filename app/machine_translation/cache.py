"""Translations kept per text revision and reader's language (app/models/translations.py).

Nothing is kept when the service failed: the next tap asks again. Two readers asking at once
both translate, and the database keeps one row (a unique constraint): the one whose insert
fails reads the row that won, so both show the same words.
"""

import hashlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import MachineTranslation


def text_sha256(text: str, source: str) -> str:
    """The revision of a text: its exact words and the language they are said to be in."""
    return hashlib.sha256(f"{source}\n{text}".encode()).hexdigest()


def _where(family_id, kind, item_id, field, text, source, target):
    return select(MachineTranslation).where(
        MachineTranslation.family_id == family_id, MachineTranslation.kind == kind,
        MachineTranslation.item_id == item_id, MachineTranslation.field == field,
        MachineTranslation.text_sha256 == text_sha256(text, source),
        MachineTranslation.target_locale == target)


def kept(family_id: int, kind: str, item_id: int, field: str, text: str, source: str,
         target: str) -> str | None:
    row = db.session.scalar(_where(family_id, kind, item_id, field, text, source, target))
    return row.translated_text if row is not None else None


def keep(family_id: int, kind: str, item_id: int, field: str, text: str, source: str,
         target: str, translated: str) -> str:
    """Keep one translation and commit; the words now kept (another request's, if it won)."""
    db.session.add(MachineTranslation(
        family_id=family_id, kind=kind, item_id=item_id, field=field,
        text_sha256=text_sha256(text, source), source_locale=source, target_locale=target,
        translated_text=translated))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        winner = kept(family_id, kind, item_id, field, text, source, target)
        if winner is None:  # the constraint failed for another reason: let it be seen
            raise
        return winner
    return translated
