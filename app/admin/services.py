"""Admin rules: creating caseworkers, finding accounts, turning them off, ending sessions."""

from sqlalchemy import or_, select, update

from app.auth.services import create_user
from app.extensions import db
from app.models import User
from app.models.accounts import normalize_sign_in_name
from app.models.audit import record
from app.models.feeds import end_feeds
from app.models.types import utcnow
from app.recovery import services as recovery
from app.security_events import log_security_event
from app.sessions import end_all_sessions

SEARCH_RESULTS_MAX = 50


class CannotTurnOffSelf(Exception):
    """An admin who turned themselves off could lock the agency out of its own install."""


def create_caseworker(
    *, actor: User | None, email: str, display_name: str, preferred_name: str, password: str
) -> User:
    user = create_user(
        email=email,
        password=password,
        display_name=display_name,
        preferred_name=preferred_name,
        is_staff=True,
    )
    # The admin chose this password and has seen it: the caseworker sets their own first.
    user.must_change_password = True
    db.session.flush()
    record("staff.created", actor=actor, subject=user)
    db.session.commit()
    return user


def staff_list() -> list[User]:
    return list(db.session.scalars(select(User).where(User.is_staff).order_by(User.display_name)))


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def find_accounts(query: str) -> list[User]:
    """Any account whose email, username or either name holds the words typed."""
    text = normalize_sign_in_name(query or "")
    if not text:
        return []
    pattern = like_pattern(text)
    matches = or_(
        User.email.like(pattern, escape="\\"),
        User.username.like(pattern, escape="\\"),
        User.display_name.ilike(pattern, escape="\\"),
        User.preferred_name.ilike(pattern, escape="\\"),
    )
    return list(
        db.session.scalars(
            select(User).where(matches).order_by(User.display_name).limit(SEARCH_RESULTS_MAX)
        )
    )


def deactivate(user: User, *, actor: User, reason: str) -> None:
    """Turn the account off: no sign-in, and every session it has ends now."""
    if user.id == actor.id:
        raise CannotTurnOffSelf
    user.deactivated_at = utcnow()
    user.deactivated_reason = reason.strip()
    end_all_sessions(user)
    recovery.cancel_open_codes(user, actor=actor)  # else a code works again once turned on
    record("account.deactivated", actor=actor, subject=user, reason=user.deactivated_reason)
    db.session.commit()
    log_security_event("account.deactivated", subject_id=user.id, actor_id=actor.id)


def reactivate(user: User, *, actor: User) -> None:
    user.deactivated_at = None
    user.deactivated_reason = ""
    record("account.reactivated", actor=actor, subject=user)
    db.session.commit()
    log_security_event("account.reactivated", subject_id=user.id, actor_id=actor.id)


def end_sessions(user: User, *, actor: User) -> None:
    """Sign this person out on every device (a lost phone); they can sign in again."""
    end_all_sessions(user)
    record("account.sessions_ended", actor=actor, subject=user)
    db.session.commit()
    log_security_event("account.sessions_ended", subject_id=user.id, actor_id=actor.id)


def end_everyones_sessions(*, actor: User) -> None:
    """For an incident: everyone, this admin included, must sign in again."""
    actor_id = actor.id
    db.session.execute(update(User).values(session_version=User.session_version + 1))
    end_feeds()  # every calendar address too, as end_all_sessions does for one person
    record("sessions.all_ended", actor=actor)
    db.session.commit()
    log_security_event("sessions.all_ended", actor_id=actor_id)
