"""People who sign in."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, String, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


def normalize_sign_in_name(value: str) -> str:
    """Emails and usernames are kept trimmed and lowercase, so lookups can use the unique index."""
    return value.strip().lower()


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "email IS NOT NULL OR username IS NOT NULL", name="email_or_username"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Many parents have no email address; a username is enough to sign in.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    username: Mapped[str | None] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    preferred_name: Mapped[str] = mapped_column(String(80))
    locale: Mapped[str] = mapped_column(String(10), default="en")
    is_admin: Mapped[bool] = mapped_column(default=False)
    # Staff may be made caseworkers; only admins set this.
    is_staff: Mapped[bool] = mapped_column(default=False)
    # Bumped to end every session of this user at once (sign-out, password change, suspension).
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when an admin chose this password (a caseworker's first one): it must be changed.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    # An admin turned the account off; nobody can sign in to it until it is turned on again.
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deactivated_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # "Seen by" in the message thread. Off: others do not see that this person read a message,
    # and this person sees nobody's (read receipts can be used to pressure people).
    read_receipts: Mapped[bool] = mapped_column(default=True, server_default=true())

    memberships = relationship(
        "Membership", back_populates="user", foreign_keys="Membership.user_id"
    )

    @validates("email", "username")
    def normalize_sign_in_names(self, _key: str, value: str | None) -> str | None:
        # Every write path goes through here, so stored names always match normalized lookups.
        return normalize_sign_in_name(value) or None if value is not None else None

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses to sign in, and `load_user` to load, an account that is off."""
        return self.deactivated_at is None

    def get_id(self) -> str:
        # Flask-Login stores this in the session; a changed version makes old sessions invalid.
        return f"{self.id}:{self.session_version}"

    @property
    def name(self) -> str:
        """The name people see: the one this person chose to be called by."""
        return self.preferred_name or self.display_name

    @property
    def sign_in_name(self) -> str:
        return self.email or self.username or ""

    def __repr__(self) -> str:
        return f"<User {self.id} {self.sign_in_name!r}>"
