"""Family time and events in everyone's own calendar app (RFC 5545, built with `icalendar`).

- `new_feed_token(user)` → str: a new subscription token for the person (the old one, if any,
  stops working at once). Only its SHA-256 is kept, so the address is shown once.
- `has_feed(user)` → bool, `user_for_feed_token(token)` → User | None (an account that is
  off, an unknown token or one ended with the person's sessions gives None: the feed answers
  404; see `app/models/feeds.py`).
- `feed_calendar(user, link)` → bytes: the person's subscription feed.
- `single_calendar(scope, entry, link)` → bytes: one occurrence or event ("add to my calendar").

What goes in: approved family time (cancelled, changed and recorded occurrences too, so a
phone calendar learns of a cancellation or a change, see `is_off`) and shared events, read for
all the person's families at once through `shared_between`, so `may_see` decides exactly as
on the pages and the feed costs the same few queries however many families. Proposals,
declined, hidden or withdrawn items stay out even for their author: a phone calendar is for
what will happen. Who supervises and the notes follow the rule of every view
(`app/family_time/privacy.py`): the supervision for the people in that family time, its asker
and the caseworker; the notes for their writer and the caseworker. Both are only in the
description, never in the title or place a lock screen shows. The outcome note stays in a
caseworker's feed only (a phone calendar is also shared with others).

Times are in UTC (no VTIMEZONE needed); an all-day event is a DATE. UIDs are stable and
unique to the install: `ft-<id>-<original yyyymmdd>@<domain>` for each occurrence of a series,
`event-<id>@<domain>`, where the domain is `CALENDAR_DOMAIN`, else the address the feed is
served under (see `uid_domain`).
SEQUENCE is the family time's `sequence` (raised on every change); an event's is its count of
edits plus the seconds between its creation and its last change (see `event_sequence`).
"""

import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from flask import current_app, has_request_context, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from app.access import FamilyScope
from app.extensions import db
from app.family_time import privacy
from app.family_time.agenda import Entry, Status, shared_between
from app.family_time.levels import SUPERVISION_NAMES
from app.models import (
    CalendarFeedToken,
    Membership,
    MembershipStatus,
    Mode,
    User,
)
from app.models.audit import record
from app.models.families import lift_pause_if_over
from app.models.feeds import FeedState, feed_state, hash_feed_token
from app.models.types import utcnow

# What a phone calendar keeps: two months back (what happened), six ahead (what is planned).
DAYS_BACK = 60
DAYS_AHEAD = 180
TOKEN_BYTES = 32  # 43 characters in the address: far beyond guessing

# Family-time statuses that are in the calendar app: planned, cancelled, or recorded.
IN_FEED = frozenset({Status.APPROVED, Status.CANCELLED, Status.ATTENDED,
                     Status.PARENT_DID_NOT_COME, Status.CHILD_DID_NOT_COME})

FAMILY_TIME_TITLES = {
    Mode.IN_PERSON: _l("Family time"),
    Mode.VIDEO: _l("Family time (video call)"),
    Mode.PHONE: _l("Family time (phone call)"),
}

Link = Callable[[Entry], str]


# --- the subscription token ----------------------------------------------------------------

def new_feed_token(user: User) -> str:
    """Make (or replace) the person's subscription token; audited; commits."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    replaced = db.session.execute(
        delete(CalendarFeedToken).where(CalendarFeedToken.user_id == user.id)
    ).rowcount
    db.session.add(CalendarFeedToken(user_id=user.id, token_hash=hash_feed_token(token)))
    record("calendar_feed.reset" if replaced else "calendar_feed.created", actor=user)
    db.session.commit()
    return token


def has_feed(user: User) -> bool:
    """Whether the person has an address that still works (see `feed_state` for why not)."""
    return feed_state(user.id) is FeedState.WORKING


def user_for_feed_token(token: str) -> User | None:
    if not token or len(token) > 100:
        return None
    user = db.session.scalar(
        select(User).join(CalendarFeedToken, CalendarFeedToken.user_id == User.id)
        .where(CalendarFeedToken.token_hash == hash_feed_token(token),
               CalendarFeedToken.ended_at.is_(None)))
    return user if user is not None and user.is_active else None


def feed_token_existed(token: str) -> bool:
    """Whether this token is a person's address, working or ended (not a guess)."""
    if not token or len(token) > 100:
        return False
    return db.session.scalar(select(CalendarFeedToken.id).where(
        CalendarFeedToken.token_hash == hash_feed_token(token))) is not None


