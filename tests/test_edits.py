"""What the caseworker approved is what the family reads: a change to a shared event or photo
caption in a reviewed family waits for review while everyone else keeps the approved words;
"share all" shares only what the caseworker read; a form left open never silently replaces a
newer save ("about me", events, captions)."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask import url_for
from sqlalchemy import func, select

from app.events import services
from app.extensions import db as _db
from app.family_time import ical
from app.models import (
    AboutVersion,
    AuditEvent,
    ContentState,
    Event,
    ItemEdit,
    Photo,
    ReviewLevel,
)
from tests import factories
from tests.factories import make_event, make_photo, scope_of

DAY = date.today() + timedelta(days=2)


def text(response) -> str:
    return response.get_data(as_text=True)


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)


def event_form(family, **overrides) -> dict:
    data = {"title": "School play", "kind": "school_performance",
            "children": [family.children[0].id], "day": DAY.isoformat(), "start": "18:00",
            "end": "", "place": "Old gym", "video_link": "", "notes": "Bring water."}
    data.update(overrides)
    return data


def shared_event(family, author, **overrides) -> Event:
    fields = {"title": "School play", "place": "Old gym", "notes": "Bring water.",
              "starts_at": services.to_utc(DAY, time(18), family.time_zone)}
    return make_event(family, author, **{**fields, **overrides})


def open_edit_form(client, family, event) -> str:
    response = client.get(f"/families/{family.id}/events/{event.id}/edit")
    assert response.status_code == 200
    return hidden(text(response), "version")


def save_event(client, family, event, version, **fields):
    return client.post(f"/families/{family.id}/events/{event.id}/edit",
                       data=event_form(family, version=version, **fields))


def audit_count() -> int:
    return _db.session.scalar(select(func.count(AuditEvent.id)))


def actions() -> list[str]:
    return list(_db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def feed_of(app, user) -> str:
    with app.test_request_context():
        return ical.feed_calendar(
            user, lambda e: url_for(e.endpoint, _external=True, **e.url_args),
            now=datetime.now(UTC)).decode()


def card_of(page: str, dom_id: str) -> str:
    return page.split(f'id="{dom_id}"')[1].split("</article>")[0]


# --- 1. An edit to a shared event waits; others read the approved event ----------------------

def test_in_a_reviewed_family_an_event_edit_waits_and_everyone_else_reads_the_approved_one(
        app, client, auth, family, parent, resource_parent, caseworker, db):
    assert family.review_level is ReviewLevel.REVIEWED
    event = shared_event(family, parent)
    auth.login(parent)
    version = open_edit_form(client, family, event)
    response = save_event(client, family, event, version, title="Spring play",
                          place="New gym", notes="Mia is a tree.",
                          video_link="https://meet.example.org/play")
    assert response.status_code == 303
    mine = text(client.get(f"/families/{family.id}/events/{event.id}"))
    assert "Your change is waiting for your caseworker" in mine
    assert "New gym" in mine and "Mia is a tree." in mine  # their change, marked waiting
    # The form starts from their own waiting words, not from what the family reads.
    assert 'value="New gym"' in text(client.get(f"/families/{family.id}/events/{event.id}/edit"))

    db.session.expire_all()
    row = db.session.get(Event, event.id)
    assert (row.title, row.place, row.notes, row.video_link) == (
        "School play", "Old gym", "Bring water.", "")  # the row holds only approved words
    [edit] = db.session.scalars(select(ItemEdit)).all()
    assert edit.is_pending and edit.fields == ["title", "place", "video_link", "notes"]
    assert "edit.asked" in actions() and "event.edited" not in actions()

    auth.logout()
    auth.login(resource_parent)
    base = f"/families/{family.id}"
    for url in (f"{base}/events/{event.id}", f"{base}/events", base,
                f"{base}/events/{event.id}/event.ics"):
        body = text(client.get(url))
        assert "School play" in body, url
        assert "Spring play" not in body and "New gym" not in body, url
        assert "meet.example.org" not in body and "Mia is a tree" not in body, url
    assert "waiting for your caseworker" not in text(client.get(f"{base}/events/{event.id}"))
    feed = feed_of(app, resource_parent)
    assert "School play" in feed and "Spring play" not in feed and "New gym" not in feed
    sequence_before = int(re.search(rf"UID:event-{event.id}@localhost.*?SEQUENCE:(\d+)", feed,
                                    re.S).group(1))

    # The caseworker reads old and new in the family's queue and approves: one audit event.
    auth.logout()
    auth.login(caseworker)
    assert "A change to this event waits for you" in text(
        client.get(f"{base}/events/{event.id}"))
    card = card_of(text(client.get(f"{base}/queue")), f"q-edit-{edit.id}")
    assert all(words in card for words in ("School play", "Spring play", "Old gym", "New gym"))
    assert f'id="q-edit-{edit.id}"' in text(client.get("/caseload/queue"))
    before = audit_count()
    seen = re.search(r'name="seen" value="([^"]*)"', card).group(1)
    response = client.post(f"{base}/queue/edit/{edit.id}/approve", data={"seen": seen})
    assert response.status_code == 303
    assert audit_count() == before + 1 and actions()[-1] == "edit.approved"

    auth.logout()
    auth.login(resource_parent)
    page = text(client.get(f"{base}/events/{event.id}"))
    assert "Spring play" in page and "New gym" in page and "Mia is a tree." in page
    feed = feed_of(app, resource_parent)
    assert "SUMMARY:Spring play" in feed
    sequence_after = int(re.search(rf"UID:event-{event.id}@localhost.*?SEQUENCE:(\d+)", feed,
                                   re.S).group(1))
    assert sequence_after > sequence_before  # calendar apps replace their copy


def test_a_declined_event_edit_leaves_the_approved_event_and_the_author_reads_why(
        client, auth, family, parent, resource_parent, caseworker, db):
    event = shared_event(family, parent)
    auth.login(parent)
    save_event(client, family, event, open_edit_form(client, family, event), place="New gym")
    edit = db.session.scalars(select(ItemEdit)).one()
    auth.logout()
    auth.login(caseworker)
    response = client.post(f"/families/{family.id}/queue/edit/{edit.id}/decline",
                           data={"reason": "Please keep the school's name out."})
    assert response.status_code == 303
    auth.logout()
    auth.login(parent)
    page = text(client.get(f"/families/{family.id}/events/{event.id}"))
    assert "Your change was not shared" in page and "keep the school&#39;s name out" in page
    db.session.expire_all()
    assert db.session.get(Event, event.id).place == "Old gym"
    auth.logout()
    auth.login(resource_parent)
    assert "New gym" not in text(client.get(f"/families/{family.id}/events/{event.id}"))


def test_in_an_open_family_or_by_the_caseworker_an_edit_is_shared_at_once(
        client, auth, family, parent, resource_parent, caseworker, db):
    event = shared_event(family, parent)
    auth.login(caseworker)  # the caseworker's change never waits, whatever the level
    save_event(client, family, event, open_edit_form(client, family, event), place="Library")
    family.review_level = ReviewLevel.OPEN
    db.session.commit()
    auth.logout()
    auth.login(parent)
    save_event(client, family, event, open_edit_form(client, family, event), place="Library",
               title="Spring play")
    assert db.session.scalar(select(func.count(ItemEdit.id))) == 0
    auth.logout()
    auth.login(resource_parent)
    page = text(client.get(f"/families/{family.id}/events/{event.id}"))
    assert "Spring play" in page and "Library" in page


def test_every_version_asked_for_is_kept_and_only_one_waits(
        client, auth, family, parent, caseworker, db):
    event = shared_event(family, parent)
    auth.login(parent)
    save_event(client, family, event, open_edit_form(client, family, event), place="Gym A")
    save_event(client, family, event, open_edit_form(client, family, event), place="Gym B")
    rows = list(db.session.scalars(select(ItemEdit).order_by(ItemEdit.id)))
    assert [(r.values["place"], r.state) for r in rows] == [
        ("Gym A", ContentState.WITHDRAWN), ("Gym B", ContentState.PENDING)]
    # Taking the change back: the family keeps reading the approved event, the row stays.
    client.post(f"/families/{family.id}/events/{event.id}/changes/{rows[1].id}/withdraw",
                data={})
    db.session.expire_all()
    assert [r.state for r in db.session.scalars(select(ItemEdit).order_by(ItemEdit.id))] == [
        ContentState.WITHDRAWN, ContentState.WITHDRAWN]
    assert db.session.get(Event, event.id).place == "Old gym"


# --- Photo captions -------------------------------------------------------------------------

def open_caption_form(client, family, photo) -> str:
    response = client.get(f"/families/{family.id}/photos/{photo.id}/caption")
    assert response.status_code == 200
    return hidden(text(response), "version")


def test_in_a_reviewed_family_a_new_caption_waits_and_the_family_reads_the_approved_one(
        client, auth, family, parent, resource_parent, caseworker, db):
    photo = make_photo(family, parent, caption="Our day at the park")
    auth.login(parent)
    url = f"/families/{family.id}/photos/{photo.id}/caption"
    response = client.post(url, data={"caption": "Mia at Lincoln School",
                                      "version": open_caption_form(client, family, photo)})
    assert response.status_code == 303
    mine = text(client.get(f"/families/{family.id}/photos/{photo.id}"))
    assert "Your new caption is waiting for your caseworker" in mine
    assert "Mia at Lincoln School" in mine
    db.session.expire_all()
    assert db.session.get(Photo, photo.id).caption == "Our day at the park"

    auth.logout()
    auth.login(resource_parent)
    for path in (f"/photos/{photo.id}", "/photos", ""):
        body = text(client.get(f"/families/{family.id}{path}"))
        assert "Lincoln School" not in body, path
    assert "Our day at the park" in text(client.get(f"/families/{family.id}/photos/{photo.id}"))

    auth.logout()
    auth.login(caseworker)
    edit = db.session.scalars(select(ItemEdit)).one()
    card = card_of(text(client.get(f"/families/{family.id}/queue")), f"q-edit-{edit.id}")
    assert "Our day at the park" in card and "Mia at Lincoln School" in card
    seen = re.search(r'name="seen" value="([^"]*)"', card).group(1)
    before = audit_count()
    client.post(f"/families/{family.id}/queue/edit/{edit.id}/approve", data={"seen": seen})
    assert audit_count() == before + 1
    auth.logout()
    auth.login(resource_parent)
    assert "Mia at Lincoln School" in text(
        client.get(f"/families/{family.id}/photos/{photo.id}"))


# --- 2. "Share all" carries each item's version and skips what changed ------------------------

def test_share_all_carries_every_items_version_and_skips_what_changed_after_the_page(
        client, auth, family, parent, caseworker, db):
    message = factories.make_message(family, parent, ContentState.PENDING)
    photo = make_photo(family, parent, ContentState.PENDING, caption="Park")
    event = shared_event(family, parent, state=ContentState.PENDING)
    about = factories.make_about(family, parent, ContentState.PENDING)
    family_time = factories.make_family_time(family, parent, ContentState.PENDING)
    shared = shared_event(family, parent, title="Dentist", place="Main St clinic")
    auth.login(parent)
    save_event(client, family, shared, open_edit_form(client, family, shared),
               title="Dentist", place="Oak St clinic")
    edit = db.session.scalars(select(ItemEdit)).one()

    auth.logout()
    auth.login(caseworker)
    page = text(client.get(f"/families/{family.id}/queue/share-all"))
    assert "Share all 6 items?" in page and "Oak St clinic" in page
    token = page.split('name="items" type="hidden" value="')[1].split('"')[0]
    parts = dict((part.rsplit(":", 1)[0], part.rsplit(":", 1)[1]) for part in token.split())
    expected = {f"message:{message.id}", f"photo:{photo.id}", f"event:{event.id}",
                f"about:{about.id}", f"family_time:{family_time.id}", f"edit:{edit.id}"}
    assert set(parts) == expected
    # Every kind carries a version, not only messages.
    assert all(parts[key] != "" for key in expected - {f"message:{message.id}"})

    # Meanwhile the author changes the waiting event and the shared event's waiting change.
    auth.logout()
    auth.login(parent)
    save_event(client, family, event, open_edit_form(client, family, event),
               title="School play (moved)")
    save_event(client, family, shared, open_edit_form(client, family, shared),
               title="Dentist", place="Elm St clinic")
    auth.logout()
    auth.login(caseworker)
    before = audit_count()
    response = client.post(f"/families/{family.id}/queue/share-all", data={"items": token},
                           follow_redirects=True)
    body = text(response)
    assert "4 items are shared with the family." in body
    assert "2 had changed meanwhile and were left as they are." in body
    db.session.expire_all()
    assert db.session.get(Event, event.id).is_pending  # edited after the page: not shared
    assert db.session.get(Event, event.id).title == "School play (moved)"
    assert db.session.get(Event, shared.id).place == "Main St clinic"  # nothing unread shared
    for model, item in ((type(message), message), (Photo, photo), (AboutVersion, about),
                        (type(family_time), family_time)):
        assert db.session.get(model, item.id).is_visible
    assert audit_count() == before + 4


def test_share_all_skips_a_waiting_photo_whose_caption_changed(client, auth, family, parent,
                                                                caseworker, db):
    photo = make_photo(family, parent, ContentState.PENDING, caption="Park")
    auth.login(caseworker)
    page = text(client.get(f"/families/{family.id}/queue/share-all"))
    token = page.split('name="items" type="hidden" value="')[1].split('"')[0]
    auth.logout()
    auth.login(parent)  # a waiting photo's caption is written at once: nobody else reads it yet
    client.post(f"/families/{family.id}/photos/{photo.id}/caption",
                data={"caption": "Mia at Lincoln School",
                      "version": open_caption_form(client, family, photo)})
    auth.logout()
    auth.login(caseworker)
    body = text(client.post(f"/families/{family.id}/queue/share-all", data={"items": token},
                            follow_redirects=True))
    assert "1 had changed meanwhile" in body
    db.session.expire_all()
    assert db.session.get(Photo, photo.id).is_pending


# --- 3. A save from a form left open never silently replaces a newer one ----------------------

@pytest.fixture
def open_family(family, db):
    family.review_level = ReviewLevel.OPEN
    db.session.commit()
    return family


def about_url(family) -> str:
    return f"/families/{family.id}/children/{family.children[0].id}/about/allergies"


def test_about_me_saved_from_an_old_form_says_so_shows_both_and_lets_the_writer_choose(
        client, auth, open_family, parent, resource_parent, db):
    factories.make_about(open_family, parent, section="allergies", text="Peanuts.")
    # Rosa opens the form first; Dana then adds the allergy line and saves.
    auth.login(resource_parent)
    rosas_version = hidden(text(client.get(about_url(open_family))), "based_on")
    auth.logout()
    auth.login(parent)
    danas_version = hidden(text(client.get(about_url(open_family))), "based_on")
    client.post(about_url(open_family), data={"text": "Peanuts. Also penicillin: hives.",
                                               "based_on": danas_version})
    auth.logout()
    auth.login(resource_parent)
    before = db.session.scalar(select(func.count(AboutVersion.id)))
    response = client.post(about_url(open_family), data={"text": "Peanuts. EpiPen in the bag.",
                                                          "based_on": rosas_version})
    page = text(response)
    assert response.status_code == 409
    # Rosa reads Spanish: "Someone changed this while you were writing".
    assert "Alguien cambió esto mientras usted escribía" in page
    assert "Peanuts. Also penicillin: hives." in page  # what is saved now
    assert "Peanuts. EpiPen in the bag." in page  # what she wrote, still in the form
    assert "Guardar lo mío" in page and "Quedarme con lo guardado" in page
    assert db.session.scalar(select(func.count(AboutVersion.id))) == before  # nothing lost
    family_reads = text(client.get(f"/families/{open_family.id}/about"))
    assert "penicillin" in family_reads and "EpiPen" not in family_reads

    # She keeps hers, knowingly: the page now carries the version saved meanwhile.
    response = client.post(about_url(open_family), data={
        "text": "Peanuts. Also penicillin: hives. EpiPen in the bag.",
        "based_on": hidden(page, "based_on")})
    assert response.status_code == 303
    assert "EpiPen" in text(client.get(f"/families/{open_family.id}/about"))


def test_two_saves_of_about_me_from_the_same_version_keep_the_first(
        app, open_family, parent, resource_parent, db, monkeypatch):
    """The database decides: a second writer from the same version is refused even when both
    got past the first check at the same moment (here: the second one read before the first
    saved), and nothing of theirs is saved."""
    from app.about import services as about

    child = open_family.children[0]
    first = factories.make_about(open_family, parent, section="allergies", text="Peanuts.")
    rosa = scope_of(resource_parent, open_family)
    read_before = about.section_of(rosa, child, "allergies")
    about.write(scope_of(parent, open_family), child, "allergies", "Peanuts, penicillin.",
                first.id)
    monkeypatch.setattr(about, "section_of", lambda *args: read_before)
    with pytest.raises(about.WrittenMeanwhile):
        about.write(rosa, child, "allergies", "Peanuts only.", first.id)
    monkeypatch.undo()
    db.session.expire_all()
    texts = list(db.session.scalars(select(AboutVersion.text).order_by(AboutVersion.id)))
    assert texts == ["Peanuts.", "Peanuts, penicillin."]


def test_an_event_saved_from_an_old_form_says_so_shows_both_and_lets_the_writer_choose(
        client, auth, open_family, parent, caseworker, db):
    event = shared_event(open_family, parent)
    auth.login(parent)
    danas_version = open_edit_form(client, open_family, event)
    auth.logout()
    auth.login(caseworker)  # the caseworker fixes the place while Dana's form is open
    save_event(client, open_family, event, open_edit_form(client, open_family, event),
               place="Lincoln School gym, door B")
    auth.logout()
    auth.login(parent)
    response = save_event(client, open_family, event, danas_version, place="Old gym",
                          notes="Bring water and a snack.")
    page = text(response)
    assert response.status_code == 409
    assert "Someone changed this while you were writing" in page
    assert "Lincoln School gym, door B" in page and "Bring water and a snack." in page
    db.session.expire_all()
    row = db.session.get(Event, event.id)
    assert (row.place, row.notes) == ("Lincoln School gym, door B", "Bring water.")
    # "Save mine instead": the form now carries the new version and saves over it.
    response = save_event(client, open_family, event, hidden(page, "version"),
                          place="Lincoln School gym, door B", notes="Bring water and a snack.")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Event, event.id).notes == "Bring water and a snack."


def test_a_second_tab_does_not_replace_a_waiting_event_change(client, auth, family, parent,
                                                              db):
    event = shared_event(family, parent)
    auth.login(parent)
    first_tab = open_edit_form(client, family, event)
    second_tab = open_edit_form(client, family, event)
    save_event(client, family, event, first_tab, place="Gym A")
    response = save_event(client, family, event, second_tab, notes="Snacks after.")
    assert response.status_code == 409
    page = text(response)
    assert "Gym A" in page and "Snacks after." in page
    [edit] = db.session.scalars(select(ItemEdit)).all()
    assert edit.is_pending and edit.values == {"place": "Gym A"}


def test_a_caption_saved_from_an_old_form_shows_both(client, auth, open_family, parent, db):
    photo = make_photo(open_family, parent, caption="Park")
    auth.login(parent)
    url = f"/families/{open_family.id}/photos/{photo.id}/caption"
    old = open_caption_form(client, open_family, photo)
    client.post(url, data={"caption": "Park with Grandma",
                           "version": open_caption_form(client, open_family, photo)})
    response = client.post(url, data={"caption": "Park on Sunday", "version": old})
    assert response.status_code == 409
    assert "Park with Grandma" in text(response) and "Park on Sunday" in text(response)
    db.session.expire_all()
    assert db.session.get(Photo, photo.id).caption == "Park with Grandma"


def test_a_waiting_event_changed_after_its_page_was_read_is_not_approved_unread(
        client, auth, family, parent, caseworker, db):
    event = shared_event(family, parent, state=ContentState.PENDING)
    auth.login(caseworker)
    page = text(client.get(f"/families/{family.id}/events/{event.id}"))
    seen = re.search(r'name="seen" value="([^"]*)"', page).group(1)
    auth.logout()
    auth.login(parent)  # still waiting: the change is written at once, nobody else reads it
    save_event(client, family, event, open_edit_form(client, family, event), place="Library")
    auth.logout()
    auth.login(caseworker)
    response = client.post(f"/families/{family.id}/events/{event.id}/approve",
                           data={"seen": seen}, follow_redirects=True)
    assert "This event has changed. Here is how it is now." in text(response)
    db.session.expire_all()
    assert db.session.get(Event, event.id).is_pending
