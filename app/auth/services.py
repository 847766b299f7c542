"""Account rules: who can sign in, creating accounts, changing passwords and names."""

from sqlalchemy import func, or_, select

from app import passwords
from app.extensions import db
from app.models import User
from app.models.audit import record
from app.models.types import utcnow
from app.sessions import end_all_sessions, start_session


def normalize_identifier(identifier: str) -> str:
    return identifier.strip().lower()


def find_user(identifier: str) -> User | None:
    key = normalize_identifier(identifier)
    if not key:
        return None
    return db.session.scalar(
        select(User).where(or_(func.lower(User.email) == key, func.lower(User.username) == key))
    )


def authenticate(identifier: str, password: str) -> User | None:
    user = find_user(identifier)
    if user is None:
        passwords.burn_verify_time()
        return None
    if not passwords.verify_password(user.password_hash, password):
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def sign_in(user: User) -> None:
    user.last_signed_in_at = utcnow()
    db.session.commit()
    start_session(user)


def sign_out(user: User) -> None:
    """Signing out here signs out everywhere: a shared or lost phone is a real risk."""
    end_all_sessions(user)
    db.session.commit()


def identifier_taken(email: str | None, username: str | None) -> bool:
    conditions = []
    if email:
        conditions.append(func.lower(User.email) == email.lower())
    if username:
        conditions.append(func.lower(User.username) == username.lower())
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
        email=email.strip().lower() if email else None,
        username=username.strip().lower() if username else None,
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
    end_all_sessions(user)
    record("account.password_changed", actor=user, subject=user)
    db.session.commit()
    start_session(user)


def update_profile(user: User, *, display_name: str, preferred_name: str, locale: str) -> None:
    user.display_name = display_name.strip()
    user.preferred_name = (preferred_name or "").strip() or user.display_name
    user.locale = locale
    db.session.commit()


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
    db.session.commit()
