"""The files of a family's export, in the order the ZIP holds them, and the README that
says what each one holds (in the reader's language).

Each file is made only when the ZIP reaches it. Adding a file is one entry in `file_list`
and one function giving its content.
"""

from collections.abc import Iterable, Iterator

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.access import family_rows
from app.concerns.services import visible as visible_concerns
from app.export.contents import (
    CHUNK,
    EXTENSIONS,
    RENDITIONS,
    Plan,
    as_dict,
    batches,
    columns_of,
    grouped,
    is_private,
    json_chunks,
    plain,
    release,
    rows_of,
    shared_items,
)
from app.extensions import db
from app.i18n import format_when
from app.models import (
    AboutVersion,
    AuditEvent,
    Child,
    Concern,
    ConcernStep,
    Event,
    EventAnswer,
    Family,
    FamilyTime,
    FamilyTimeLevel,
    FamilyTimeOccurrence,
    ItemEdit,
    Membership,
    Message,
    MessageRevision,
    Photo,
    User,
)
from app.models.calendar import family_time_children, family_time_parents
from app.models.events import event_children
from app.moderation import may_see
from app.record.services import describe_all
from app.storage import get_storage

PHOTOS_FOLDER = "photos/"


def photo_file_name(photo_id: int, rendition: str, content_type: str) -> str:
    return f"{PHOTOS_FOLDER}{photo_id}-{rendition}.{EXTENSIONS.get(content_type, 'jpg')}"


def file_list() -> list[tuple[str, object]]:
    """(name, what it holds): the README's list, in the order of the ZIP."""
    return [
        ("README.txt", _l("This file: what the others hold.")),
        ("family.json", _l("The family (name, time zone, review level, stage), its children, "
                           "and when, by whom and how this download was made.")),
        ("members.json", _l("Everyone who is or was in the family: role, status, when they "
                            "joined, pauses and their reasons. Never passwords or sign-in "
                            "names.")),
        ("messages.json", _l("Every message with every version of its words, whether it was "
                             "shared, waiting, not shared, hidden or taken back, the reasons, "
                             "and any reports.")),
        ("photos.json", _l("Every photo: caption, state, reasons, reports, and the names of "
                           "its picture files.")),
        (PHOTOS_FOLDER, _l("The pictures as Hearth keeps them: NUMBER-display.jpg (the size "
                           "the family sees) and NUMBER-thumb.jpg (the small one). NUMBER is "
                           "the photo's id in photos.json. Empty if no photos were shared.")),
        ("events.json", _l("Every event (school, health, activities and others): when, where, "
                           "which children, state, reasons, reports, and who said they would "
                           "come.")),
        ("changes.json", _l("Every change asked for to a shared event or photo caption in a "
                            "reviewed family: the new words, whether it was approved, not "
                            "shared or taken back, and the reasons. events.json and "
                            "photos.json hold what the family reads.")),
        ("about_me.json", _l("Every version of every part of \"about me\" for each child, with "
                             "its state and reasons.")),
        ("family_time.json", _l("Every family time and request: when, where, how, "
                                "supervision, each date's outcome (attended, missed, moved) and "
                                "each parent's family-time level.")),
        ("concerns.json", _l("Every concern (\"something is not working\"): who raised it, "
                             "whether the family could read it, and each step taken to resolve "
                             "it. Staff-only notes are included, marked \"note_for_family\": "
                             "false.")),
        ("audit.json", _l("The family record: who did what and when, oldest first, said in "
                          "plain words, with the details Hearth keeps.")),
    ]


def readme(plan: Plan) -> str:
    family = plan.scope.family
    lines = [
        _("The record of %(family)s, from Hearth", family=family.name),
        _("Made on %(when)s by %(name)s.", when=format_when(plan.made_at, family.time_zone),
          name=plan.made_by),
        "",
        _("The resource parent's private details (address and phone) are left out.")
        if plan.leave_out_private else
        _("The resource parent's private details (address and phone) are included. "
          "Keep this download safe."),
        _("Places, notes and messages are kept as people wrote them. Read them before you "
          "share this download with anyone."),
        _("Moments are in UTC, written like 2026-03-14T17:00:00+00:00 (names ending in _at). "
          "The family's time zone is %(zone)s.", zone=family.time_zone),
        _("Family-time days and clock times (first_date, last_date, local_start, "
          "original_date) are the family's own time, in %(zone)s, with no UTC sign.",
          zone=family.time_zone),
        _("People are named by their user number (user_id, author_id, actor_id, and names "
          "ending in _user_id) with their name beside it (names ending in _name). members.json "
          "lists everyone by the same number."),
        _("The .json files open in any text editor."),
        "",
        _("What each file holds:"),
    ]
    # One line per file, "* name — what it holds": a program (or a test) can read the list.
    lines += [f"* {name} — {what}" for name, what in file_list()]
    return "\n".join(lines) + "\n"


