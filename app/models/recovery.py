"""One-time codes a caseworker or admin gives a person who forgot their password."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class PasswordReset(db.Model):
    """A single-use code to set a new password, valid for a few hours.

    Only an HMAC of the code is stored (app/codes.py): a copy of the database cannot be used to
    take over an account. `family_id` is set when a family's caseworker issued it, so the
    family's record shows it; admins issue codes outside any family.
    """

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Made before HMAC (app/codes.py): `code_hash` is a plain SHA-256 of the code.
    legacy_hash: Mapped[bool] = mapped_column(default=False, server_default=false())
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("families.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User", foreign_keys=[user_id])
    issued_by = relationship("User", foreign_keys=[issued_by_id])

    def is_open(self, now: datetime) -> bool:
        return self.used_at is None and self.cancelled_at is None and now < self.expires_at