# --- the calendars ---------------------------------------------------------------------------

def feed_scopes(user: User) -> list[FamilyScope]:
    """The families whose calendar is in the person's feed: memberships in effect only, so a
    paused, pending or ended member's family is not there. A pause whose end date has passed
    is lifted here, as the family-scope helper does when the person comes back."""
    memberships = list(db.session.scalars(
        select(Membership)
        .where(Membership.user_id == user.id, Membership.in_effect())
        .options(joinedload(Membership.family)).order_by(Membership.id)))
    if any([lift_pause_if_over(m) for m in memberships]):
        db.session.commit()
    return [FamilyScope(family=m.family, membership=m) for m in memberships
            if m.status is MembershipStatus.ACTIVE]


def feed_entries(scopes: list[FamilyScope],
                 now: datetime | None = None) -> list[tuple[FamilyScope, Entry]]:
    """Every family's entries in one read: a caseworker with twenty families costs the same
    few queries as a parent with one."""
    now = now or utcnow()
    found = shared_between(scopes, now - timedelta(days=DAYS_BACK),
                           now + timedelta(days=DAYS_AHEAD))
    return [(scope, entry) for scope, entry in found if belongs_in_calendar_app(entry)]


def belongs_in_calendar_app(entry: Entry) -> bool:
    if entry.kind == "event":
        return entry.item.is_visible
    return entry.item.is_visible and entry.status in IN_FEED


def is_off(entry: Entry) -> bool:
    """Cancelled, or given up for an approved change: the phone should show it as off.

    How each change reaches a phone calendar (what Google, Apple and Outlook handle best):
    - moved by the caseworker: the same occurrence of the same family time, so the same UID
      with the new times and a raised SEQUENCE; the app updates it in place and keeps the
      person's reminder.
    - replaced by an approved change: the change is another family time, with its own page,
      own `.ics` file, own UID and own SEQUENCE counter (which may be lower than the old
      one's, so an app would ignore it as an "update" of the old UID). So the old UID stays
      in the feed as STATUS:CANCELLED with its raised SEQUENCE, and the change comes under
      its own UID. Dropping the old UID instead would leave it on the phones of those who
      imported it as a single `.ics` file or use an app that merges rather than replaces.
    """
    return entry.status is Status.CANCELLED or entry.replaced_by_id is not None


def feed_calendar(user: User, link: Link, now: datetime | None = None) -> bytes:
    """The person's subscription feed, in the language they chose (the caller sets it)."""
    calendar = _calendar(_("Hearth family calendar"))
    # Calendar apps that honour it check back every hour, not once a day.
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    stamp = utcnow()
    for scope, entry in feed_entries(feed_scopes(user), now):
        calendar.add_component(_vevent(scope, entry, link(entry), stamp))
    return calendar.to_ical()


def single_calendar(scope: FamilyScope, entry: Entry, link: str) -> bytes:
    calendar = _calendar(_("Hearth family calendar"))
    calendar.add_component(_vevent(scope, entry, link, utcnow()))
    return calendar.to_ical()


def filename(entry: Entry) -> str:
    if entry.kind == "event":
        return f"event-{entry.item_id}.ics"
    return f"family-time-{entry.item_id}-{entry.occurrence_date:%Y%m%d}.ics"


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Hearth//Family calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def event_sequence(item) -> int:
    """Rises with every edit. Events used to send only the seconds from creation to the last
    change, which stays put for edits within the same second; that number is kept in the sum
    so no calendar app already subscribed sees an event's SEQUENCE go down."""
    changed = item.updated_at or item.created_at
    return item.edits + max(0, int((changed - item.created_at).total_seconds()))


