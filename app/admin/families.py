"""Admin rules for families: listing every family with its caseworkers, and assigning one.

Opening a family as an admin is recorded by the family-scope helper (app/access.py), in one
place for every family page.
"""

from dataclasses import dataclass

from sqlalchemy import select, update

from app.admin.services import like_pattern
from app.extensions import db
from app.models import Family, Membership, MembershipStatus, Role, User
from app.models.audit import record
from app.models.types import utcnow
from app.pagination import KeysetPage, keyset_page

PAGE_SIZE = 25


class NoChange(Exception):
    """The chosen person is already the family's only caseworker."""


class InAnotherRole(Exception):
    """The chosen person belongs to the family in another role (a parent cannot review)."""


@dataclass(frozen=True)
class FamilyLine:
    family: Family
    caseworkers: list[User]


def families_page(query: str, before: int | None) -> KeysetPage:
    """Newest families first, by keyset; with `query`, those whose name holds it.

    Two queries for the whole page, however many families it shows.
    """
    rows = select(Family)
    text = (query or "").strip()
    if text:
        rows = rows.where(Family.name.ilike(like_pattern(text), escape="\\"))
    page = keyset_page(rows, Family.id, before=before, size=PAGE_SIZE)
    by_family = caseworkers_of([f.id for f in page.items])
    lines = [FamilyLine(f, by_family.get(f.id, [])) for f in page.items]
    return KeysetPage(items=lines, next_before=page.next_before)


def caseworkers_of(family_ids: list[int]) -> dict[int, list[User]]:
    """The active caseworkers of each family, in one query."""
    if not family_ids:
        return {}
    rows = db.session.execute(
        select(Membership.family_id, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.family_id.in_(family_ids), Membership.role == Role.CASEWORKER,
               Membership.status == MembershipStatus.ACTIVE)
        .order_by(User.display_name)
    )
    found: dict[int, list[User]] = {}
    for family_id, user in rows:
        found.setdefault(family_id, []).append(user)
    return found


def assignable_caseworkers() -> list[User]:
    """Staff accounts that are turned on: the people who may be given a family."""
    return list(db.session.scalars(
        select(User).where(User.is_staff, User.deactivated_at.is_(None))
        .order_by(User.display_name)
    ))


def assign_caseworker(family: Family, new: User, *, actor: User, reason: str) -> None:
    """Make `new` the family's caseworker. Every other caseworker's membership ends now, so
    they lose access on their next request (pages, polls and calendar feed all check it).

    One audit event says who was caseworker before, who is now, and why.
    """
    reason = reason.strip()
    current = list(db.session.scalars(
        select(Membership).where(Membership.family_id == family.id,
                                 Membership.role == Role.CASEWORKER,
                                 Membership.status == MembershipStatus.ACTIVE)
        .order_by(Membership.id)
    ))
    if [m.user_id for m in current] == [new.id]:
        raise NoChange
    mine = db.session.scalar(
        select(Membership).where(Membership.family_id == family.id,
                                 Membership.user_id == new.id)
    )
    if mine is not None and mine.role is not Role.CASEWORKER:
        raise InAnotherRole
    leaving = [m for m in current if m.user_id != new.id]
    if leaving:
        db.session.execute(
            update(Membership)
            .where(Membership.id.in_([m.id for m in leaving]),
                   Membership.status == MembershipStatus.ACTIVE)
            .values(status=MembershipStatus.ENDED, status_reason=reason)
            .execution_options(synchronize_session=False)
        )
    now = utcnow()
    if mine is None:
        mine = Membership(user_id=new.id, family_id=family.id, role=Role.CASEWORKER,
                          relationship_label="")
        db.session.add(mine)
    mine.status = MembershipStatus.ACTIVE
    mine.status_reason = ""
    mine.suspended_until = None
    mine.approved_by_id = actor.id
    mine.approved_at = now
    record("family.caseworker_changed", actor=actor, family_id=family.id, subject=family,
           reason=reason, to_user_id=new.id, to_name=new.name,
           from_user_ids=[m.user_id for m in leaving],
           from_names=[m.user.name for m in leaving])
    db.session.commit()
    for membership in leaving:
        db.session.refresh(membership)
