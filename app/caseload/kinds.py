"""Each kind of shared item the review queue knows: its model, what "waiting" means for it,
and the feature service that approves, declines or hides it.

The queue never writes state itself: every action goes through the kind's own service (which
goes through `app.moderation`), so the rules of each feature (a family-time conflict, an
expired request, a corrected message) hold in the queue exactly as on the feature's page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_

from app import moderation
from app.about import services as about
from app.family_time import services as family_time
from app.models import AboutVersion, Event, FamilyTime, Message, Photo
from app.models.types import utcnow
from app.photos import services as photos


@dataclass(frozen=True)
class Kind:
    key: str  # also Report.item_kind
    model: type
    rank: int  # breaks ties between kinds in the queue's order
    name: object  # lazy string: "message", "photo"…
    approve: Callable
    decline: Callable
    hide: Callable | None  # None: this kind is not hidden from the queue

    def waiting(self, query: Select) -> Select:
        """Items of this kind that wait for the caseworker."""
        return query.where(moderation.waiting(self.model))


class FamilyTimeKind(Kind):
    def waiting(self, query: Select) -> Select:
        # A request past its confirm-by date no longer waits: it cannot be approved.
        # (Read without writing: `expire_overdue` marks it when its family is next read.)
        now = utcnow()
        return super().waiting(query).where(
            FamilyTime.expired_at.is_(None),
            or_(FamilyTime.confirm_by.is_(None), FamilyTime.confirm_by > now),
        )


def _approve_message(scope, item, seen=None):
    # Approve the words the caseworker read: a correction since then must be read first.
    moderation.approve(item, scope, unchanged={"edited_at": seen})


KINDS: dict[str, Kind] = {kind.key: kind for kind in (
    Kind("message", Message, 0, _l("Message"), approve=_approve_message,
         decline=lambda scope, item, reason: moderation.decline(item, scope, reason),
         hide=lambda scope, item, reason: moderation.hide(item, scope, reason)),
    Kind("photo", Photo, 1, _l("Photo"),
         approve=lambda scope, item, seen=None: photos.approve(item, scope),
         decline=lambda scope, item, reason: photos.decline(item, scope, reason),
         hide=lambda scope, item, reason: photos.hide(item, scope, reason)),
    Kind("event", Event, 2, _l("Event"),
         approve=lambda scope, item, seen=None: moderation.approve(item, scope),
         decline=lambda scope, item, reason: moderation.decline(item, scope, reason),
         hide=lambda scope, item, reason: moderation.hide(item, scope, reason)),
    Kind("about", AboutVersion, 3, _l("About me"),
         approve=lambda scope, item, seen=None: about.approve(scope, item),
         decline=lambda scope, item, reason: about.decline(scope, item, reason),
         hide=lambda scope, item, reason: about.hide(scope, item, reason)),
    FamilyTimeKind("family_time", FamilyTime, 4, _l("Family time"),
                   approve=lambda scope, item, seen=None: family_time.approve(scope, item),
                   decline=lambda scope, item, reason: family_time.decline(scope, item, reason),
                   hide=None),
)}
KIND_KEYS = tuple(KINDS)
