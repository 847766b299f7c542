"""Account rules: who can sign in, creating accounts, changing passwords and names."""

from sqlalchemy import or_, select

from app import passwords
from app.extensions import db
from app.models import User
from app.models.accounts import normalize_sign_in_name
from app.models.audit import record
from app.models.types import utcnow
from app.security_events import log_security_event
from app.sessions import end_all_sessions, start_session


def normalize_identifier(identifier: str) -> str:
    return normalize_sign_in_name(identifier)


def find_user(identifier: str) -> User | None:
    """Emails and usernames are stored normalized, so the unique indexes answer this directly."""
    key = normalize_identifier(identifier)
    if not key:
        return None
    return db.session.scalar(select(User).where(or_(User.email == key, User.username == key)))


def check_password(user: User | None, password: str) -> bool:
    """The slow part of signing in; an unknown account takes as long as a known one."""
    if user is None:
        passwords.burn_verify_time()
        return False
    if not passwords.verify_password(user.password_hash, password):
        return False
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return True


def sign_in(user: User) -> None:
    user.last_signed_in_at = utcnow()
    db.session.commit()
    start_session(user)


def sign_out(user: User) -> None:
    """Signing out here signs out everywhere: a shared or lost phone is a real risk.

    The calendar address keeps working: people sign out after each visit on a shared phone,
    and a feed that died at every sign-out would leave old family times in their calendar
    app without a word. A lost phone or a password someone knows is what a password change
    is for, and that ends the address too.
    """
    end_all_sessions(user, calendar_too=False)
    db.session.commit()


def identifier_taken(email: str | None, username: str | None) -> bool:
    conditions = []
    if email and normalize_sign_in_name(email):
        conditions.append(User.email == normalize_sign_in_name(email))
    if username and normalize_sign_in_name(username):
        conditions.append(User.username == normalize_sign_in_name(username))
    if not conditions:
        return False
    return db.session.scalar(select(User.id).where(or_(*conditions))) is not None


def create_user(
    *,
    password: str,
    display_name: str,
    preferred_name: str = "",
    email: str | None = None,
    username: str | None = None,
    locale: str = "en",
    is_staff: bool = False,
    is_admin: bool = False,
) -> User:
    user = User(
        email=email or None,  # the model normalizes both (see User.normalize_sign_in_names)
        username=username or None,
        password_hash=passwords.hash_password(password),
        display_name=display_name.strip(),
        preferred_name=(preferred_name or display_name).strip(),
        locale=locale,
        is_staff=is_staff or is_admin,
        is_admin=is_admin,
    )
    db.session.add(user)
    return user


def change_password(user: User, new_password: str) -> None:
    """Ends the user's other sessions; the current one goes on under the new version."""
    user.password_hash = passwords.hash_password(new_password)
    user.must_change_password = False
    end_all_sessions(user)
    record("account.password_changed", actor=user, subject=user)
    db.session.commit()
    log_security_event("account.password_changed", user_id=user.id)
    start_session(user)


def update_profile(user: User, *, display_name: str, preferred_name: str, locale: str) -> None:
    user.display_name = display_name.strip()
    user.preferred_name = (preferred_name or "").strip() or user.display_name
    user.locale = locale
    db.session.commit()


def set_read_receipts(user: User, on: bool) -> None:
    """Turn "seen by" on or off for this person, in both directions (app/messages)."""
    from app.models import Membership
    from app.models.messages import bump_thread_version

    if user.read_receipts == on:
        return
    user.read_receipts = on
    # Open threads in this person's families show or drop their "seen" at the next poll.
    for membership in db.session.scalars(
        db.select(Membership).where(Membership.user_id == user.id, Membership.in_effect())
    ):
        bump_thread_version(membership.family_id)
    db.session.commit()


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
    db.session.commit()
