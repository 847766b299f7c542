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
from app.models.concerns import Concern, ConcernStatus, ConcernStep, StepKind
from app.models.edits import ItemEdit
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
from app.models.feeds import CalendarFeedToken
from app.models.glossary import (
    AvoidWord,
    AvoidWordText,
    GlossaryState,
    GlossaryTerm,
    GlossaryText,
)
from app.models.messages import Message, MessageRevision
from app.models.notifications import (
    Notification,
    NotificationChoice,
    NotificationDelivery,
    NotificationSettings,
)
from app.models.recovery import PasswordReset
from app.models.reports import Report
from app.models.seen import SeenMarker
from app.models.sharing import Photo
from app.models.states import ContentState, ReviewLevel
from app.models.translations import MachineTranslation

__all__ = [
    "AboutVersion",
    "Answer",
    "AuditEvent",
    "AvoidWord",
    "AvoidWordText",
    "CalendarFeedToken",
    "Child",
    "Concern",
    "ConcernStatus",
    "ConcernStep",
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
    "GlossaryState",
    "GlossaryTerm",
    "GlossaryText",
    "Invitation",
    "ItemEdit",
    "Level",
    "MachineTranslation",
    "Membership",
    "MembershipStatus",
    "Message",
    "MessageRevision",
    "Mode",
    "Notification",
    "NotificationChoice",
    "NotificationDelivery",
    "NotificationSettings",
    "Outcome",
    "PasswordReset",
    "Photo",
    "Report",
    "ReviewLevel",
    "Role",
    "SeenMarker",
    "StepKind",
    "Supervision",
    "User",
]
