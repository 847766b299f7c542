"""The family-time record a caseworker brings to court, for a range of the family's dates.

The figures are the same for every reader: approved family time only (proposals, declined
and expired requests never count) and shared events only, both read through
`moderation.may_see(..., shared_only=True)`. A moved occurrence counts once, at its new time;
an approved change counts instead of the time it replaced; a make-up time counts as one more
planned time.

The percent held is of the times the parent was expected at: past times, less those someone
other than a parent of that time cancelled (the caseworker, the resource parent), those the
child did not come to (the parent could not have held them) and those nobody has written about
yet (we do not know). Counting them would make a parent look worse in court for what others
did; they are said on their own lines instead. Times still to come are left out too, so a
range that reaches into next week does not look worse than it is.

Generating the record for a person (the page, the CSV) writes one audit event with the range.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import format_date, format_percent, ngettext
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.access import FamilyScope
from app.extensions import db
from app.family_time import privacy
from app.family_time.agenda import Entry, Status, events_query, family_time_entries
from app.family_time.labels import STATUS_LABELS
from app.family_time.levels import SUPERVISION_NAMES
from app.i18n import format_names, today_in
from app.labels import membership_role_label
from app.models import Event, Role
from app.models.audit import record
from app.models.types import utcnow

# Long enough for a case's review period and then some; short enough to stay one page.
MAX_RANGE_DAYS = 2 * 366
DEFAULT_DAYS = 90
AUDIT_ACTIONS = {"viewed": "family_time.record_viewed",
                 "exported": "family_time.record_exported"}


@dataclass(frozen=True)
class CourtRecord:
    """Family time and shared events between two local dates (both included)."""

    first: date
    last: date
    entries: list[Entry]  # family time, by start
    events: list[Event]  # shared events, by start
    scheduled: int  # approved times in the range (changed ones count once, at their new time)
    held: int
    parent_did_not_come: int
    child_did_not_come: int
    cancelled: int
    cancelled_by: dict[Role, int]
    cancelled_by_its_parent: int  # by a parent the time is with: the only ones held to them
    not_recorded: int  # past, nothing recorded yet
    upcoming: int
    made_up: int  # make-up times among the planned ones
    as_of: datetime  # "past" and "still to come" are as of this moment, for every line

    @property
    def events_shared(self) -> int:
        return len(self.events)

    @property
    def missed(self) -> int:
        return self.parent_did_not_come + self.child_did_not_come

    @property
    def due(self) -> int:
        return self.scheduled - self.upcoming

    @property
    def cancelled_by_others(self) -> int:
        """Cancelled by anyone but a parent the time is with: the caseworker, the resource
        parent, or (before only the people in it could cancel) another parent."""
        return self.cancelled - self.cancelled_by_its_parent

    @property
    def expected(self) -> int:
        """The times the parent was expected at: the base of the percent held. Others'
        absences are not the parent's: the child not coming is said apart, as cancellations
        by others are."""
        return (self.due - self.cancelled_by_others - self.child_did_not_come
                - self.not_recorded)

    @property
    def percent_held(self) -> int | None:
        """Of the times the parent was expected at, how many were held; None when there
        were none (nothing to divide by)."""
        return round(100 * self.held / self.expected) if self.expected else None


def default_range(scope: FamilyScope) -> tuple[date, date]:
    """The last 90 days up to today, where the family lives."""
    today = today_in(scope.family.time_zone)
    return today - timedelta(days=DEFAULT_DAYS), today


def utc_bounds(scope: FamilyScope, first: date, last: date) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`) in the family's zone, as UTC."""
    zone = ZoneInfo(scope.family.time_zone)
    start = datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def court_record(scope: FamilyScope, first: date, last: date, *,
                 audited_as: str = "") -> CourtRecord:
    """The record from `first` to `last` (local dates, both included). With `audited_as`
    ("viewed" for the page, "exported" for the CSV) it is written to the family record."""
    if audited_as:
        record(AUDIT_ACTIONS[audited_as], actor=scope.membership.user,
               family_id=scope.family.id, first=first.isoformat(), last=last.isoformat())
        db.session.commit()
    start, end = utc_bounds(scope, first, last)
    now = utcnow()
    entries = sorted(family_time_entries(scope, start, end, visible_only=True, people=True),
                     key=lambda e: (e.starts_at, e.item_id))
    statuses = Counter(entry.status for entry in entries)
    cancelled_by = Counter(entry.outcome_by_role for entry in entries
                           if entry.status is Status.CANCELLED and entry.outcome_by_role)
    events = list(db.session.scalars(
        events_query(scope, start, end, visible_only=True)
        .order_by(Event.starts_at, Event.id).options(selectinload(Event.children))))
    return CourtRecord(
        first=first, last=last, entries=entries, events=events, scheduled=len(entries),
        held=statuses[Status.ATTENDED],
        parent_did_not_come=statuses[Status.PARENT_DID_NOT_COME],
        child_did_not_come=statuses[Status.CHILD_DID_NOT_COME],
        cancelled=statuses[Status.CANCELLED], cancelled_by=dict(cancelled_by),
        cancelled_by_its_parent=sum(1 for e in entries if _by_its_parent(e)),
        not_recorded=sum(1 for e in entries if e.status is Status.APPROVED and e.starts_at <= now),
        upcoming=sum(1 for e in entries if e.status is Status.APPROVED and e.starts_at > now),
        made_up=sum(1 for e in entries if e.is_make_up), as_of=now,
    )


