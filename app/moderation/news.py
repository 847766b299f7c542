"""What is new to a reader, and how far a page may move their "seen" marker.

One rule for every kind in order of sharing (messages, photos, events, "about me"):

* New to you: visible to you (`may_see`), shared after your marker (`shared_seq`), not
  written by you, and not approved by you. The caseworker reads an item to approve it, so it
  is not news to them afterwards; an item that still waits is never "new" for anyone: the
  caseworker finds it under "What waits for your review", not here.
* A page moves your marker only over what it showed: up to the newest item on it, but never
  past an item new to you that it did not show (one approved late, further down a list).
"""

from sqlalchemy import Select, and_, func, or_

from app.access import FamilyScope
from app.extensions import db
from app.models.states import ContentState
from app.moderation.services import may_see


def is_news(model, user_id: int):
    """The rule above for one person, as a clause (the caller adds the marker)."""
    return and_(model.state == ContentState.VISIBLE, model.author_id != user_id,
                or_(model.moderated_by_id.is_(None), model.moderated_by_id != user_id))


def new_to(model, scope: FamilyScope, after) -> Select:
    """The `model` items new to this reader since `after` (a number, or a marker subquery)."""
    return may_see(model, scope).where(is_news(model, scope.membership.user_id),
                                       model.shared_seq > after)


def is_new(item, scope: FamilyScope, after: int) -> bool:
    """The same rule for one loaded item, to mark it "New" on the page."""
    me = scope.membership.user_id
    return (item.is_visible and item.shared_seq > after and item.author_id != me
            and item.moderated_by_id != me)


def seen_up_to(model, scope: FamilyScope, after: int, shown) -> int:
    """How far the reader's marker (now at `after`) may move, the page having shown `shown`.

    Up to the newest item shown, except that an item new to the reader which the page did not
    show stops it just below that item's number. One query, only when the page showed
    something newer than the marker.
    """
    newest = max((item.shared_seq for item in shown if item.is_visible), default=0)
    if newest <= after:
        return after
    first_unshown = db.session.scalar(
        new_to(model, scope, after)
        .where(model.shared_seq <= newest, model.id.not_in([item.id for item in shown]))
        .with_only_columns(func.min(model.shared_seq))
        .order_by(None)
    )
    return newest if first_unshown is None else max(after, first_unshown - 1)
