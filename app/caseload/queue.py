"""The review queue: every item waiting for the caseworker and every open report, oldest first,
across the caseload or for one family; acting on one item; approving a family's items at once.

A page costs a fixed number of queries whatever the caseload: one per kind (keyset on
(created_at, id), never OFFSET), one for the reported items, and a few to load what each card
shows (the message before a message, the time a change would replace, reports). Kinds are
merged in Python by (created_at, kind rank, id), and the page's last key is the next cursor.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from app import moderation
from app.access import FamilyScope
from app.caseload.kinds import KINDS, Kind
from app.events import edits as event_edits
from app.extensions import db
from app.family_time.agenda import entry_for
from app.ids import id_arg
from app.models import Event, FamilyTime, Membership, Message, Photo
from app.models.edits import EVENT, PHOTO
from app.models.reports import Report

PAGE_SIZE = 20
BULK_MAX = 100  # one confirmation shares at most this many: a page a person can still read


# --- The cursor: (created_at, kind rank, id) of the last card shown ------------------------------

CURSOR_YEARS = (2000, 9000)  # nothing in the queue was made outside these

@dataclass(frozen=True, order=True)
class Key:
    at: datetime
    rank: int
    id: int

    def token(self) -> str:
        return f"{self.at.isoformat()}~{self.rank}~{self.id}"

    @classmethod
    def parse(cls, value: str | None) -> "Key | None":
        """The cursor from the address, or None (the first page) for anything we did not make.

        Bounded like ids (`app.ids`): a date near year 1 or 9999 with an offset overflows when
        the column turns it to UTC (OverflowError: a 500 for a page that does not exist).
        """
        try:
            at, rank, item_id = (value or "").split("~")
            moment = datetime.fromisoformat(at)
            if moment.tzinfo is None:
                return None
            key = cls(moment.astimezone(UTC), int(rank), id_arg(item_id))
        except (ValueError, OverflowError):
            return None
        return key if CURSOR_YEARS[0] <= key.at.year <= CURSOR_YEARS[1] and 0 <= key.rank < 10 \
            else None


REPORT_RANK = 9  # a reported item sorts after waiting items of the same moment


def _after(at_column, id_column, rank: int, cursor: Key | None):
    """Rows whose key comes after the cursor, for a query whose rows all have `rank`."""
    if cursor is None:
        return True
    if rank > cursor.rank:
        return at_column >= cursor.at
    if rank < cursor.rank:
        return at_column > cursor.at
    return or_(at_column > cursor.at, and_(at_column == cursor.at, id_column > cursor.id))


# --- Cards ------------------------------------------------------------------------------------

@dataclass
class Card:
    """One item in the queue as the family would see it, with what the caseworker needs."""

    kind: Kind
    item: object
    scope: FamilyScope
    reports: list[Report] = field(default_factory=list)  # open ones: the card is a report
    before: Message | None = None  # a message: the one before it, as the family reads it
    replaces: object = None  # a family-time change: the time it would replace (an Entry)
    entry: object = None  # family time: its (first or next) occurrence
    target: object = None  # an edit: the event or photo as the family reads it now
    changed: object = None  # an edit of an event: the event as the change would make it

    @property
    def is_report(self) -> bool:
        return bool(self.reports)

    @property
    def family(self):
        return self.scope.family

    @property
    def dom_id(self) -> str:
        return f"q-{self.kind.key}-{self.item.id}"

    @property
    def key(self) -> Key:
        if self.reports:
            return Key(self.reports[0].created_at, REPORT_RANK, self.item.id)
        return Key(self.item.created_at, self.kind.rank, self.item.id)

    @property
    def seen(self) -> str:
        """The version the caseworker reads (a message's last correction, an event's edits,
        what an edit changes…), sent with Approve and "share all"."""
        return self.kind.version(self.item, self.target)


@dataclass(frozen=True)
class QueuePage:
    cards: list[Card]
    next_after: str | None  # the cursor of the next page; None at the end


def _options(kind: Kind):
    if kind.model is Event:
        return [selectinload(Event.children)]
    if kind.model is FamilyTime:  # the card names the parents and the host
        return [selectinload(FamilyTime.children), selectinload(FamilyTime.occurrences),
                selectinload(FamilyTime.parents).selectinload(Membership.user),
                selectinload(FamilyTime.host).selectinload(Membership.user)]
    if kind.key == "about":
        return [selectinload(kind.model.child)]
    return []


def _waiting_cards(scopes, by_family, cursor: Key | None, size: int) -> list[Card]:
    cards = []
    for kind in KINDS.values():
        model = kind.model
        rows = db.session.scalars(
            kind.waiting(moderation.reviewable(model, scopes))
            .where(_after(model.created_at, model.id, kind.rank, cursor))
            .options(selectinload(model.author), *_options(kind))
            .order_by(model.created_at, model.id).limit(size + 1)
        )
        cards += [Card(kind, item, by_family[item.family_id]) for item in rows]
    return cards


def _report_cards(scopes, by_family, cursor: Key | None, size: int) -> list[Card]:
    """Reported items with open reports, by their first open report: one grouped query, one
    for the reports, and one per kind that has reported items."""
    first_at = func.min(Report.created_at)
    groups = db.session.execute(
        select(Report.item_kind, Report.item_id)
        .where(Report.family_id.in_([s.family.id for s in scopes]), Report.resolved_at.is_(None),
               Report.item_kind.in_(list(KINDS)))
        .group_by(Report.family_id, Report.item_kind, Report.item_id)
        .having(_after(first_at, Report.item_id, REPORT_RANK, cursor))
        .order_by(first_at, Report.item_id).limit(size + 1)
    ).all()
    if not groups:
        return []
    wanted: dict[str, list[int]] = {}
    for kind_key, item_id in groups:
        wanted.setdefault(kind_key, []).append(item_id)
    reports: dict[tuple[str, int], list[Report]] = {}
    for report in db.session.scalars(
        select(Report).where(Report.family_id.in_([s.family.id for s in scopes]),
                             Report.resolved_at.is_(None),
                             or_(*(and_(Report.item_kind == k, Report.item_id.in_(ids))
                                   for k, ids in wanted.items())))
        .options(selectinload(Report.reporter)).order_by(Report.created_at, Report.id)
    ):
        reports.setdefault((report.item_kind, report.item_id), []).append(report)
    cards = []
    for kind_key, ids in wanted.items():
        kind = KINDS[kind_key]
        for item in db.session.scalars(
            moderation.reviewable(kind.model, scopes).where(kind.model.id.in_(ids))
            .options(selectinload(kind.model.author), *_options(kind))
        ):
            found = reports.get((kind_key, item.id))
            if found and found[0].family_id == item.family_id:
                cards.append(Card(kind, item, by_family[item.family_id], reports=found))
    return cards


def _add_context(cards: list[Card], scopes) -> None:
    """The message before each message and the time each change replaces: two queries each."""
    messages = [c for c in cards if c.kind.key == "message"]
    if messages:
        earlier = aliased(Message)
        # What the whole family read just before it (may_see's shared_only: visible ones).
        before_id = (select(func.max(earlier.id))
                     .where(earlier.family_id == Message.family_id, earlier.id < Message.id,
                            moderation.shared(earlier))
                     .correlate(Message).scalar_subquery())
        pairs = dict(db.session.execute(
            moderation.reviewable(Message, scopes)
            .where(Message.id.in_([c.item.id for c in messages]))
            .with_only_columns(Message.id, before_id)
        ).all())
        befores = {m.id: m for m in db.session.scalars(
            moderation.reviewable(Message, scopes)
            .where(Message.id.in_([i for i in pairs.values() if i]))
            .options(selectinload(Message.author))
        )}
        for card in messages:
            card.before = befores.get(pairs.get(card.item.id))
    times = [c for c in cards if c.kind.key == "family_time"]
    replaced_ids = [c.item.replaces_id for c in times if c.item.replaces_id]
    replaced = {item.id: item for item in db.session.scalars(
        moderation.reviewable(FamilyTime, scopes).where(FamilyTime.id.in_(replaced_ids))
        .options(selectinload(FamilyTime.children), selectinload(FamilyTime.occurrences))
    )} if replaced_ids else {}
    for card in times:
        card.entry = entry_for(card.scope, card.item, card.item.first_date)
        old = replaced.get(card.item.replaces_id)
        if old is not None:
            card.replaces = entry_for(card.scope, old, card.item.replaces_date or old.first_date)
    _add_targets([c for c in cards if c.kind.key == "edit"], scopes)


def _add_targets(cards: list[Card], scopes) -> None:
    """What each edit changes, as the family reads it now: one query per kind of item."""
    for item_kind, model, options in ((EVENT, Event, [selectinload(Event.children)]),
                                      (PHOTO, Photo, [])):
        ids = [c.item.item_id for c in cards if c.item.item_kind == item_kind]
        if not ids:
            continue
        found = {row.id: row for row in db.session.scalars(
            moderation.reviewable(model, scopes).where(model.id.in_(ids)).options(*options))}
        for card in cards:
            target = found.get(card.item.item_id) if card.item.item_kind == item_kind else None
            if target is None or target.family_id != card.item.family_id:
                continue
            card.target = target
            if item_kind == EVENT:
                card.changed = event_edits.view(
                    target, {**event_edits.columns_of(target), **card.item.values},
                    card.family.children)


def queue_page(scopes: list[FamilyScope], after: str | None = None,
               size: int | None = None) -> QueuePage:
    """The next `size` cards after the cursor, oldest first, from every kind and every report."""
    # Read at call time, not bound as a default when the module loads, so a test that sets a
    # small PAGE_SIZE really pages.
    size = size or PAGE_SIZE
    if not scopes:
        return QueuePage(cards=[], next_after=None)
    cursor = Key.parse(after)
    by_family = {scope.family.id: scope for scope in scopes}
    cards = (_waiting_cards(scopes, by_family, cursor, size)
             + _report_cards(scopes, by_family, cursor, size))
    cards.sort(key=lambda card: card.key)
    page, more = cards[:size], len(cards) > size
    _add_context(page, scopes)
    return QueuePage(cards=page, next_after=page[-1].key.token() if more else None)


def card_for(scope: FamilyScope, kind: Kind, item) -> Card:
    """One item's card as it is now, to put back in place after a refused action."""
    open_reports = list(db.session.scalars(
        select(Report).where(Report.family_id == scope.family.id, Report.item_kind == kind.key,
                             Report.item_id == item.id, Report.resolved_at.is_(None))
        .options(selectinload(Report.reporter)).order_by(Report.created_at, Report.id)
    ))
    card = Card(kind, item, scope, reports=open_reports)
    _add_context([card], [scope])
    return card