def _by_its_parent(entry: Entry) -> bool:
    """Cancelled by a parent this family time is with. A cancellation by anyone else (the
    other parent of a family whose parents are apart, say) never counts against a parent."""
    if entry.status is not Status.CANCELLED:
        return False
    row = entry.item.exception(entry.occurrence_date)
    return row is not None and privacy.is_its_parent(entry.item, row.outcome_by)


def _cancelled_by_words(counts: dict[Role, int]) -> list[str]:
    words = {
        Role.PARENT: lambda n: ngettext("%(num)d by a parent", "%(num)d by a parent", n),
        Role.RESOURCE_PARENT: lambda n: ngettext("%(num)d by the resource parent",
                                                 "%(num)d by the resource parent", n),
        Role.CASEWORKER: lambda n: ngettext("%(num)d by the caseworker",
                                            "%(num)d by the caseworker", n),
    }
    return [words[role](counts[role]) for role in words if counts.get(role)]


def summary(court: CourtRecord) -> list[str]:
    """The record in plain words, one short sentence each, in the reader's language."""
    first, last = format_date(court.first, "long"), format_date(court.last, "long")
    if not court.scheduled:
        lines = [_("No family time was planned between %(first)s and %(last)s.",
                   first=first, last=last)]
    else:
        lines = [ngettext("Between %(first)s and %(last)s, %(num)d family time was planned.",
                          "Between %(first)s and %(last)s, %(num)d family times were planned.",
                          court.scheduled, first=first, last=last)]
        if court.made_up:
            lines.append(ngettext("%(num)d of them was a make-up time.",
                                  "%(num)d of them were make-up times.", court.made_up))
        if court.expected:
            lines.append(ngettext(
                "Of the %(num)d family time the parent was expected at, %(held)d happened "
                "(%(percent)s).",
                "Of the %(num)d family times the parent was expected at, %(held)d happened "
                "(%(percent)s).", court.expected,
                held=court.held,
                percent=format_percent(court.held / court.expected)))
        if court.cancelled_by_others:
            lines.append(ngettext(
                "%(num)d was cancelled by the agency or the caregiver, so it is not in the "
                "percent.",
                "%(num)d were cancelled by the agency or the caregiver, so they are not in the "
                "percent.", court.cancelled_by_others))
        if court.upcoming:
            lines.append(ngettext("%(num)d is still to come, so it is not in the percent.",
                                  "%(num)d are still to come, so they are not in the percent.",
                                  court.upcoming))
    if court.parent_did_not_come:
        lines.append(ngettext("%(num)d did not happen because the parent did not come.",
                              "%(num)d did not happen because the parent did not come.",
                              court.parent_did_not_come))
    if court.child_did_not_come:
        lines.append(ngettext(
            "%(num)d did not happen because the child did not come, so it is not in the "
            "percent.",
            "%(num)d did not happen because the child did not come, so they are not in the "
            "percent.", court.child_did_not_come))
    if court.cancelled:
        by_whom = _cancelled_by_words(court.cancelled_by)
        if by_whom:
            lines.append(ngettext("%(num)d was cancelled: %(who)s.",
                                  "%(num)d were cancelled: %(who)s.", court.cancelled,
                                  who=format_names(by_whom)))
        else:
            lines.append(ngettext("%(num)d was cancelled.", "%(num)d were cancelled.",
                                  court.cancelled))
    if court.not_recorded:
        lines.append(ngettext(
            "For %(num)d, nothing was written down yet about how it went, so it is not in "
            "the percent.",
            "For %(num)d, nothing was written down yet about how they went, so they are not "
            "in the percent.", court.not_recorded))
    lines.append(ngettext("%(num)d event was shared in this time.",
                          "%(num)d events were shared in this time.", court.events_shared)
                 if court.events_shared else _("No events were shared in this time."))
    return lines



