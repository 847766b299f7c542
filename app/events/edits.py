"""Changing an event, and what the family reads meanwhile.

A change is written into the event at once when the family is open, when the caseworker makes
it, or while the event itself still waits for review (nobody else reads it yet). In a reviewed
family a parent's or resource parent's change to a shared event waits for the caseworker as
an `ItemEdit` (app/models/edits.py): everyone else, the calendar feed, the `.ics` file and the
export keep reading the event as it was last approved, because the event's row only ever holds
approved words. The caseworker approves or declines the change through `app.moderation`.

Every form carries the version it was opened on (`Start.version`: the event's `edits` and the
id of the writer's own waiting change). A save from an older version is refused with
`EditConflict`, so a second save from a form left open never silently replaces the first; the
page then shows both and lets the writer choose. The check is the database's: a conditional
UPDATE on `edits`, and the unique index that lets one change per event wait.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from app import moderation
from app.access import FamilyScope
from app.events.services import EventDetails, _times, family_children, may_edit
from app.extensions import db
from app.models import Event, EventKind, ItemEdit, ReviewLevel
from app.models.audit import record
from app.models.edits import EVENT
from app.models.types import utcnow
from app.moderation import NotAllowed, may_see

# The fields a person changes (the record's words for them) and the columns each one sets.
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "kind": ("kind",),
    "children": ("child_ids",),
    "time": ("starts_at", "ends_at", "all_day", "local_date"),
    "place": ("place",),
    "video_link": ("video_link",),
    "notes": ("notes",),
}


class EditConflict(Exception):
    """The event changed after this form was opened. `start` is what is saved now, as this
    writer sees it (with their own waiting change); the form's words were not saved."""

    def __init__(self, start: "Start"):
        super().__init__("the event changed after the form was opened")
        self.start = start


@dataclass(frozen=True)
class EditResult:
    fields: list[str] = field(default_factory=list)  # what changed (empty: nothing)
    waiting: bool = False  # the change waits for the caseworker
    taken_back: bool = False  # the writer went back to the shared words: their change is off

    def __bool__(self) -> bool:
        return bool(self.fields) or self.taken_back


# --- Columns as JSON-friendly values, so a waiting change can hold them --------------------

def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def columns_of(event: Event) -> dict[str, Any]:
    return {
        "title": event.title, "kind": event.kind.value,
        "child_ids": [child.id for child in event.children],
        "starts_at": _iso(event.starts_at), "ends_at": _iso(event.ends_at),
        "all_day": bool(event.all_day), "local_date": _iso(event.local_date),
        "place": event.place, "video_link": event.video_link, "notes": event.notes,
    }


def columns_from(details: EventDetails, time_zone: str, children) -> dict[str, Any]:
    times = _times(details, time_zone)
    return {
        "title": details.title.strip(), "kind": details.kind.value,
        "child_ids": [child.id for child in children],
        "starts_at": _iso(times["starts_at"]), "ends_at": _iso(times["ends_at"]),
        "all_day": times["all_day"], "local_date": _iso(times["local_date"]),
        "place": details.place.strip(), "video_link": details.video_link.strip(),
        "notes": details.notes.strip(),
    }


def _row_values(columns: dict[str, Any]) -> dict[str, Any]:
    """The event's own columns (children are rows of their own) as the database takes them."""
    decode = {
        "kind": EventKind,
        "starts_at": datetime.fromisoformat, "ends_at": datetime.fromisoformat,
        "local_date": date.fromisoformat,
    }
    return {name: (decode[name](value) if name in decode and value is not None else value)
            for name, value in columns.items() if name != "child_ids"}


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [name for name, columns in FIELD_COLUMNS.items()
            if any(old.get(c) != new.get(c) for c in columns)]


def view(event: Event, columns: dict[str, Any], family_children_now) -> SimpleNamespace:
    """The event as `columns` would make it, for pages and cards (never saved)."""
    children = {child.id: child for child in family_children_now}
    return SimpleNamespace(
        id=event.id, family_id=event.family_id, author=event.author, state=event.state,
        children=[children[i] for i in columns["child_ids"] if i in children],
        **_row_values(columns),
    )


def _snapshot(columns: dict[str, Any], names: dict[int, str]) -> dict[str, str]:
    """Each field as text, for the record's "old → new"."""
    when = (f"all day {columns['local_date']}" if columns["all_day"]
            else f"{columns['starts_at']} to {columns['ends_at'] or ''}".removesuffix(" to "))
    return {
        "title": columns["title"], "kind": columns["kind"],
        "children": ", ".join(names.get(i, "") for i in columns["child_ids"]),
        "time": when, "place": columns["place"], "video_link": columns["video_link"],
        "notes": columns["notes"],
    }


