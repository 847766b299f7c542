"""A family, its children, who belongs to it, and the invitations that bring people in."""

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, and_, false, or_, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.audit import record
from app.models.states import ReviewLevel
from app.models.types import UTCDateTime, str_enum, utcnow


class FamilyStage(enum.StrEnum):
    ACTIVE = "active"
    REUNIFIED = "reunified"
    CLOSED = "closed"


class Role(enum.StrEnum):
    PARENT = "parent"
    RESOURCE_PARENT = "resource_parent"
    PARENT_PARTNER = "parent_partner"
    CASEWORKER = "caseworker"


class MembershipStatus(enum.StrEnum):
    PENDING = "pending"  # accepted an invitation; the caseworker has not confirmed who they are
    ACTIVE = "active"
    SUSPENDED = "suspended"  # e.g. a no-contact order: sees nothing of the family until restored
    DECLINED = "declined"  # the caseworker did not confirm them
    ENDED = "ended"


class Family(db.Model):
    __tablename__ = "families"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    time_zone: Mapped[str] = mapped_column(String(64))
    review_level: Mapped[ReviewLevel] = mapped_column(
        str_enum(ReviewLevel), default=ReviewLevel.REVIEWED
    )
    stage: Mapped[FamilyStage] = mapped_column(str_enum(FamilyStage), default=FamilyStage.ACTIVE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Bumped with every change in the message thread (app/models/messages.py): a poll compares
    # it with the reader's and answers "nothing new" from the family row it loads anyway.
    thread_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Bumped each time an admin changes the family's caseworker. The admin's form carries the
    # number it was opened with; a conditional UPDATE on it lets only one change through, so
    # two admins at once (or one with an old page) cannot leave two caseworkers.
    caseworker_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # The last number given out in the order things were shared here (photos, events, "about
    # me"): each item takes the next one when it becomes visible to the family, so "new since
    # you last looked" follows that order, not ids (app.moderation.number_new / approve).
    share_seq: Mapped[int] = mapped_column(default=0, server_default="0")

    children: Mapped[list["Child"]] = relationship(
        back_populates="family", order_by="Child.id", cascade="all, delete-orphan"
    )
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="family", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Family {self.id} {self.name!r}>"


class Child(db.Model):
    __tablename__ = "children"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    family: Mapped[Family] = relationship(back_populates="children")


CONTACT_ADDRESS_MAX = 300
CONTACT_PHONE_MAX = 40


class Membership(db.Model):
    """A person's place in one family: their role lives here, not on the user."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "family_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role))
    is_kin: Mapped[bool] = mapped_column(default=False)
    relationship_label: Mapped[str] = mapped_column(String(60), default="")
    status: Mapped[MembershipStatus] = mapped_column(str_enum(MembershipStatus))
    status_reason: Mapped[str] = mapped_column(String(500), default="")
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Where a resource parent lives and how to call them: the safety of the child's home.
    # Hidden from the family unless they choose to share it; their caseworker always sees it.
    address: Mapped[str] = mapped_column(String(CONTACT_ADDRESS_MAX), default="",
                                         server_default="")
    phone: Mapped[str] = mapped_column(String(CONTACT_PHONE_MAX), default="", server_default="")
    share_contact: Mapped[bool] = mapped_column(default=False, server_default=false())

    user = relationship("User", back_populates="memberships", foreign_keys=[user_id])
    family: Mapped[Family] = relationship(back_populates="memberships")
    # The invitation they used: its name is what the caseworker checks before approving.
    invitation: Mapped["Invitation | None"] = relationship(foreign_keys=[invitation_id])

    def pause_is_over(self, now: datetime) -> bool:
        """A pause with an end date ends by itself on that date: nobody has to lift it."""
        return (
            self.status is MembershipStatus.SUSPENDED
            and self.suspended_until is not None
            and now >= self.suspended_until
        )

    def is_in_effect(self, now: datetime | None = None) -> bool:
        """The membership lets its person into the family now (the Python twin of
        `in_effect`): active, or paused until a date that has passed."""
        return self.status is MembershipStatus.ACTIVE or self.pause_is_over(now or utcnow())

    @classmethod
    def in_effect(cls, now: datetime | None = None):
        """SQL: the membership lets its person into the family now — active, or paused with an
        end date that has passed (not lifted yet because nobody has come back since)."""
        now = now or utcnow()
        return or_(
            cls.status == MembershipStatus.ACTIVE,
            and_(cls.status == MembershipStatus.SUSPENDED,
                 cls.suspended_until.is_not(None), cls.suspended_until <= now),
        )

    def contact_shown_to(self, viewer: "Membership") -> bool:
        """May `viewer` read this person's address and phone? Their own, the family's
        caseworker always, the rest of the family only when this person chose to share."""
        if not (self.address or self.phone):
            return False
        return (
            viewer.user_id == self.user_id
            or viewer.role is Role.CASEWORKER
            or self.share_contact
        )


def lift_pause_if_over(membership: Membership, now: datetime | None = None) -> bool:
    """Make a membership whose pause is over active again, with its audit event; the caller
    commits. True when this call lifted it.

    It lives with the model so every layer can use it: the family-scope helper lifts the pause
    when the person comes back, the people list when the caseworker looks. One conditional
    UPDATE, so two requests arriving together lift it once and write one event.
    """
    now = now or utcnow()
    if not membership.pause_is_over(now):
        return False
    lifted = db.session.execute(
        update(Membership)
        .where(
            Membership.id == membership.id,
            Membership.status == MembershipStatus.SUSPENDED,
            Membership.suspended_until <= now,
        )
        .values(status=MembershipStatus.ACTIVE, status_reason="", suspended_until=None)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if lifted:
        record("membership.restored", actor=None, family_id=membership.family_id,
               subject=membership, automatic=True)
    db.session.refresh(membership)  # lifted here or by another request a moment ago
    return lifted


class Invitation(db.Model):
    """A single-use code that lets one person ask to join one family in one role.

    Two secrets: the short code read out or typed, and the long token in the link. Only their
    HMACs are stored (app/codes.py): a copy of the database cannot be used to join.
    """

    __tablename__ = "invitations"
    __table_args__ = (Index("ix_invitations_family_id_created_at", "family_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # None for invitations made before links had their own token (`legacy_hash`).
    link_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Made before HMAC: `code_hash` is a plain SHA-256 and the old link carried the code.
    legacy_hash: Mapped[bool] = mapped_column(default=False, server_default=false())
    role: Mapped[Role] = mapped_column(str_enum(Role))
    is_kin: Mapped[bool] = mapped_column(default=False)
    relationship_label: Mapped[str] = mapped_column(String(60), default="")
    invitee_name: Mapped[str] = mapped_column(String(80))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    family: Mapped[Family] = relationship()
    created_by = relationship("User", foreign_keys=[created_by_id])