@dataclass(frozen=True)
class Row:
    """One family time of the record, in words; the page and the CSV format its times."""

    entry: Entry
    children: str
    parents: str
    happened: str
    cancelled_by: str
    why: str
    how_it_went: str
    supervision: str = ""  # for those who read it (privacy.sees_supervisor), else ""
    notes: str = ""  # for those who read it (privacy.sees_notes), else ""


def _happened(entry: Entry, now: datetime) -> str:
    if entry.status is Status.APPROVED and entry.starts_at <= now:
        # "Planned" would read as still to come: say that nobody wrote it down (as `summary`).
        words = [_("Not recorded")]
    else:
        words = [str(STATUS_LABELS[entry.status])]
    if entry.is_make_up:
        words.append(_("Make-up family time"))
    if entry.moved:
        words.append(_("Moved"))
    return " · ".join(words)


def _cancelled_by(entry: Entry) -> str:
    """Who cancelled, by name and role: the family knows each other's names."""
    row = entry.item.exception(entry.occurrence_date) if entry.occurrence_date else None
    if entry.status is not Status.CANCELLED or row is None or row.outcome_by is None:
        return ""
    return _("%(name)s (%(role)s)", name=row.outcome_by.user.name,
             role=membership_role_label(row.outcome_by))


def rows(scope: FamilyScope, court: CourtRecord) -> list[Row]:
    """The table: what the family sees of each time, and, as on the family-time page, its
    supervision for the people in it and the caseworker, its notes for their writer and the
    caseworker (`privacy.py`)."""
    table = []
    for entry in court.entries:
        item = entry.item
        supervision = notes = ""
        if privacy.sees_supervisor(scope, item):
            supervision = str(SUPERVISION_NAMES[item.supervision])
            if item.supervisor:
                supervision = _("%(how)s: %(who)s", how=supervision, who=item.supervisor)
        if privacy.sees_notes(scope, item):
            notes = item.notes
        table.append(Row(
            entry=entry, children=format_names(c.name for c in item.children),
            parents=format_names(m.user.name for m in item.parents),
            happened=_happened(entry, court.as_of), cancelled_by=_cancelled_by(entry),
            why=entry.outcome_reason, how_it_went=entry.outcome_note,
            supervision=supervision, notes=notes))
    return table


def private_columns(scope: FamilyScope, table: list[Row]) -> tuple[bool, bool]:
    """Whether the table shows the Supervision and Notes columns: always for the caseworker
    (their file has the same columns every time), for others when one of their rows has it."""
    if scope.is_caseworker:
        return True, True
    return any(row.supervision for row in table), any(row.notes for row in table)
