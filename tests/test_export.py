"""The family's export: a ZIP that holds what its README says, all of this family's record
and nothing of another's, streamed, audited, and only for the caseworker or an admin."""

import io
import json
import re
import zipfile

import pytest

from app import moderation
from app.export import contents
from app.family_time import levels
from app.family_time import services as family_time
from app.messages import services as messages
from app.models import AuditEvent, ContentState, Level, Membership, Outcome
from app.storage import get_storage
from tests import factories
from tests.pages import as_read

README_LINE = re.compile(r"^\* (\S+) — (.+)$")


def _export(client, family, leave_out_private=True):
    # As a browser sends it: the button, and the box only when it is checked.
    data = {"submit": "Download the ZIP file"}
    if leave_out_private:
        data["leave_out_private"] = "y"
    return client.post(f"/families/{family.id}/export", data=data)


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert archive.testzip() is None  # every file's checksum is right
    return archive


def _json(archive, name):
    return json.loads(archive.read(name))


@pytest.fixture
def rich_family(db, family, caseworker, parent, resource_parent):
    """A family with a bit of everything, some of it declined, hidden, corrected or reported."""
    parent_scope = factories.scope_of(parent, family)
    staff = factories.scope_of(caseworker, family)
    said = factories.make_message(family, parent, text="First words")
    messages.correct(said, parent_scope, "Corrected words")
    kept = factories.make_message(family, resource_parent, text="Mia slept well")
    messages.report(kept, parent_scope, "This worries me")
    hidden = factories.make_message(family, parent, text="Words a caseworker hid")
    moderation.hide(hidden, staff, "Not kind")
    photo = factories.make_photo(family, parent, caption="At the park")
    declined_photo = factories.make_photo(family, parent, ContentState.PENDING,
                                          caption="Blurry one")
    moderation.decline(declined_photo, staff, "Shows the school's name")
    event = factories.make_event(family, parent, title="School play")
    about = factories.make_about(family, parent, text="A song, then lights out.")
    factories.make_about(family, parent, text="Two songs now.")
    past = factories.make_family_time(family, caseworker, days_ahead=-7)
    family_time.record_outcome(staff, past, None, Outcome.ATTENDED, note="Went well")
    dana = db.session.scalar(db.select(Membership).filter_by(user_id=parent.id))
    levels.set_level(staff, dana.id, Level.MONITORED, "Visits have gone well")
    return {"message": said, "kept": kept, "hidden": hidden, "photo": photo,
            "declined_photo": declined_photo, "event": event, "about": about, "past": past}


def test_the_zip_holds_what_its_readme_lists_and_every_file_parses(client, auth, caseworker,
                                                                   family, rich_family):
    auth.login(caseworker)
    archive = _zip(_export(client, family))
    names = set(archive.namelist())
    readme = archive.read("README.txt").decode()
    listed = [m.group(1) for line in readme.splitlines() if (m := README_LINE.match(line))]
    assert {"README.txt", "family.json", "members.json", "messages.json", "photos.json",
            "photos/", "events.json", "about_me.json", "family_time.json", "concerns.json",
            "audit.json"} <= set(listed)
    for name in listed:
        if name.endswith("/"):
            assert any(n.startswith(name) for n in names), f"nothing in {name}"
        else:
            assert name in names, f"the README lists {name}, the ZIP lacks it"
            if name.endswith(".json"):
                assert isinstance(_json(archive, name), dict)
    # ...and the ZIP holds nothing the README does not explain.
    for name in names:
        assert name in listed or any(name.startswith(f) for f in listed if f.endswith("/"))