def load_item(scope: FamilyScope, kind: Kind, item_id: int):
    """One item of this family, for its caseworker (None: the route answers 404)."""
    return db.session.scalar(moderation.may_see(kind.model, scope)
                             .where(kind.model.id == item_id))


# --- Acting on one item -----------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    message: str
    category: str  # "success", or "info" when someone else was quicker
    done: bool


def _already(item, scope: FamilyScope) -> str:
    """What happened instead, said plainly: someone (or this person, in another tab) was
    quicker, or the author took the item back or corrected it."""
    db.session.rollback()
    db.session.refresh(item)
    mine = item.moderated_by_id == scope.membership.user_id
    if item.is_visible and item.moderated_by_id is not None:
        return _("You already approved this.") if mine else _(
            "Already approved by someone else.")
    if item.is_declined:
        return _("You already chose not to share this.") if mine else _(
            "Already not shared, by someone else.")
    if item.is_hidden:
        return _("You already hid this.") if mine else _("Already hidden by someone else.")
    if item.is_withdrawn:
        return _("The person who shared it took it back.")
    if getattr(item, "is_expired", False):
        return _("This request was not answered by its confirm-by date, so it can no longer "
                 "be approved.")
    return _("This has changed since you opened the page. Here is how it is now.")


def approve(scope: FamilyScope, kind: Kind, item, seen: str = "") -> Answer:
    """Approve what the caseworker read: `seen` is the card's version when they read it. A
    change since (a correction, an edit, a new caption) is never approved unread; the
    approval itself is conditional on the same version, so a change at this very moment
    loses to it or wins over it, never both."""
    current = card_for(scope, kind, item).seen
    if seen != current:
        if kind.key == "message":
            return Answer(_("This message was corrected after you opened the page. Please "
                            "read it again."), "info", False)
        return Answer(_("This was changed after you opened the page. Please read it again."),
                      "info", False)
    try:
        kind.approve(scope, item, seen=seen)
    except moderation.NotAllowed as refused:
        return Answer(_refusal(refused) or _already(item, scope), "info", False)
    return Answer(_("Shared with the family."), "success", True)