def entries(plan: Plan) -> Iterator[tuple[str, Iterable[bytes]]]:
    """(name in the ZIP, its bytes in pieces) for every file, made as the ZIP reaches it."""
    yield "README.txt", [readme(plan).encode()]
    yield "family.json", json_chunks(family_sections(plan))
    yield "members.json", json_chunks([("members", members(plan))])
    yield "messages.json", json_chunks([("messages", shared_items(Message, plan,
                                                                  more=revisions(plan)))])
    yield "photos.json", json_chunks([("photos", shared_items(
        Photo, plan, without=RENDITIONS.values(), more=photo_names(plan)))])
    yield from photo_files(plan)
    yield "events.json", json_chunks([("events", shared_items(Event, plan,
                                                              more=event_details(plan)))])
    yield "changes.json", json_chunks([("changes", shared_items(ItemEdit, plan))])
    yield "about_me.json", json_chunks([("about_me", shared_items(AboutVersion, plan))])
    yield "family_time.json", json_chunks([
        ("family_time", shared_items(FamilyTime, plan, without=FAMILY_TIME_MEMBERSHIPS,
                                     more=family_time_details(plan))),
        ("levels", levels(plan)),
    ])
    yield "concerns.json", json_chunks([("concerns", concerns(plan))])
    yield "audit.json", json_chunks([("audit", audit(plan))])


# --- each file ------------------------------------------------------------------------------


def family_sections(plan: Plan) -> list[tuple[str, object]]:
    family = plan.scope.family
    about = {column.name: plain(getattr(family, column.name)) for column in columns_of(
        Family, plan)}
    made = {"made_at": plain(plan.made_at), "made_by": plan.made_by,
            "private_details_left_out": plan.leave_out_private}
    children = rows_of(family_rows(Child, plan.scope).with_only_columns(
        *columns_of(Child, plan)), Child.id)
    return [("family", about), ("download", made), ("children", children)]


def members(plan: Plan) -> Iterator[dict]:
    """One row per membership. Its own number is `membership_id` (audit lines about a
    membership name it, with the person beside it); the person is `user_id`."""
    query = (family_rows(Membership, plan.scope)
             .with_only_columns(*columns_of(Membership, plan), User.preferred_name.label("name"),
                                User.display_name.label("full_name"))
             .join_from(Membership, User, User.id == Membership.user_id))

    def convert(row) -> dict:
        values = as_dict(row)
        values = {"membership_id": values.pop("id"), **values}
        values["approved_by_name"] = plan.names.get(values.get("approved_by_id"), "")
        return values

    return rows_of(query, Membership.id, convert=convert)


def revisions(plan: Plan):
    def more(batch) -> dict:
        found = grouped(
            family_rows(MessageRevision, plan.scope)
            .with_only_columns(MessageRevision.message_id, MessageRevision.id,
                               MessageRevision.text, MessageRevision.created_at)
            .where(MessageRevision.message_id.in_([row.id for row in batch]))
            .order_by(MessageRevision.id),
            "message_id")
        return {row.id: {"revisions": found.get(row.id, [])} for row in batch}
    return more


def _photo_keys(plan: Plan, ids=None):
    query = may_see(Photo, plan.scope).with_only_columns(
        Photo.id, Photo.content_type, *(getattr(Photo, key) for key in RENDITIONS.values()))
    return query if ids is None else query.where(Photo.id.in_(ids))


def _stored_files(row) -> list[tuple[str, str]]:
    """(name in the ZIP, storage key) of a photo's renditions that are in the store."""
    storage = get_storage()
    return [(photo_file_name(row.id, rendition, row.content_type), getattr(row, key))
            for rendition, key in RENDITIONS.items() if storage.exists(getattr(row, key))]


def photo_names(plan: Plan):
    def more(batch) -> dict:
        rows = db.session.execute(_photo_keys(plan, [row.id for row in batch])).all()
        return {row.id: {"files": [name for name, _key in _stored_files(row)]} for row in rows}
    return more


def photo_files(plan: Plan) -> Iterator[tuple[str, Iterable[bytes]]]:
    """Each stored picture, read in pieces when the ZIP reaches it: one file open at a time."""
    for batch in batches(_photo_keys(plan), Photo.id):
        files = [pair for row in batch for pair in _stored_files(row)]
        release()
        for name, key in files:
            yield name, _read_in_pieces(key)


def _read_in_pieces(key: str) -> Iterator[bytes]:
    with get_storage().open(key) as file:
        while piece := file.read(CHUNK):
            yield piece


