"""Data factories with overridable defaults: `make_user(db, email=...)`.

Each returns committed rows so a test reads like the story it tells.
"""

import itertools
from datetime import timedelta

from app.auth.services import create_user
from app.extensions import db
from app.families.services import create_family
from app.joining import services as joining
from app.models import Membership, MembershipStatus, Role
from app.models.types import utcnow

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def make_user(**overrides):
    n = next(_counter)
    fields = {
        "email": f"person{n}@example.org",
        "display_name": f"Person {n}",
        "preferred_name": "",
        "password": PASSWORD,
    }
    fields.update(overrides)
    user = create_user(**fields)
    db.session.commit()
    return user


def make_caseworker(**overrides):
    overrides.setdefault("is_staff", True)
    return make_user(**overrides)


def make_family(caseworker=None, **overrides):
    fields = {
        "name": "The Test family",
        "time_zone": "America/Los_Angeles",
        "child_name": "Mia",
        "child_birth_date": None,
    }
    fields.update(overrides)
    return create_family(actor=caseworker or make_caseworker(), **fields)


def add_member(family, user=None, *, role=Role.PARENT, status=MembershipStatus.ACTIVE, **fields):
    membership = Membership(
        user_id=(user or make_user()).id,
        family_id=family.id,
        role=role,
        status=status,
        **fields,
    )
    db.session.add(membership)
    db.session.commit()
    return membership


def make_invitation(family, caseworker, **overrides):
    fields = {"role": Role.PARENT, "invitee_name": "Dana", "relationship_label": "Mom"}
    fields.update(overrides)
    return joining.create_invitation(family_id=family.id, actor=caseworker, **fields)


def expire(invitation):
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()


# One maker per kind of shared item: (family, author, state) -> a committed item.
# Each feature adds its own; tests/test_moderation.py runs every moderation rule on every kind.
SHARED_ITEM_FACTORIES: dict = {}


def _number(item):
    """The item's place in the family's order of sharing, as the feature that makes it gives
    (app.moderation.number_new); a test that sets `shared_seq` or `position` itself keeps it."""
    from app import moderation

    preset = {name: getattr(item, name) for name in ("shared_seq", "position")
              if getattr(item, name, None) is not None}
    moderation.number_new(item)
    for name, value in preset.items():
        setattr(item, name, value)


def make_about(family, author, state=None, *, child=None, section="bedtime", text=None):
    """An "about me" version, stored straight in `state` (a test sets up what moderation did)."""
    from app.models import AboutVersion, ContentState

    version = AboutVersion(
        family_id=family.id, author_id=author.id, child_id=(child or family.children[0]).id,
        section=section, text=text or f"Version {next(_counter)}: a song, then lights out.",
        state=state or ContentState.VISIBLE,
    )
    _number(version)
    db.session.add(version)
    db.session.commit()
    return version


SHARED_ITEM_FACTORIES["about"] = make_about


def scope_of(user, family):
    """The FamilyScope `user` has in `family`, as a route would get it from family_scope."""
    from app.access import FamilyScope

    membership = db.session.scalar(
        db.select(Membership).filter_by(user_id=user.id, family_id=family.id)
    )
    return FamilyScope(family=family, membership=membership)


def make_event(family, author, state=None, **overrides):
    """An event stored directly (no form), starting tomorrow unless told otherwise."""
    from app.models import ContentState, Event, EventKind

    fields = {
        "title": "School play",
        "kind": EventKind.SCHOOL_PERFORMANCE,
        "starts_at": utcnow() + timedelta(days=1),
        "children": list(family.children),
    }
    fields.update(overrides)
    event = Event(family_id=family.id, author_id=author.id,
                  state=state or ContentState.VISIBLE, **fields)
    _number(event)
    db.session.add(event)
    db.session.commit()
    return event


SHARED_ITEM_FACTORIES["event"] = make_event


