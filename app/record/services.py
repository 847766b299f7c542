"""Reading the audit record of one family and saying each event in plain words."""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app import moderation
from app.about.sections import BY_KEY
from app.access import FamilyScope, family_rows
from app.extensions import db
from app.family_time.levels import LEVEL_NAMES
from app.i18n import format_names
from app.models import AuditEvent, Event, FamilyTime, Level, Membership
from app.models.reports import ReportOutcome
from app.pagination import KeysetPage, keyset_page
from app.record.edit_words import edit_sentence
from app.record.family_time_words import day_words, family_time_sentence
from app.record.filters import RecordFilter

PAGE_SIZE = 25


@dataclass(frozen=True)
class RecordLine:
    id: int
    when: datetime
    text: str


def record_page(scope: FamilyScope, before: int | None,
                narrowed: RecordFilter | None = None) -> KeysetPage:
    """A page of the record, newest first; `narrowed` keeps only some kinds and days.

    The filter only adds conditions to the keyset query, so "Show older" pages the same way
    whatever is chosen.
    """
    query = family_rows(AuditEvent, scope).options(selectinload(AuditEvent.actor))
    if narrowed is not None:
        query = query.where(*narrowed.clauses())
    page = keyset_page(query, AuditEvent.id, before=before, size=PAGE_SIZE)
    texts = describe_all(scope, page.items, isolated=True)
    lines = [RecordLine(e.id, e.created_at, text)
             for e, text in zip(page.items, texts, strict=True)]
    return KeysetPage(items=lines, next_before=page.next_before)


def describe_all(scope: FamilyScope, events: list[AuditEvent], *,
                 isolated: bool = False) -> list[str]:
    """Plain words for a batch of events (a page, or a batch of the export): at most three
    queries, whatever the size of the batch. `isolated`: for the page (see `isolate`)."""
    names = _member_names(scope, events)
    titles = _event_titles(scope, events)
    first_days = _family_time_days(scope, events)
    return [describe(e, names, titles, first_days=first_days,
                     time_zone=scope.family.time_zone, isolated=isolated) for e in events]


# First strong isolate ... pop directional isolate: <bdi> in plain text.
_FSI, _PDI = "\u2068", "\u2069"


def isolate(text: str) -> str:
    """What people typed (a name, a title, a reason) inside a line of the record on the page,
    isolated as <bdi> would, so an English name in an Arabic line keeps its punctuation in its
    place. The lines are text, made by the same code for the export, which stays plain."""
    return f"{_FSI}{text}{_PDI}" if text else text


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


def _level_name(value: str) -> str:
    try:
        return str(LEVEL_NAMES[Level(value)])
    except ValueError:
        return value


def _about_title(event: AuditEvent) -> str:
    section = BY_KEY.get(event.detail.get("section", ""))
    return str(section.title) if section else event.detail.get("section", "")


def _event_titles(scope: FamilyScope, events: list[AuditEvent]) -> dict[int, str]:
    """The titles of the events lines are about, in one query for the whole page."""
    ids = {e.subject_id for e in events if e.subject_type == "Event"}
    # A change to an event names its event in the detail.
    ids |= {e.detail["item_id"] for e in events
            if e.subject_type == "ItemEdit" and e.detail.get("item_kind") == "event"
            and isinstance(e.detail.get("item_id"), int)}
    if not ids:
        return {}
    rows = db.session.execute(
        family_rows(Event, scope).with_only_columns(Event.id, Event.title).where(Event.id.in_(ids))
    )
    return dict(rows.all())


def _family_time_days(scope: FamilyScope, events: list[AuditEvent]) -> dict[int, date]:
    """The first day of each family time lines are about, in one query for the whole page.
    Through `may_see`: the record is read by the caseworker (or an admin in their seat), who
    may see every family time, declined ones too."""
    ids = {e.subject_id for e in events if e.subject_type == "FamilyTime"}
    if not ids:
        return {}
    rows = db.session.execute(
        moderation.may_see(FamilyTime, scope)
        .with_only_columns(FamilyTime.id, FamilyTime.first_date)
        .where(FamilyTime.id.in_(ids))
    )
    return dict(rows.all())


