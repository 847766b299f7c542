"""Write notifications and their outbox rows, in the caller's transaction.

Features and the moderation service call these where something happens; they never pick
channels or words. Nothing here commits: the notifications are kept or rolled back with the
change itself (the outbox), so a change that fails notifies nobody and a crash after the commit
loses nothing. After the commit, the worker is asked to look (app/notifications/jobs.py).

Who hears of what (issue 25):
- an item shared with the whole family: every member who may see it, but its author and the
  family's caseworkers (they review; they hear what waits for them instead);
- an item that waits for review: the family's caseworkers;
- an answer: the author of what was declined or hidden, and of a family-time request approved;
- a joining approved: the person who joined.
A paused, ended or waiting member hears nothing of the family.
"""

from datetime import UTC

from flask import g
from sqlalchemy import select, update

from app.extensions import db
from app.models import Membership, Role, User
from app.models.notifications import (
    GROUP_OF,
    Channel,
    DeliveryStatus,
    Mode,
    Notification,
    NotificationDelivery,
    NotificationKind,
)
from app.models.types import utcnow
from app.notifications import choices
from app.notifications.subjects import MEMBERSHIP, WAITS_FOR_STAFF, caseworker_ids

SHARED_KIND = {
    "message": NotificationKind.MESSAGE,
    "photo": NotificationKind.PHOTO,
    "event": NotificationKind.EVENT,
    "about": NotificationKind.ABOUT,
    "family_time": NotificationKind.FAMILY_TIME,
}


def item_added(item, actor_id: int) -> None:
    """A new item was made (flushed, so it has an id): tell the family if it is shared now,
    the caseworkers if it waits for them."""
    if item.is_visible:
        item_shared(item, actor_id)
    elif item.is_pending:
        _write(caseworker_ids(item.family_id), item.family_id, NotificationKind.WAITING,
               item.audit_name, item.id, actor_id, exclude=actor_id)


# The moderation service's actions (app/moderation/services.py `_move`) and what each tells.
ANSWERS = {"declined": NotificationKind.DECLINED, "hidden": NotificationKind.HIDDEN}


def item_moved(item, action: str, actor_id: int) -> None:
    """The moderation service just did `action` to `item` ("approved", "declined",
    "hidden", "withdrawn", "returned_for_review"), in the same transaction."""
    kind = item.audit_name
    if kind not in SHARED_KIND:
        return  # an edit waiting for review: its item's own notifications say enough
    _done_waiting(kind, item.id)
    if action == "approved":
        item_shared(item, actor_id)
        if kind == "family_time" and item.author_id != actor_id:
            _write([item.author_id], item.family_id, NotificationKind.APPROVED, kind, item.id,
                   actor_id)
        return
    if action == "returned_for_review":  # changed in a reviewed family: waits again
        _gone(kind, item.id, keep_user=item.author_id)
        _write(caseworker_ids(item.family_id), item.family_id, NotificationKind.WAITING, kind,
               item.id, actor_id, exclude=actor_id)
        return
    # Declined, hidden or taken back: nobody but the author and the caseworker sees it now.
    _gone(kind, item.id, keep_user=item.author_id)
    answer = ANSWERS.get(action)
    if answer is not None and item.author_id != actor_id:
        _write([item.author_id], item.family_id, answer, kind, item.id, actor_id)


def item_shared(item, actor_id: int) -> None:
    """Shared with the whole family now. The line names who wrote it (not the caseworker
    who approved it: "Dana sent a message")."""
    members = _members(item.family_id)
    _write(members, item.family_id, SHARED_KIND[item.audit_name], item.audit_name, item.id,
           item.author_id, exclude=item.author_id)


def _members(family_id: int) -> list[int]:
    """The family's members let in now, but its caseworkers (they hear what waits instead)."""
    return db.session.scalars(
        select(Membership.user_id).join(User, User.id == Membership.user_id)
        .where(Membership.family_id == family_id, Membership.in_effect(),
               Membership.role != Role.CASEWORKER, User.deactivated_at.is_(None))
    ).all()


def joining_approved(membership: Membership, actor_id: int) -> None:
    _write([membership.user_id], membership.family_id, NotificationKind.JOINED, MEMBERSHIP,
           membership.id, actor_id)


