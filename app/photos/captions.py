"""A photo's caption after it is shared: changed at once, or waiting for the caseworker.

The same rule as an event's change (app/events/edits.py): in a reviewed family a parent's or
resource parent's new caption for a shared photo waits as an `ItemEdit`, and everyone else
keeps reading the caption the caseworker approved (the photo's row only holds approved words).
In an open family, or while the photo itself waits, the caption is written at once. The form
carries the version it was opened on; a save from an older one is refused with
`CaptionConflict` instead of replacing a newer caption.
"""

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from app import moderation
from app.access import FamilyScope
from app.extensions import db
from app.models import ItemEdit, Photo, ReviewLevel
from app.models.audit import record
from app.models.edits import PHOTO
from app.moderation import NotAllowed, may_see


@dataclass(frozen=True)
class Start:
    version: str  # "<photo version>-<own waiting change id or 0>"
    caption: str  # the words the form starts from (the author's own waiting ones first)
    waiting: ItemEdit | None


class CaptionConflict(Exception):
    def __init__(self, start: Start):
        super().__init__("the caption changed after the form was opened")
        self.start = start


@dataclass(frozen=True)
class Saved:
    changed: bool = False
    waiting: bool = False
    taken_back: bool = False


def may_change_caption(photo: Photo, scope: FamilyScope) -> bool:
    """Only the person who shared it, while it is shared or waiting (not after a refusal)."""
    return photo.author_id == scope.membership.user_id and (photo.is_visible or photo.is_pending)


def waiting_caption(photo: Photo, scope: FamilyScope) -> ItemEdit | None:
    """The new caption that waits for the caseworker, for its author and the caseworker."""
    return db.session.scalar(
        may_see(ItemEdit, scope)
        .where(ItemEdit.item_kind == PHOTO, ItemEdit.item_id == photo.id,
               moderation.waiting(ItemEdit))
    )


def my_last_caption(photo: Photo, scope: FamilyScope) -> ItemEdit | None:
    return db.session.scalar(
        may_see(ItemEdit, scope)
        .where(ItemEdit.item_kind == PHOTO, ItemEdit.item_id == photo.id,
               ItemEdit.author_id == scope.membership.user_id)
        .order_by(ItemEdit.id.desc()).limit(1)
    )


def starting_point(photo: Photo, scope: FamilyScope) -> Start:
    waiting = waiting_caption(photo, scope) if not scope.is_caseworker else None
    caption = waiting.values["caption"] if waiting is not None else photo.caption
    return Start(version=f"{photo.version}-{waiting.id if waiting else 0}", caption=caption,
                 waiting=waiting)


def _base(version: str) -> int:
    try:
        return int(version.partition("-")[0])
    except ValueError:
        return -1


def change_caption(photo: Photo, scope: FamilyScope, caption: str,
                   version: str | None = None) -> Saved:
    """Save a new caption; `version`: the one the form was opened on (None: as `photo` was
    read now). Raises `CaptionConflict` when the caption changed after that."""
    if not may_change_caption(photo, scope):
        raise NotAllowed("only the person who shared it changes its caption")
    start = starting_point(photo, scope)
    version = start.version if version is None else version
    if version != start.version:
        raise CaptionConflict(start)
    caption = caption.strip()
    if caption == start.caption:
        return Saved()
    base = _base(version)
    if photo.is_visible and scope.family.review_level is ReviewLevel.REVIEWED:
        return _ask(photo, scope, start, caption, base)
    changed = db.session.execute(
        update(Photo)
        .where(Photo.id == photo.id, Photo.family_id == scope.family.id,
               Photo.version == base, Photo.state == photo.state)
        .values(caption=caption, version=Photo.version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise CaptionConflict(_now(photo, scope))
    record("photo.caption_changed", actor=scope.membership.user, family_id=scope.family.id,
           subject=photo, old=photo.caption, new=caption)
    db.session.commit()
    return Saved(changed=True)


def _now(photo: Photo, scope: FamilyScope) -> Start:
    db.session.rollback()
    fresh = db.session.scalar(may_see(Photo, scope).where(Photo.id == photo.id))
    if fresh is None or not may_change_caption(fresh, scope):
        raise NotAllowed("the photo is no longer shared")
    return starting_point(fresh, scope)


def _ask(photo: Photo, scope: FamilyScope, start: Start, caption: str, base: int) -> Saved:
    guard = db.session.execute(
        update(Photo)
        .where(Photo.id == photo.id, Photo.family_id == scope.family.id,
               moderation.shared(Photo), Photo.version == base)
        .values(version=Photo.version)
        .execution_options(synchronize_session=False)
    ).rowcount
    if guard != 1:
        raise CaptionConflict(_now(photo, scope))
    back_to_shared = caption == photo.caption

    def add() -> None:
        if back_to_shared:
            return
        edit = ItemEdit(family_id=scope.family.id, author_id=scope.membership.user_id,
                        state=moderation.new_item_state(scope, always_reviewed=True),
                        item_kind=PHOTO, item_id=photo.id,
                        base_version=base, fields=["caption"], values={"caption": caption})
        db.session.add(edit)
        db.session.flush()
        record("edit.asked", actor=scope.membership.user, family_id=scope.family.id,
               subject=edit, item_kind=PHOTO, item_id=photo.id, fields=["caption"],
               changes={"caption": [photo.caption, caption]})

    try:
        if start.waiting is not None:
            moderation.withdraw(start.waiting, scope, then=add)
        else:
            add()
            db.session.commit()
    except (IntegrityError, NotAllowed):
        raise CaptionConflict(_now(photo, scope)) from None
    return Saved(changed=not back_to_shared, waiting=not back_to_shared,
                 taken_back=back_to_shared)


def edited_photo(scope: FamilyScope, edit: ItemEdit) -> Photo | None:
    return db.session.scalar(may_see(Photo, scope).where(Photo.id == edit.item_id))


def approve_caption(scope: FamilyScope, edit: ItemEdit, seen: str) -> None:
    """Write the waiting caption into the photo with its approval; refused (`NotAllowed`,
    nothing written) when the caption changed after the caseworker read it (`seen`)."""
    photo = edited_photo(scope, edit)
    if photo is None or edit.item_kind != PHOTO:
        raise NotAllowed("not a change to a photo of this family")
    try:
        seen_version = int(seen)
    except (TypeError, ValueError):
        raise NotAllowed("no version read") from None
    old = photo.caption

    def apply() -> None:
        written = db.session.execute(
            update(Photo)
            .where(Photo.id == photo.id, Photo.family_id == scope.family.id,
                   moderation.shared(Photo), Photo.version == seen_version)
            .values(caption=edit.values["caption"], version=Photo.version + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if written != 1:
            raise NotAllowed("the caption changed after the caseworker read the change")

    moderation.approve(edit, scope, then=apply,
                       detail={"changes": {"caption": [old, edit.values["caption"]]}})


def waiting_for(scope: FamilyScope, edit_id: int) -> ItemEdit | None:
    return db.session.scalar(
        may_see(ItemEdit, scope).where(ItemEdit.id == edit_id, ItemEdit.item_kind == PHOTO)
    )
