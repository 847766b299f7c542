"""The words every kind of shared item and every family uses for its state (DESIGN.md)."""

import enum


class ReviewLevel(enum.StrEnum):
    REVIEWED = "reviewed"  # new items wait for the caseworker before others see them
    OPEN = "open"  # items are shared at once; the caseworker can still hide one


class ContentState(enum.StrEnum):
    PENDING = "pending"
    VISIBLE = "visible"
    DECLINED = "declined"
    HIDDEN = "hidden"
    WITHDRAWN = "withdrawn"


# pending → visible | declined | withdrawn (author); visible → hidden (moderator) |
# withdrawn (author) | pending (the author corrected it in a reviewed family: it is read again).
CONTENT_TRANSITIONS: dict[ContentState, frozenset[ContentState]] = {
    ContentState.PENDING: frozenset(
        {ContentState.VISIBLE, ContentState.DECLINED, ContentState.WITHDRAWN}
    ),
    ContentState.VISIBLE: frozenset(
        {ContentState.HIDDEN, ContentState.WITHDRAWN, ContentState.PENDING}
    ),
    ContentState.DECLINED: frozenset(),
    ContentState.HIDDEN: frozenset(),
    ContentState.WITHDRAWN: frozenset(),
}


def initial_content_state(review_level: ReviewLevel, *, author_is_staff: bool) -> ContentState:
    """Where a new item starts: staff items and items in open families are shared at once."""
    if author_is_staff or review_level is ReviewLevel.OPEN:
        return ContentState.VISIBLE
    return ContentState.PENDING


def can_move(current: ContentState, new: ContentState) -> bool:
    return new in CONTENT_TRANSITIONS[current]
