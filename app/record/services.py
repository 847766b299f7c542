"""Reading the audit record of one family and saying each event in plain words."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.access import FamilyScope, family_rows
from app.extensions import db
from app.models import AuditEvent, Membership
from app.pagination import KeysetPage, keyset_page

PAGE_SIZE = 25


@dataclass(frozen=True)
class RecordLine:
    id: int
    when: datetime
    text: str


def record_page(scope: FamilyScope, before: int | None) -> KeysetPage:
    query = family_rows(AuditEvent, scope).options(selectinload(AuditEvent.actor))
    page = keyset_page(query, AuditEvent.id, before=before, size=PAGE_SIZE)
    names = _member_names(scope, page.items)
    lines = [RecordLine(e.id, e.created_at, describe(e, names)) for e in page.items]
    return KeysetPage(items=lines, next_before=page.next_before)


def _member_names(scope: FamilyScope, events: list[AuditEvent]) -> dict[int, str]:
    """The names of the people events are about, in one query for the whole page."""
    ids = {e.subject_id for e in events if e.subject_type == "Membership"}
    # Password-reset lines are about a user; they name the person's membership in the detail.
    ids |= {e.detail["membership_id"] for e in events if e.detail.get("membership_id")}
    if not ids:
        return {}
    rows = db.session.scalars(
        family_rows(Membership, scope)
        .where(Membership.id.in_(ids))
        .options(selectinload(Membership.user))
    )
    return {m.id: m.user.name for m in rows}


def describe(event: AuditEvent, member_names: dict[int, str]) -> str:
    actor = event.actor.name if event.actor else _("Hearth")
    # Names are keyed by membership id: only a Membership subject may be looked up there.
    is_member = event.subject_type == "Membership"
    name = (
        (member_names.get(event.subject_id) if is_member else None)
        or member_names.get(event.detail.get("membership_id"))
        or event.detail.get("invitee_name", "")
    )
    reason = event.detail.get("reason", "")
    sentences = {
        "family.created": lambda: _("%(actor)s created the family.", actor=actor),
        "child.added": lambda: _("%(actor)s added a child.", actor=actor),
        "invitation.created": lambda: _("%(actor)s invited %(name)s.", actor=actor, name=name),
        "invitation.revoked": lambda: _("%(actor)s cancelled an invitation.", actor=actor),
        "invitation.accepted": lambda: _(
            "%(actor)s used an invitation and waited for approval.", actor=actor
        ),
        "membership.approved": lambda: _("%(actor)s approved %(name)s.", actor=actor, name=name),
        "membership.declined": lambda: _(
            "%(actor)s did not approve %(name)s. Reason: %(reason)s",
            actor=actor, name=name, reason=reason,
        ),
        "membership.suspended": lambda: _(
            "%(actor)s paused %(name)s. Reason: %(reason)s", actor=actor, name=name, reason=reason
        ),
        "membership.restored": lambda: (
            _("The pause for %(name)s ended on its date.", name=name)
            if event.detail.get("automatic")
            else _("%(actor)s restored %(name)s.", actor=actor, name=name)
        ),
        "password_reset.issued": lambda: _(
            "%(actor)s gave %(name)s a code to set a new password.", actor=actor, name=name
        ),
        "password_reset.used": lambda: _("%(actor)s set a new password with a code.", actor=actor),
        "password_reset.cancelled": lambda: _(
            "An older code for %(name)s to set a new password was cancelled.", name=name
        ),
        "photo.shared": lambda: _("%(actor)s shared a photo.", actor=actor),
        "photo.approved": lambda: _("%(actor)s approved a photo.", actor=actor),
        "photo.declined": lambda: _(
            "%(actor)s did not share a photo. Reason: %(reason)s", actor=actor, reason=reason
        ),
        "photo.hidden": lambda: _(
            "%(actor)s hid a photo. Reason: %(reason)s", actor=actor, reason=reason
        ),
        "photo.withdrawn": lambda: _("%(actor)s took back a photo.", actor=actor),
    }
    say = sentences.get(event.action)
    return say() if say else event.action
