"""Rules for photos: sharing an upload all-or-nothing, the gallery, one photo, the home section."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app import moderation
from app.access import FamilyScope
from app.extensions import db
from app.models import Photo, Role
from app.models.audit import record
from app.models.seen import last_seen, mark_seen
from app.moderation import news
from app.notifications import notify
from app.pagination import KeysetPage, keyset_page
from app.photos import images
from app.storage import get_storage, new_key

# DESIGN.md: parent partners read the shared space but do not post photos.
SHARERS = frozenset({Role.PARENT, Role.RESOURCE_PARENT, Role.CASEWORKER})
PAGE_SIZE = 24
AREA = "photos"
HOME_THUMBS = 6


class UploadRefused(Exception):
    """One or more files are not photos we take; `messages` says which and why."""

    def __init__(self, messages: list[str], reasons: list[str]):
        super().__init__(messages)
        self.messages = messages
        self.reasons = reasons  # ImageRefused.REASONS keys, for the security log (no names)


def refusal_message(filename: str, refused: images.ImageRefused) -> str:
    """What to tell the person about one refused file, in their language, naming it."""
    limits = current_app.config
    messages = {
        "empty": lambda: _("%(file)s is empty.", file=filename),
        "too_big": lambda: _(
            "%(file)s is too big. Photos can be up to %(size)s.",
            file=filename, size=_file_size(limits["PHOTO_MAX_BYTES"]),
        ),
        "not_a_photo": lambda: _(
            "%(file)s is not a photo we can use. Please choose a JPEG, PNG, WebP or HEIC photo.",
            file=filename,
        ),
        "too_many_pixels": lambda: _too_many_pixels(filename, refused),
        "broken": lambda: _(
            "%(file)s looks damaged or incomplete. Please try another copy.", file=filename
        ),
    }
    return messages[refused.reason]()


def _too_many_pixels(filename: str, refused: images.ImageRefused) -> str:
    """Say how large it is against the limit for its kind, and what to send instead: a file
    that decodes whole (PNG, WebP, HEIC) has a smaller limit than a JPEG."""
    if not refused.pixels:  # Pillow refused it before we could read its size
        return _("%(file)s is too large. Please choose a smaller photo.", file=filename)
    # The size rounded up and the limit down, so one never reads as the other.
    size, limit = _megapixels(-(-refused.pixels // 100_000)), _megapixels(refused.limit // 100_000)
    if refused.fmt in images.REDUCED_DECODE:
        return _(
            "%(file)s is too large. It has %(size)s million pixels, and a photo can have up "
            "to %(limit)s million. Please choose a smaller copy.",
            file=filename, size=size, limit=limit,
        )
    return _(
        "%(file)s is too large. It has %(size)s million pixels, and a photo of this kind can "
        "have up to %(limit)s million. Please choose a smaller copy, or save it as a JPEG.",
        file=filename, size=size, limit=limit,
    )


def _megapixels(tenths: int) -> str:
    """Tenths of a million pixels as 24.5 or 50, with the reader's decimal sign."""
    return format_decimal(tenths / 10, "#,##0.#")


def _file_size(size: int) -> str:
    """15 MB, 2.5 MB or 800 kB, with the reader's decimal sign."""
    if size >= 1024 * 1024:
        return f"{format_decimal(size / (1024 * 1024), '#,##0.#')} MB"
    return f"{format_decimal(size / 1024, '#,##0')} kB"


def may_share(scope: FamilyScope) -> bool:
    return scope.membership.role in SHARERS