def _changes(old: dict[str, Any], new: dict[str, Any], fields: list[str],
             scope: FamilyScope) -> dict[str, list[str]]:
    names = {child.id: child.name for child in scope.family.children}
    before, after = _snapshot(old, names), _snapshot(new, names)
    return {name: [before[name], after[name]] for name in fields}


# --- Where a writer starts from -----------------------------------------------------------

def waiting_edit(event: Event, scope: FamilyScope) -> ItemEdit | None:
    """The change to this event that waits for the caseworker, if this reader may know of it
    (its author and the caseworker: `may_see`)."""
    return db.session.scalar(
        may_see(ItemEdit, scope)
        .where(ItemEdit.item_kind == EVENT, ItemEdit.item_id == event.id,
               moderation.waiting(ItemEdit))
    )


def my_last_edit(event: Event, scope: FamilyScope) -> ItemEdit | None:
    """This person's newest change to the event while it waits or after it was declined, so
    they see "waiting for your caseworker" or the reason it was not shared."""
    return db.session.scalar(
        may_see(ItemEdit, scope)
        .where(ItemEdit.item_kind == EVENT, ItemEdit.item_id == event.id,
               ItemEdit.author_id == scope.membership.user_id)
        .order_by(ItemEdit.id.desc()).limit(1)
    )


@dataclass(frozen=True)
class Start:
    version: str  # what the form carries: "<edits>-<own waiting change id or 0>"
    columns: dict[str, Any]  # the words the form starts from
    waiting: ItemEdit | None  # the writer's own change that waits, included in `columns`


def starting_point(event: Event, scope: FamilyScope) -> Start:
    """The caseworker starts from what the family reads; the author from their own waiting
    change when they have one (their words, not yet approved), else from what is shared."""
    waiting = None
    if not scope.is_caseworker:
        waiting = waiting_edit(event, scope)
        if waiting is not None and waiting.author_id != scope.membership.user_id:
            waiting = None
    columns = columns_of(event)
    if waiting is not None:
        columns = {**columns, **waiting.values}
    return Start(version=f"{event.edits}-{waiting.id if waiting else 0}", columns=columns,
                 waiting=waiting)


def _base_edits(version: str) -> int:
    try:
        edits, _sep, _waiting = version.partition("-")
        return int(edits)
    except ValueError:
        return -1  # not a version of ours: refused as changed, the page shows what is saved


def _goes_to_review(event: Event, scope: FamilyScope) -> bool:
    return (event.is_visible and not scope.is_caseworker
            and scope.family.review_level is ReviewLevel.REVIEWED)


# --- Saving ---------------------------------------------------------------------------------

def edit_event(event: Event, scope: FamilyScope, details: EventDetails,
               version: str | None = None) -> EditResult:
    """Save the form's words. `version`: the one the form was opened on (None: as `event`
    was read now). Raises `EditConflict` when the event changed after that."""
    if not may_edit(event, scope):
        raise NotAllowed("only the author or the caseworker changes an event")
    children = family_children(scope, details.child_ids)
    if not children:
        raise NotAllowed("an event is about at least one child of this family")
    start = starting_point(event, scope)
    version = start.version if version is None else version
    if version != start.version:
        raise EditConflict(start)
    new = columns_from(details, scope.family.time_zone, children)
    if new == start.columns:
        return EditResult()
    if _goes_to_review(event, scope):
        return _ask(event, scope, start, new, _base_edits(version))
    return _write(event, scope, start, new, children, _base_edits(version))


def _refused(event: Event, scope: FamilyScope, start: Start):
    """After a conditional write found nothing to change: the event changed (a conflict), or
    only its state did (approved, hidden, taken back) while its words stayed the same."""
    db.session.rollback()
    fresh = db.session.scalar(may_see(Event, scope).where(Event.id == event.id))
    if fresh is None or not may_edit(fresh, scope):
        raise NotAllowed("the event is no longer shared")
    now = starting_point(fresh, scope)
    if now.version == start.version:
        return fresh  # the same words in another state: save again by the new state's rule
    raise EditConflict(now)


