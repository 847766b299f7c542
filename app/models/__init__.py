"""All models, imported here so Alembic and the app see the whole schema."""

from app.models.accounts import User
from app.models.audit import AuditEvent
from app.models.families import (
    Child,
    Family,
    FamilyStage,
    Invitation,
    Membership,
    MembershipStatus,
    Role,
)
from app.models.recovery import PasswordReset
from app.models.seen import SeenMarker
from app.models.sharing import Photo
from app.models.states import ContentState, ReviewLevel

__all__ = [
    "AuditEvent",
    "Child",
    "ContentState",
    "Family",
    "FamilyStage",
    "Invitation",
    "Membership",
    "MembershipStatus",
    "PasswordReset",
    "Photo",
    "ReviewLevel",
    "Role",
    "SeenMarker",
    "User",
]