def event_details(plan: Plan):
    def more(batch) -> dict:
        ids = [row.id for row in batch]
        children = grouped(select(event_children.c.event_id, event_children.c.child_id)
                           .where(event_children.c.event_id.in_(ids)), "event_id")
        answers = grouped(select(EventAnswer.event_id, EventAnswer.user_id, EventAnswer.answer,
                                 EventAnswer.updated_at)
                          .where(EventAnswer.event_id.in_(ids)).order_by(EventAnswer.id),
                          "event_id", plan.names, "user")
        return {i: {"child_ids": [c["child_id"] for c in children.get(i, [])],
                    "answers": answers.get(i, [])} for i in ids}
    return more


# Family time's columns that hold a membership: each is given as the person instead.
FAMILY_TIME_MEMBERSHIPS = ("host_id",)
DATE_COLUMNS = [c for c in FamilyTimeOccurrence.__table__.columns
                if c.name not in ("outcome_by_id", "version")]


def family_time_details(plan: Plan):
    def more(batch) -> dict:
        ids = [row.id for row in batch]
        children = grouped(select(family_time_children.c.family_time_id,
                                  family_time_children.c.child_id)
                           .where(family_time_children.c.family_time_id.in_(ids)),
                           "family_time_id")
        parents = grouped(select(family_time_parents.c.family_time_id,
                                 family_time_parents.c.membership_id)
                          .where(family_time_parents.c.family_time_id.in_(ids)),
                          "family_time_id")
        hosts = dict(db.session.execute(select(FamilyTime.id, FamilyTime.host_id)
                                        .where(FamilyTime.id.in_(ids))).all())
        dates: dict[int, list[dict]] = {}
        for row in db.session.execute(
                select(*DATE_COLUMNS, FamilyTimeOccurrence.outcome_by_id)
                .where(FamilyTimeOccurrence.family_time_id.in_(ids))
                .order_by(FamilyTimeOccurrence.original_date)):
            values = as_dict(row)
            owner, by = values.pop("family_time_id"), values.pop("outcome_by_id")
            dates.setdefault(owner, []).append({**values, **plan.person(by, "outcome_by")})
        return {i: {**plan.person(hosts.get(i), "host"),
                    "child_ids": [c["child_id"] for c in children.get(i, [])],
                    "parents": [plan.person(p["membership_id"]) for p in parents.get(i, [])],
                    "dates": dates.get(i, [])} for i in ids}
    return more


def levels(plan: Plan) -> Iterator[dict]:
    """Each parent's family-time level steps, the parent and who set it named by user."""
    query = family_rows(FamilyTimeLevel, plan.scope).with_only_columns(
        *columns_of(FamilyTimeLevel, plan))

    def convert(row) -> dict:
        values = as_dict(row)
        parent = plan.person(values.pop("membership_id"))
        return {**values, **parent, "set_by_name": plan.names.get(values["set_by_id"], "")}

    return rows_of(query, FamilyTimeLevel.id, convert=convert)


def concerns(plan: Plan) -> Iterator[dict]:
    """Every concern the reader may see (the caseworker's or an admin's: all of them), each
    with its steps in the order they happened. A staff export is the whole record, so the
    staff-only notes are in it; each step says whether the family could read its note."""
    names = plan.names

    def steps(batch) -> dict:
        found = grouped(
            family_rows(ConcernStep, plan.scope)
            .with_only_columns(*columns_of(ConcernStep, plan, without=("family_id",)))
            .where(ConcernStep.concern_id.in_([row.id for row in batch]))
            .order_by(ConcernStep.happened_on, ConcernStep.id),
            "concern_id", names, "author")
        return {row.id: {"raised_by_name": names.get(row.raised_by_id, ""),
                         "resolved_by_name": names.get(row.resolved_by_id, ""),
                         "steps": found.get(row.id, [])} for row in batch}

    query = visible_concerns(plan.scope).with_only_columns(*columns_of(Concern, plan))
    return rows_of(query, Concern.id, steps)


def audit(plan: Plan) -> Iterator[dict]:
    query = family_rows(AuditEvent, plan.scope).options(selectinload(AuditEvent.actor))

    def words(batch) -> dict:
        return {e.id: {"text": text} for e, text in zip(batch, describe_all(plan.scope, batch),
                                                          strict=True)}

    def line(event: AuditEvent) -> dict:
        detail = {key: value for key, value in (event.detail or {}).items()
                  if not (plan.leave_out_private and is_private(key))}
        said = {"id": event.id, "created_at": plain(event.created_at), "action": event.action,
                "actor_id": event.actor_id, "actor_name": event.actor.name if event.actor else "",
                "subject_type": event.subject_type, "subject_id": event.subject_id}
        if event.subject_type == Membership.__name__:  # a person's place: name the person
            said.update(plan.person(event.subject_id, "subject"))
        return {**said, "detail": detail}

    return rows_of(query, AuditEvent.id, words, scalars=True, convert=line)

