"""Invitations: making a code, finding it again, and turning it into a pending membership.

Each invitation has two secrets from app/codes.py: a short code to read out or type, and a
128-bit token for the link. Only their HMACs are stored; neither can be shown again.
"""

import enum
from dataclasses import dataclass
from typing import NamedTuple

from flask import current_app
from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError

from app import codes
from app.auth import services as accounts
from app.codes import new_code, new_link_token
from app.extensions import db
from app.models import Invitation, Membership, MembershipStatus, Role, User
from app.models.audit import record
from app.models.types import utcnow


class InvitationProblem(enum.Enum):
    NOT_FOUND = "not_found"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"
    ALREADY_MEMBER = "already_member"


class IssuedInvitation(NamedTuple):
    invitation: Invitation
    code: str  # to read out or type; never stored
    link_token: str  # for the link (/join/<token>); never stored


@dataclass(frozen=True)
class InvitationLookup:
    invitation: Invitation | None
    problem: InvitationProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def create_invitation(
    *,
    family_id: int,
    actor: User,
    role: Role,
    invitee_name: str,
    relationship_label: str = "",
    is_kin: bool = False,
) -> IssuedInvitation:
    """Returns the invitation, its code and its link's token; neither is stored."""
    if is_kin and role is not Role.RESOURCE_PARENT:
        # Kin means the child lives with them: refused loudly rather than dropped silently.
        raise ValueError("Only a resource parent can be kin.")
    code, link_token = new_code(), new_link_token()
    now = utcnow()
    invitation = Invitation(
        family_id=family_id,
        code_hash=codes.digest(codes.INVITATION_CODE, code),
        link_hash=codes.digest(codes.INVITATION_LINK, link_token),
        role=role,
        is_kin=is_kin,
        relationship_label=(relationship_label or "").strip(),
        invitee_name=invitee_name.strip(),
        created_by_id=actor.id,
        created_at=now,
        expires_at=now + current_app.config["INVITATION_LIFETIME"],
    )
    db.session.add(invitation)
    db.session.flush()
    record(
        "invitation.created",
        actor=actor,
        family_id=family_id,
        subject=invitation,
        role=role.value,
        invitee_name=invitation.invitee_name,
    )
    db.session.commit()
    return IssuedInvitation(invitation, code, link_token)


# A person declined, or who left, can be invited again; anyone else is already in the family.
STILL_IN_FAMILY = (MembershipStatus.PENDING, MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)


def look_up(code: str, *, for_user: User | None = None) -> InvitationLookup:
    """The invitation whose short code was typed."""
    found = Invitation.code_hash.in_(codes.digests(codes.INVITATION_CODE, code))
    return check(_find(found, code), for_user=for_user)


def look_up_link(token: str, *, for_user: User | None = None) -> InvitationLookup:
    """The invitation whose link was opened: its 128-bit token, not the short code (a link
    sent before links had their own token carried the code: `legacy_hash` rows only)."""
    if len(token) > 100:
        return InvitationLookup(None, InvitationProblem.NOT_FOUND)
    found = Invitation.link_hash.in_(codes.digests(codes.INVITATION_LINK, token))
    return check(_find(found, token), for_user=for_user)


def _find(found, code: str) -> Invitation | None:
    # Made before HMAC: a plain SHA-256 of the code, kept until the invitation runs out.
    legacy = and_(Invitation.legacy_hash.is_(True),
                  Invitation.code_hash == codes.legacy_digest(code))
    return db.session.scalars(select(Invitation).where(or_(found, legacy))).first()


def look_up_by_id(invitation_id: int, *, for_user: User | None = None) -> InvitationLookup:
    """Find again an invitation whose code this browser already gave (kept in its session)."""
    return check(db.session.get(Invitation, invitation_id), for_user=for_user)


def check(invitation: Invitation | None, *, for_user: User | None = None) -> InvitationLookup:
    """Whether the invitation can still be used, by this person if they are signed in."""
    if invitation is None:
        return InvitationLookup(None, InvitationProblem.NOT_FOUND)
    if invitation.revoked_at is not None:
        return InvitationLookup(invitation, InvitationProblem.REVOKED)
    if invitation.accepted_at is not None:
        return InvitationLookup(invitation, InvitationProblem.USED)
    if utcnow() >= invitation.expires_at:
        return InvitationLookup(invitation, InvitationProblem.EXPIRED)
    if for_user is not None:
        existing = membership_of(for_user, invitation.family_id)
        if existing is not None and existing.status in STILL_IN_FAMILY:
            return InvitationLookup(invitation, InvitationProblem.ALREADY_MEMBER)
    return InvitationLookup(invitation, None)


def membership_of(user: User, family_id: int) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(Membership.user_id == user.id, Membership.family_id == family_id)
    )


def accept(invitation: Invitation, user: User) -> Membership:
    """Use the invitation once: the person becomes a pending member of exactly its family."""
    now = utcnow()
    # Mark it used in the same UPDATE that checks it is still open, so two tabs cannot both win.
    claimed = db.session.execute(
        db.update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(accepted_at=now, accepted_by_id=user.id)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise InvitationAlreadyUsed
    # One row per person and family: someone declined before is asked about again.
    membership = membership_of(user, invitation.family_id) or Membership(
        user_id=user.id, family_id=invitation.family_id
    )
    membership.role = invitation.role
    membership.is_kin = invitation.is_kin
    membership.relationship_label = invitation.relationship_label
    membership.status = MembershipStatus.PENDING
    membership.status_reason = ""
    membership.invitation_id = invitation.id
    membership.approved_by_id = membership.approved_at = None
    db.session.add(membership)
    db.session.flush()
    record(
        "invitation.accepted",
        actor=user,
        family_id=invitation.family_id,
        subject=membership,
        invitation_id=invitation.id,
    )
    db.session.commit()
    return membership


class InvitationAlreadyUsed(Exception):
    pass


class IdentifierTaken(Exception):
    """Another account took this email or username between the form's check and the insert."""


def join_with_new_account(invitation: Invitation, **account) -> Membership:
    """Make the person's account and use the invitation, in one transaction.

    The form checked that the email or username is free, but two people can pass that check at
    the same moment: the database's unique index decides, and the loser is asked to choose again.
    """
    user = accounts.create_user(**account)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise IdentifierTaken from None
    return accept(invitation, user)


def revoke(invitation: Invitation, actor: User) -> bool:
    """Cancel an unused invitation; False when it was already used or cancelled."""
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        return False
    invitation.revoked_at = utcnow()
    invitation.revoked_by_id = actor.id
    record("invitation.revoked", actor=actor, family_id=invitation.family_id, subject=invitation)
    db.session.commit()
    return True
