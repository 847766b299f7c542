"""Notifications: each person's list of what is new for them, and the outbox that sends it.

A `Notification` is one line of a person's list ("Rosa shared a photo"), written in the same
transaction as the thing it is about, so a rolled-back change notifies nobody and a crash
after the commit loses nothing. It names its subject by kind and id (as reports do) and holds
no words: the sentence is made in the reader's language when it is shown or sent.

Each channel that should carry it (email today; Web Push next; SMS may follow) gets a
`NotificationDelivery` row in that transaction: the outbox. A worker claims a row with one
conditional UPDATE before sending, so of several workers only one sends it
(app/notifications/delivery.py). What a person wants is kept per kind group and channel
(`NotificationChoice`) and in one row of settings (`NotificationSettings`: quiet hours, the
summary's time, whether the lock screen may say who and what).
"""

import enum
from datetime import date, datetime, time

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, str_enum, utcnow


class NotificationKind(enum.StrEnum):
    """What happened, for the reader. Each belongs to one group a person chooses for."""

    MESSAGE = "message"  # a new message in the family's thread
    PHOTO = "photo"  # a photo shared
    EVENT = "event"  # a school, medical or other event added
    ABOUT = "about"  # an "About me" page changed
    FAMILY_TIME = "family_time"  # family time added or approved
    APPROVED = "approved"  # something the reader shared or asked for was approved
    DECLINED = "declined"  # ... was not approved (the reason is on its page)
    HIDDEN = "hidden"  # ... was hidden by the caseworker (the reason is on its page)
    JOINED = "joined"  # the caseworker approved the reader's joining of a family
    WAITING = "waiting"  # for the caseworker: something waits for their review
    FAMILY_TIME_SOON = "family_time_soon"  # a reminder, 24 and 2 hours before (`occasion`)
    REQUEST_DUE = "request_due"  # for the caseworker: a family-time request's answer-by is near
    EVENT_SOON = "event_soon"  # the evening before an event the reader said they will go to
    FAMILY_TIME_MOVED = "family_time_moved"  # one time of it moved (`occasion`)
    FAMILY_TIME_CANCELLED = "family_time_cancelled"  # one time of it called off (`occasion`)


class Group(enum.StrEnum):
    """What a person chooses channels for (the account page lists these)."""

    MESSAGES = "messages"
    SHARED = "shared"  # photos, events, About me
    FAMILY_TIME = "family_time"
    ANSWERS = "answers"  # answers to what the reader shared or asked for; joining approved
    REVIEW = "review"  # the caseworker's: what waits for them
    REMINDERS = "reminders"  # family time coming up; events the reader said they will go to


GROUP_OF = {
    NotificationKind.MESSAGE: Group.MESSAGES,
    NotificationKind.PHOTO: Group.SHARED,
    NotificationKind.EVENT: Group.SHARED,
    NotificationKind.ABOUT: Group.SHARED,
    NotificationKind.FAMILY_TIME: Group.FAMILY_TIME,
    NotificationKind.APPROVED: Group.ANSWERS,
    NotificationKind.DECLINED: Group.ANSWERS,
    NotificationKind.HIDDEN: Group.ANSWERS,
    NotificationKind.JOINED: Group.ANSWERS,
    NotificationKind.WAITING: Group.REVIEW,
    NotificationKind.FAMILY_TIME_SOON: Group.REMINDERS,
    NotificationKind.EVENT_SOON: Group.REMINDERS,
    NotificationKind.REQUEST_DUE: Group.REVIEW,
    NotificationKind.FAMILY_TIME_MOVED: Group.FAMILY_TIME,
    NotificationKind.FAMILY_TIME_CANCELLED: Group.FAMILY_TIME,
}


class Channel(enum.StrEnum):
    """Where a notification may go besides the person's list (always there). Web Push and
    SMS join here; each channel knows nothing of families (app/notifications/channels)."""

    EMAIL = "email"


class Mode(enum.StrEnum):
    INSTANT = "instant"  # as it happens (after quiet hours)
    SUMMARY = "summary"  # in the day's summary, at the person's chosen time
    OFF = "off"


# Until a person chooses: email comes once a day, so nobody is pinged by default by the other
# side of the case (advocates' first worry); they can ask for it at once.
DEFAULT_MODE = {Channel.EMAIL: Mode.SUMMARY}