def uid_domain() -> str:
    """What follows the @ of every UID: one name per install, so two agencies' events (both
    "event-12") never merge in a caseworker's calendar app that subscribes to both.

    `CALENDAR_DOMAIN` when set (an install from before this setting keeps its UIDs with
    "hearth", see docs/family-time.md); else the server's name, the same host the feed's own
    links use, without a port.
    """
    config = current_app.config
    configured = config.get("CALENDAR_DOMAIN") or config.get("SERVER_NAME") or ""
    if not configured and has_request_context():
        configured = request.host
    return urlsplit(f"//{configured}").hostname or "hearth"


def _vevent(scope: FamilyScope, entry: Entry, link: str, stamp: datetime) -> icalendar.Event:
    item = entry.item
    staff = scope.is_caseworker
    event = icalendar.Event()
    event.add("dtstamp", stamp.astimezone(UTC))
    if entry.kind == "event":
        event.add("uid", f"event-{item.id}@{uid_domain()}")
        title = item.title
        changed = item.updated_at or item.created_at
        event.add("sequence", event_sequence(item))
    else:
        event.add("uid", f"ft-{item.id}-{entry.occurrence_date:%Y%m%d}@{uid_domain()}")
        title = str(_l("Make-up family time") if entry.is_make_up
                    else FAMILY_TIME_TITLES[item.mode])
        changed = item.updated_at or item.created_at
        event.add("sequence", item.sequence)
    if staff:
        # A caseworker's feed mixes their caseload: say whose it is.
        title = _("%(what)s · %(family)s", what=title, family=scope.family.name)
    event.add("summary", title)
    _add_times(event, scope, entry)
    event.add("status", "CANCELLED" if is_off(entry) else "CONFIRMED")
    if entry.place or entry.link:
        event.add("location", entry.place or entry.link)
    event.add("url", link)
    event.add("last-modified", changed.astimezone(UTC))
    event.add("description", "\n".join(_description(scope, entry, link, staff)))
    return event


def _add_times(event: icalendar.Event, scope: FamilyScope, entry: Entry) -> None:
    if entry.all_day:
        zone = ZoneInfo(scope.family.time_zone)
        first = entry.item.local_date or entry.starts_at.astimezone(zone).date()
        ends = entry.ends_at.astimezone(zone).date() if entry.ends_at else None
        event.add("dtstart", first)
        event.add("dtend", ends if ends and ends > first else first + timedelta(days=1))
        return
    event.add("dtstart", entry.starts_at.astimezone(UTC))
    ends = entry.ends_at or entry.starts_at + timedelta(hours=1)
    event.add("dtend", ends.astimezone(UTC))


def _description(scope: FamilyScope, entry: Entry, link: str, staff: bool) -> list[str]:
    lines = []
    if entry.link:
        lines.append(_("Call link: %(link)s", link=entry.link))
    if entry.status is Status.CANCELLED:
        lines.append(_("Cancelled."))
    elif entry.replaced_by_id is not None:
        lines.append(_("Changed to another time. The new time is in your calendar."))
    item = entry.item
    if entry.kind == "family_time":
        if privacy.sees_supervisor(scope, item):
            supervision = str(SUPERVISION_NAMES[item.supervision])
            if item.supervisor:
                supervision = _("%(how)s: %(who)s", how=supervision, who=item.supervisor)
            lines.append(supervision)
        if staff and entry.outcome_note:
            lines.append(entry.outcome_note)
        if privacy.sees_notes(scope, item) and item.notes:
            lines.append(item.notes)
    elif staff and item.notes:
        lines.append(item.notes)
    lines.append(_("See it in Hearth: %(link)s", link=link))
    return lines