def _write(event: Event, scope: FamilyScope, start: Start, new: dict, children,
           base_edits: int, *, again: bool = True) -> EditResult:
    old = columns_of(event)
    fields = changed_fields(old, new)
    changed = db.session.execute(
        update(Event)
        .where(Event.id == event.id, Event.family_id == scope.family.id,
               Event.edits == base_edits, Event.state == event.state)
        .values(**_row_values(new), updated_at=utcnow(), edits=Event.edits + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        fresh = _refused(event, scope, start)
        if not again:
            raise EditConflict(starting_point(fresh, scope))
        return _again(fresh, scope, new, children)
    if "children" in fields:
        event.children = children
    record("event.edited", actor=scope.membership.user, family_id=scope.family.id,
           subject=event, title=new["title"], fields=fields,
           changes=_changes(old, new, fields, scope))
    db.session.commit()
    return EditResult(fields=fields)


def _again(event: Event, scope: FamilyScope, new: dict, children) -> EditResult:
    start = starting_point(event, scope)
    if new == start.columns:
        return EditResult()
    base = _base_edits(start.version)
    if _goes_to_review(event, scope):
        return _ask(event, scope, start, new, base, again=False)
    return _write(event, scope, start, new, children, base, again=False)


def _ask(event: Event, scope: FamilyScope, start: Start, new: dict, base_edits: int, *,
         again: bool = True) -> EditResult:
    """A change to a shared event in a reviewed family: it waits, the event stays as it is."""
    old = columns_of(event)
    fields = changed_fields(old, new)
    # Only while the event is shared and as the writer saw it; locks its row (PostgreSQL) so
    # the check and the new change are one step.
    guard = db.session.execute(
        update(Event)
        .where(Event.id == event.id, Event.family_id == scope.family.id,
               moderation.shared(Event), Event.edits == base_edits)
        .values(edits=Event.edits)
        .execution_options(synchronize_session=False)
    ).rowcount
    if guard != 1:
        fresh = _refused(event, scope, start)
        if not again:
            raise EditConflict(starting_point(fresh, scope))
        return _again(fresh, scope, new, family_children(scope, new["child_ids"]))

    def add() -> None:
        if not fields:
            return  # back to the shared words: taking the waiting change back is all
        edit = ItemEdit(
            family_id=scope.family.id, author_id=scope.membership.user_id,
            state=moderation.new_item_state(scope, always_reviewed=True),
            item_kind=EVENT, item_id=event.id,
            base_version=base_edits, fields=fields,
            values={c: new[c] for name in fields for c in FIELD_COLUMNS[name]},
        )
        db.session.add(edit)
        db.session.flush()  # the unique index refuses a second waiting change
        record("edit.asked", actor=scope.membership.user, family_id=scope.family.id,
               subject=edit, item_kind=EVENT, item_id=event.id, title=event.title,
               fields=fields, changes=_changes(old, new, fields, scope))

    try:
        if start.waiting is not None:
            # The new change replaces the waiting one: both in one transaction.
            moderation.withdraw(start.waiting, scope, then=add)
        else:
            add()
            db.session.commit()
    except (IntegrityError, NotAllowed):
        # Another form of the same person got in first (or the caseworker just answered
        # the waiting change): what is saved now is shown instead.
        db.session.rollback()
        fresh = db.session.scalar(may_see(Event, scope).where(Event.id == event.id))
        if fresh is None:
            raise NotAllowed("the event is no longer shared") from None
        raise EditConflict(starting_point(fresh, scope)) from None
    return EditResult(fields=fields, waiting=bool(fields), taken_back=not fields)


# --- The caseworker's answer ----------------------------------------------------------------

def edited_event(scope: FamilyScope, edit: ItemEdit) -> Event | None:
    return db.session.scalar(may_see(Event, scope).where(Event.id == edit.item_id))


def approve_edit(scope: FamilyScope, edit: ItemEdit, seen: str) -> None:
    """Write the waiting change into the event, as one step with its approval. `seen`: the
    event's version (`edits`) the caseworker read the change against; a change to the event
    since then refuses the approval (`NotAllowed`), and nothing is written."""
    event = edited_event(scope, edit)
    if event is None or edit.item_kind != EVENT:
        raise NotAllowed("not a change to an event of this family")
    try:
        seen_edits = int(seen)
    except (TypeError, ValueError):
        raise NotAllowed("no version read") from None
    old = columns_of(event)
    new = {**old, **edit.values}
    children = family_children(scope, new["child_ids"])
    fields = list(edit.fields)

    def apply() -> None:
        written = db.session.execute(
            update(Event)
            .where(Event.id == event.id, Event.family_id == scope.family.id,
                   moderation.shared(Event), Event.edits == seen_edits)
            .values(**_row_values(edit.values), updated_at=utcnow(), edits=Event.edits + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if written != 1:
            raise NotAllowed("the event changed after the caseworker read the change")
        if "children" in fields:
            event.children = children
            db.session.flush()

    moderation.approve(edit, scope, then=apply,
                       detail={"title": event.title,
                               "changes": _changes(old, new, fields, scope)})


def decline_edit(scope: FamilyScope, edit: ItemEdit, reason: str) -> None:
    moderation.decline(edit, scope, reason)


def withdraw_edit(scope: FamilyScope, edit: ItemEdit) -> None:
    moderation.withdraw(edit, scope)


def waiting_for(scope: FamilyScope, edit_id: int) -> ItemEdit | None:
    """One waiting change to an event of this family that this reader may see."""
    return db.session.scalar(
        may_see(ItemEdit, scope).where(ItemEdit.id == edit_id, ItemEdit.item_kind == EVENT)
    )
