"""Keyset pagination: lists that grow without bound are read by `id < last_seen`, never OFFSET.

OFFSET gets slower the deeper one pages and skips or repeats rows when new ones arrive;
a keyset page costs one index range scan wherever it is.
"""

from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Select

from app.extensions import db

T = TypeVar("T")


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    items: list[T]
    next_before: int | None  # pass as `before` to get the next (older) page; None at the end


def keyset_page(query: Select, id_column, *, before: int | None, size: int) -> KeysetPage:
    """Newest first: the `size` rows with ids below `before` (or the newest, without it).
    `id_column` may be another unique, ever-growing column (a photo's position)."""
    if before is not None:
        query = query.where(id_column < before)
    rows = list(db.session.scalars(query.order_by(id_column.desc()).limit(size + 1)))
    has_more = len(rows) > size
    items = rows[:size]
    next_before = getattr(items[-1], id_column.key) if has_more else None
    return KeysetPage(items=items, next_before=next_before)
