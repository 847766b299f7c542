"""What each person chose: a mode per group and channel, quiet hours, the summary's time.

Decided here, in one place, before any channel (DESIGN.md): `mode_for` says whether a new
notification goes out at once, in the day's summary, or not at all; `quiet_until` says whether
it must wait for the end of quiet hours. Times are the person's own clock (their setting, or
the time zone of their first family).
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.extensions import db
from app.models import Family, Membership, Role, User
from app.models.notifications import (
    DEFAULT_MODE,
    DEFAULT_QUIET_END,
    DEFAULT_QUIET_START,
    DEFAULT_SUMMARY_AT,
    Channel,
    Group,
    Mode,
    NotificationChoice,
    NotificationSettings,
)

MEMBER_GROUPS = (Group.MESSAGES, Group.SHARED, Group.FAMILY_TIME, Group.REMINDERS,
                 Group.ANSWERS)
STAFF_GROUPS = (Group.REVIEW, Group.ANSWERS)


def groups_for(user: User) -> tuple[Group, ...]:
    """The groups a person is offered: the caseworker's "waits for you"; a member's family news.
    Someone who is both (a caseworker who is also a member elsewhere) gets both."""
    roles = set(db.session.scalars(select(Membership.role).where(Membership.user_id == user.id)))
    groups: list[Group] = []
    if roles - {Role.CASEWORKER} or not roles:
        groups += MEMBER_GROUPS
    if Role.CASEWORKER in roles or user.is_staff:
        groups += [g for g in STAFF_GROUPS if g not in groups]
    return tuple(groups)


def channels_for(user: User) -> tuple[Channel, ...]:
    """The channels this person can be reached on (email only with an address)."""
    return (Channel.EMAIL,) if user.email else ()


def choices_of(user_id: int) -> dict[tuple[Group, Channel], NotificationChoice]:
    return {(c.group, c.channel): c for c in db.session.scalars(
        select(NotificationChoice).where(NotificationChoice.user_id == user_id))}


def choices_for(user_ids) -> dict[int, dict]:
    """`choices_of` for many people in one query (the worker's pass)."""
    found: dict[int, dict] = {user_id: {} for user_id in user_ids}
    for c in db.session.scalars(select(NotificationChoice).where(
            NotificationChoice.user_id.in_(user_ids))):
        found[c.user_id][(c.group, c.channel)] = c
    return found


def mode_for(user_id: int, group: Group, channel: Channel,
             chosen: dict | None = None) -> Mode:
    chosen = choices_of(user_id) if chosen is None else chosen
    choice = chosen.get((group, channel))
    return choice.mode if choice is not None else DEFAULT_MODE[channel]


def set_mode(user_id: int, group: Group, channel: Channel, mode: Mode) -> bool:
    """Keep the person's choice; True when it changed. Two tabs saving at once both end
    with one row (the unique index: the second insert does nothing, then updates it)."""
    current = _choice(user_id, group, channel)
    if current is None:
        if mode is DEFAULT_MODE[channel]:
            return False  # the default needs no row
        db.session.execute(_insert(NotificationChoice).values(
            user_id=user_id, group=group, channel=channel, mode=mode, version=1)
            .on_conflict_do_nothing(index_elements=["user_id", "group", "channel"]))
        current = _choice(user_id, group, channel)
        if current.mode is mode:
            return True
    if current.mode is mode:
        return False
    db.session.execute(update(NotificationChoice).where(NotificationChoice.id == current.id)
                       .values(mode=mode, version=NotificationChoice.version + 1))
    return True


def _choice(user_id: int, group: Group, channel: Channel) -> NotificationChoice | None:
    return db.session.scalar(select(NotificationChoice).where(
        NotificationChoice.user_id == user_id, NotificationChoice.group == group,
        NotificationChoice.channel == channel).execution_options(populate_existing=True))


def turn_off_once(user_id: int, group: Group, channel: Channel, version: int) -> bool:
    """An unsubscribe link: Off for this one group and channel, if the choice is still the one
    the link was made for (`version`). True when this changed it."""
    current = db.session.scalar(select(NotificationChoice).where(
        NotificationChoice.user_id == user_id, NotificationChoice.group == group,
        NotificationChoice.channel == channel))
    if current is None:
        if version != 0:
            return False
        db.session.execute(_insert(NotificationChoice).values(
            user_id=user_id, group=group, channel=channel, mode=Mode.OFF, version=1)
            .on_conflict_do_nothing(index_elements=["user_id", "group", "channel"]))
        return db.session.scalar(select(NotificationChoice.mode).where(
            NotificationChoice.user_id == user_id, NotificationChoice.group == group,
            NotificationChoice.channel == channel)) is Mode.OFF
    changed = db.session.execute(
        update(NotificationChoice)
        .where(NotificationChoice.id == current.id, NotificationChoice.version == version,
               NotificationChoice.mode != Mode.OFF)
        .values(mode=Mode.OFF, version=NotificationChoice.version + 1)
    ).rowcount
    return changed == 1


def version_of(user_id: int, group: Group, channel: Channel) -> int:
    """The choice's version, for an unsubscribe link (0: not chosen yet, the default)."""
    return db.session.scalar(select(NotificationChoice.version).where(
        NotificationChoice.user_id == user_id, NotificationChoice.group == group,
        NotificationChoice.channel == channel)) or 0


# --- Settings: quiet hours, summary time, lock-screen words -----------------------------------

class Defaults:
    """The settings of someone who has not changed them (no row yet)."""

    time_zone = ""
    quiet_hours = True
    quiet_start = DEFAULT_QUIET_START
    quiet_end = DEFAULT_QUIET_END
    summary_at = DEFAULT_SUMMARY_AT
    summary_only = False
    show_details = False
    last_summary_on = None


def settings_of(user_id: int) -> NotificationSettings | Defaults:
    return db.session.get(NotificationSettings, user_id) or Defaults()


def settings_for(user_ids) -> dict:
    """{person: their settings or the defaults}, in one query (the worker's pass)."""
    found = {row.user_id: row for row in db.session.scalars(
        select(NotificationSettings).where(NotificationSettings.user_id.in_(user_ids)))}
    return {user_id: found.get(user_id) or Defaults() for user_id in user_ids}


def zones_for(user_ids, settings: dict) -> dict[int, ZoneInfo]:
    """{person: their clock}: their own setting, else their first family's, in one query."""
    first_family: dict[int, str] = {}
    for user_id, zone in db.session.execute(
            select(Membership.user_id, Family.time_zone)
            .join(Family, Family.id == Membership.family_id)
            .where(Membership.user_id.in_(user_ids)).order_by(Membership.id)):
        first_family.setdefault(user_id, zone)
    return {user_id: _zone(settings[user_id].time_zone or first_family.get(user_id) or "UTC")
            for user_id in user_ids}


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def settings_row(user_id: int) -> NotificationSettings:
    """The person's settings row, made with the defaults if missing (two at once: one row)."""
    db.session.execute(_insert(NotificationSettings).values(
        user_id=user_id, time_zone="", quiet_hours=True, quiet_start=DEFAULT_QUIET_START,
        quiet_end=DEFAULT_QUIET_END, summary_at=DEFAULT_SUMMARY_AT, summary_only=False,
        show_details=False).on_conflict_do_nothing(index_elements=["user_id"]))
    return db.session.get(NotificationSettings, user_id)


def zone_of(user_id: int, settings=None) -> ZoneInfo:
    """The person's clock: their own setting, or their first family's time zone, or UTC."""
    settings = settings or settings_of(user_id)
    return _zone(settings.time_zone or db.session.scalar(
        select(Family.time_zone).join(Membership, Membership.family_id == Family.id)
        .where(Membership.user_id == user_id).order_by(Membership.id).limit(1)) or "UTC")


def in_quiet_hours(local: time, start: time, end: time) -> bool:
    if start == end:
        return False
    if start < end:  # e.g. 13:00-15:00
        return start <= local < end
    return local >= start or local < end  # across midnight, e.g. 21:00-07:00


def quiet_until(user_id: int, now: datetime, settings=None,
                zone: ZoneInfo | None = None) -> datetime | None:
    """When quiet hours end, if `now` falls in them; None when a ping may go now.

    On the person's own clock: 07:00 is 07:00 on the night the clocks change too (a time that
    does not exist that night is taken as the first minute after it)."""
    settings = settings or settings_of(user_id)
    if not settings.quiet_hours:
        return None
    zone = zone or zone_of(user_id, settings)
    local = now.astimezone(zone)
    if not in_quiet_hours(local.time().replace(tzinfo=None), settings.quiet_start,
                          settings.quiet_end):
        return None
    day = local.date()
    if local.time().replace(tzinfo=None) >= settings.quiet_end:
        day += timedelta(days=1)
    return local_moment(day, settings.quiet_end, zone)


def local_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """`day` at `at` on the person's clock, as UTC; a time skipped by the clocks moving on
    is taken after the gap (fold=0 then round trip moves it forward)."""
    from datetime import UTC

    moment = datetime.combine(day, at, tzinfo=zone)
    # A time inside the spring-forward gap does not round-trip; UTC normalises it forward.
    return moment.astimezone(UTC)


def local_day(user_id: int, now: datetime, settings=None) -> tuple[date, time]:
    settings = settings or settings_of(user_id)
    local = now.astimezone(zone_of(user_id, settings))
    return local.date(), local.time().replace(tzinfo=None)


def _insert(model):
    dialect = db.session.get_bind().dialect.name
    return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(model)


def save(user_id: int, form, groups, channels) -> None:
    """The settings page's answers: each group's mode per channel, and the settings row."""
    from app.notifications.forms import field_name

    for channel in channels:
        for group in groups:
            set_mode(user_id, group, channel, Mode(form[field_name(group, channel)].data))
    row = settings_row(user_id)
    row.quiet_hours = form.quiet_hours.data
    row.quiet_start = form.quiet_start.data
    row.quiet_end = form.quiet_end.data
    row.summary_at = form.summary_at.data
    row.summary_only = form.summary_only.data
    row.show_details = form.show_details.data
