"""The caseload dashboard: each of a caseworker's families with what waits for them.

`caseload_counts(user)` answers in a fixed number of queries however many families and items
there are: one grouped query (`GROUP BY family_id`) per counter, one for the oldest waiting
item, two for the next family time and one for the last activity. A new kind of work (the
open concerns, say) is one more `Counter` in `COUNTERS`: a function from the caseload's
scopes to {family_id: n}.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import ngettext
from sqlalchemy import func, or_, select, type_coerce, union_all
from sqlalchemy.orm import joinedload, selectinload

from app import moderation
from app.access import FamilyScope
from app.caseload.kinds import KINDS
from app.concerns import services as concerns
from app.extensions import db
from app.models import (
    AuditEvent,
    Family,
    FamilyTime,
    Membership,
    MembershipStatus,
    Role,
)
from app.models.reports import Report
from app.models.types import UTCDateTime, utcnow

NEXT_FAMILY_TIME_AHEAD = timedelta(days=31)


def caseload_scopes(user) -> list[FamilyScope]:
    """The families this person is the active caseworker of, as the scopes a route would get."""
    memberships = db.session.scalars(
        select(Membership)
        .where(Membership.user_id == user.id, Membership.role == Role.CASEWORKER,
               Membership.status == MembershipStatus.ACTIVE)
        .options(joinedload(Membership.family))
    )
    return [FamilyScope(family=m.family, membership=m) for m in memberships]


# --- Counters: (scopes) -> {family_id: n}, one grouped query each -----------------------------

def _ids(scopes: list[FamilyScope]) -> list[int]:
    return [scope.family.id for scope in scopes]


def _grouped(query) -> dict[int, int]:
    return {family_id: n for family_id, n in db.session.execute(query).all()}


def people_waiting(scopes: list[FamilyScope]) -> dict[int, int]:
    """People who accepted an invitation and wait for the caseworker to confirm them."""
    return _grouped(
        select(Membership.family_id, func.count(Membership.id))
        .where(Membership.family_id.in_(_ids(scopes)),
               Membership.status == MembershipStatus.PENDING)
        .group_by(Membership.family_id)
    )


def _waiting_items(kind, scopes: list[FamilyScope], *, changes: bool | None = None):
    model = kind.model
    query = kind.waiting(moderation.reviewable(model, scopes))
    if changes is not None:  # family time: new proposals apart from requests to change one
        query = query.where(FamilyTime.replaces_id.isnot(None) if changes
                            else FamilyTime.replaces_id.is_(None))
    return query


def items_waiting(key: str, *, changes: bool | None = None):
    kind = KINDS[key]

    def count(scopes: list[FamilyScope]) -> dict[int, int]:
        return _grouped(
            _waiting_items(kind, scopes, changes=changes)
            .with_only_columns(kind.model.family_id, func.count(kind.model.id))
            .group_by(kind.model.family_id)
        )
    return count


def open_reports(scopes: list[FamilyScope]) -> dict[int, int]:
    return _grouped(
        select(Report.family_id, func.count(Report.id))
        .where(Report.family_id.in_(_ids(scopes)), Report.resolved_at.is_(None))
        .group_by(Report.family_id)
    )


@dataclass(frozen=True)
class Counter:
    key: str
    count: Callable[[list[FamilyScope]], dict[int, int]]
    words: Callable[[int], str]  # "3 messages to read", in the reader's language
    endpoint: str = "caseload.family_queue"  # where the caseworker acts on them


COUNTERS: list[Counter] = [
    Counter("people", people_waiting, endpoint="members.people",
            words=lambda n: ngettext("%(num)d person waiting to join",
                                     "%(num)d people waiting to join", n)),
    Counter("message", items_waiting("message"),
            words=lambda n: ngettext("%(num)d message to read", "%(num)d messages to read", n)),
    Counter("photo", items_waiting("photo"),
            words=lambda n: ngettext("%(num)d photo to look at", "%(num)d photos to look at", n)),
    Counter("event", items_waiting("event"),
            words=lambda n: ngettext("%(num)d event to look at", "%(num)d events to look at", n)),
    Counter("about", items_waiting("about"),
            words=lambda n: ngettext("%(num)d “About me” change", "%(num)d “About me” changes",
                                     n)),
    Counter("edit", items_waiting("edit"),
            words=lambda n: ngettext("%(num)d change to an event or caption",
                                     "%(num)d changes to events or captions", n)),
    Counter("family_time", items_waiting("family_time", changes=False),
            words=lambda n: ngettext("%(num)d family time asked for",
                                     "%(num)d family times asked for", n)),
    Counter("family_time_change", items_waiting("family_time", changes=True),
            words=lambda n: ngettext("%(num)d request to change family time",
                                     "%(num)d requests to change family time", n)),
    Counter("report", open_reports,
            words=lambda n: ngettext("%(num)d report to look at", "%(num)d reports to look at",
                                     n)),
    Counter("concern", lambda scopes: concerns.open_counts(_ids(scopes)),
            endpoint="concerns.index",
            words=lambda n: ngettext("%(num)d open concern", "%(num)d open concerns", n)),
]


# --- The rest of a family's line --------------------------------------------------------------

def oldest_waiting(scopes: list[FamilyScope]) -> dict[int, datetime]:
    """When the oldest thing still waiting arrived, per family: one query over every kind."""
    parts = [
        _waiting_items(kind, scopes).with_only_columns(
            kind.model.family_id.label("family_id"), kind.model.created_at.label("at"))
        for kind in KINDS.values()
    ]
    parts.append(select(Membership.family_id.label("family_id"),
                        Membership.created_at.label("at"))
                 .where(Membership.family_id.in_(_ids(scopes)),
                        Membership.status == MembershipStatus.PENDING))
    parts.append(select(Report.family_id.label("family_id"), Report.created_at.label("at"))
                 .where(Report.family_id.in_(_ids(scopes)), Report.resolved_at.is_(None)))
    waiting = union_all(*parts).subquery()
    rows = db.session.execute(
        select(waiting.c.family_id, type_coerce(func.min(waiting.c.at), UTCDateTime))
        .group_by(waiting.c.family_id)
    ).all()
    return dict(rows)


def next_family_times(scopes: list[FamilyScope], now: datetime) -> dict[int, datetime]:
    """The start of each family's next planned family time within a month (two queries: the
    approved times in range and their changed occurrences, then series are expanded here)."""
    items = db.session.scalars(
        moderation.reviewable(FamilyTime, scopes)
        # What the whole family sees: the planned times (may_see's shared_only).
        .where(moderation.shared(FamilyTime), FamilyTime.last_ends_at > now,
               FamilyTime.starts_at < now + NEXT_FAMILY_TIME_AHEAD)
        .options(selectinload(FamilyTime.occurrences))
    )
    found: dict[int, datetime] = {}
    for item in items:
        for _day, start, _end, row in item.occurrence_times():
            if start <= now or (row is not None and (row.frees_slots or row.outcome)):
                continue
            if item.family_id not in found or start < found[item.family_id]:
                found[item.family_id] = start
    return found


def _only_looking():
    """Lines that record someone reading or downloading the record (an admin's view, the
    court record opened, an export): nothing happened in the family."""
    action = AuditEvent.action
    return or_(action.like("%viewed%"), action.like("%exported"),
               action == "family_time.record_generated")


def last_activity(scopes: list[FamilyScope]) -> dict[int, datetime]:
    """When anything last happened in each family: the newest line of its record that is
    not only someone looking. One query; per family, the (family_id, id) index is read from
    the newest line back until the first that counts, not the whole record."""
    newest = (select(AuditEvent.created_at)
              .where(AuditEvent.family_id == Family.id, ~_only_looking())
              .order_by(AuditEvent.id.desc()).limit(1)
              .correlate(Family).scalar_subquery())
    rows = db.session.execute(
        select(Family.id, type_coerce(newest, UTCDateTime)).where(Family.id.in_(_ids(scopes)))
    ).all()
    return {family_id: at for family_id, at in rows if at is not None}


@dataclass
class FamilyWaiting:
    """One line of the dashboard."""

    scope: FamilyScope
    counts: dict[str, int] = field(default_factory=dict)
    oldest_waiting: datetime | None = None
    next_family_time: datetime | None = None
    last_activity: datetime | None = None

    @property
    def family(self):
        return self.scope.family

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def items_to_review(self) -> int:
        """What the family's queue holds (people are approved on the People page, concerns
        are worked through on their own pages)."""
        return sum(n for key, n in self.counts.items() if key not in ("people", "concern"))

    def lines(self) -> list[tuple[Counter, int]]:
        return [(counter, self.counts[counter.key]) for counter in COUNTERS
                if self.counts.get(counter.key)]

    def sort_key(self):
        # Most waiting first; then whoever has waited longest; then by name, for a stable list.
        oldest = self.oldest_waiting.timestamp() if self.oldest_waiting else float("inf")
        return (-self.total, oldest, self.family.name.casefold(), self.family.id)


def caseload_counts(user, now: datetime | None = None) -> list[FamilyWaiting]:
    """Each of this caseworker's families with what waits, most in need first."""
    now = now or utcnow()
    scopes = caseload_scopes(user)
    if not scopes:
        return []
    lines = {scope.family.id: FamilyWaiting(scope) for scope in scopes}
    for counter in COUNTERS:
        for family_id, n in counter.count(scopes).items():
            lines[family_id].counts[counter.key] = n
    for family_id, at in oldest_waiting(scopes).items():
        lines[family_id].oldest_waiting = at
    for family_id, at in next_family_times(scopes, now).items():
        lines[family_id].next_family_time = at
    for family_id, at in last_activity(scopes).items():
        lines[family_id].last_activity = at
    return sorted(lines.values(), key=FamilyWaiting.sort_key)
