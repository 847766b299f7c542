"""All models, imported here so Alembic and the app see the whole schema."""

from app.models.about import AboutVersion
from app.models.accounts import User
from app.models.audit import AuditEvent
from app.models.calendar import (
    FamilyTime,
    FamilyTimeLevel,
    FamilyTimeOccurrence,
    FamilyTimeSlot,
    Level,
    Mode,
    Outcome,
    Supervision,
)
from app.models.events import Answer, Event, EventAnswer, EventKind
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
    "AboutVersion",
    "Answer",
    "AuditEvent",
    "Child",
    "ContentState",
    "Event",
    "EventAnswer",
    "EventKind",
    "Family",
    "FamilyStage",
    "FamilyTime",
    "FamilyTimeLevel",
    "FamilyTimeOccurrence",
    "FamilyTimeSlot",
    "Invitation",
    "Level",
    "Membership",
    "MembershipStatus",
    "Mode",
    "Outcome",
    "PasswordReset",
    "Photo",
    "ReviewLevel",
    "Role",
    "SeenMarker",
    "Supervision",
    "User",
]
