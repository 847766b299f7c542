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


class Stale(Exception):
    """The caseworker changed after this admin's form was opened; nothing was changed."""


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


def active_caseworker_memberships(family_id: int) -> list[Membership]:
    """The family's active caseworker memberships, oldest first: what a change replaces."""
    return list(db.session.scalars(
        select(Membership).where(Membership.family_id == family_id,
                                 Membership.role == Role.CASEWORKER,
                                 Membership.status == MembershipStatus.ACTIVE)
        .order_by(Membership.id)
    ))


def assign_caseworker(family: Family, new: User, *, actor: User, reason: str,
                      seen_version: int | None) -> None:
    """Make `new` the family's caseworker. Every other caseworker's membership ends now, so
    they lose access on their next request (pages, polls and calendar feed all check it).

    `seen_version` is the family's `caseworker_version` when the admin opened the form. The
    change goes through only if it is still that number, and only if every caseworker read
    here is still active: otherwise someone else changed it in between (another admin at the
    same moment, or an old page), and `Stale` is raised with nothing changed. Both writes are
    conditional UPDATEs, so this holds even when two requests read the same state at once.

    One audit event says who was caseworker before, who is now, and why.
    """
    reason = reason.strip()
    current = active_caseworker_memberships(family.id)
    if [m.user_id for m in current] == [new.id]:
        raise NoChange
    mine = db.session.scalar(
        select(Membership).where(Membership.family_id == family.id,
                                 Membership.user_id == new.id)
    )
    if mine is not None and mine.role is not Role.CASEWORKER:
        raise InAnotherRole
    # On PostgreSQL this also locks the family row: a second admin's UPDATE waits for this
    # transaction, then finds the number moved on and changes nothing.
    claimed = seen_version is not None and db.session.execute(
        update(Family)
        .where(Family.id == family.id, Family.caseworker_version == seen_version)
        .values(caseworker_version=Family.caseworker_version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    leaving = [m for m in current if m.user_id != new.id]
    if claimed and leaving:
        ended = db.session.execute(
            update(Membership)
            .where(Membership.id.in_([m.id for m in leaving]),
                   Membership.status == MembershipStatus.ACTIVE)
            .values(status=MembershipStatus.ENDED, status_reason=reason)
            .execution_options(synchronize_session=False)
        ).rowcount
        claimed = ended == len(leaving)
    if not claimed:
        db.session.rollback()
        raise Stale
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
    db.session.refresh(family)
    for membership in leaving:
        db.session.refresh(membership)
