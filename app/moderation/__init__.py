"""Moderation of shared items: the one service that moves any item between states, and the
one query that says which items a reader may see (DESIGN.md, "Shared items and moderation").

Features call these and never write `state` themselves or filter on it by hand, so a hidden
item cannot leak through a page, fragment, count or download that forgot a rule.
"""

from app.moderation.services import (
    NotAllowed,
    approve,
    close_reports,
    decline,
    hide,
    may_see,
    new_item_state,
    number_new,
    number_shared,
    return_for_review,
    reviewable,
    shared,
    still_open,
    waiting,
    withdraw,
)

__all__ = ["NotAllowed", "approve", "close_reports", "decline", "hide", "may_see", "new_item_state",
           "number_new", "number_shared",
           "return_for_review", "reviewable", "shared", "still_open", "waiting", "withdraw"]
