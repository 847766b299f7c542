"""Which texts people wrote can be translated, and how each is found for one reader.

A translatable unit is one item's words as a page shows them: a message, a photo's caption, an
event's name and notes, an "about me" version, a concern, a step of one, and the reason a
caseworker gave for not sharing or hiding an item (its author reads it). Each kind finds its
item with the same query as the page that shows it: the family-scope helper's family, then
"may see" (`app.moderation.may_see`, or the concerns' own `visible`), so nothing the reader may
not see (someone else's waiting, declined, hidden or withdrawn item, a staff-only note) is ever
found, and so never sent.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import url_for
from sqlalchemy import Select

from app import moderation
from app.access import FamilyScope, family_rows
from app.concerns.services import visible as concerns_visible
from app.extensions import db
from app.models import (
    AboutVersion,
    Concern,
    ConcernStep,
    Event,
    Message,
    Photo,
    User,
)


@dataclass(frozen=True)
class Kind:
    """One kind of translatable text: how to find it, which words it has, who wrote them, and
    where the page that shows it is (for the page without JavaScript)."""

    name: str
    model: type
    query: Callable[[FamilyScope], Select]
    words: Callable[[object, FamilyScope], list[tuple[str, str]]]  # [(field, text)]
    writer_id: Callable[[object], int | None]
    page: Callable[[object], str]
    fields: tuple[str, ...] = field(default=())


def _shared_item(model):
    # As every page reads them: what this reader may see, never a withdrawn placeholder.
    return lambda scope: moderation.may_see(model, scope)


def _given(*names):
    """The item's fields of these names that are not empty."""
    def words(item, _scope):
        return [(name, getattr(item, name)) for name in names if getattr(item, name)]
    return words


def _reason(item, _scope):
    # Shown with the item's state to its author and the caseworker (moderation/_state.html).
    if (item.is_declined or item.is_hidden) and item.state_reason:
        return [("reason", item.state_reason)]
    return []


def _step_note(step, scope):
    # A staff note is read by caseworkers only, as on the concern's page.
    if step.note and (step.note_for_family or scope.is_caseworker):
        return [("note", step.note)]
    return []


def _steps(scope):
    readable = concerns_visible(scope).with_only_columns(Concern.id)
    return family_rows(ConcernStep, scope).where(ConcernStep.concern_id.in_(readable))


def _url(endpoint, anchor=None, **ids):
    return lambda item: url_for(endpoint, **ids_of(item, ids), _anchor=anchor(item) if anchor
                                else None)


def ids_of(item, ids):
    return {name: getattr(item, attribute) for name, attribute in ids.items()}


_MESSAGE_PAGE = _url("messages.show", family_id="family_id", message_id="id")
_PHOTO_PAGE = _url("photos.photo", family_id="family_id", photo_id="id")
_EVENT_PAGE = _url("events.show", family_id="family_id", event_id="id")
_ABOUT_PAGE = _url("about.child", family_id="family_id", child_id="child_id",
                   anchor=lambda version: f"section-{version.section}")
_CONCERN_PAGE = _url("concerns.show", family_id="family_id", concern_id="id")
_STEP_PAGE = _url("concerns.show", family_id="family_id", concern_id="concern_id")


def _author(item):
    return item.author_id


def _moderator(item):
    return item.moderated_by_id


KINDS = {kind.name: kind for kind in (
    Kind("message", Message, _shared_item(Message), _given("text"), _author, _MESSAGE_PAGE),
    Kind("photo", Photo, _shared_item(Photo), _given("caption"), _author, _PHOTO_PAGE),
    Kind("event", Event, _shared_item(Event), _given("title", "notes"), _author, _EVENT_PAGE),
    Kind("about", AboutVersion, _shared_item(AboutVersion), _given("text"), _author,
         _ABOUT_PAGE),
    Kind("concern", Concern, concerns_visible, _given("what_happened", "what_would_help"),
         lambda concern: concern.raised_by_id, _CONCERN_PAGE),
    Kind("step", ConcernStep, _steps, _step_note, _author, _STEP_PAGE),
    Kind("message_reason", Message, _shared_item(Message), _reason, _moderator, _MESSAGE_PAGE),
    Kind("photo_reason", Photo, _shared_item(Photo), _reason, _moderator, _PHOTO_PAGE),
    Kind("event_reason", Event, _shared_item(Event), _reason, _moderator, _EVENT_PAGE),
    Kind("about_reason", AboutVersion, _shared_item(AboutVersion), _reason, _moderator,
         _ABOUT_PAGE),
)}


@dataclass(frozen=True)
class Unit:
    """One item's words as this reader may read them, and who wrote them."""

    kind: Kind
    item: object
    words: list[tuple[str, str]]
    writer: User

    @property
    def dom_id(self) -> str:
        return f"translation-{self.kind.name}-{self.item.id}"


def find(scope: FamilyScope, kind_name: str, item_id: int) -> Unit | None:
    """The unit, read through the page's own query, or None (unknown kind, not this family's,
    not for this reader, or nothing written)."""
    kind = KINDS.get(kind_name)
    if kind is None:
        return None
    item = db.session.scalar(kind.query(scope).where(kind.model.id == item_id))
    return unit_of(kind, item, scope) if item is not None else None


def unit_of(kind: Kind, item, scope: FamilyScope) -> Unit | None:
    """The unit of an item the page already read through "may see" (or `find` did)."""
    words = kind.words(item, scope)
    writer_id = kind.writer_id(item)
    if not words or writer_id is None:
        return None
    return Unit(kind=kind, item=item, words=words, writer=db.session.get(User, writer_id))