def test_the_record_is_whole_revisions_states_reasons_reports_outcomes(client, auth, caseworker,
                                                                       family, rich_family):
    auth.login(caseworker)
    archive = _zip(_export(client, family))
    by_id = {m["id"]: m for m in _json(archive, "messages.json")["messages"]}
    said = by_id[rich_family["message"].id]
    assert [r["text"] for r in said["revisions"]] == ["First words", "Corrected words"]
    assert said["text"] == "Corrected words" and said["author_name"] == "Dana"
    hidden = by_id[rich_family["hidden"].id]
    assert (hidden["state"], hidden["state_reason"]) == ("hidden", "Not kind")
    assert [r["reason"] for r in by_id[rich_family["kept"].id]["reports"]] == ["This worries me"]

    photos = {p["id"]: p for p in _json(archive, "photos.json")["photos"]}
    declined = photos[rich_family["declined_photo"].id]
    assert (declined["state"], declined["state_reason"]) == ("declined",
                                                             "Shows the school's name")
    assert "display_key" not in declined and "thumb_key" not in declined  # keys stay home

    events = _json(archive, "events.json")["events"]
    assert [e["title"] for e in events] == ["School play"]
    assert events[0]["child_ids"] == [family.children[0].id]
    assert len(_json(archive, "about_me.json")["about_me"]) == 2

    times = _json(archive, "family_time.json")
    past = next(t for t in times["family_time"] if t["id"] == rich_family["past"].id)
    assert [(d["outcome"], d["outcome_note"]) for d in past["dates"]] == [("attended",
                                                                           "Went well")]
    assert [(lv["level"], lv["reason"]) for lv in times["levels"]] == [
        ("monitored", "Visits have gone well")]

    family = _json(archive, "family.json")
    assert family["family"]["name"] == "The Rivera family"
    assert [c["name"] for c in family["children"]] == ["Mia"]
    members = _json(archive, "members.json")["members"]
    assert {m["name"] for m in members} == {"Sam", "Dana", "Rosa"}
    assert not any("password_hash" in m or "email" in m for m in members)

    audit = _json(archive, "audit.json")["audit"]
    texts = [line["text"] for line in audit]
    assert "Sam hid a message. Reason: Not kind" in texts
    assert audit[-1]["action"] == "family.exported"  # this very download, oldest first


def test_photo_files_are_the_stored_renditions_byte_for_byte(client, auth, caseworker, family,
                                                             parent, db):
    photo = factories.make_photo(family, parent, with_files=False)
    get_storage().save(photo.display_key, factories.tiny_jpeg("blue", (40, 30)))
    get_storage().save(photo.thumb_key, factories.tiny_jpeg("green"))
    auth.login(caseworker)
    archive = _zip(_export(client, family))
    listed = _json(archive, "photos.json")["photos"][0]["files"]
    assert listed == [f"photos/{photo.id}-display.jpg", f"photos/{photo.id}-thumb.jpg"]
    assert archive.read(listed[0]) == get_storage().read(photo.display_key)
    assert archive.read(listed[1]) == get_storage().read(photo.thumb_key)
    # JPEGs are stored as they are (compressing them again gains nothing).
    assert archive.getinfo(listed[0]).compress_type == zipfile.ZIP_STORED


def test_nothing_of_another_family_is_in_the_zip(client, auth, caseworker, family, parent,
                                                 other_family, outsider, db):
    factories.make_message(family, parent, text="Ours")
    factories.make_photo(family, parent)
    theirs = [
        factories.make_message(other_family, outsider, text="THEIRS-message"),
        factories.make_event(other_family, outsider, title="THEIRS-event"),
        factories.make_about(other_family, outsider, text="THEIRS-about"),
        factories.make_family_time(other_family, outsider, place="THEIRS-place"),
    ]
    their_photo = factories.make_photo(other_family, outsider, caption="THEIRS-photo",
                                       with_files=False)
    get_storage().save(their_photo.display_key, factories.tiny_jpeg("purple", (30, 20)))
    auth.login(caseworker)
    archive = _zip(_export(client, family))
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"THEIRS" not in everything and b"Outsider" not in everything
    assert b"The Other family" not in everything
    assert get_storage().read(their_photo.display_key) not in everything
    assert f"photos/{their_photo.id}-display.jpg" not in archive.namelist()
    assert all(item.id not in {m["id"] for m in _json(archive, "messages.json")["messages"]}
               for item in theirs[:1])
    audit = _json(archive, "audit.json")["audit"]
    family_ids = set(db.session.scalars(db.select(AuditEvent.id).filter_by(
        family_id=family.id)))
    assert {line["id"] for line in audit} == family_ids


def test_the_download_is_streamed_not_built_in_memory(client, auth, caseworker, family, parent):
    factories.make_photo(family, parent)
    auth.login(caseworker)
    response = _export(client, family)
    # A body built in memory has a length the view knows before sending; a stream does not.
    # (The client reads every body whole, as a server does, so is_streamed is always False.)
    assert "Content-Length" not in response.headers
    assert response.data.startswith(b"PK")
    assert response.headers["Content-Disposition"].startswith(
        f'attachment; filename="hearth-family-{family.id}-')


def test_the_zip_is_made_in_pieces(app, caseworker, family, parent, db):
    """Files are read when the ZIP reaches them, a piece at a time: no piece is a whole
    photo larger than CHUNK, and the first bytes go out before the photos are read."""
    from app.export import services

    big = factories.make_photo(family, parent, with_files=False)
    get_storage().save(big.display_key, b"\xff" * (3 * contents.CHUNK))
    get_storage().save(big.thumb_key, factories.tiny_jpeg())
    with app.test_request_context():
        _name, chunks = services.export_family(factories.scope_of(caseworker, family),
                                               caseworker, leave_out_private=True)
        first = next(chunks)
        assert first.startswith(b"PK")
        pieces = [first, *chunks]
    assert max(len(p) for p in pieces) <= contents.CHUNK + 1024
    assert zipfile.ZipFile(io.BytesIO(b"".join(pieces))).read(
        f"photos/{big.id}-display.jpg") == b"\xff" * (3 * contents.CHUNK)


