"""The worker's side: send what is due, once, with retries; and each person's daily summary.

Exactly once per person and channel, with any number of workers: a worker claims rows with one
conditional UPDATE (rows waiting and due, or claimed by a worker whose claim ran out: it died
mid-send) and writes the outcome only of rows still under its own claim. A worker killed before
it wrote "sent" leaves its rows claimed; when the claim runs out another worker sends them.

At the moment of sending, "may see" is asked again for every row: something declined, hidden or
taken back since, or a member paused meanwhile, sends nothing (the row is dropped, with why).
Quiet hours are decided here too, at sending, by the person's settings as they are now.
All a person's due rows go out as one email, so six photos shared at once are one email.
"""

import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.i18n import html_lang
from app.models import User
from app.models.notifications import (
    GROUP_OF,
    Channel,
    DeliveryStatus,
    Mode,
    Notification,
    NotificationDelivery,
    NotificationSettings,
)
from app.models.types import utcnow
from app.notifications import choices, tokens, words
from app.notifications.email import Email, Mailer, SendFailed
from app.notifications.subjects import visible
from app.urls import public_url

CLAIM_FOR = timedelta(minutes=5)  # a send takes seconds; a claim older than this was lost
MAX_ATTEMPTS = 6  # then the row is "failed" and admins see it (about 1 hour of tries)
SUMMARY_LINES = 20  # more than that: "and N more", the list has them all


def backoff(attempts: int) -> timedelta:
    """Wait before try `attempts + 1`: 1, 2, 4, 8, 16 minutes…"""
    return timedelta(minutes=min(2 ** (attempts - 1), 360))


def _due(now: datetime):
    D = NotificationDelivery
    return or_(and_(D.status == DeliveryStatus.WAITING, D.due_at <= now),
               and_(D.status == DeliveryStatus.SENDING, D.claimed_until < now))


def deliver_due(now: datetime | None = None, people: int = 200) -> int:
    """Send every instant row that is due, `people` persons a pass: their rows claimed at
    once, then each person's as one email on one SMTP connection, each person's outcome
    committed when their email went. The number of emails sent."""
    now = now or utcnow()
    D = NotificationDelivery
    user_ids = db.session.scalars(
        select(D.user_id).where(D.mode == Mode.INSTANT, _due(now)).distinct().limit(people)
    ).all()
    if not user_ids:
        return 0
    settings = choices.settings_for(user_ids)
    zones = choices.zones_for(user_ids, settings)
    ready = []
    for user_id in user_ids:
        quiet_end = choices.quiet_until(user_id, now, settings[user_id], zone=zones[user_id])
        if quiet_end is None:
            ready.append(user_id)
            continue
        db.session.execute(
            update(D).where(D.user_id == user_id, D.mode == Mode.INSTANT,
                            D.status == DeliveryStatus.WAITING, D.due_at <= now)
            .values(due_at=quiet_end).execution_options(synchronize_session=False))
    claimed = _claim(ready, Channel.EMAIL, Mode.INSTANT, now)  # commits the postponed too
    people_of = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(claimed)))}
    chosen = choices.choices_for(list(claimed))
    sent = 0
    with Mailer() as mailer, _rows_kept_loaded():
        for user_id, rows in claimed.items():
            sent += _send(user_id, Channel.EMAIL, rows, now, settings[user_id], mailer,
                          summary=False, person=people_of.get(user_id),
                          chosen=chosen[user_id])
    return sent


@contextmanager
def _rows_kept_loaded():
    """The pass writes only by UPDATE statements and reads its rows once: each person's
    commit need not expire every row read for the pass (that made a pass of 200 people cost
    200 x what it holds, half the worker's time)."""
    session = db.session()
    keep, session.expire_on_commit = session.expire_on_commit, False
    try:
        yield
    finally:
        session.expire_on_commit = keep


def send_summaries(now: datetime | None = None, people: int = 500) -> int:
    """Each person whose summary time has come today (on their clock) and who has rows for
    it gets one email; of several workers, one claims the day (a conditional UPDATE)."""
    now = now or utcnow()
    D = NotificationDelivery
    user_ids = db.session.scalars(
        select(D.user_id).where(D.mode == Mode.SUMMARY, _due(now)).distinct().limit(people)
    ).all()
    sent = 0
    for user_id in user_ids:
        settings = choices.settings_of(user_id)
        day, local_time = choices.local_day(user_id, now, settings)
        if local_time < settings.summary_at or settings.last_summary_on == day:
            continue
        row = choices.settings_row(user_id)
        previous = row.last_summary_on
        claimed_day = db.session.execute(
            update(NotificationSettings)
            .where(NotificationSettings.user_id == user_id,
                   or_(NotificationSettings.last_summary_on.is_(None),
                       NotificationSettings.last_summary_on < day))
            .values(last_summary_on=day).execution_options(synchronize_session=False)
        ).rowcount
        db.session.commit()
        if claimed_day != 1:
            continue  # another worker sends this person's summary today
        rows = _claim([user_id], Channel.EMAIL, Mode.SUMMARY, now).get(user_id, [])
        with Mailer() as mailer:
            done = _send(user_id, Channel.EMAIL, rows, now, settings, mailer, summary=True)
        if rows and not done and _any_waiting(user_id, Mode.SUMMARY):
            # It failed: give the day back, so the next run tries again (after the backoff).
            db.session.execute(update(NotificationSettings)
                               .where(NotificationSettings.user_id == user_id,
                                      NotificationSettings.last_summary_on == day)
                               .values(last_summary_on=previous)
                               .execution_options(synchronize_session=False))
            db.session.commit()
        sent += done
    return sent


