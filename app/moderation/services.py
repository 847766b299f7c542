"""Approve, decline, hide, withdraw; where a new item starts; and "what this reader may see".

Each change is one conditional `UPDATE … WHERE state = :expected` and one audit event in the
same transaction, so two caseworkers acting at once cannot both win, and nothing changes
without a line in the family record.
"""

from sqlalchemy import Select, and_, or_, select, update

from app.access import FamilyScope
from app.extensions import db
from app.models.audit import record
from app.models.states import ContentState, can_move, initial_content_state
from app.models.types import utcnow

# What the author still sees of their own item: that it waits, or why it did not go out.
AUTHOR_ALSO_SEES = (ContentState.PENDING, ContentState.DECLINED, ContentState.HIDDEN)


class NotAllowed(Exception):
    """This person may not make this change, or the item is no longer in the expected state."""


def new_item_state(scope: FamilyScope) -> ContentState:
    """Where an item the scoped person shares starts, by the family's review level."""
    return initial_content_state(scope.family.review_level, author_is_staff=scope.is_caseworker)


def may_see(model, scope: FamilyScope) -> Select:
    """A SELECT of the `model` items of the scoped family that the scoped person may see.

    Everyone: visible items. The author: also their own pending, declined and hidden ones (with
    the reason). The family's caseworker: everything, to review and keep the record.
    """
    query = select(model).where(model.family_id == scope.family.id)
    if scope.is_caseworker:
        return query
    me = scope.membership.user_id
    return query.where(
        or_(
            model.state == ContentState.VISIBLE,
            and_(model.author_id == me, model.state.in_(AUTHOR_ALSO_SEES)),
        )
    )


def approve(item, scope: FamilyScope) -> None:
    _moderate(item, scope, ContentState.PENDING, ContentState.VISIBLE, "approved", reason="")


def decline(item, scope: FamilyScope, reason: str) -> None:
    _moderate(item, scope, ContentState.PENDING, ContentState.DECLINED, "declined", reason)


def hide(item, scope: FamilyScope, reason: str) -> None:
    _moderate(item, scope, ContentState.VISIBLE, ContentState.HIDDEN, "hidden", reason)


def withdraw(item, scope: FamilyScope) -> None:
    """The author takes back their own visible item; it stays in the record."""
    if item.author_id != scope.membership.user_id:
        raise NotAllowed("only the author withdraws")
    _move(item, scope, ContentState.VISIBLE, ContentState.WITHDRAWN, "withdrawn", reason="")


def _moderate(item, scope: FamilyScope, expected, new, action: str, reason: str) -> None:
    if not scope.is_caseworker:
        raise NotAllowed("only the family's caseworker moderates")
    _move(item, scope, expected, new, action, reason.strip())


def _move(item, scope: FamilyScope, expected: ContentState, new: ContentState, action: str,
          reason: str) -> None:
    if item.family_id != scope.family.id or not can_move(expected, new):
        raise NotAllowed("not this family's item")
    model = type(item)
    actor_id = scope.membership.user_id
    changed = db.session.execute(
        update(model)
        .where(model.id == item.id, model.family_id == scope.family.id, model.state == expected)
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
    )
    item.after_state_change(new)
    db.session.commit()
    db.session.refresh(item)
