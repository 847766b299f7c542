"""Password-reset codes: who may give one, giving it, and using it once to set a new password.

A code comes from the person's caseworker (for the people of their families, never for staff)
or from an admin (for anyone, staff included). It is made like an invitation code (app/codes.py),
stored only as an HMAC, works once, and runs out after PASSWORD_RESET_LIFETIME. Giving a new code
cancels the person's older open ones. Using one ends every session the person has.

Guessing is bounded twice: per address (failed codes, in routes.py) and per account (every try,
counted here *before* the code is checked, so parallel requests cannot slip past). The per-account
count is from anywhere: someone could use it up and delay a real reset for an hour, which we
accept over unlimited guesses spread across addresses.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from limits import parse
from sqlalchemy import and_, or_, select, update

from app import codes, passwords
from app.auth.services import find_user, normalize_identifier
from app.codes import new_code
from app.extensions import db, limiter
from app.models import Membership, MembershipStatus, PasswordReset, Role, User
from app.models.audit import record
from app.models.types import utcnow
from app.security_events import log_security_event
from app.sessions import end_all_sessions

# Declined or ended people are no longer the caseworker's to help.
STILL_IN_FAMILY = (MembershipStatus.PENDING, MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)


class PasswordUsesName(Exception):
    """The new password is built from the person's own names, email or username."""


def own_words(user: User) -> list[str]:
    return [w for w in (user.display_name, user.preferred_name, user.email, user.username) if w]


class NotAllowed(Exception):
    """This issuer may not give this person a code."""


@dataclass(frozen=True)
class IssuedCode:
    reset: PasswordReset
    code: str  # never stored: shown to the issuer once


def is_staff_account(user: User) -> bool:
    return bool(user.is_staff or user.is_admin)


def caseworker_may_help(
    membership: Membership, actor: User, *, in_others_families: set[int] | None = None
) -> bool:
    """The family's caseworker helps its members; a staff account is only an admin's to reset.

    Nor someone who is also in a family this caseworker does not work with: with the code, the
    caseworker could sign in as them and read that family's pages. `in_others_families` is
    `people_in_others_families(...)` when the caller already has it (one query per page).
    """
    if in_others_families is None:
        in_others_families = people_in_others_families(membership.family_id, actor)
    return (
        membership.user_id != actor.id
        and membership.user.is_active
        and membership.status in STILL_IN_FAMILY
        and membership.role is not Role.CASEWORKER
        and not is_staff_account(membership.user)
        and membership.user_id not in in_others_families
    )


def people_in_others_families(family_id: int, actor: User) -> set[int]:
    """Ids of this family's people who are also in a family where `actor` is not caseworker."""
    actors_families = select(Membership.family_id).where(
        Membership.user_id == actor.id,
        Membership.role == Role.CASEWORKER,
        Membership.status == MembershipStatus.ACTIVE,
    )
    this_familys_people = select(Membership.user_id).where(Membership.family_id == family_id)
    return set(
        db.session.scalars(
            select(Membership.user_id)
            .where(
                Membership.user_id.in_(this_familys_people),
                Membership.status.in_(STILL_IN_FAMILY),
                Membership.family_id.not_in(actors_families),
            )
            .distinct()
        )
    )


def admin_may_help(user: User, actor: User) -> bool:
    # Their own password they change on the account page, where the current one is asked for.
    return bool(actor.is_admin) and user.id != actor.id and user.is_active


def issue_for_member(membership: Membership, actor: User) -> IssuedCode:
    """A caseworker gives a code; call after family_scope has checked they run this family."""
    if not caseworker_may_help(membership, actor):
        raise NotAllowed
    return _issue(membership.user, actor, family_id=membership.family_id)


def issue_by_admin(user: User, actor: User) -> IssuedCode:
    if not admin_may_help(user, actor):
        raise NotAllowed
    return _issue(user, actor, family_id=None)


def _issue(user: User, actor: User, *, family_id: int | None) -> IssuedCode:
    now = utcnow()
    _cancel_open_codes(user, actor=actor, now=now)
    code = new_code()
    reset = PasswordReset(
        user_id=user.id,
        code_hash=codes.digest(codes.RESET_CODE, code),
        issued_by_id=actor.id,
        family_id=family_id,
        created_at=now,
        expires_at=now + current_app.config["PASSWORD_RESET_LIFETIME"],
    )
    db.session.add(reset)
    db.session.flush()
    record(
        "password_reset.issued",
        actor=actor,
        family_id=family_id,
        subject=user,
        **_detail(reset),
    )
    db.session.commit()
    log_security_event("password_reset.issued", target_user_id=user.id, family_id=family_id)
    return IssuedCode(reset=reset, code=code)


