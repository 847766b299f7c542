"""The message thread: sending, reading a page, "seen by", unread counts, corrections,
taking back and reporting.

Every read goes through `moderation.may_see` (with placeholders: a withdrawn message shows as
"withdrawn" to others, never with its text). Every change bumps the family's thread version in
the same transaction, so an open thread's poll knows from the family row alone that nothing is new.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app import moderation
from app.access import FamilyScope
from app.extensions import db
from app.labels import membership_role_label
from app.models import (
    Membership,
    Message,
    MessageRevision,
    ReviewLevel,
    Role,
    SeenMarker,
    User,
)
from app.models.audit import record
from app.models.messages import bump_thread_version
from app.models.reports import Report
from app.models.types import utcnow
from app.moderation import NotAllowed, may_see, new_item_state, reports

PAGE_SIZE = 25
SEEN_AREA = "messages"
REPORT_KIND = Message.audit_name  # reports name the item by its kind


# --- Sending and changing ---------------------------------------------------------------------

def send(scope: FamilyScope, text: str) -> Message:
    """A new message, shared at once or waiting for review by the family's review level."""
    text = text.strip()
    if not text:
        raise NotAllowed("an empty message")
    message = Message(family_id=scope.family.id, author_id=scope.membership.user_id,
                      state=new_item_state(scope), text=text)
    db.session.add(message)
    db.session.flush()
    db.session.add(MessageRevision(message_id=message.id, family_id=scope.family.id, text=text,
                                   created_at=message.created_at))
    version = bump_thread_version(scope.family.id)
    if message.is_visible:
        message.shared_seq = version
    db.session.commit()
    return message


def edit_window() -> timedelta:
    return timedelta(minutes=current_app.config["MESSAGE_EDIT_MINUTES"])


def may_correct(message: Message, scope: FamilyScope, now=None) -> bool:
    """The author, for a short while after sending, while the message is waiting or shared."""
    now = now or utcnow()
    return (message.author_id == scope.membership.user_id
            and message.is_still_open
            and now - message.created_at <= edit_window())