def decline(scope: FamilyScope, kind: Kind, item, reason: str) -> Answer:
    try:
        kind.decline(scope, item, reason)
    except moderation.NotAllowed as refused:
        return Answer(_refusal(refused) or _already(item, scope), "info", False)
    return Answer(_("Not shared. The person who shared it can read your reason."),
                  "success", True)


def hide(scope: FamilyScope, kind: Kind, item, reason: str) -> Answer:
    if kind.hide is None:
        return Answer(_("This cannot be hidden here."), "info", False)
    try:
        kind.hide(scope, item, reason)
    except moderation.NotAllowed as refused:
        return Answer(_refusal(refused) or _already(item, scope), "info", False)
    return Answer(_("Hidden. It stays in the family record, and the person who shared it can "
                    "read your reason."), "success", True)


def _refusal(refused: Exception) -> str:
    """A feature's own kind explanation (family time: a conflict), when it gives one."""
    message = getattr(refused, "message", None)
    if message is None:
        return ""
    db.session.rollback()
    return str(message)


# --- Approving a family's waiting items at once -----------------------------------------------

def bulk_cards(scope: FamilyScope) -> list[Card]:
    """What "share all" would share: the family's oldest waiting items (no reports)."""
    cards = _waiting_cards([scope], {scope.family.id: scope}, None, BULK_MAX)
    cards.sort(key=lambda card: card.key)
    cards = cards[:BULK_MAX]
    # Shown "in full, as in the queue": the same context (a family time's date, what a
    # change replaces, the message before, what an edit changes), and an edit's version.
    _add_context(cards, [scope])
    return cards


def bulk_token(cards: list[Card]) -> str:
    """The items as the caseworker saw them on the confirmation page, each with the version
    it showed (every kind has one): only these are shared, and only as they were read."""
    return " ".join(f"{c.kind.key}:{c.item.id}:{c.seen}" for c in cards)


@dataclass(frozen=True)
class BulkResult:
    shared: int
    skipped: int


def approve_all(scope: FamilyScope, token: str) -> BulkResult:
    """Share each item named in `token` through its own service (one audit event each); an
    item that changed since the page was shown (approved, taken back, corrected, edited) is
    skipped: `approve` compares its version and approves on a conditional UPDATE of it."""
    shared = skipped = 0
    for part in token.split()[:BULK_MAX]:
        kind_key, _sep, rest = part.partition(":")
        item_id, _sep, seen = rest.partition(":")
        kind = KINDS.get(kind_key)
        try:
            number = id_arg(item_id)
        except ValueError:
            number = None
        item = load_item(scope, kind, number) if kind and number is not None else None
        if item is None or not item.is_pending:
            skipped += 1
            continue
        if approve(scope, kind, item, seen).done:
            shared += 1
        else:
            skipped += 1
    return BulkResult(shared=shared, skipped=skipped)
