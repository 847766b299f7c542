"""The month grid for wide screens: whole weeks from the reader's first weekday, each day of the
month with what happens on it (family time and events, from `agenda.calendar_between`, so the
same `may_see` rules and the same fixed number of queries as the agenda)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_skeleton

from app.access import FamilyScope
from app.family_time.agenda import Entry, calendar_between


@dataclass(frozen=True)
class MonthDay:
    day: date
    in_month: bool
    is_today: bool
    entries: list[Entry]


@dataclass(frozen=True)
class MonthView:
    first: date  # the first day of the month
    today: date
    weeks: list[list[MonthDay]]

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return (self.first + timedelta(days=31)).replace(day=1)

    @property
    def is_this_month(self) -> bool:
        return self.first == self.today.replace(day=1)

    @property
    def is_empty(self) -> bool:
        return not any(day.entries for week in self.weeks for day in week)


def first_weekday(language: str, time_zone: str) -> int:
    """The day a week starts on (0 = Monday) for this reader in this family's country: "en" alone
    says Monday, but a family in Los Angeles reads weeks from Sunday, in English or Spanish."""
    territory = get_global("zone_territories").get(time_zone)
    if territory:
        try:
            return Locale.parse(f"{language}_{territory}").first_week_day
        except (UnknownLocaleError, ValueError):
            pass
    return Locale.parse(language).first_week_day


def _local_days(entry: Entry, zone: ZoneInfo) -> list[date]:
    """The family's local days an item is on: a long event shows on each of them."""
    first = entry.starts_at.astimezone(zone).date()
    if entry.ends_at is None or entry.ends_at <= entry.starts_at:
        return [first]
    # An item ending at midnight does not reach into the next day.
    last = (entry.ends_at - timedelta(microseconds=1)).astimezone(zone).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def month_grid(scope: FamilyScope, first: date, today: date, week_starts: int) -> MonthView:
    """The month that `first` falls in, as weeks of seven days starting on `week_starts`."""
    first = first.replace(day=1)
    following = (first + timedelta(days=31)).replace(day=1)
    zone = ZoneInfo(scope.family.time_zone)
    start = datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(following, time(0), tzinfo=zone).astimezone(UTC)
    by_day: dict[date, list[Entry]] = {}
    for entry in calendar_between(scope, start, end):  # sorted by start already
        for day in _local_days(entry, zone):
            if first <= day < following:
                by_day.setdefault(day, []).append(entry)
    grid_start = first - timedelta(days=(first.weekday() - week_starts) % 7)
    weeks = []
    day = grid_start
    while day < following:
        week = []
        for _ in range(7):
            in_month = first <= day < following
            week.append(MonthDay(day=day, in_month=in_month, is_today=day == today,
                                 entries=by_day.get(day, []) if in_month else []))
            day += timedelta(days=1)
        weeks.append(week)
    return MonthView(first=first, today=today, weeks=weeks)


def weekday_names(locale: Locale, week_starts: int) -> list[tuple[str, str]]:
    """(short, full) weekday names in grid order, in the reader's language."""
    days = locale.days["format"]
    return [(days["abbreviated"][(week_starts + n) % 7], days["wide"][(week_starts + n) % 7])
            for n in range(7)]


def month_name(locale: Locale, first: date) -> str:
    """"November 2026", "noviembre de 2026": the month as the reader's language says it."""
    return format_skeleton("yMMMM", first, locale=locale)
