"""Reminders: family time 24 hours and 2 hours before, to the people in it; an event at
18:00 the evening before (the family's clock), to those who said "I'll be there".

The worker's minute runs `family_time_soon`. Each time of a family time (a series has many)
gets at most one reminder of each lead per person: the line's `occasion` holds the time's start
and the lead, and the unique index makes a second pass, or a second worker, write nothing.
A time that starts within 2 hours when first seen (planned late) gets only the 2-hour one.
A cancelled time, or one replaced by an approved change, gets none; one moved gets it at its
new time. Quiet hours and each person's choices apply as to every line (app/notifications).
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Answer, Event, Family, FamilyTime, Membership, Outcome
from app.models.types import utcnow
from app.moderation import shared, waiting
from app.notifications import notify

LEADS = ((timedelta(hours=2), "2h"), (timedelta(hours=24), "24h"))  # tightest first


def family_time_soon(now: datetime | None = None) -> int:
    """Write the reminders due now; the number of times reminded of."""
    now = now or utcnow()
    horizon = now + LEADS[-1][0]
    items = db.session.scalars(
        select(FamilyTime).where(shared(FamilyTime), FamilyTime.starts_at < horizon,
                                 FamilyTime.last_ends_at > now)
        .options(selectinload(FamilyTime.parents), selectinload(FamilyTime.host),
                 selectinload(FamilyTime.occurrences))
        .order_by(FamilyTime.id)).all()
    reminded = 0
    for item in items:
        people = _people_in(item)
        for _day, begins, _ends, row in item.occurrence_times():
            if not now < begins <= horizon:
                continue
            if row is not None and (row.replaced_by_id is not None
                                    or row.outcome is Outcome.CANCELLED):
                continue
            lead = next(name for length, name in LEADS if begins - now <= length)
            notify.family_time_soon(item, occasion_of(begins, lead), people)
            reminded += 1
    db.session.commit()
    return reminded


def occasion_of(begins: datetime, lead: str) -> str:
    return f"{begins.astimezone(UTC).isoformat(timespec='minutes')}/{lead}"


def begins_of(occasion: str) -> datetime | None:
    try:
        return datetime.fromisoformat(occasion.split("/")[0])
    except ValueError:
        return None


def _people_in(item: FamilyTime) -> list[int]:
    """The parents the time is with and its host, while their membership lets them in."""
    ids = {m.id for m in item.parents} | ({item.host_id} if item.host_id else set())
    if not ids:
        return []
    return list(db.session.scalars(select(Membership.user_id).where(
        Membership.id.in_(ids), Membership.in_effect())))


EVENING = time(18)  # when the reminder of tomorrow's events goes, on the family's clock


def events_tomorrow(now: datetime | None = None) -> int:
    """From 18:00 the evening before (the family's clock) until it starts, each shared event
    reminds the people who answered "I'll be there", once each; the number of events."""
    now = now or utcnow()
    rows = db.session.execute(
        select(Event, Family.time_zone).join(Family, Family.id == Event.family_id)
        .where(shared(Event), Event.starts_at > now,
               Event.starts_at < now + timedelta(hours=36))
        .options(selectinload(Event.answers)).order_by(Event.id)).all()
    reminded = 0
    for event, time_zone in rows:
        zone = ZoneInfo(time_zone)
        day_before = event.starts_at.astimezone(zone).date() - timedelta(days=1)
        if now < datetime.combine(day_before, EVENING, tzinfo=zone):
            continue
        going = [a.user_id for a in event.answers if a.answer is Answer.GOING]
        if not going:
            continue
        let_in = list(db.session.scalars(select(Membership.user_id).where(
            Membership.family_id == event.family_id, Membership.user_id.in_(going),
            Membership.in_effect())))
        notify.event_soon(event, occasion_of(event.starts_at, "evening"), let_in)
        reminded += 1
    db.session.commit()
    return reminded


def requests_due(now: datetime | None = None) -> int:
    """A family-time request whose answer-by moment is less than a day away tells the
    family's caseworkers once (it joins their summary by default: "what waits for you")."""
    now = now or utcnow()
    requests = db.session.scalars(
        select(FamilyTime).where(waiting(FamilyTime), FamilyTime.expired_at.is_(None),
                                 FamilyTime.confirm_by > now,
                                 FamilyTime.confirm_by <= now + timedelta(hours=24))
        .order_by(FamilyTime.id)).all()
    for item in requests:
        notify.request_due(item, occasion_of(item.confirm_by, "due"))
    db.session.commit()
    return len(requests)