def make_edit(family, author, item, state=None, **values):
    """A change to a shared event or photo that waits for review (app/models/edits.py),
    stored straight: `values` are the new column values ({"place": "New gym"})."""
    from app.models import ContentState, ItemEdit

    edit = ItemEdit(family_id=family.id, author_id=author.id,
                    state=state or ContentState.PENDING, item_kind=item.audit_name,
                    item_id=item.id, base_version=getattr(item, "edits", 0) or 0,
                    fields=sorted(values), values=values)
    db.session.add(edit)
    db.session.commit()
    return edit


def tiny_jpeg(color="orange", size=(8, 6)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def make_photo(family, author, state=None, *, caption="", with_files=True, **overrides):
    """A photo row in `state`, with two tiny stored renditions (without them: rows only)."""
    from app.models import ContentState, Photo
    from app.storage import get_storage, new_key

    keys = {"display_key": new_key(), "thumb_key": new_key()}
    if with_files:
        for key in keys.values():
            get_storage().save(key, tiny_jpeg())
    fields = {
        "family_id": family.id, "author_id": author.id, "state": state or ContentState.VISIBLE,
        "caption": caption, "content_type": "image/jpeg", "display_width": 8,
        "display_height": 6, "thumb_width": 8, "thumb_height": 6, **keys,
    }
    fields.update(overrides)
    photo = Photo(**fields)
    _number(photo)
    db.session.add(photo)
    db.session.commit()
    return photo


SHARED_ITEM_FACTORIES["photo"] = make_photo


def make_message(family, author, state=None, *, text=None, **overrides):
    """A message with its first revision, stored straight in `state`; it takes its place in
    the thread (and a shared one its `shared_seq`) as sending would."""
    from app.models import ContentState, Message, MessageRevision

    state = state or ContentState.VISIBLE
    text = text or f"Message {next(_counter)}: see you at family time."
    message = Message(family_id=family.id, author_id=author.id, state=state, text=text,
                      **overrides)
    _number(message)
    db.session.add(message)
    db.session.flush()
    db.session.add(MessageRevision(message_id=message.id, family_id=family.id, text=text))
    db.session.commit()
    return message


SHARED_ITEM_FACTORIES["message"] = make_message

def make_family_time(family, author, state=None, *, days_ahead=None, hour=17, hours=1,
                     **overrides):
    """A family time stored directly (no rules), `days_ahead` from today (each call another
    day unless told) at `hour` local time; an approved one owns its slots, as approval would."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from app.models import ContentState, FamilyTime, Mode, Supervision
    from app.models.calendar import claim_slots, local_to_utc

    if days_ahead is None:
        days_ahead = 2 + next(_counter)
    day = datetime.now(ZoneInfo(family.time_zone)).date() + timedelta(days=days_ahead)
    start = local_to_utc(day, time(hour), family.time_zone)
    fields = {
        "time_zone": family.time_zone, "first_date": day, "last_date": day,
        "local_start": time(hour), "duration_minutes": 60 * hours, "every_weeks": None,
        "starts_at": start, "last_ends_at": start + timedelta(hours=hours),
        "mode": Mode.IN_PERSON, "supervision": Supervision.SUPERVISED,
        "place": "Family center, room 2", "children": list(family.children),
    }
    fields.update(overrides)
    item = FamilyTime(family_id=family.id, author_id=author.id,
                      state=state or ContentState.VISIBLE, **fields)
    db.session.add(item)
    db.session.flush()
    if item.state is ContentState.VISIBLE:
        claim_slots(item)
    db.session.commit()
    return item


SHARED_ITEM_FACTORIES["family_time"] = make_family_time


def make_concern(family, author, *, shared=False, what_happened="Pick-ups keep running late.",
                 what_would_help=""):
    """A concern raised by `author` (a parent or resource parent), through the service."""
    from app.concerns import services as concerns

    return concerns.raise_concern(scope_of(author, family), what_happened, what_would_help,
                                  shared)
def make_report(family, reporter, item, *, reason="This worries me.", **overrides):
    """A member's report of a shared item (any kind: its `audit_name` is the report's kind)."""
    from app.models import Report

    report = Report(family_id=family.id, item_kind=item.audit_name, item_id=item.id,
                    reporter_id=reporter.id, reason=reason, **overrides)
    db.session.add(report)
    db.session.commit()
    return report
