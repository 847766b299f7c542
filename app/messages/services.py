"""The message thread: sending, corrections, taking back and reporting. Reading a page,
"seen by", unread counts and read markers are in app/messages/reading.py (re-exported here).

Every read goes through `moderation.may_see` (with placeholders: a withdrawn message shows as
"withdrawn" to others, never with its text). Every change bumps the family's thread version in
the same transaction, so an open thread's poll knows from the family row alone that nothing is new.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from app import moderation
from app.access import FamilyScope
from app.extensions import db
from app.messages.reading import (  # noqa: F401 (the thread's reading, used through here)
    LONG_PAGE,
    PAGE_SIZE,
    REPORT_KIND,
    SEEN_AREA,
    Thread,
    latest,
    mark_read,
    older,
    read_newest,
    single,
    unread_by_family,
    unread_count,
)
from app.models import Message, MessageRevision, ReviewLevel
from app.models.audit import record
from app.models.messages import bump_thread_version
from app.models.reports import Report
from app.models.types import utcnow
from app.moderation import NotAllowed, may_see, new_item_state, reports
from app.notifications import notify

# --- Sending and changing ---------------------------------------------------------------------

def send(scope: FamilyScope, text: str) -> Message:
    """A new message, shared at once or waiting for review by the family's review level."""
    text = text.strip()
    if not text:
        raise NotAllowed("an empty message")
    message = Message(family_id=scope.family.id, author_id=scope.membership.user_id,
                      state=new_item_state(scope), text=text)
    moderation.number_new(message)  # its place in the thread (bumps the thread's version)
    db.session.add(message)
    db.session.flush()
    db.session.add(MessageRevision(message_id=message.id, family_id=scope.family.id, text=text,
                                   created_at=message.created_at))
    notify.item_added(message, scope.membership.user_id)
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
