"""Approve, decline, hide, withdraw; where a new item starts; and "what this reader may see".

Each change is one conditional `UPDATE … WHERE state = :expected` and one audit event in the
same transaction, so two caseworkers acting at once cannot both win, and nothing changes
without a line in the family record.
"""

from sqlalchemy import Select, and_, or_, select, update

from app.access import FamilyScope
from app.extensions import db
from app.models.audit import record
from app.models.reports import Report, ReportOutcome
from app.models.shared import SharedInOrder
from app.models.states import ContentState, ReviewLevel, can_move, initial_content_state
from app.models.types import utcnow

# What the author still sees of their own item: that it waits, or why it did not go out.
AUTHOR_ALSO_SEES = (ContentState.PENDING, ContentState.DECLINED, ContentState.HIDDEN)


class NotAllowed(Exception):
    """This person may not make this change, or the item is no longer in the expected state."""


def new_item_state(scope: FamilyScope, *, always_reviewed: bool = False) -> ContentState:
    """Where an item the scoped person shares starts, by the family's review level.
    `always_reviewed`: a kind the caseworker answers whatever the level (family time asked
    for by a parent or resource parent)."""
    level = ReviewLevel.REVIEWED if always_reviewed else scope.family.review_level
    return initial_content_state(level, author_is_staff=scope.is_caseworker)


def number_new(item) -> None:
    """Give a new item (not yet flushed) its place in the family's order of sharing.

    Every feature calls this where it makes an item, so the one counter the database keeps
    per family decides the order for every kind. An item shared at once takes its number now;
    one that waits takes it when approved (`approve`), so it is new to readers who looked
    in the meantime. Kinds listed in that order (messages, photos) also take a position now,
    where their author and the caseworker see them while they wait.
    """
    model = type(item)
    if not isinstance(item, SharedInOrder):
        return
    number = model.next_share_number(item.family_id)
    if model.position_column:
        setattr(item, model.position_column, number)
    if item.state is ContentState.VISIBLE:
        item.shared_seq = number


def number_shared(item) -> None:
    """The item has just become visible to the family: the next number in its order (and the
    next place, for kinds listed in that order), in the caller's transaction. `approve` calls
    it; so should any other approval that makes something newly visible (an approved change
    to a shared item), so that it is new to those who looked before."""
    model = type(item)
    if not isinstance(item, SharedInOrder):
        return
    number = model.next_share_number(item.family_id)
    values = {"shared_seq": number}
    if model.position_column:
        values[model.position_column] = number
    db.session.execute(update(model).where(model.id == item.id).values(values)
                       .execution_options(synchronize_session=False))


def shared(model):
    """The condition "shared with the whole family" for `model` (a model or an alias): what
    every member sees. For a query that is not one scoped family's, such as one person's
    families at once; one family's reads use `may_see`."""
    return model.state == ContentState.VISIBLE


def waiting(model):
    """The condition "waiting for the caseworker" for `model`."""
    return model.state == ContentState.PENDING


def still_open(model):
    """The condition "waiting or shared" for `model`: not declined, hidden or taken back, so
    it still holds its place (a make-up time planned or asked for)."""
    return model.state.in_((ContentState.PENDING, ContentState.VISIBLE))


def may_see(model, scope: FamilyScope, *, placeholders: bool = False,
            shared_only: bool = False) -> Select:
    """A SELECT of the `model` items of the scoped family that the scoped person may see.

    Everyone: visible items. The author: also their own pending, declined and hidden ones (with
    the reason). The family's caseworker: everything, to review and keep the record.
    With `placeholders`, also the items of the kind's `placeholder_clause` (a withdrawn
    message that had been shared), which the page shows to non-caseworkers as "withdrawn" and
    never with content.
    """
    query = select(model).where(model.family_id == scope.family.id)
    if shared_only:
        # What the whole family sees, for anyone: calendar feeds and "add to my calendar" files.
        return query.where(shared(model))
    if scope.is_caseworker:
        return query
    me = scope.membership.user_id
    everyone_sees = [shared(model)]
    if placeholders and model.placeholder_clause() is not None:
        everyone_sees.append(model.placeholder_clause())
    return query.where(
        or_(
            *everyone_sees,
            and_(model.author_id == me, model.state.in_(AUTHOR_ALSO_SEES)),
        )
    )


def approve(item, scope: FamilyScope, *, unchanged: dict | None = None, then=None,
            detail: dict | None = None) -> None:
    """Share a waiting item. `unchanged` ({column: value as the caseworker saw it}) makes the
    approval fail if the author changed the item after the caseworker read it. `then`: more
    of the same change (an approved edit written into its event), committed with it or
    rolled back with it when it raises; `detail`: more for the audit line (old and new)."""
    _moderate(item, scope, ContentState.PENDING, ContentState.VISIBLE, "approved", reason="",
              unchanged=unchanged, then=then, detail=detail)


def decline(item, scope: FamilyScope, reason: str) -> None:
    _moderate(item, scope, ContentState.PENDING, ContentState.DECLINED, "declined", reason)