def _event_sentence(event: AuditEvent, actor: str, title: str, reason: str) -> str | None:
    """Plain words for what happened to an event; the old and new values stay in the detail."""
    if event.action == "event.edited":
        fields = event.detail.get("fields", [])
        one_field = {
            "title": lambda: _("%(actor)s changed the name of '%(title)s'.",
                               actor=actor, title=title),
            "kind": lambda: _("%(actor)s changed the kind of event of '%(title)s'.",
                              actor=actor, title=title),
            "children": lambda: _("%(actor)s changed which children '%(title)s' is about.",
                                  actor=actor, title=title),
            "time": lambda: _("%(actor)s changed the time of '%(title)s'.",
                              actor=actor, title=title),
            "place": lambda: _("%(actor)s changed the place of '%(title)s'.",
                               actor=actor, title=title),
            "video_link": lambda: _("%(actor)s changed the video call link of '%(title)s'.",
                                    actor=actor, title=title),
            "notes": lambda: _("%(actor)s changed the notes of '%(title)s'.",
                               actor=actor, title=title),
        }
        if len(fields) == 1 and fields[0] in one_field:
            return one_field[fields[0]]()
        field_words = {
            "title": _("name"), "kind": _("kind of event"), "children": _("children"),
            "time": _("time"), "place": _("place"), "video_link": _("video call link"),
            "notes": _("notes"),
        }
        return _("%(actor)s changed '%(title)s': %(fields)s.", actor=actor, title=title,
                 fields=format_names(field_words.get(f, f) for f in fields))
    sentences = {
        "event.created": lambda: _("%(actor)s added the event '%(title)s'.",
                                   actor=actor, title=title),
        "event.approved": lambda: _("%(actor)s approved the event '%(title)s'.",
                                    actor=actor, title=title),
        "event.declined": lambda: _(
            "%(actor)s did not share the event '%(title)s'. Reason: %(reason)s",
            actor=actor, title=title, reason=reason),
        "event.hidden": lambda: _("%(actor)s hid the event '%(title)s'. Reason: %(reason)s",
                                  actor=actor, title=title, reason=reason),
        "event.withdrawn": lambda: _("%(actor)s took back the event '%(title)s'.",
                                     actor=actor, title=title),
        "event.returned_for_review": lambda: _(
            "%(actor)s changed the event '%(title)s'. It waits for review again.",
            actor=actor, title=title),
        "event.reported": lambda: _(
            "%(actor)s reported the event '%(title)s' to the caseworker. Reason: %(reason)s",
            actor=actor, title=title, reason=reason),
    }
    say = sentences.get(event.action)
    return say() if say else None


def _as_is(text: str) -> str:
    return text


def _family_sentence(event: AuditEvent, actor: str, reason: str, typed=_as_is) -> str | None:
    """Plain words for changes to the family itself: how sharing works, its caseworker, and
    admins looking in."""
    detail = event.detail
    if event.action == "family.review_level_changed":
        if detail.get("to") == "open":
            return _("%(actor)s changed how sharing works: things now go out right away. "
                     "Reason: %(reason)s", actor=actor, reason=reason)
        return _("%(actor)s changed how sharing works: the caseworker now reads things before "
                 "they are shared. Reason: %(reason)s", actor=actor, reason=reason)
    if event.action == "family.caseworker_changed":
        if detail.get("from_names"):
            return _("%(actor)s made %(new)s the caseworker, in place of %(old)s. "
                     "Reason: %(reason)s", actor=actor, new=typed(detail.get("to_name", "")),
                     old=format_names(typed(name) for name in detail["from_names"]),
                     reason=reason)
        return _("%(actor)s made %(new)s the caseworker. Reason: %(reason)s", actor=actor,
                 new=typed(detail.get("to_name", "")), reason=reason)
    if event.action == "family.viewed_by_admin":
        return _("%(actor)s, an admin, looked at the family.", actor=actor)
    return None
