"""Changing an approved family time without rewriting its record: an approved change takes
the place of an occurrence (`replace_occurrence`), each place taken by one conditional UPDATE
(`take_place`) so the database, not what a session read earlier, decides whether the
occurrence is still free to give up. An occurrence that has started or has an outcome keeps
it: the record goes to court (docs/family-time.md, "Changes never rewrite the record")."""

from datetime import date

from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models.calendar import FamilyTime, FamilyTimeOccurrence, release_slots
from app.models.types import utcnow


class OccurrenceKept(Exception):
    """A change cannot take the place of an occurrence that has started or has a record of
    what happened (app.family_time says so kindly). Raised after the rollback."""


def take_place(item: FamilyTime, day: date, by_id: int) -> bool:
    """Mark the occurrence of `item` on `day` as replaced by `by_id`, as the database decides:
    only while it has no outcome, is not replaced already and has not started. False: it keeps
    its place (and its record). One conditional UPDATE, or an INSERT when the occurrence has
    no row yet, so a record written a moment before is seen, whatever this session read."""
    now = utcnow()
    occurrence = FamilyTimeOccurrence
    not_started = occurrence.moved_starts_at > now
    if item.scheduled_start(day) > now:
        not_started = or_(occurrence.moved_starts_at.is_(None), not_started)
    this_day = (occurrence.family_time_id == item.id, occurrence.original_date == day)
    if db.session.execute(
            update(occurrence)
            .where(*this_day, occurrence.replaced_by_id.is_(None), occurrence.outcome.is_(None),
                   not_started)
            .values(replaced_by_id=by_id).execution_options(synchronize_session=False)
    ).rowcount:
        return True
    if item.scheduled_start(day) <= now or db.session.scalar(select(occurrence.id).where(
            *this_day)) is not None:
        return False
    try:  # a row made in between (someone recording it) makes this fail: they were first
        db.session.execute(insert(occurrence).values(family_time_id=item.id, original_date=day,
                                                     replaced_by_id=by_id))
    except IntegrityError:
        db.session.rollback()
        raise OccurrenceKept(item.id) from None
    return True


def replace_occurrence(request: FamilyTime) -> None:
    """An approved "asks to change": the occurrence it replaces gives up its place and slots.
    A request that is itself a series replaces that occurrence and every later one still
    planned ("this and the later times").

    The record is kept: an occurrence that has started or has an outcome (attended, did not
    come, cancelled) is never replaced. If it is the one the request is for, nothing is
    approved (`OccurrenceKept`, after the rollback); a later one of a series stays as it is.

    The old occurrences are marked, not removed, so the calendar feed can still tell phones
    that they are off (see app.family_time.ical)."""
    old = db.session.get(FamilyTime, request.replaces_id)
    day = request.replaces_date or old.first_date
    days = [d for d in old.rule_dates() if d >= day] if request.every_weeks else [day]
    if not take_place(old, day, request.id):
        db.session.rollback()
        raise OccurrenceKept(old.id)
    taken = [day] + [each for each in days[1:] if take_place(old, each, request.id)]
    old.sequence = FamilyTime.sequence + 1
    old.updated_at = utcnow()
    release_slots(old, days=taken)
    db.session.expire(old, ["occurrences"])  # marked by UPDATEs the loaded rows do not know
    db.session.flush()