def _any_waiting(user_id: int, mode: Mode) -> bool:
    D = NotificationDelivery
    return db.session.scalar(select(D.id).where(
        D.user_id == user_id, D.mode == mode, D.status == DeliveryStatus.WAITING).limit(1)
    ) is not None


@dataclass(frozen=True)
class Claimed:
    """A claimed row, read once: what the worker needs of it after its own commits."""

    id: int
    claim_token: str
    attempts: int
    notification: Notification


def _claim(user_ids, channel: Channel, mode: Mode, now: datetime) -> dict[int, list[Claimed]]:
    """Claim the due rows of these people with one conditional UPDATE; {person: rows}."""
    if not user_ids:
        db.session.commit()
        return {}
    D = NotificationDelivery
    token = secrets.token_hex(16)
    db.session.execute(
        update(D).where(D.user_id.in_(user_ids), D.channel == channel, D.mode == mode,
                        _due(now))
        .values(status=DeliveryStatus.SENDING, claimed_until=now + CLAIM_FOR,
                claim_token=token, attempts=D.attempts + 1)
        .execution_options(synchronize_session=False))
    db.session.commit()
    claimed: dict[int, list[Claimed]] = {}
    for row in db.session.scalars(select(D).where(D.claim_token == token)
                                  .options(selectinload(D.notification)).order_by(D.id)):
        claimed.setdefault(row.user_id, []).append(
            Claimed(row.id, row.claim_token, row.attempts, row.notification))
    return claimed


def _finish(rows, status: DeliveryStatus, **values) -> None:
    """The outcome of rows still under this worker's claim (the caller commits)."""
    if not rows:
        return
    D = NotificationDelivery
    by_token: dict[str, list[int]] = {}
    for row in rows:
        by_token.setdefault(row.claim_token, []).append(row.id)
    for token, ids in by_token.items():
        db.session.execute(
            update(D).where(D.id.in_(ids), D.claim_token == token,
                            D.status == DeliveryStatus.SENDING)
            .values(status=status, claimed_until=None, **values)
            .execution_options(synchronize_session=False))


def _send(user_id: int, channel: Channel, rows: list[Claimed], now: datetime, settings,
          mailer: Mailer, *, summary: bool, person: User | None = None,
          chosen: dict | None = None) -> int:
    """Ask "may see" for each claimed row, send the rest as one email, and keep what
    happened to every row in one commit; 1 if an email went. (`person` and `chosen`: read
    for the whole pass by the caller, or here.)"""
    if not rows:
        return 0
    person = person or db.session.get(User, user_id)
    seen = visible(user_id, [row.notification for row in rows]) if person is not None else {}
    chosen = choices.choices_of(user_id) if chosen is None else chosen
    keep, drop, off = [], [], []
    for row in rows:
        if row.notification.id not in seen:
            drop.append(row)
        elif choices.mode_for(user_id, GROUP_OF[row.notification.kind], channel, chosen) \
                is Mode.OFF:
            off.append(row)  # turned off after it was written
        else:
            keep.append(row)
    _finish(drop, DeliveryStatus.DROPPED, last_error="the reader may no longer see it")
    _finish(off, DeliveryStatus.DROPPED, last_error="turned off")
    if not keep or person is None or not person.email:
        db.session.commit()
        return 0
    email = _email(person, [row.notification for row in keep], settings, summary, chosen)
    try:
        mailer.send(email)
    except SendFailed as failed:
        attempts = max(row.attempts for row in keep)
        if attempts >= MAX_ATTEMPTS:
            _finish(keep, DeliveryStatus.FAILED, last_error=str(failed)[:200])
        else:
            _finish(keep, DeliveryStatus.WAITING, due_at=now + backoff(attempts),
                    last_error=str(failed)[:200])
        db.session.commit()
        return 0
    _finish(keep, DeliveryStatus.SENT, sent_at=utcnow(), last_error="")
    db.session.commit()
    return 1


def _email(person: User, notifications, settings, summary: bool, chosen) -> Email:
    groups = {GROUP_OF[n.kind] for n in notifications}
    versions = {g: (chosen[(g, Channel.EMAIL)].version if (g, Channel.EMAIL) in chosen else 0)
                for g in groups}
    with force_locale(person.locale):
        count = len(notifications)
        if settings.show_details:
            lines = [words.detailed(n) for n in notifications[:SUMMARY_LINES]]
            if count > SUMMARY_LINES:
                lines.append(words.more_lines(count - SUMMARY_LINES))
            subject = (words.summary_title() if summary
                       else words.detailed(notifications[0]) if count == 1
                       else words.neutral_count(count))
        else:
            lines = [words.neutral_count(count)]
            subject = words.summary_title() if summary else words.neutral_title()
        unsubscribe = public_url("notifications.unsubscribe",
                                 token=tokens.make(person.id, Channel.EMAIL, versions))
        body = "\n\n".join([
            *lines,
            words.open_hearth(public_url("notifications.index")),
            "-- ",
            words.why_this_email(public_url("notifications.settings")),
            words.stop_these(unsubscribe),
        ]) + "\n"
    return Email(to=person.email, language=html_lang(person.locale), subject=subject,
                 body=body, unsubscribe_url=unsubscribe)
