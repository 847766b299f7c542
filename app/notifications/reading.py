"""A person's list of notifications: the bell's count, pages of the list, marking read.

The list is the source of truth: every channel only points at it. Each page asks "may see"
for what it shows (app/notifications/subjects.py), so a line about something hidden since is
not shown even before moderation marked it gone. The count is one indexed query.
"""

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Membership, User
from app.models.notifications import DeliveryStatus, Notification, NotificationDelivery
from app.models.types import utcnow
from app.notifications.subjects import visible
from app.pagination import KeysetPage, keyset_page

PAGE_SIZE = 20


def _in_effect_families(user_id: int):
    return select(Membership.family_id).where(Membership.user_id == user_id,
                                              Membership.in_effect())


def unread_count(user: User) -> int:
    """Lines not read, not gone, of families the person is let into now (one query)."""
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None),
            Notification.gone_at.is_(None),
            Notification.family_id.in_(_in_effect_families(user.id)))
    ) or 0


def page(user: User, before: int | None = None) -> tuple[list[tuple[Notification, object]],
                                                          int | None]:
    """([(notification, subject)], the id to ask for the next page or None): newest first,
    by keyset (`id < before`). Lines the person may no longer see are skipped; a page is
    filled from further back so it is never short while more remain."""
    shown: list[tuple[Notification, object]] = []
    cursor = before
    while len(shown) < PAGE_SIZE:
        query = (select(Notification).where(
            Notification.user_id == user.id, Notification.gone_at.is_(None),
            Notification.family_id.in_(_in_effect_families(user.id)))
            .order_by(Notification.id.desc()).limit(PAGE_SIZE + 1))
        if cursor is not None:
            query = query.where(Notification.id < cursor)
        batch = db.session.scalars(query).all()
        more = len(batch) > PAGE_SIZE
        batch = batch[:PAGE_SIZE]
        subjects = visible(user.id, batch)
        for notification in batch:
            if notification.id in subjects and len(shown) < PAGE_SIZE:
                shown.append((notification, subjects[notification.id]))
                cursor = notification.id
        if not more:
            return shown, None
        if len(shown) < PAGE_SIZE:
            cursor = batch[-1].id
    return shown, (cursor if _any_before(user, cursor) else None)


def _any_before(user: User, cursor: int) -> bool:
    return db.session.scalar(select(Notification.id).where(
        Notification.user_id == user.id, Notification.gone_at.is_(None),
        Notification.id < cursor).limit(1)) is not None


def mark_read(user: User, notification_id: int) -> Notification | None:
    """The person opened this line: read (once; opening it again keeps the first time)."""
    notification = db.session.scalar(select(Notification).where(
        Notification.id == notification_id, Notification.user_id == user.id))
    if notification is None:
        return None
    _set_read(Notification.id == notification.id, user)
    return notification


def mark_subject_read(user_id: int, subject_kind: str, subject_ids, now: datetime | None = None
                      ) -> None:
    """The person read these items on a page: their lines about them are read too. Only
    what the page showed: the caller passes the ids it put on the screen."""
    ids = list(subject_ids)
    if not ids:
        return
    db.session.execute(
        update(Notification).where(
            Notification.user_id == user_id, Notification.subject_kind == subject_kind,
            Notification.subject_id.in_(ids), Notification.read_at.is_(None))
        .values(read_at=now or utcnow()).execution_options(synchronize_session=False))


def read_on_screen(scope, subject_kind: str, subject_ids) -> None:
    """A page showed these items to the scoped person: their lines about them are read.
    (An admin looking in keeps no marks.)"""
    if scope.membership.id is None:
        return
    mark_subject_read(scope.membership.user_id, subject_kind, subject_ids)
    db.session.commit()


def mark_all_read(user: User, up_to: int) -> int:
    """"Mark all as read": the lines up to the newest the page showed (`up_to`), not one
    that arrived after the page was drawn."""
    return _set_read(Notification.id <= up_to, user)


def _set_read(condition, user: User) -> int:
    changed = db.session.execute(
        update(Notification).where(condition, Notification.user_id == user.id,
                                   Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return changed


def failed_page(before: int | None) -> KeysetPage:
    """Deliveries that failed after the last try, newest first, with their person."""
    query = (select(NotificationDelivery)
             .where(NotificationDelivery.status == DeliveryStatus.FAILED)
             .options(joinedload(NotificationDelivery.person)))
    return keyset_page(query, NotificationDelivery.id, before=before, size=50)
