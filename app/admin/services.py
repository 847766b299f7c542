"""Admin rules: creating caseworker accounts."""

from sqlalchemy import select

from app.auth.services import create_user
from app.extensions import db
from app.models import User
from app.models.audit import record


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
    db.session.flush()
    record("staff.created", actor=actor, subject=user)
    db.session.commit()
    return user


def staff_list() -> list[User]:
    return list(db.session.scalars(select(User).where(User.is_staff).order_by(User.display_name)))