COURT_RECORD_ACTIONS = frozenset({"family_time.record_viewed", "family_time.record_exported"})


def _court_record_sentence(event: AuditEvent, actor: str) -> str:
    """Who looked at (or downloaded) the family-time record for court, and for which dates."""
    first, last = day_words(event.detail.get("first")), day_words(event.detail.get("last"))
    if event.action == "family_time.record_exported":
        return _("%(actor)s downloaded the family time record from %(first)s to %(last)s.",
                 actor=actor, first=first, last=last)
    return _("%(actor)s looked at the family time record from %(first)s to %(last)s.",
             actor=actor, first=first, last=last)


def _report_resolved_sentence(event: AuditEvent, actor: str) -> str:
    """What the caseworker did with the reports on an item. Their note stays with the reports;
    the hiding itself is a line of its own, with its reason."""
    said = {
        ReportOutcome.KEPT: lambda: _("%(actor)s read a report and left the item as it was.",
                                      actor=actor),
        ReportOutcome.HIDDEN: lambda: _("%(actor)s read a report and hid the item.",
                                        actor=actor),
        ReportOutcome.TALK: lambda: _(
            "%(actor)s read a report and will talk with the family about it.", actor=actor),
        ReportOutcome.WITHDRAWN: lambda: _(
            "%(actor)s took back an item that was reported, so its reports closed.",
            actor=actor),
    }
    say = said.get(event.detail.get("outcome", ""))
    return say() if say else _("%(actor)s answered a report.", actor=actor)


def _concern_step_sentence(event: AuditEvent, actor: str) -> str:
    """A caseworker's step on a concern; the note itself stays on the concern's page."""
    steps = {
        "talked_with_parent": lambda: _("%(actor)s talked with the parent about a concern.",
                                        actor=actor),
        "talked_with_resource_parent": lambda: _(
            "%(actor)s talked with the resource parent about a concern.", actor=actor),
        "meeting": lambda: _("%(actor)s held a meeting about a concern.", actor=actor),
        "agreement": lambda: _("%(actor)s recorded an agreement on a concern.", actor=actor),
    }
    say = steps.get(event.detail.get("kind", ""))
    return say() if say else _("%(actor)s recorded a step on a concern.", actor=actor)


