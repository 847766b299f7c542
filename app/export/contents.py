"""What a family's export holds: each JSON file's rows and the stored photos, made lazily.

Rows are read through the family scope (`family_rows`) and, for shared items, through
`moderation.may_see` with the reader's scope: the caseworker's (or an admin's) view, which is
the whole record, hidden and declined items included, each with its state and reason.

Rows come in keyset batches (`id > last … LIMIT n`), each fetched whole and turned into plain
values before anything is sent; then the read transaction ends. A server-side cursor
(`yield_per`) would stay open while a slow phone downloads photos, and on SQLite an open read
holds the lock every writer of the family waits for.
"""

import enum
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property

from sqlalchemy import Select, select

from app.access import FamilyScope, family_rows
from app.extensions import db
from app.models import (
    AuditEvent,
    Membership,
    Report,
    User,
)
from app.moderation import may_see

BATCH = 500
CHUNK = 64 * 1024

# What the resource parent keeps private (DESIGN.md, "Safety of the home"): the membership's
# address and phone (app/contact/). Named from the columns themselves, so renaming one fails
# here instead of quietly exporting it. Any column or audit detail with these names, or
# starting with them ("address_line_2"), is left out when the caseworker chooses so.
PRIVATE_DETAILS = (Membership.address.key, Membership.phone.key)

# Photos' files by rendition; the storage keys themselves never leave the server.
RENDITIONS = {"display": "display_key", "thumb": "thumb_key"}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


@dataclass(frozen=True)
class Plan:
    """One export: whose record, for whom, and whether private details stay in."""

    scope: FamilyScope
    leave_out_private: bool
    made_at: datetime
    made_by: str

    @cached_property
    def names(self) -> dict[int, str]:
        """user id → the name they chose, for everyone who is or was in the family, and
        everyone who acted in its record (an admin who moderated is no member)."""
        members = family_rows(Membership, self.scope).with_only_columns(Membership.user_id)
        actors = family_rows(AuditEvent, self.scope).with_only_columns(AuditEvent.actor_id)
        rows = db.session.execute(
            select(User.id, User.preferred_name, User.display_name)
            .where(User.id.in_(members.union(actors).scalar_subquery()))
        )
        return {user_id: preferred or display for user_id, preferred, display in rows}

    @cached_property
    def users_of_memberships(self) -> dict[int, int]:
        """membership id → user id. Family time keeps memberships (the host, its parents,
        who recorded a date, a level's parent); the export names everyone by user id, the
        number members.json, authors and the record use (issue 22: a reader took a
        membership number for a user's and read that the father recorded what the
        grandmother had)."""
        return dict(db.session.execute(
            family_rows(Membership, self.scope).with_only_columns(Membership.id,
                                                                  Membership.user_id)).all())

    def person(self, membership_id: int | None, prefix: str = "") -> dict:
        """`{prefix}_user_id` and `{prefix}_name` (without a prefix: `user_id`, `name`) for a
        membership id; None for nobody."""
        user_id = self.users_of_memberships.get(membership_id)
        start = f"{prefix}_" if prefix else ""
        return {f"{start}user_id": user_id, f"{start}name": self.names.get(user_id, "")}


# --- plain values -------------------------------------------------------------------------


def plain(value):
    """A JSON value: times as ISO 8601 (UTC for moments), enums by their stored value."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def is_private(name: str) -> bool:
    return name in PRIVATE_DETAILS or name.startswith(tuple(f"{p}_" for p in PRIVATE_DETAILS))


def columns_of(model, plan: Plan, *, without: Iterable[str] = ()) -> list:
    skip = set(without)
    return [column for column in model.__table__.columns
            if column.name not in skip and not (plan.leave_out_private and is_private(column.name))]


def as_dict(row) -> dict:
    return {key: plain(value) for key, value in row._mapping.items()}


def json_chunks(sections: Iterable[tuple[str, object]]) -> Iterator[bytes]:
    """A JSON object whose lists are written row by row, in pieces of about CHUNK bytes."""
    buffer: list[str] = []
    size = 0

    def put(text: str) -> Iterator[bytes]:
        nonlocal size
        buffer.append(text)
        size += len(text)
        if size >= CHUNK:
            yield "".join(buffer).encode()
            buffer.clear()
            size = 0

    yield from put("{")
    for n, (key, value) in enumerate(sections):
        yield from put(("," if n else "") + f"\n{json.dumps(key)}: ")
        if isinstance(value, dict):
            yield from put(json.dumps(value, ensure_ascii=False, indent=1))
            continue
        yield from put("[")
        for i, row in enumerate(value):
            yield from put(("," if i else "") + "\n " + json.dumps(row, ensure_ascii=False))
        yield from put("\n]")
    yield from put("\n}\n")
    if buffer:
        yield "".join(buffer).encode()


# --- reading in batches -------------------------------------------------------------------


def batches(query: Select, id_column, *, scalars: bool = False) -> Iterator[list]:
    """Oldest first, BATCH rows at a time, each batch one short query read to its end."""
    last = None
    while True:
        page = query if last is None else query.where(id_column > last)
        page = page.order_by(id_column).limit(BATCH)
        result = db.session.scalars(page) if scalars else db.session.execute(page)
        rows = result.all()
        if not rows:
            return
        yield rows
        if len(rows) < BATCH:
            return
        last = rows[-1].id


def release() -> None:
    """End the read transaction between batches, so a slow download holds no lock."""
    db.session.rollback()


def rows_of(query: Select, id_column, more: Callable[[list], dict] | None = None,
            *, scalars: bool = False, convert=as_dict) -> Iterator[dict]:
    """Each row as a dict; `more(batch)` adds {row id: {key: value}} read for the batch."""
    for batch in batches(query, id_column, scalars=scalars):
        extra = more(batch) if more else {}
        done = [{**convert(row), **extra.get(row.id, {})} for row in batch]
        release()
        yield from done


def shared_items(model, plan: Plan, *, without: Iterable[str] = (),
                 more: Callable[[list], dict] | None = None) -> Iterator[dict]:
    """Every item of a shared kind the reader may see (for staff: all), with its reports."""
    names = plan.names
    query = may_see(model, plan.scope).with_only_columns(*columns_of(model, plan,
                                                                      without=without))

    def with_reports(batch) -> dict:
        ids = [row.id for row in batch]
        found = reports_for(plan, model.audit_name, ids, names)
        extra = more(batch) if more else {}
        return {row.id: {"author_name": names.get(row.author_id, ""),
                         "moderated_by_name": names.get(row.moderated_by_id, ""),
                         **extra.get(row.id, {}), "reports": found.get(row.id, [])}
                for row in batch}

    return rows_of(query, model.id, with_reports)


def grouped(query: Select, key: str, names: dict[int, str] | None = None,
            name_of: str = "") -> dict[int, list[dict]]:
    """Rows of one query grouped by their `key` column (children of a batch of items)."""
    found: dict[int, list[dict]] = defaultdict(list)
    for row in db.session.execute(query):
        values = as_dict(row)
        owner = values.pop(key)
        if names is not None:
            values[f"{name_of}_name"] = names.get(values.get(f"{name_of}_id"), "")
        found[owner].append(values)
    return found


def reports_for(plan: Plan, kind: str, ids: list[int], names) -> dict[int, list[dict]]:
    query = (family_rows(Report, plan.scope)
             .with_only_columns(*columns_of(Report, plan, without=("family_id", "item_kind")))
             .where(Report.item_kind == kind, Report.item_id.in_(ids)).order_by(Report.id))
    return grouped(query, "item_id", names, "reporter")