def _write(user_ids, family_id: int, kind: NotificationKind, subject_kind: str,
           subject_id: int, actor_id: int | None, *, exclude: int | None = None,
           occasion: str = "") -> None:
    """One notification per reader (a second for the same reader, kind and subject is not
    made: the unique index) and, per channel they want it on, its outbox row."""
    user_ids = sorted({u for u in user_ids if u != exclude})
    if not user_ids:
        return
    now = utcnow()
    rows = [{"user_id": u, "family_id": family_id, "kind": kind, "subject_kind": subject_kind,
             "subject_id": subject_id, "actor_id": actor_id, "created_at": now,
             "occasion": occasion}
            for u in user_ids]
    made = db.session.execute(
        choices._insert(Notification).values(rows)
        .on_conflict_do_nothing(
            index_elements=["user_id", "kind", "subject_kind", "subject_id", "occasion"])
        .returning(Notification.id, Notification.user_id)
    ).all()
    if not made:
        return
    group = GROUP_OF[kind]
    people = {u.id: u for u in db.session.scalars(select(User).where(
        User.id.in_([user_id for _id, user_id in made])))}
    deliveries = []
    for notification_id, user_id in made:
        person = people[user_id]
        for channel in choices.channels_for(person):
            mode = _mode(person, group, channel)
            if mode is Mode.OFF:
                continue
            deliveries.append({"notification_id": notification_id, "user_id": user_id,
                               "channel": channel, "mode": mode,
                               "status": DeliveryStatus.WAITING, "due_at": now,
                               "attempts": 0, "last_error": ""})
    if deliveries:
        db.session.execute(choices._insert(NotificationDelivery).values(deliveries)
                           .on_conflict_do_nothing(
                               index_elements=["notification_id", "channel"]))
        g.notifications_to_send = True  # app/notifications/jobs.py wakes a worker after commit


def family_time_soon(item, occasion: str, user_ids) -> None:
    """A reminder of one time of `item` (app/notifications/reminders.py): to the people in it."""
    _write(user_ids, item.family_id, NotificationKind.FAMILY_TIME_SOON, item.audit_name,
           item.id, None, occasion=occasion)


def request_due(item, occasion: str) -> None:
    """A request's answer-by is near (app/notifications/reminders.py): its caseworkers."""
    _write(caseworker_ids(item.family_id), item.family_id, NotificationKind.REQUEST_DUE,
           item.audit_name, item.id, item.author_id, occasion=occasion)


def event_soon(event, occasion: str, user_ids) -> None:
    """The evening before an event (app/notifications/reminders.py): to those going."""
    _write(user_ids, event.family_id, NotificationKind.EVENT_SOON, event.audit_name, event.id,
           None, occasion=occasion)


def family_time_changed(item, kind: NotificationKind, starts_at, original_day,
                        actor_id: int) -> None:
    """One time of a shared family time was moved (`starts_at`: its new start) or cancelled
    (its start as planned): the family hears of it, but who did it and the caseworkers."""
    members = _members(item.family_id)
    occasion = f"{starts_at.astimezone(UTC).isoformat(timespec='minutes')}/{original_day}"
    _write(members, item.family_id, kind, item.audit_name, item.id, actor_id, exclude=actor_id,
           occasion=occasion)


def _mode(person: User, group, channel: Channel) -> Mode:
    mode = choices.mode_for(person.id, group, channel)
    if mode is Mode.INSTANT and choices.settings_of(person.id).summary_only:
        return Mode.SUMMARY
    return mode


def _gone(subject_kind: str, subject_id: int, *, keep_user: int | None) -> None:
    """The subject is no longer shared: its lines leave everyone's list and count (but its
    author's, who still sees it with the reason), and nothing more of it is sent."""
    condition = [Notification.subject_kind == subject_kind,
                 Notification.subject_id == subject_id]
    if keep_user is not None:
        condition.append(Notification.user_id != keep_user)
    _take_back(condition, "no longer shared")


def _done_waiting(subject_kind: str, subject_id: int) -> None:
    """A caseworker answered: "waits for you" (and "answer by tomorrow") leave every
    caseworker's list and count."""
    _take_back([Notification.subject_kind == subject_kind,
                Notification.subject_id == subject_id,
                Notification.kind.in_(WAITS_FOR_STAFF)], "answered")


def _take_back(condition: list, why: str) -> None:
    """These lines are gone (list and count), and their emails not yet sent are dropped."""
    condition = [*condition, Notification.gone_at.is_(None)]
    db.session.execute(update(NotificationDelivery)
                       .where(NotificationDelivery.notification_id.in_(
                           select(Notification.id).where(*condition)),
                              NotificationDelivery.status == DeliveryStatus.WAITING)
                       .values(status=DeliveryStatus.DROPPED, last_error=why)
                       .execution_options(synchronize_session=False))
    db.session.execute(update(Notification).where(*condition).values(gone_at=utcnow())
                       .execution_options(synchronize_session=False))