def hide(item, scope: FamilyScope, reason: str) -> None:
    """Hide a shared item; its open reports close with it (same transaction), wherever the
    caseworker hid it from, so the queue keeps no "Reported" card for a hidden item and each
    reporter learns their caseworker looked at it."""
    _moderate(item, scope, ContentState.VISIBLE, ContentState.HIDDEN, "hidden", reason,
              then=lambda: close_reports(item, scope, ReportOutcome.HIDDEN, reason.strip()))


def close_reports(item, scope: FamilyScope, outcome: ReportOutcome, note: str) -> int:
    """Close every open report on the item in one conditional UPDATE (`resolved_at IS NULL`:
    of two caseworkers at once only one closes them), with one audit event if any closed.
    The count closed (0: none was open, or someone else was quicker). The caller commits."""
    if not scope.is_caseworker or item.family_id != scope.family.id:
        raise NotAllowed("only the family's caseworker resolves reports")
    return _close_open_reports(item, scope, outcome, note)


def _close_open_reports(item, scope: FamilyScope, outcome: ReportOutcome, note: str) -> int:
    closed = db.session.execute(
        update(Report)
        .where(Report.family_id == scope.family.id, Report.item_kind == item.audit_name,
               Report.item_id == item.id, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=scope.membership.user_id,
                outcome=outcome, resolution=note)
        .execution_options(synchronize_session=False)
    ).rowcount
    if closed:
        record("report.resolved", actor=scope.membership.user, family_id=scope.family.id,
               subject=item, outcome=outcome.value, reports=closed, note=note)
    return closed


def withdraw(item, scope: FamilyScope, *, then=None) -> None:
    """The author takes back their own shared or still waiting item; it stays in the record.
    Its open reports close with it (same transaction, outcome "withdrawn"), as with `hide`:
    nobody else sees the item any more, so the queue keeps no card a caseworker could act on.
    `then`: more of the same change (the author's new edit that replaces this waiting one),
    committed with it or rolled back with it."""
    if item.author_id != scope.membership.user_id:
        raise NotAllowed("only the author withdraws")
    expected = item.state if item.state is ContentState.PENDING else ContentState.VISIBLE

    def close_reports_then():
        _close_open_reports(item, scope, ReportOutcome.WITHDRAWN, "")
        if then is not None:
            then()

    _move(item, scope, expected, ContentState.WITHDRAWN, "withdrawn", reason="",
          then=close_reports_then)


def return_for_review(item, scope: FamilyScope) -> None:
    """The author changed their shared item in a reviewed family: it waits for review again,
    so nobody else reads a change the caseworker has not seen. The caller's pending change
    (the new text) is committed with the state change, or rolled back with it."""
    if item.author_id != scope.membership.user_id:
        raise NotAllowed("only the author's own change goes back to review")
    _move(item, scope, ContentState.VISIBLE, ContentState.PENDING, "returned_for_review",
          reason="")


def _moderate(item, scope: FamilyScope, expected, new, action: str, reason: str,
              unchanged: dict | None = None, then=None, detail: dict | None = None) -> None:
    if not scope.is_caseworker:
        raise NotAllowed("only the family's caseworker moderates")
    _move(item, scope, expected, new, action, reason.strip(), unchanged, then, detail)


def _move(item, scope: FamilyScope, expected: ContentState, new: ContentState, action: str,
          reason: str, unchanged: dict | None = None, then=None,
          detail: dict | None = None) -> None:
    """`then`: more of the same change (closing reports, applying an edit), committed or not
    with it: when it raises, nothing of the change is kept."""
    if item.family_id != scope.family.id or not can_move(expected, new):
        raise NotAllowed("not this family's item")
    model = type(item)
    actor_id = scope.membership.user_id
    still_as_seen = [getattr(model, column).is_(None) if value is None
                     else getattr(model, column) == value
                     for column, value in (unchanged or {}).items()]
    changed = db.session.execute(
        update(model)
        .where(model.id == item.id, model.family_id == scope.family.id, model.state == expected,
               *still_as_seen)
        .values(state=new, state_reason=reason, moderated_by_id=actor_id, moderated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise NotAllowed("the item's state has changed")
    record(
        f"{model.audit_name}.{action}",
        actor=scope.membership.user,
        family_id=scope.family.id,
        subject=item,
        reason=reason,
        **item.audit_detail(),
        **(detail or {}),
    )
    if new is ContentState.VISIBLE:
        number_shared(item)
    item.after_state_change(new)
    # Who hears of it (the family, the author, the caseworkers), in this same transaction.
    from app.notifications import notify  # below moderation: it asks "may see" at sending

    notify.item_moved(item, action, actor_id)
    if then is not None:
        try:
            then()
        except BaseException:
            db.session.rollback()
            raise
    db.session.commit()
    db.session.refresh(item)


def reviewable(model, scopes) -> Select:
    """Every `model` item of the families these caseworker scopes moderate, in one SELECT: the
    caseload's counts and review queue read many families at once without one query each.

    The same rule as `may_see` for a caseworker (everything of their family); any other scope
    is refused, so a member's scope can never widen to a family list.
    """
    if not all(scope.is_caseworker for scope in scopes):
        raise NotAllowed("only caseworkers review across their caseload")
    return select(model).where(model.family_id.in_([scope.family.id for scope in scopes]))
