"""Reading the thread: its pages, what is new on them, "seen by", unread counts, read markers.

The thread reads in the order messages became visible to the family (`Message.position`, the
thread version at which each was shared; while one waits, at which it was sent). So a message
the caseworker approves late comes in below what was shared before it: the family sees it
with "New", the unread count counts it, and a "Seen by" above it does not claim it.

A page marks read only what it showed (app.moderation.news.seen_up_to): the read marker moves
to the newest message on the page, but never past one the reader has not been shown.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import and_, func, select
from sqlalchemy.orm import selectinload

from app.access import FamilyScope
from app.extensions import db
from app.i18n import sentence
from app.labels import membership_role_label
from app.models import Membership, Message, Role, SeenMarker, User
from app.models.messages import bump_thread_version
from app.models.reports import Report
from app.models.seen import last_seen, marker_row, move_forward
from app.models.types import utcnow
from app.moderation import may_see, news
from app.notifications.reading import mark_subject_read

PAGE_SIZE = 25
# What one poll, or a page opened at the first unread message, shows at most.
LONG_PAGE = PAGE_SIZE * 8
SEEN_AREA = "messages"
REPORT_KIND = Message.audit_name  # reports name the item by its kind


@dataclass
class Thread:
    """One stretch of the thread as this reader may see it, with what goes around each message."""

    scope: FamilyScope
    messages: list[Message]  # in thread order (position), oldest first, as a chat reads
    older_before: int | None  # pass as `before` for the page above; None at the start
    since: int | None  # the oldest position shown: the poll re-renders from here down
    labels: dict[int, Markup] = field(default_factory=dict)
    seen_by: dict[int, list[str]] = field(default_factory=dict)
    reports: dict[int, list[Report]] = field(default_factory=dict)
    now: datetime | None = None
    # The reader's read marker when this page was read: what is "New" on it. None: nothing is
    # new (an admin looking in keeps no marker).
    read_up_to: int | None = None

    def label(self, message: Message) -> Markup:
        return self.labels.get(message.author_id, Markup(""))

    def is_new(self, message: Message) -> bool:
        return (self.read_up_to is not None
                and news.is_new(message, self.scope, self.read_up_to))

    def may_correct(self, message: Message) -> bool:
        from app.messages.services import may_correct
        return may_correct(message, self.scope, self.now)

    def may_withdraw(self, message: Message) -> bool:
        from app.messages.services import may_withdraw
        return may_withdraw(message, self.scope)

    def may_report(self, message: Message) -> bool:
        from app.messages.services import may_report
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


def _read_marker(scope: FamilyScope) -> int | None:
    if scope.membership.id is None:
        return None
    return last_seen(scope.membership.id, SEEN_AREA)


def _newest(scope: FamilyScope, size: int, *where) -> tuple[list[Message], bool]:
    """Up to `size` messages, newest first in thread order, and whether more lie below.

    Keyset on position, never OFFSET. A few old rows that were never shared may share a
    position (app/models/messages.py); a page never splits them, so "position below the
    oldest shown" is always the exact page above.
    """
    query = may_see(Message, scope, placeholders=True).where(*where)
    order = (Message.position.desc(), Message.id.desc())
    rows = list(db.session.scalars(
        query.options(selectinload(Message.author)).order_by(*order).limit(size + 1)
    ))
    if len(rows) <= size:
        return rows, False
    last = rows[size - 1].position
    if rows[size].position != last:
        return rows[:size], True
    rows = [m for m in rows if m.position > last] + list(db.session.scalars(
        query.where(Message.position == last).options(selectinload(Message.author))
        .order_by(*order)
    ))
    return rows, _any_below(scope, last)


def _any_below(scope: FamilyScope, position: int) -> bool:
    return db.session.scalar(
        may_see(Message, scope, placeholders=True).where(Message.position < position)
        .with_only_columns(Message.id).limit(1)
    ) is not None


def latest(scope: FamilyScope, since: int | None = None) -> Thread:
    """The newest page; with `since`, every message from that position on (what an open page
    shows, so a page that grew by polling keeps its oldest messages).

    A reader who has not read further up than one page gets the page from the first message
    they have not read (up to LONG_PAGE), so opening the thread shows, and marks, all of it.
    """
    read_up_to = _read_marker(scope)
    rows, more = _latest_rows(scope, since, read_up_to)
    return _thread(scope, rows, more, read_up_to)


def _latest_rows(scope: FamilyScope, since: int | None, read_up_to: int | None):
    if since is not None:
        rows, more = _newest(scope, LONG_PAGE, Message.position >= since)
    else:
        rows, more = _newest(scope, PAGE_SIZE)
        if more and read_up_to is not None and rows[-1].position > read_up_to + 1:
            first_unread = db.session.scalar(
                news.new_to(Message, scope, read_up_to)
                .with_only_columns(func.min(Message.shared_seq)).order_by(None)
            )
            if first_unread is not None and first_unread < rows[-1].position:
                since = first_unread
                rows, more = _newest(scope, LONG_PAGE, Message.position >= since)
    if since is not None and not more and rows:
        more = _any_below(scope, rows[-1].position)
    return rows, more


def read_newest(scope: FamilyScope) -> bool:
    """What opening the thread does to the read marker, without rendering the page (the demo
    data and tests): its newest page is shown, so it is read."""
    rows, _more = _latest_rows(scope, None, _read_marker(scope))
    return mark_read(scope, rows)


def older(scope: FamilyScope, before: int) -> Thread:
    rows, more = _newest(scope, PAGE_SIZE, Message.position < before)
    return _thread(scope, rows, more, _read_marker(scope))


def single(scope: FamilyScope, message: Message) -> Thread:
    """One message with what goes around it, to put back in place after a change. "Seen by"
    is left to the next poll (the change bumped the version), which sees the whole page."""
    thread = Thread(scope=scope, messages=[message], older_before=None,
                    since=message.position, now=utcnow())
    thread.labels = _labels(scope)
    thread.reports = _reports(scope, [message])
    return thread


def _thread(scope: FamilyScope, rows_newest_first: list[Message], more: bool,
            read_up_to: int | None) -> Thread:
    rows = list(reversed(rows_newest_first))
    oldest = rows[0].position if rows else None
    thread = Thread(scope=scope, messages=rows, older_before=oldest if more else None,
                    since=oldest, now=utcnow(), read_up_to=read_up_to)
    thread.labels = _labels(scope)
    thread.seen_by = _seen_by(scope, rows)
    thread.reports = _reports(scope, rows)
    return thread


def _labels(scope: FamilyScope) -> dict[int, Markup]:
    """"Dana — Mom", "Sam — Caseworker" for everyone who ever belonged to the family."""
    rows = db.session.execute(
        select(Membership, User).join(User, User.id == Membership.user_id)
        .where(Membership.family_id == scope.family.id)
    ).all()
    labels = {}
    for membership, user in rows:
        # The relationship ("Abuela") was typed by a person; the role's name is ours.
        ours = escape(str(membership_role_label(membership)))
        label = (ours if membership.role is Role.CASEWORKER
                 else membership.relationship_label or ours)
        labels[user.id] = sentence(_("%(name)s — %(label)s"), name=user.name, label=label)
    return labels


def _seen_by(scope: FamilyScope, rows: list[Message]) -> dict[int, list[str]]:
    """Under the newest message by someone else each person has read, their name
    ("Seen by Rosa and Sam").

    Their receipt marker is the newest `shared_seq` up to which they were shown everything
    (mark_read), and the thread reads in that order, so the name goes under the last message
    they read and claims nothing below it, such as a message approved after they looked.
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
        read = [m for m in shared if m.shared_seq <= seq and m.author_id != user_id]
        if read:
            seen_by.setdefault(read[-1].id, []).append(preferred or display)
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