def describe(event: AuditEvent, member_names: dict[int, str],
             event_titles: dict[int, str] | None = None, *,
             first_days: dict[int, date] | None = None, time_zone: str | None = None,
             isolated: bool = False) -> str:
    """One line of the record in plain words. The lookups hold what the event names only by
    id (`describe_all` fills them for a batch); `time_zone` is the family's; `isolated`: what
    people typed is isolated (`isolate`), for the page."""
    typed = isolate if isolated else _as_is
    actor = typed(event.actor.name) if event.actor else _("Hearth")
    # Names are keyed by membership id: only a Membership subject may be looked up there.
    is_member = event.subject_type == "Membership"
    name = typed(
        (member_names.get(event.subject_id) if is_member else None)
        or member_names.get(event.detail.get("membership_id"))
        or event.detail.get("invitee_name", "")
    )
    reason = typed(event.detail.get("reason", ""))
    sentences = {
        "family.created": lambda: _("%(actor)s created the family.", actor=actor),
        "family.exported": lambda: (
            _("%(actor)s downloaded the family's record, without the resource parent's "
              "private details.", actor=actor)
            if event.detail.get("private_details_left_out")
            else _("%(actor)s downloaded the family's record, with the resource parent's "
                   "private details.", actor=actor)
        ),
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
        "about.written": lambda: _(
            "%(actor)s wrote “%(section)s” about %(child)s.", actor=actor,
            section=_about_title(event), child=typed(event.detail.get("child_name", "")),
        ),
        "about.approved": lambda: _("%(actor)s approved a change to “about me”.", actor=actor),
        "about.declined": lambda: _(
            "%(actor)s did not share a change to “about me”. Reason: %(reason)s",
            actor=actor, reason=reason,
        ),
        "about.hidden": lambda: _(
            "%(actor)s hid a part of “about me”. Reason: %(reason)s", actor=actor, reason=reason
        ),
        "about.withdrawn": lambda: _("%(actor)s took back a part of “about me”.", actor=actor),
        "about.returned_for_review": lambda: _(
            "%(actor)s's changed part of “about me” waits for review again.", actor=actor),
        "about.reported": lambda: _(
            "%(actor)s reported a part of “about me” to the caseworker. Reason: %(reason)s",
            actor=actor, reason=reason),
        "photo.shared": lambda: _("%(actor)s shared a photo.", actor=actor),
        "photo.approved": lambda: _("%(actor)s approved a photo.", actor=actor),
        "photo.declined": lambda: _(
            "%(actor)s did not share a photo. Reason: %(reason)s", actor=actor, reason=reason
        ),
        "photo.hidden": lambda: _(
            "%(actor)s hid a photo. Reason: %(reason)s", actor=actor, reason=reason
        ),
        "photo.withdrawn": lambda: _("%(actor)s took back a photo.", actor=actor),
        "photo.caption_changed": lambda: _("%(actor)s changed the caption of a photo.",
                                           actor=actor),
        "photo.returned_for_review": lambda: _(
            "%(actor)s's changed photo waits for review again.", actor=actor),
        "photo.reported": lambda: _(
            "%(actor)s reported a photo to the caseworker. Reason: %(reason)s", actor=actor,
            reason=reason),
        "message.edited": lambda: _("%(actor)s corrected a message.", actor=actor),
        "message.returned_for_review": lambda: _(
            "%(actor)s's corrected message waits for review again.", actor=actor),
        "message.approved": lambda: _("%(actor)s approved a message.", actor=actor),
        "message.declined": lambda: _(
            "%(actor)s did not share a message. Reason: %(reason)s", actor=actor, reason=reason
        ),
        "message.hidden": lambda: _(
            "%(actor)s hid a message. Reason: %(reason)s", actor=actor, reason=reason
        ),
        "message.withdrawn": lambda: _("%(actor)s took back a message.", actor=actor),
        "family_time.level_set": lambda: _(
            "%(actor)s approved %(name)s for family time “%(level)s”. Reason: %(reason)s",
            actor=actor, name=name, level=_level_name(event.detail.get("after", "")),
            reason=reason,
        ),
        "concern.raised": lambda: (
            _("%(actor)s said something is not working, shared with the family.", actor=actor)
            if event.detail.get("shared")
            else _("%(actor)s said something is not working, only to the caseworker.",
                   actor=actor)
        ),
        "concern.step_added": lambda: _concern_step_sentence(event, actor),
        "concern.resolved": lambda: _("%(actor)s closed a concern with a resolution.",
                                      actor=actor),
        "concern.reopened": lambda: _("%(actor)s opened a concern again.", actor=actor),
        "report.resolved": lambda: _report_resolved_sentence(event, actor),
        "membership.contact_changed": lambda: (
            _("%(actor)s changed their address or phone and shared them with the family.",
              actor=actor)
            if event.detail.get("shared")
            else _("%(actor)s changed their address or phone and kept them from the family.",
                   actor=actor)
        ),
        "message.reported": lambda: _(
            "%(actor)s reported a message to the caseworker. Reason: %(reason)s", actor=actor,
            reason=reason
        ),
    }
    say = sentences.get(event.action)
    if say:
        return say()
    if event.action.startswith("family."):
        return _family_sentence(event, actor, reason, typed) or event.action
    if event.action in COURT_RECORD_ACTIONS:
        return _court_record_sentence(event, actor)
    if event.action.startswith("family_time."):
        said = family_time_sentence(event, actor, reason, first_days or {}, time_zone)
        return said or event.action
    if event.action.startswith("event."):
        title = typed(event.detail.get("title") or (event_titles or {}).get(event.subject_id, ""))
        return _event_sentence(event, actor, title, reason) or event.action
    if event.action.startswith("edit."):
        title = typed(event.detail.get("title") or (event_titles or {}).get(
            event.detail.get("item_id"), ""))
        return edit_sentence(event, actor, title, reason) or event.action
    return event.action

