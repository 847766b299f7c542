"""What a caseworker does with the people of a family: approve, decline, suspend, restore.

Every change writes one AuditEvent in the same transaction as the change itself.
"""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Invitation, Membership, MembershipStatus, User
from app.models.audit import record
from app.models.families import lift_pause_if_over
from app.models.types import utcnow
from app.notifications import notify
from app.sessions import end_all_sessions


class NotAllowed(Exception):
    """The change does not fit the member's current status (e.g. approving an active member)."""


def _move(membership: Membership, expected: MembershipStatus, **values) -> None:
    """Change the status only if it is still `expected`, in one UPDATE.

    Two caseworkers acting at once (one approves, one declines) cannot both win: the second
    UPDATE matches no row and raises NotAllowed.
    """
    changed = db.session.execute(
        update(Membership)
        .where(Membership.id == membership.id, Membership.status == expected)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise NotAllowed(membership.status)
    db.session.refresh(membership)


def approve(membership: Membership, actor: User) -> None:
    _move(membership, MembershipStatus.PENDING, status=MembershipStatus.ACTIVE,
          approved_by_id=actor.id, approved_at=utcnow())
    record("membership.approved", actor=actor, family_id=membership.family_id, subject=membership)
    notify.joining_approved(membership, actor.id)
    db.session.commit()


def decline(membership: Membership, actor: User, reason: str) -> None:
    _move(membership, MembershipStatus.PENDING, status=MembershipStatus.DECLINED,
          status_reason=reason.strip())
    record(
        "membership.declined",
        actor=actor,
        family_id=membership.family_id,
        subject=membership,
        reason=membership.status_reason,
    )
    db.session.commit()


def suspend(membership: Membership, actor: User, reason: str, until: datetime | None) -> None:
    if membership.user_id == actor.id:
        raise NotAllowed("self")
    _move(membership, MembershipStatus.ACTIVE, status=MembershipStatus.SUSPENDED,
          status_reason=reason.strip(), suspended_until=until)
    # A paused person must lose the family at once, not when their session runs out. Their
    # calendar address drops this family at its next fetch by itself (memberships in effect
    # only) and goes on for their other families.
    end_all_sessions(membership.user, calendar_too=False)
    record(
        "membership.suspended",
        actor=actor,
        family_id=membership.family_id,
        subject=membership,
        reason=membership.status_reason,
        until=until.isoformat() if until else None,
    )
    db.session.commit()


def restore(membership: Membership, actor: User | None) -> None:
    _move(membership, MembershipStatus.SUSPENDED, status=MembershipStatus.ACTIVE,
          status_reason="", suspended_until=None)
    record(
        "membership.restored",
        actor=actor,
        family_id=membership.family_id,
        subject=membership,
        automatic=actor is None,
    )
    db.session.commit()


def lift_due_suspensions(memberships: list[Membership]) -> list[Membership]:
    """Lift the pauses whose end date has come, wherever memberships are listed."""
    now = utcnow()
    if any([lift_pause_if_over(membership, now) for membership in memberships]):
        db.session.commit()
    return memberships


# The caseworker's to-do comes first: people waiting to be approved, then everyone else.
STATUS_ORDER = [
    MembershipStatus.PENDING,
    MembershipStatus.ACTIVE,
    MembershipStatus.SUSPENDED,
    MembershipStatus.DECLINED,
    MembershipStatus.ENDED,
]


def people_of(family_id: int) -> list[Membership]:
    people = db.session.scalars(
        select(Membership)
        .where(Membership.family_id == family_id)
        # Loaded with the list, not row by row: the row of someone waiting shows both.
        .options(selectinload(Membership.user), selectinload(Membership.invitation))
        .order_by(Membership.created_at)
    )
    people = lift_due_suspensions(list(people))
    return sorted(people, key=lambda m: STATUS_ORDER.index(m.status))


def open_invitations(family_id: int) -> list[Invitation]:
    now = utcnow()
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.family_id == family_id,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > now,
            )
            .order_by(Invitation.created_at.desc())
        )
    )
