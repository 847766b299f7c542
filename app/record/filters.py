"""Narrowing the family record: a few plain kinds of line, and a range of days.

Audit actions are many and grow with each feature ("photo.hidden", "membership.suspended"…);
a caseworker thinks in a handful of kinds. Each kind is matched by whole action names and by
their first or last part, so an action a feature adds later ("concern.approved") falls into
its kind without a change here.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, or_

from app.models import AuditEvent


@dataclass(frozen=True)
class Kind:
    key: str
    label: object  # a lazy string: said in the reader's language when shown
    names: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()

    def matches(self, action: str) -> bool:
        return (action in self.names or action.startswith(self.prefixes)
                or action.endswith(self.suffixes))

    def clause(self) -> ColumnElement[bool]:
        action = AuditEvent.action
        parts = [action.like(_escape(p) + "%", escape="\\") for p in self.prefixes]
        parts += [action.like("%" + _escape(s), escape="\\") for s in self.suffixes]
        if self.names:
            parts.append(action.in_(sorted(self.names)))
        return or_(*parts)


def _escape(text: str) -> str:
    # "family_time." must not match "familyXtime.": "_" is a LIKE wildcard.
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# An action may sit in two kinds ("membership.approved" is an approval and a change of who is
# in the family): each kind answers "show me every line about this".
KINDS: tuple[Kind, ...] = (
    Kind("approvals", _l("Approvals"), suffixes=(".approved",)),
    # A request nobody answered in time ("family_time.expired") did not go ahead either.
    Kind("declines", _l("Not shared, hidden or reported"),
         suffixes=(".declined", ".hidden", ".reported", ".expired")),
    Kind("levels", _l("Review level and family-time levels"),
         names=frozenset({"family.review_level_changed", "family_time.level_set"})),
    Kind("people", _l("Who is in the family, and pauses"),
         prefixes=("membership.", "invitation.", "family.caseworker")),
    Kind("changes", _l("Things shared, changed or taken back"),
         names=frozenset({"family.created", "child.added"}),
         suffixes=(".created", ".shared", ".proposed", ".written", ".edited", ".withdrawn",
                   ".asked",
                   ".caption_changed", ".returned_for_review", ".cancelled", ".moved",
                   ".series_changed", ".outcome_recorded")),
    Kind("exports", _l("Downloads and printed records"),
         names=frozenset({"family.exported", "family_time.record_viewed",
                          "family_time.record_exported"})),
    # What a member raised and how the caseworker answered: concerns, reports on items, and
    # the caseworker's answers to those reports.
    Kind("concerns", _l("Concerns and reports"), prefixes=("concern.", "report."),
         suffixes=(".reported",)),
    Kind("admin_views", _l("Views by an admin"), names=frozenset({"family.viewed_by_admin"})),
    Kind("sign_in", _l("Passwords and signing in"), prefixes=("password_reset.",)),
)
BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass(frozen=True)
class RecordFilter:
    """What the record is narrowed to; every part optional. Days are the family's days."""

    kind: Kind | None = None
    first_day: date | None = None
    last_day: date | None = None
    time_zone: str = "UTC"
    problems: list[str] = field(default_factory=list)

    def clauses(self) -> list[ColumnElement[bool]]:
        found = []
        if self.kind is not None:
            found.append(self.kind.clause())
        zone = ZoneInfo(self.time_zone)
        if self.first_day is not None:
            found.append(AuditEvent.created_at >= _midnight(self.first_day, zone))
        if self.last_day is not None:
            found.append(AuditEvent.created_at < _midnight(self.last_day + timedelta(days=1),
                                                           zone))
        return found

    def query_args(self) -> dict[str, str]:
        """The filter as query-string values, for "Show older" and the form."""
        args = {}
        if self.kind is not None:
            args["kind"] = self.kind.key
        if self.first_day is not None:
            args["from"] = self.first_day.isoformat()
        if self.last_day is not None:
            args["to"] = self.last_day.isoformat()
        return args

    @property
    def is_narrowed(self) -> bool:
        return bool(self.query_args())


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    """The moment the family's day starts, in UTC (23 or 25 hours long on DST days)."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
