"""Who is in one family time, and so who may cancel it and who reads its private parts.

The people in a family time are its parents and its host. A time with no parent chosen (the
caseworker may leave the box empty) is with the family's parents, so every parent is in it.

- Cancelling: the people in it and the caseworker. Anyone else (the other parent of a family
  whose parents are apart, a parent partner) is refused, and the court record never counts a
  cancellation by someone else against a parent (`cancelled_by_its_parent`).
- How it is supervised and who supervises: the people in it, the person who asked for it and
  the caseworker. They need to know who will be there and whom to meet. Anyone else would
  learn another parent's level from it (two parents may be apart; see `levels.py`).
- Notes: the person who wrote them (who asked for the time) and the caseworker. The
  caseworker's planning notes may be about supervision or safety; a parent's notes to the
  caseworker are theirs. What the whole family needs goes in "Where".

Every view asks these (the family-time page, the agenda and month, the `.ics` file and the
calendar feed, the court record and its CSV, the change forms): docs/family-time.md,
"Who reads what". The export and the review queue are for staff, who read everything.
"""

from app.access import FamilyScope
from app.models import FamilyTime, Role


def is_in(item: FamilyTime, membership) -> bool:
    """Whether `membership` is one of the people this family time is with (parent or host)."""
    if membership is None or membership.id is None:  # an admin's seat is no member
        return False
    if item.host_id is not None and item.host_id == membership.id:
        return True
    return is_its_parent(item, membership)


def is_its_parent(item: FamilyTime, membership) -> bool:
    """A parent this family time is with (any parent when none was chosen)."""
    if membership is None or membership.role is not Role.PARENT:
        return False
    return not item.parents or any(p.id == membership.id for p in item.parents)


def _is_author(scope: FamilyScope, item: FamilyTime) -> bool:
    return item.author_id == scope.membership.user_id


def may_cancel(scope: FamilyScope, item: FamilyTime) -> bool:
    return scope.is_caseworker or is_in(item, scope.membership)


def sees_supervisor(scope: FamilyScope, item: FamilyTime) -> bool:
    return scope.is_caseworker or is_in(item, scope.membership) or _is_author(scope, item)


def sees_notes(scope: FamilyScope, item: FamilyTime) -> bool:
    return scope.is_caseworker or _is_author(scope, item)