def correct(message: Message, scope: FamilyScope, text: str) -> bool:
    """Save a correction as a new revision; False when the text is the same.

    In a reviewed family a shared message of a parent or resource parent goes back to waiting
    for review with its new text: nobody else reads a change the caseworker has not read. (The
    alternative, a waiting revision beside a shared text, would need a second review flow.)
    """
    if not may_correct(message, scope):
        raise NotAllowed("the time to correct this message is over")
    text = text.strip()
    if not text:
        raise NotAllowed("an empty message")
    if text == message.text:
        return False
    now = utcnow()
    # Only while it is in the state the author saw: a caseworker who hid or declined it a
    # moment ago wins, and the correction is refused rather than written over their decision.
    changed = db.session.execute(
        update(Message)
        .where(Message.id == message.id, Message.family_id == scope.family.id,
               Message.state == message.state)
        .values(text=text, edited_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise NotAllowed("the message's state has changed")
    set_committed_value(message, "text", text)
    set_committed_value(message, "edited_at", now)
    revision = MessageRevision(message_id=message.id, family_id=scope.family.id, text=text,
                               created_at=now)
    db.session.add(revision)
    db.session.flush()
    record("message.edited", actor=scope.membership.user, family_id=scope.family.id,
           subject=message, revision_id=revision.id)
    back_to_review = (message.is_visible and not scope.is_caseworker
                      and scope.family.review_level is ReviewLevel.REVIEWED)
    if back_to_review:
        # Commits the text, the revision and the record with the state change, or none of them.
        moderation.return_for_review(message, scope)
        return True
    bump_thread_version(scope.family.id)
    db.session.commit()
    return True


def may_withdraw(message: Message, scope: FamilyScope) -> bool:
    return (message.author_id == scope.membership.user_id
            and message.is_still_open)


def may_report(message: Message, scope: FamilyScope) -> bool:
    """Any member but the author and the caseworker (who reads and hides it instead)."""
    return (message.is_visible and message.author_id != scope.membership.user_id
            and not scope.is_caseworker)


def reported_by(message: Message, scope: FamilyScope) -> bool:
    return db.session.scalar(
        select(Report.id).where(Report.family_id == scope.family.id,
                                Report.item_kind == REPORT_KIND, Report.item_id == message.id,
                                Report.reporter_id == scope.membership.user_id)
    ) is not None


def report(message: Message, scope: FamilyScope, reason: str) -> Report:
    """One report per person and message: a second one (a form sent twice, even at once)
    raises `reports.AlreadyReported`; a message hidden meanwhile, `NotAllowed`."""
    row = reports.add(message, scope, reason)
    bump_thread_version(scope.family.id)  # the caseworker's open thread shows the mark
    db.session.commit()
    return row


def history(message: Message, scope: FamilyScope) -> list[MessageRevision]:
    """Every version of a message, oldest first: for the family's caseworker only."""
    if not scope.is_caseworker or message.family_id != scope.family.id:
        raise NotAllowed("only the caseworker reads every version")
    return list(db.session.scalars(
        select(MessageRevision).where(MessageRevision.message_id == message.id,
                                      MessageRevision.family_id == scope.family.id)
        .order_by(MessageRevision.id)
    ))


def load_message(scope: FamilyScope, message_id: int) -> Message | None:
    """One message of this family that this person may know of, or None (the route 404s)."""
    return db.session.scalar(
        may_see(Message, scope, placeholders=True).where(Message.id == message_id)
    )


# --- Reading ----------------------------------------------------------------------------------

@dataclass
class Thread:
    """One stretch of the thread as this reader may see it, with what goes around each message."""

    scope: FamilyScope
    messages: list[Message]  # oldest first, as a chat reads
    older_before: int | None  # pass as `before` for the page above; None at the start
    since: int | None  # the oldest id shown: the poll re-renders from here down
    labels: dict[int, str] = field(default_factory=dict)
    seen_by: dict[int, list[str]] = field(default_factory=dict)
    reports: dict[int, list[Report]] = field(default_factory=dict)
    now: datetime | None = None

    def label(self, message: Message) -> str:
        return self.labels.get(message.author_id, "")

    def may_correct(self, message: Message) -> bool:
        return may_correct(message, self.scope, self.now)

    def may_withdraw(self, message: Message) -> bool:
        return may_withdraw(message, self.scope)

    def may_report(self, message: Message) -> bool:
        return may_report(message, self.scope)

    def my_report(self, message: Message) -> bool:
        me = self.scope.membership.user_id
        return any(r.reporter_id == me for r in self.reports.get(message.id, []))

    def my_report_looked_at(self, message: Message) -> bool:
        """The caseworker resolved this reader's report: they learn that, never how."""
        me = self.scope.membership.user_id
        return any(r.reporter_id == me and r.looked_at for r in self.reports.get(message.id, []))

    def my_report_waiting(self, message: Message) -> bool:
        """This reader's report is still open. (A report closed because the author took the
        message back is neither: the placeholder says it was taken back.)"""
        me = self.scope.membership.user_id
        return any(r.reporter_id == me and r.is_open for r in self.reports.get(message.id, []))


def _base(scope: FamilyScope):
    return (may_see(Message, scope, placeholders=True)
            .options(selectinload(Message.author)))


def latest(scope: FamilyScope, since: int | None = None) -> Thread:
    """The newest page; with `since`, every message from that id on (what an open page shows,
    so a page that grew by polling keeps its oldest messages)."""
    query = _base(scope)
    if since is not None:
        rows = list(db.session.scalars(
            query.where(Message.id >= since).order_by(Message.id.desc()).limit(PAGE_SIZE * 8)
        ))
    else:
        rows = list(db.session.scalars(query.order_by(Message.id.desc()).limit(PAGE_SIZE + 1)))
    return _thread(scope, rows, page_size=len(rows) if since is not None else PAGE_SIZE)


def older(scope: FamilyScope, before: int) -> Thread:
    rows = list(db.session.scalars(
        _base(scope).where(Message.id < before).order_by(Message.id.desc()).limit(PAGE_SIZE + 1)
    ))
    return _thread(scope, rows, page_size=PAGE_SIZE)


def single(scope: FamilyScope, message: Message) -> Thread:
    """One message with what goes around it, to put back in place after a change. "Seen by"
    is left to the next poll (the change bumped the version), which sees the whole page."""
    thread = Thread(scope=scope, messages=[message], older_before=None, since=message.id,
                    now=utcnow())
    thread.labels = _labels(scope)
    thread.reports = _reports(scope, [message])
    return thread


def _thread(scope: FamilyScope, rows_newest_first: list[Message], *, page_size: int) -> Thread:
    has_more = len(rows_newest_first) > page_size
    rows = rows_newest_first[:page_size]
    rows.reverse()
    oldest = rows[0].id if rows else None
    if not has_more and oldest is not None:
        has_more = db.session.scalar(
            may_see(Message, scope, placeholders=True).where(Message.id < oldest)
            .with_only_columns(Message.id).limit(1)
        ) is not None
    thread = Thread(scope=scope, messages=rows, older_before=oldest if has_more else None,
                    since=oldest, now=utcnow())
    thread.labels = _labels(scope)
    thread.seen_by = _seen_by(scope, rows)
    thread.reports = _reports(scope, rows)
    return thread


def _labels(scope: FamilyScope) -> dict[int, str]:
    """"Dana — Mom", "Sam — Caseworker" for everyone who ever belonged to the family."""
    rows = db.session.execute(
        select(Membership, User).join(User, User.id == Membership.user_id)
        .where(Membership.family_id == scope.family.id)
    ).all()
    labels = {}
    for membership, user in rows:
        label = (str(membership_role_label(membership)) if membership.role is Role.CASEWORKER
                 else membership.relationship_label or str(membership_role_label(membership)))
        labels[user.id] = _("%(name)s — %(label)s", name=user.name, label=label)
    return labels


def _seen_by(scope: FamilyScope, rows: list[Message]) -> dict[int, list[str]]:
    """Under the newest message by someone else each person has read, their name
    ("Seen by Rosa and Sam").

    Only people who share their read receipts, and only for a reader who shares theirs.
    """
    me = scope.membership.user
    shared = [m for m in rows if m.is_visible]
    if not me.read_receipts or not shared:
        return {}
    readers = db.session.execute(
        select(User.id, User.preferred_name, User.display_name, SeenMarker.receipt_seq)
        .join(Membership, Membership.user_id == User.id)
        .join(SeenMarker, and_(SeenMarker.membership_id == Membership.id,
                               SeenMarker.area == SEEN_AREA))
        .where(Membership.family_id == scope.family.id,
               Membership.in_effect(),
               User.read_receipts.is_(True), User.id != me.id)
    ).all()
    seen_by: dict[int, list[str]] = {}
    for user_id, preferred, display, seq in readers:
        # Their own messages say nothing: "seen" goes under the newest one by someone else.
        read = [m.id for m in shared if m.shared_seq <= seq and m.author_id != user_id]
        if read:
            seen_by.setdefault(max(read), []).append(preferred or display)
    return {message_id: sorted(names) for message_id, names in seen_by.items()}


def _reports(scope: FamilyScope, rows: list[Message]) -> dict[int, list[Report]]:
    """The caseworker sees every report with its reason; a member only their own."""
    ids = [m.id for m in rows]
    if not ids:
        return {}
    query = select(Report).where(Report.family_id == scope.family.id,
                                 Report.item_kind == REPORT_KIND, Report.item_id.in_(ids))
    if not scope.is_caseworker:
        query = query.where(Report.reporter_id == scope.membership.user_id)
    found: dict[int, list[Report]] = {}
    for row in db.session.scalars(query.options(selectinload(Report.reporter))
                                  .order_by(Report.id)):
        found.setdefault(row.item_id, []).append(row)
    return found


# --- Unread and read markers ------------------------------------------------------------------

def _marker_seq(scope: FamilyScope):
    return (
        select(SeenMarker.last_seen_seq)
        .where(SeenMarker.membership_id == scope.membership.id, SeenMarker.area == SEEN_AREA)
        .scalar_subquery()
    )


def unread_count(scope: FamilyScope) -> int:
    """Messages by others this person may see that were shared after they last read: one query."""
    if scope.membership.id is None:
        return 0  # an admin looking in (app/access.py AdminSeat) has nothing "unread"
    return db.session.scalar(
        may_see(Message, scope, shared_only=True)
        .where(Message.author_id != scope.membership.user_id,
               Message.shared_seq > func.coalesce(_marker_seq(scope), 0))
        .with_only_columns(func.count(Message.id))
    ) or 0


def unread_by_family(user_id: int) -> dict[int, int]:
    """Unread messages in each of a person's active families, in one grouped query."""
    marker = (
        select(SeenMarker.last_seen_seq)
        .where(SeenMarker.membership_id == Membership.id, SeenMarker.area == SEEN_AREA)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Message.family_id, func.count(Message.id))
        .join(Membership, and_(Membership.family_id == Message.family_id,
                               Membership.user_id == user_id))
        .where(Membership.in_effect(),
               moderation.shared(Message), Message.author_id != user_id,
               Message.shared_seq > func.coalesce(marker, 0))
        .group_by(Message.family_id)
    ).all()
    return dict(rows)


def mark_read(scope: FamilyScope) -> bool:
    """The reader has now read everything shared in the thread (the caller's page shows it).

    The marker only moves forward. It moves to the newest `shared_seq`, not to the thread
    version, so two open threads never keep moving each other's markers. When it moves and the
    reader shares receipts, the thread version is bumped so others' "seen by" follows.
    Commits when it moved; True then.
    """
    if scope.membership.id is None:
        return False  # an admin looking in (app/access.py AdminSeat) keeps no read marker
    newest = db.session.scalar(
        may_see(Message, scope, shared_only=True)
        .with_only_columns(func.max(Message.shared_seq))
    ) or 0
    if not newest:
        return False
    marker = db.session.scalar(
        select(SeenMarker).where(SeenMarker.membership_id == scope.membership.id,
                                 SeenMarker.area == SEEN_AREA)
    )
    shares_receipts = scope.membership.user.read_receipts
    if marker is None:
        marker = SeenMarker(membership_id=scope.membership.id, area=SEEN_AREA,
                            last_seen_seq=0, receipt_seq=0)
        db.session.add(marker)
    receipt_moves = shares_receipts and newest > (marker.receipt_seq or 0)
    if not (newest > (marker.last_seen_seq or 0) or receipt_moves):
        return False
    marker.last_seen_seq = max(newest, marker.last_seen_seq or 0)
    if receipt_moves:
        marker.receipt_seq = newest
        bump_thread_version(scope.family.id)
    try:
        db.session.commit()
    except IntegrityError:
        # The same person's other tab made the marker a moment ago; it will move next time.
        db.session.rollback()
        return False
    return True