def _detail(reset: PasswordReset) -> dict:
    """What the audit line keeps: which code (by id, never the code) and, in a family, whose."""
    detail = {"reset_id": reset.id}
    if reset.family_id is not None:
        membership_id = db.session.scalar(
            select(Membership.id).where(
                Membership.user_id == reset.user_id, Membership.family_id == reset.family_id
            )
        )
        # The family record names people by membership (app/record/services.py).
        detail["membership_id"] = membership_id
    return detail


def cancel_open_codes(user: User, *, actor: User) -> None:
    """When an admin turns the account off: a code given before must not outlive that (the
    caller commits)."""
    _cancel_open_codes(user, actor=actor, now=utcnow())


def _cancel_open_codes(
    user: User, *, actor: User, now: datetime, keep: PasswordReset | None = None
) -> None:
    query = select(PasswordReset).where(
        PasswordReset.user_id == user.id,
        PasswordReset.used_at.is_(None),
        PasswordReset.cancelled_at.is_(None),
        PasswordReset.expires_at > now,
    )
    if keep is not None:
        query = query.where(PasswordReset.id != keep.id)
    for reset in db.session.scalars(query).all():
        cancelled = db.session.execute(
            update(PasswordReset)
            .where(
                PasswordReset.id == reset.id,
                PasswordReset.used_at.is_(None),
                PasswordReset.cancelled_at.is_(None),
            )
            .values(cancelled_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if cancelled:
            record(
                "password_reset.cancelled",
                actor=actor,
                family_id=reset.family_id,
                subject=user,
                **_detail(reset),
            )


def _try_key(identifier: str) -> str | None:
    """By account when the name is one (email and username share a count), else by the text."""
    key = normalize_identifier(identifier or "")
    if not key:
        return None
    user = find_user(key)
    return f"user:{user.id}" if user is not None else f"name:{key}"


def count_try(identifier: str) -> bool:
    """Count one reset try for this account, before anything is checked; False when over."""
    key = _try_key(identifier)
    if key is None:
        return True  # the form refuses an empty name without looking anything up
    config = current_app.config
    limit = parse(config["RESET_LIMIT_PER_ACCOUNT"])
    return limiter.limiter.hit(limit, config["RATELIMIT_KEY_PREFIX"], "reset-account", key)


def forget_tries(identifier: str) -> None:
    key = _try_key(identifier)
    if key is None:
        return
    config = current_app.config
    limit = parse(config["RESET_LIMIT_PER_ACCOUNT"])
    limiter.limiter.clear(limit, config["RATELIMIT_KEY_PREFIX"], "reset-account", key)


def open_code_for(identifier: str, code: str) -> PasswordReset | None:
    """The open code matching both the sign-in name and the code typed, or None."""
    user = find_user(identifier)
    if user is None:
        return None
    matches = or_(
        PasswordReset.code_hash.in_(codes.digests(codes.RESET_CODE, code)),
        # Given before HMAC: a plain SHA-256, kept until the code runs out (4 hours).
        and_(PasswordReset.legacy_hash.is_(True),
             PasswordReset.code_hash == codes.legacy_digest(code)),
    )
    reset = db.session.scalars(
        select(PasswordReset).where(matches, PasswordReset.user_id == user.id)
    ).first()
    if reset is None or not reset.is_open(utcnow()):
        return None
    return reset


def set_new_password(identifier: str, code: str, new_password: str) -> User | None:
    """Use the code once to set a new password; None when name and code match no open code.

    Raises PasswordUsesName (code still open) when the password is built from the person's words.

    Every session of the person ends and their other open codes are cancelled, in the same
    transaction that marks this code used. The caller signs them in on a fresh session.
    """
    reset = open_code_for(identifier, code)
    if reset is None or not reset.user.is_active:
        # A turned-off account stays off: only an admin turns it back on.
        return None
    if passwords.is_built_from_context(new_password, own_words(reset.user)):
        raise PasswordUsesName  # the code is left open, to try again with other words
    new_hash = passwords.hash_password(new_password)  # slow: before the write transaction
    now = utcnow()
    # Marked used in the same UPDATE that checks it is still open, so two tabs cannot both win.
    claimed = db.session.execute(
        update(PasswordReset)
        .where(
            PasswordReset.id == reset.id,
            PasswordReset.used_at.is_(None),
            PasswordReset.cancelled_at.is_(None),
            PasswordReset.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        return None
    user = reset.user
    user.password_hash = new_hash
    user.must_change_password = False  # they chose this one themselves; the issuer never saw it
    end_all_sessions(user)
    _cancel_open_codes(user, actor=user, now=now, keep=reset)
    record(
        "password_reset.used", actor=user, family_id=reset.family_id, subject=user,
        **_detail(reset),
    )
    db.session.commit()
    log_security_event("password_reset.used", target_user_id=user.id)
    return user
