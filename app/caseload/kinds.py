"""Each kind of shared item the review queue knows: its model, what "waiting" means for it,
and the feature service that approves, declines or hides it.

The queue never writes state itself: every action goes through the kind's own service (which
goes through `app.moderation`), so the rules of each feature (a family-time conflict, an
expired request, a corrected message) hold in the queue exactly as on the feature's page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, or_, select

from app import moderation
from app.about import services as about
from app.events import edits as event_edits
from app.family_time import services as family_time
from app.models import AboutVersion, Event, FamilyTime, ItemEdit, Message, Photo
from app.models.edits import EVENT, PHOTO
from app.models.types import utcnow
from app.moderation import NotAllowed
from app.photos import captions
from app.photos import services as photos


@dataclass(frozen=True)
class Kind:
    key: str  # also Report.item_kind
    model: type
    rank: int  # breaks ties between kinds in the queue's order
    name: object  # lazy string: "message", "photo"…
    approve: Callable  # (scope, item, seen): `seen` is `version` as the caseworker read it
    decline: Callable
    hide: Callable | None  # None: this kind is not hidden from the queue
    # The version of what the card shows, as text: (item, target) → str, where target is
    # what an edit changes (None for other kinds). Approve and "share all" carry it, and the
    # approval is a conditional UPDATE on it, so nothing changed after it was read is shared.
    version: Callable = lambda item, target: ""

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


class EditKind(Kind):
    def waiting(self, query: Select) -> Select:
        # A change waits only while what it changes is shared (what the whole family reads:
        # may_see's shared_only); a change to a hidden or taken-back item has nothing to
        # change any more.
        shared = {model: select(model.id).where(moderation.shared(model))
                  for model in (Event, Photo)}
        return super().waiting(query).where(or_(
            and_(ItemEdit.item_kind == EVENT, ItemEdit.item_id.in_(shared[Event])),
            and_(ItemEdit.item_kind == PHOTO, ItemEdit.item_id.in_(shared[Photo])),
        ))


def _number(seen) -> int:
    try:
        return int(seen)
    except (TypeError, ValueError):
        raise NotAllowed("no version read") from None


def _approve_message(scope, item, seen=None):
    # Approve the words the caseworker read: a correction since then must be read first
    # (the queue compared `seen` with this same `edited_at`).
    moderation.approve(item, scope, unchanged={"edited_at": item.edited_at})


def _approve_edit(scope, item, seen=None):
    if item.item_kind == EVENT:
        event_edits.approve_edit(scope, item, seen)
    else:
        captions.approve_caption(scope, item, seen)


def _edit_version(item, target) -> str:
    if target is None:
        return ""
    return str(target.edits if item.item_kind == EVENT else target.version)


KINDS: dict[str, Kind] = {kind.key: kind for kind in (
    Kind("message", Message, 0, _l("Message"), approve=_approve_message,
         decline=lambda scope, item, reason: moderation.decline(item, scope, reason),
         hide=lambda scope, item, reason: moderation.hide(item, scope, reason),
         version=lambda item, target: item.edited_at.isoformat() if item.edited_at else ""),
    Kind("photo", Photo, 1, _l("Photo"),
         approve=lambda scope, item, seen=None: photos.approve(item, scope, _number(seen)),
         decline=lambda scope, item, reason: photos.decline(item, scope, reason),
         hide=lambda scope, item, reason: photos.hide(item, scope, reason),
         version=lambda item, target: str(item.version)),
    Kind("event", Event, 2, _l("Event"),
         approve=lambda scope, item, seen=None: moderation.approve(
             item, scope, unchanged={"edits": _number(seen)}),
         decline=lambda scope, item, reason: moderation.decline(item, scope, reason),
         hide=lambda scope, item, reason: moderation.hide(item, scope, reason),
         version=lambda item, target: str(item.edits)),
    # A version of "about me" is never changed (a change is a new row): its id is its version.
    Kind("about", AboutVersion, 3, _l("About me"),
         approve=lambda scope, item, seen=None: about.approve(scope, item),
         decline=lambda scope, item, reason: about.decline(scope, item, reason),
         hide=lambda scope, item, reason: about.hide(scope, item, reason),
         version=lambda item, target: str(item.id)),
    FamilyTimeKind("family_time", FamilyTime, 4, _l("Family time"),
                   approve=lambda scope, item, seen=None: family_time.approve(
                       scope, item, sequence=_number(seen)),
                   decline=lambda scope, item, reason: family_time.decline(scope, item, reason),
                   hide=None, version=lambda item, target: str(item.sequence)),
    # A change to a shared event or photo caption (app/models/edits.py). Its row never
    # changes; what it is read against is the item's version as the card showed it.
    EditKind("edit", ItemEdit, 5, _l("Change"), approve=_approve_edit,
             decline=lambda scope, item, reason: moderation.decline(item, scope, reason),
             hide=None, version=_edit_version),
)}
KIND_KEYS = tuple(KINDS)
