"""All models, imported here so Alembic and the app see the whole schema."""

from app.models.about import AboutVersion
from app.models.accounts import User
from app.models.audit import AuditEvent
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
from app.models.glossary import (
    AvoidWord,
    AvoidWordText,
    GlossaryState,
    GlossaryTerm,
    GlossaryText,
)
from app.models.messages import Message, MessageRevision
from app.models.recovery import PasswordReset
from app.models.reports import Report
from app.models.seen import SeenMarker
from app.models.sharing import Photo
from app.models.states import ContentState, ReviewLevel

__all__ = [
    "AboutVersion",
    "Answer",
    "AuditEvent",
    "AvoidWord",
    "AvoidWordText",
    "Child",
    "ContentState",
    "Event",
    "EventAnswer",
    "EventKind",
    "Family",
    "FamilyStage",
    "GlossaryState",
    "GlossaryTerm",
    "GlossaryText",
    "Invitation",
    "Membership",
    "MembershipStatus",
    "Message",
    "MessageRevision",
    "PasswordReset",
    "Photo",
    "Report",
    "ReviewLevel",
    "Role",
    "SeenMarker",
    "User",
]