class DeliveryStatus(enum.StrEnum):
    WAITING = "waiting"  # due at `due_at` (later if quiet hours start first)
    SENDING = "sending"  # claimed by a worker until `claimed_until`
    SENT = "sent"
    FAILED = "failed"  # the last try failed; `last_error` says why (never any content)
    DROPPED = "dropped"  # not sent: the reader may no longer see it, or chose Off meanwhile


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        # One line per person, kind and subject: a double tap or two workers cannot make two.
        UniqueConstraint("user_id", "kind", "subject_kind", "subject_id", "occasion",
                         name="uq_notifications_user_kind_subject"),
        # The bell's count and the list's pages: one person's, newest first.
        Index("ix_notifications_user_id_id", "user_id", "id"),
        # What moderation drops when an item stops being shared.
        Index("ix_notifications_subject", "subject_kind", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"))
    kind: Mapped[NotificationKind] = mapped_column(str_enum(NotificationKind, length=24))
    subject_kind: Mapped[str] = mapped_column(String(20))  # an audit_name: "photo", "message"…
    subject_id: Mapped[int]
    # Which time of a repeated subject this line is about: "<start>/<more>", the time's start
    # in UTC (ISO 8601), then a reminder's lead ("24h") or a change's original date. "" else.
    occasion: Mapped[str] = mapped_column(String(40), default="", server_default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the subject stopped being something this reader may see (hidden, declined,
    # taken back): the line leaves the list and the count. The list still asks "may see".
    gone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    actor = relationship("User", foreign_keys=[actor_id], lazy="joined")
    family = relationship("Family", lazy="joined")

    @property
    def group(self) -> Group:
        return GROUP_OF[self.kind]


class NotificationDelivery(db.Model):
    """One notification on its way through one channel: the outbox row."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (
        UniqueConstraint("notification_id", "channel", name="uq_deliveries_notification_channel"),
        # What the worker looks for: waiting rows that are due.
        Index("ix_deliveries_status_due_at", "status", "due_at"),
        Index("ix_deliveries_user_id_status", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, length=12))
    mode: Mapped[Mode] = mapped_column(str_enum(Mode, length=12))
    status: Mapped[DeliveryStatus] = mapped_column(
        str_enum(DeliveryStatus, length=12), default=DeliveryStatus.WAITING)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Which claim holds the row: a worker writes the outcome only of rows still under its own
    # claim (one whose claim ran out may have been taken by another worker meanwhile).
    claim_token: Mapped[str] = mapped_column(String(32), default="", server_default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why the last try failed or why it was dropped, for admins: never any of the content.
    last_error: Mapped[str] = mapped_column(String(200), default="", server_default="")

    notification: Mapped[Notification] = relationship()
    person = relationship("User")


class NotificationChoice(db.Model):
    """A person's choice for one group on one channel; no row means the default."""

    __tablename__ = "notification_choices"
    __table_args__ = (UniqueConstraint("user_id", "group", "channel",
                                       name="uq_notification_choices_user_group_channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    group: Mapped[Group] = mapped_column(str_enum(Group, length=20))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, length=12))
    mode: Mapped[Mode] = mapped_column(str_enum(Mode, length=12))
    # Rises with every change, so an unsubscribe link changes the choice once: after a person
    # turns email back on, an old link in an old email no longer turns it off.
    version: Mapped[int] = mapped_column(default=1, server_default="1")


DEFAULT_QUIET_START = time(21, 0)
DEFAULT_QUIET_END = time(7, 0)
DEFAULT_SUMMARY_AT = time(7, 30)


class NotificationSettings(db.Model):
    """One person's quiet hours, summary time and lock-screen words. No row: the defaults."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    # Their own clock; empty: the time zone of their first family (or UTC).
    time_zone: Mapped[str] = mapped_column(String(64), default="", server_default="")
    quiet_hours: Mapped[bool] = mapped_column(default=True, server_default=true())
    quiet_start: Mapped[time] = mapped_column(default=DEFAULT_QUIET_START)
    quiet_end: Mapped[time] = mapped_column(default=DEFAULT_QUIET_END)
    summary_at: Mapped[time] = mapped_column(default=DEFAULT_SUMMARY_AT)
    # "Never ping me": everything waits for the summary, whatever each group says.
    summary_only: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Lock screens and email subjects say "Something new in Hearth" unless this is on.
    show_details: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The day (in their zone) of the last summary sent: a conditional UPDATE on it lets one
    # worker of many send the day's summary.
    last_summary_on: Mapped[date | None]