def share_photos(scope: FamilyScope, files: list[tuple[str, bytes]], caption: str) -> list[Photo]:
    """Clean every file first; store and record them only if all are good (all-or-nothing)."""
    if not may_share(scope):
        raise moderation.NotAllowed("parent partners do not post photos")
    limits = current_app.config
    cleaned, problems, reasons = [], [], []
    for filename, data in files:
        try:
            cleaned.append(images.process(
                data, max_bytes=limits["PHOTO_MAX_BYTES"], max_pixels=limits["PHOTO_MAX_PIXELS"],
                max_decode_bytes=limits["PHOTO_MAX_DECODE_BYTES"],
            ))
        except images.ImageRefused as refused:
            problems.append(refusal_message(filename, refused))
            reasons.append(refused.reason)
    if problems:
        raise UploadRefused(problems, reasons)
    storage = get_storage()
    state = moderation.new_item_state(scope)
    saved: list[str] = []
    photos = []
    try:
        for clean in cleaned:
            display_key, thumb_key = new_key(), new_key()
            storage.save(display_key, clean.display.data)
            saved.append(display_key)
            storage.save(thumb_key, clean.thumb.data)
            saved.append(thumb_key)
            photo = Photo(
                family_id=scope.family.id, author_id=scope.membership.user_id, state=state,
                caption=caption.strip(), content_type=clean.display.content_type,
                display_key=display_key, display_width=clean.display.width,
                display_height=clean.display.height, thumb_key=thumb_key,
                thumb_width=clean.thumb.width, thumb_height=clean.thumb.height,
            )
            moderation.number_new(photo)  # its place in the family's order of sharing
            db.session.add(photo)
            photos.append(photo)
        db.session.flush()
        for photo in photos:
            record("photo.shared", actor=scope.membership.user, family_id=scope.family.id,
                   subject=photo, state=str(state))
            notify.item_added(photo, scope.membership.user_id)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        for key in saved:  # no file is left behind without its row
            storage.delete(key)
        raise
    return photos


def gallery_page(scope: FamilyScope, before: int | None) -> KeysetPage:
    """A page of photos this person may see, newest shared first (by position, so a photo
    approved late comes first, where it is seen as new), authors loaded in one query."""
    query = moderation.may_see(Photo, scope).options(selectinload(Photo.author))
    return keyset_page(query, Photo.position, before=before, size=PAGE_SIZE)


def seen_before(scope: FamilyScope) -> int:
    """This person's marker for photos: what they had seen before this page (for "New")."""
    return last_seen(scope.membership.id, AREA)


def is_new(photo: Photo, scope: FamilyScope, seen: int) -> bool:
    return scope.membership.id is not None and news.is_new(photo, scope, seen)


def mark_gallery_seen(scope: FamilyScope, page: KeysetPage, seen: int) -> None:
    """The person has now seen the photos on this page: the marker moves over them, never
    past a new photo the page did not show (app.moderation.news.seen_up_to)."""
    if page.items and scope.membership.id is not None:
        mark_seen(scope.membership.id, AREA, news.seen_up_to(Photo, scope, seen, page.items))
        db.session.commit()


def photo_for(scope: FamilyScope, photo_id: int) -> Photo | None:
    """One photo, if this person may see it (None for another family's or a hidden one)."""
    return db.session.scalar(
        moderation.may_see(Photo, scope).where(Photo.id == photo_id)
        .options(selectinload(Photo.author))
    )


def read_rendition(photo: Photo, which: str) -> bytes:
    key = photo.display_key if which == "display" else photo.thumb_key
    return get_storage().read(key)


@dataclass(frozen=True)
class HomeSection:
    new_count: int
    photos: list[Photo]
    shared_any: bool  # any photo this person may see at all (the home's first-time message)

    def __bool__(self) -> bool:
        return self.new_count > 0


def home_section(scope: FamilyScope) -> HomeSection:
    """Photos new to this person since they last saw them in the gallery (app.moderation.news:
    shared after their marker, by someone else, not approved by them): a count and the newest
    few. Four queries at most, however many photos there are."""
    seen = last_seen(scope.membership.id, AREA)
    new = news.new_to(Photo, scope, seen)
    count = db.session.scalar(
        new.with_only_columns(func.count(Photo.id)).order_by(None)
    ) if scope.membership.id is not None else 0
    photos = list(db.session.scalars(
        new.options(selectinload(Photo.author)).order_by(Photo.shared_seq.desc())
        .limit(HOME_THUMBS)
    )) if count else []
    shared_any = bool(count) or bool(db.session.scalar(
        select(moderation.may_see(Photo, scope).with_only_columns(Photo.id).limit(1).exists())
    ))
    return HomeSection(new_count=count or 0, photos=photos, shared_any=shared_any)


def approve(photo: Photo, scope: FamilyScope, seen: int | None = None) -> None:
    """`seen`: the photo's version the caseworker read (its caption), when they name one."""
    moderation.approve(photo, scope,
                       unchanged={"version": seen} if seen is not None else None)


def decline(photo: Photo, scope: FamilyScope, reason: str) -> None:
    moderation.decline(photo, scope, reason)


def hide(photo: Photo, scope: FamilyScope, reason: str) -> None:
    moderation.hide(photo, scope, reason)


def withdraw(photo: Photo, scope: FamilyScope) -> None:
    moderation.withdraw(photo, scope)