def test_rows_are_read_in_batches(client, auth, caseworker, family, parent, monkeypatch,
                                  count_queries):
    monkeypatch.setattr(contents, "BATCH", 2)
    for n in range(5):
        factories.make_message(family, parent, text=f"Batch {n}")
    auth.login(caseworker)
    with count_queries() as counted:
        archive = _zip(_export(client, family))
    assert [m["text"] for m in _json(archive, "messages.json")["messages"]] == [
        f"Batch {n}" for n in range(5)]
    message_reads = [s for s in counted.statements
                     if s.lstrip().startswith("SELECT") and "FROM messages" in s]
    assert len(message_reads) == 3  # 2 + 2 + 1, each a LIMIT


def test_the_export_is_audited_with_the_choice(client, auth, caseworker, family, db):
    auth.login(caseworker)
    _zip(_export(client, family, leave_out_private=True))
    _zip(_export(client, family, leave_out_private=False))
    events = db.session.scalars(db.select(AuditEvent).filter_by(action="family.exported")
                                .order_by(AuditEvent.id)).all()
    assert [e.detail["private_details_left_out"] for e in events] == [True, False]
    assert all(e.actor_id == caseworker.id and e.family_id == family.id for e in events)
    page = as_read(client.get(f"/families/{family.id}/record"))
    assert ("Sam downloaded the family&#39;s record, without the resource parent&#39;s "
            "private details.") in page


ADDRESS = "12 Oak Street, Springfield"
PHONE = "555-0142"


def _every_file_but(archive, name) -> str:
    return "".join(archive.read(n).decode() for n in archive.namelist()
                   if n != name and not n.startswith("photos/"))


def test_private_details_are_left_out_when_chosen(client, auth, caseworker, family, parent,
                                                  resource_parent, db):
    """Rosa's real address and phone, saved as she saves them: in members.json only when the
    caseworker keeps them, in no other file either way, and the README says which."""
    from app.contact.services import save_contact

    assert save_contact(factories.scope_of(resource_parent, family), ADDRESS, PHONE,
                        share=False)
    factories.make_photo(family, parent)  # photos/ holds pictures, not text: skipped below
    auth.login(caseworker)
    left_out = _zip(_export(client, family, leave_out_private=True))
    kept = _zip(_export(client, family, leave_out_private=False))

    everything = "".join(left_out.read(n).decode(errors="replace")
                         for n in left_out.namelist())
    assert ADDRESS not in everything and PHONE not in everything
    rosa = next(m for m in _json(left_out, "members.json")["members"]
                if m["user_id"] == resource_parent.id)
    assert "address" not in rosa and "phone" not in rosa
    assert rosa["relationship_label"] == "Abuela Rosa"  # only the private details go
    assert _json(left_out, "family.json")["download"]["private_details_left_out"] is True
    assert ("The resource parent's private details (address and phone) are left out."
            in left_out.read("README.txt").decode())

    members = {m["user_id"]: m for m in _json(kept, "members.json")["members"]}
    assert (members[resource_parent.id]["address"],
            members[resource_parent.id]["phone"]) == (ADDRESS, PHONE)
    assert members[parent.id]["address"] == ""  # everyone's column, empty when not given
    rest = _every_file_but(kept, "members.json")
    assert ADDRESS not in rest and PHONE not in rest  # the audit names fields, not values
    assert _json(kept, "family.json")["download"]["private_details_left_out"] is False
    readme = kept.read("README.txt").decode()
    assert "private details (address and phone) are included" in readme
    assert "left out" not in readme


def test_the_page_explains_the_zip_and_the_box_is_checked(client, auth, caseworker, family):
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/export"))
    assert "messages.json" in page and "audit.json" in page
    assert re.search(r'<input[^>]*checked[^>]*name="leave_out_private"|'
                     r'<input[^>]*name="leave_out_private"[^>]*checked', page)
    assert f'action="/families/{family.id}/export"' in page


def test_the_readme_is_in_the_readers_language(client, auth, caseworker, family, db):
    caseworker.locale = "es"
    db.session.commit()
    auth.login(caseworker)
    readme = _zip(_export(client, family)).read("README.txt").decode()
    assert "Qué contiene cada archivo" in readme
    assert any(README_LINE.match(line) for line in readme.splitlines())


