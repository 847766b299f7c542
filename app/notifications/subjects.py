"""What a notification can be about, where it links, and whether its reader may still see it.

A notification names its subject by kind (the model's `audit_name`, or "membership") and id.
Whether the reader may see it is asked through the moderation service's `may_see` with the
reader's own scope, at the moment the list is shown and at the moment anything is sent: an item
hidden, declined or taken back after the notification was written is never shown or sent.
"""

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select

from app.access import FamilyScope
from app.extensions import db
from app.models import (
    AboutVersion,
    Event,
    Family,
    FamilyTime,
    Membership,
    Message,
    Photo,
    Role,
    User,
)
from app.models.notifications import Notification, NotificationKind
from app.moderation import may_see

ITEM_MODELS = {model.audit_name: model for model in (Message, Photo, Event, AboutVersion,
                                                     FamilyTime)}
MEMBERSHIP = "membership"
# Lines about something that waits for the caseworker: shown while it still waits.
WAITS_FOR_STAFF = (NotificationKind.WAITING, NotificationKind.REQUEST_DUE)


def link_of(notification: Notification, subject) -> tuple[str, dict]:
    """(endpoint, values) of the page a notification opens."""
    family_id = notification.family_id
    kind = notification.subject_kind
    if notification.kind in WAITS_FOR_STAFF:
        return "caseload.family_queue", {"family_id": family_id}
    if kind == "message":
        return "messages.show", {"family_id": family_id, "message_id": subject.id}
    if kind == "photo":
        return "photos.photo", {"family_id": family_id, "photo_id": subject.id}
    if kind == "event":
        return "events.show", {"family_id": family_id, "event_id": subject.id}
    if kind == "about":
        return "about.child", {"family_id": family_id, "child_id": subject.child_id}
    if kind == "family_time":
        values = {"family_id": family_id, "family_time_id": subject.id}
        day = notification.occasion.partition("/")[2]
        if notification.kind in (NotificationKind.FAMILY_TIME_MOVED,
                                 NotificationKind.FAMILY_TIME_CANCELLED) and day:
            values["day"] = day  # the time's own date in the series
        elif notification.kind is NotificationKind.FAMILY_TIME_SOON:
            from zoneinfo import ZoneInfo

            from app.notifications.reminders import begins_of

            begins = begins_of(notification.occasion)
            if begins is not None:  # that time of a series, on the family's calendar day
                local = begins.astimezone(ZoneInfo(notification.family.time_zone))
                values["day"] = local.date().isoformat()
        return "family_time.show", values
    return "families.family_home", {"family_id": family_id}


def scopes_of(user_id: int, family_ids: Iterable[int]) -> dict[int, FamilyScope]:
    """The reader's scope in each family where their membership lets them in now. A paused,
    ended or waiting membership gives none, so nothing of that family is shown or sent."""
    rows = db.session.execute(
        select(Membership, Family).join(Family, Family.id == Membership.family_id)
        .join(User, User.id == Membership.user_id)
        .where(Membership.user_id == user_id, Membership.family_id.in_(set(family_ids)),
               Membership.in_effect(), User.deactivated_at.is_(None))
    ).all()
    return {family.id: FamilyScope(family=family, membership=membership)
            for membership, family in rows}


def visible(user_id: int, notifications: list[Notification]) -> dict[int, object]:
    """{notification id: its subject} for the notifications this reader may still see now.

    One query for the reader's memberships and one per kind and family on the page (a page
    holds a handful), never one per notification.
    """
    live = [n for n in notifications if n.gone_at is None]
    scopes = scopes_of(user_id, {n.family_id for n in live})
    wanted: dict[tuple[int, str], set[int]] = defaultdict(set)
    for n in live:
        if n.family_id in scopes:
            wanted[(n.family_id, n.subject_kind)].add(n.subject_id)
    found: dict[tuple[str, int], object] = {}
    for (family_id, kind), ids in wanted.items():
        scope = scopes[family_id]
        if kind == MEMBERSHIP:
            for membership in db.session.scalars(select(Membership).where(
                    Membership.id.in_(ids), Membership.user_id == user_id)):
                found[(kind, membership.id)] = membership
            continue
        model = ITEM_MODELS[kind]
        for item in db.session.scalars(may_see(model, scope).where(model.id.in_(ids))):
            found[(kind, item.id)] = item
    result = {}
    for n in live:
        subject = found.get((n.subject_kind, n.subject_id))
        if subject is None or n.family_id not in scopes:
            continue
        if n.kind in WAITS_FOR_STAFF and not (
                scopes[n.family_id].is_caseworker and _still_waiting(subject)):
            continue
        result[n.id] = subject
    return result


def _still_waiting(item) -> bool:
    return bool(getattr(item, "is_pending", False))


def caseworker_ids(family_id: int) -> list[int]:
    return list(db.session.scalars(select(Membership.user_id).where(
        Membership.family_id == family_id, Membership.role == Role.CASEWORKER,
        Membership.in_effect())))
