"""Changing a family's review level: the caseworker's choice, with a reason, in the record.

Only the level changes. Items keep the state they have: a waiting item still waits for the
caseworker, and a declined or hidden one stays out of sight (DESIGN.md, Moderation); only
items shared from now on start where the new level says (`initial_content_state`).
"""

from sqlalchemy import update

from app.access import FamilyScope
from app.extensions import db
from app.models import Family, ReviewLevel
from app.models.audit import record


class NotAllowed(Exception):
    """Not the family's caseworker, or the level was changed by someone else meanwhile."""


def change_level(scope: FamilyScope, new: ReviewLevel, reason: str) -> None:
    """One conditional UPDATE, so two caseworkers changing it at once write one change."""
    if not scope.is_caseworker:
        raise NotAllowed("only the family's caseworker sets the review level")
    old = scope.family.review_level
    if new is old:
        raise NotAllowed("the level is already this")
    changed = db.session.execute(
        update(Family)
        .where(Family.id == scope.family.id, Family.review_level == old)
        .values(review_level=new)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise NotAllowed("the level has changed meanwhile")
    record("family.review_level_changed", actor=scope.membership.user, family_id=scope.family.id,
           subject=scope.family, reason=reason.strip(), **{"from": old.value, "to": new.value})
    db.session.commit()
    db.session.refresh(scope.family)