def _marker_seq(membership_id):
    return (
        select(SeenMarker.last_seen_seq)
        .where(SeenMarker.membership_id == membership_id, SeenMarker.area == SEEN_AREA)
        .scalar_subquery()
    )


def unread_count(scope: FamilyScope) -> int:
    """Messages new to this person (app.moderation.news) since they last read: one query."""
    if scope.membership.id is None:
        return 0  # an admin looking in (app/access.py AdminSeat) has nothing "unread"
    return db.session.scalar(
        news.new_to(Message, scope, func.coalesce(_marker_seq(scope.membership.id), 0))
        .with_only_columns(func.count(Message.id)).order_by(None)
    ) or 0


def unread_by_family(user_id: int) -> dict[int, int]:
    """Unread messages in each of a person's active families, in one grouped query: the same
    rule as `unread_count` (a family's thread is the same for all its active members)."""
    rows = db.session.execute(
        select(Message.family_id, func.count(Message.id))
        .join(Membership, and_(Membership.family_id == Message.family_id,
                               Membership.user_id == user_id))
        .where(Membership.in_effect(), news.is_news(Message, user_id),
               Message.shared_seq > func.coalesce(_marker_seq(Membership.id), 0))
        .group_by(Message.family_id)
    ).all()
    return dict(rows)


def mark_read(scope: FamilyScope, shown: list[Message]) -> bool:
    """The reader was shown these messages (a page, a poll): move their read marker over them.

    Never past a message they were not shown (news.seen_up_to), and only forward (a
    conditional UPDATE, so an old tab cannot move it back). The receipt marker moves the same
    way while they share receipts; when it moves the thread version is bumped so others'
    "seen by" follows. Commits when something moved (True then), keeping the page's rows
    loaded: the commit wrote only the marker, and the page is about to show those rows.
    """
    if scope.membership.id is None or not shown:
        return False  # an admin looking in (app/access.py AdminSeat) keeps no read marker
    marker = marker_row(scope.membership.id, SEEN_AREA)
    moved = move_forward(marker, "last_seen_seq", news.seen_up_to(
        Message, scope, marker.last_seen_seq, shown))
    receipt_moved = scope.membership.user.read_receipts and move_forward(
        marker, "receipt_seq",
        news.seen_up_to(Message, scope, marker.receipt_seq, shown))
    if receipt_moved:
        bump_thread_version(scope.family.id)
    # Their notifications about these messages are read too: they were on the screen.
    mark_subject_read(scope.membership.user_id, "message", [m.id for m in shown])
    session = db.session()
    keep, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()  # also keeps a marker row made on a first look
    finally:
        session.expire_on_commit = keep
    return bool(moved or receipt_moved)