@pytest.mark.parametrize("who", ["parent", "resource_parent"])
def test_members_are_refused(request, client, auth, family, who):
    auth.login(request.getfixturevalue(who))
    assert client.get(f"/families/{family.id}/export").status_code == 403
    assert _export(client, family).status_code == 403


@pytest.mark.parametrize("who", ["outsider", "pending_member", "suspended_member", None])
def test_outsiders_pending_paused_and_signed_out_get_404(request, client, auth, family, db,
                                                         who):
    if who:
        auth.login(request.getfixturevalue(who))
    assert client.get(f"/families/{family.id}/export").status_code == 404
    assert _export(client, family).status_code == 404
    assert db.session.scalar(db.select(AuditEvent.id).filter_by(action="family.exported")) is None


def test_a_caseworker_of_another_family_gets_404(client, auth, family, other_family, db):
    auth.login(other_family.memberships[0].user)
    assert client.get(f"/families/{family.id}/export").status_code == 404
    assert _export(client, family).status_code == 404


def test_an_admin_exports_and_is_named_in_the_record(client, auth, admin, family, db):
    auth.login(admin)
    assert client.get(f"/families/{family.id}/export").status_code == 200
    archive = _zip(_export(client, family))
    actions = [(e.action, e.actor_id) for e in db.session.scalars(
        db.select(AuditEvent).filter_by(family_id=family.id).order_by(AuditEvent.id))]
    # The page was a view; the download is its own line (not a view as well).
    assert actions[-2:] == [("family.viewed_by_admin", admin.id), ("family.exported", admin.id)]
    assert _json(archive, "family.json")["download"]["made_by"] == "Alex Admin"
    assert not db.session.scalar(db.select(Membership.id).filter_by(user_id=admin.id))


def test_concerns_and_their_steps_with_staff_notes_are_in_the_export(
        client, auth, caseworker, family, parent, resource_parent, other_family, outsider,
        db):
    """A staff export holds every concern of this family, shared or not, each with its steps
    in order, staff-only notes included and marked; nothing of another family's concerns."""
    from datetime import date, timedelta

    from app.concerns.services import add_step, resolve
    from app.models import StepKind

    staff = factories.scope_of(caseworker, family)
    # Steps in the past: the resolve step is dated today and must come after them.
    talked, met = date.today() - timedelta(days=9), date.today() - timedelta(days=8)
    private = factories.make_concern(family, parent, what_happened="Drop-offs run late",
                                     what_would_help="A set time")
    shared = factories.make_concern(family, resource_parent, shared=True,
                                    what_happened="Calls at bedtime")
    add_step(staff, private, StepKind.TALKED_WITH_PARENT, talked,
             "STAFF-ONLY Dana seemed tired", note_for_family=False)
    add_step(staff, private, StepKind.MEETING, met, "We agreed on 5 pm",
             note_for_family=True)
    resolve(staff, private, "Drop-offs at 5 pm now")
    theirs = factories.make_concern(other_family, outsider, what_happened="THEIRS-concern")
    their_worker = other_family.memberships[0].user
    add_step(factories.scope_of(their_worker, other_family), theirs, StepKind.OTHER,
             talked, "THEIRS-step", note_for_family=False)

    auth.login(caseworker)
    archive = _zip(_export(client, family))
    concerns_line = next(line for line in archive.read("README.txt").decode().splitlines()
                         if line.startswith("* concerns.json — "))
    assert "Staff-only notes are included" in concerns_line
    found = _json(archive, "concerns.json")["concerns"]
    assert [c["id"] for c in found] == [private.id, shared.id]
    first, second = found
    assert (first["what_happened"], first["what_would_help"], first["shared"]) == (
        "Drop-offs run late", "A set time", False)
    assert (first["raised_by_name"], first["status"], first["resolution"]) == (
        "Dana", "resolved", "Drop-offs at 5 pm now")
    assert first["resolved_by_name"] == "Sam"
    assert [(s["kind"], s["happened_on"], s["note"], s["note_for_family"], s["author_name"])
            for s in first["steps"][:2]] == [
        ("talked_with_parent", talked.isoformat(), "STAFF-ONLY Dana seemed tired", False,
         "Sam"),
        ("meeting", met.isoformat(), "We agreed on 5 pm", True, "Sam")]
    assert [s["kind"] for s in first["steps"][2:]] == ["resolved"]
    assert (second["raised_by_name"], second["shared"], second["steps"]) == ("Rosa", True, [])

    everything = b"".join(archive.read(n) for n in archive.namelist())
    assert b"THEIRS" not in everything
    assert theirs.id not in {c["id"] for c in found}
