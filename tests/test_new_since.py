"""'New' and 'seen' are true: an item approved after the reader looked at newer ones is new to
them, a page marks as seen only what it showed, and "Seen by" claims nothing the person has
not read (issue 22). Driven over HTTP in a reviewed family, as the people in it use it."""

import re
from datetime import timedelta

import pytest

from app.models import ContentState, Message, Role
from app.models.types import utcnow
from tests import factories
from tests.factories import make_about, make_event, make_message, make_photo
from tests.pages import as_read


@pytest.fixture
def marcus(family):
    """The reader: a second parent, who reads in English."""
    user = factories.make_user(display_name="Marcus Rivera", preferred_name="Marcus")
    factories.add_member(family, user, role=Role.PARENT, relationship_label="Dad")
    return user


def get(client, url, **args):
    response = client.get(url, query_string=args)
    assert response.status_code == 200, url
    return as_read(response)


def nav_badge(html):
    found = re.search(r'class="nav-badge"[^>]*>(\d+)<', html)
    return int(found.group(1)) if found else 0


def message_li(html, message):
    found = re.search(rf'<li id="m{message.id}"(?:(?!</li>).)*</li>', html, re.S)
    return found.group(0) if found else ""


def as_user(auth, user):
    auth.logout()
    auth.login(user)


# --- Messages ---------------------------------------------------------------------------------

def test_a_message_approved_late_is_unread_new_and_below_what_the_reader_saw(
        client, auth, family, parent, caseworker, marcus, db):
    late = make_message(family, parent, ContentState.PENDING, text="Written first, approved late")
    shared = make_message(family, caseworker, text="Sam's note, shared at once")
    auth.login(marcus)
    thread = f"/families/{family.id}/messages"
    get(client, thread)  # Marcus reads Sam's note
    as_user(auth, caseworker)
    assert client.post(f"{thread}/{late.id}/approve", data={"seen": ""}).status_code == 303

    as_user(auth, marcus)
    home = get(client, f"/families/{family.id}")
    mine = get(client, "/families")
    assert nav_badge(home) == 1 and "1 unread message" in mine  # the nav and My families agree
    html = get(client, thread)
    # In the order the family saw them: the late one comes in below, marked new.
    assert html.index("Sam&#39;s note") < html.index("Written first, approved late")
    assert "tag--new" in message_li(html, late) and "tag--new" not in message_li(html, shared)
    assert nav_badge(html) == 0  # the page showed it: read
    assert nav_badge(get(client, f"/families/{family.id}")) == 0
    assert "unread" not in get(client, "/families")


def test_seen_by_does_not_claim_a_message_approved_after_the_person_read(
        client, auth, family, parent, caseworker, marcus, db):
    late = make_message(family, parent, ContentState.PENDING, text="Approved after Marcus read")
    make_message(family, caseworker, text="Sam's note, shared at once")
    auth.login(marcus)
    thread = f"/families/{family.id}/messages"
    get(client, thread)  # Marcus reads (he shares read receipts)
    as_user(auth, caseworker)
    client.post(f"{thread}/{late.id}/approve", data={"seen": ""})
    html = get(client, thread)
    assert html.count("Seen by") == 1
    seen_at = html.index("Seen by Marcus")
    # "Seen by Marcus" stands above the late message, under the one he read.
    assert html.index("Sam&#39;s note") < seen_at < html.index("Approved after Marcus read")
    assert "Seen by" not in message_li(html, late)


def test_a_page_that_does_not_show_the_late_message_does_not_mark_it_read(
        client, auth, family, parent, caseworker, marcus, db):
    late = make_message(family, parent, ContentState.PENDING, text="The late one")
    for n in range(30):
        make_message(family, caseworker, text=f"Update number {n}.")
    auth.login(marcus)
    thread = f"/families/{family.id}/messages"
    get(client, thread)  # all 30 read
    as_user(auth, caseworker)
    client.post(f"{thread}/{late.id}/approve", data={"seen": ""})

    as_user(auth, marcus)
    db.session.expire_all()
    oldest = db.session.scalars(db.select(Message).filter_by(text="Update number 10.")).one()
    older = get(client, thread, before=oldest.position)  # "Show older messages", no script
    assert "The late one" not in older and "Update number 9." in older
    assert nav_badge(older) == 1  # still unread: that page did not show it
    html = get(client, thread)
    assert "The late one" in html and "tag--new" in message_li(html, late)
    assert nav_badge(html) == 0


def test_a_message_the_caseworker_approved_is_not_unread_for_them(client, auth, family, parent,
                                                                 caseworker, marcus, db):
    waiting = make_message(family, parent, ContentState.PENDING, text="Please read this")
    auth.login(caseworker)
    assert nav_badge(get(client, f"/families/{family.id}")) == 0  # waits for review instead
    client.post(f"/families/{family.id}/messages/{waiting.id}/approve", data={"seen": ""})
    assert nav_badge(get(client, f"/families/{family.id}")) == 0  # they read it to approve it
    as_user(auth, marcus)
    assert nav_badge(get(client, f"/families/{family.id}")) == 1  # new to everyone else


def test_a_reader_far_behind_is_shown_from_the_first_unread_message(
        client, auth, family, caseworker, marcus, db):
    make_message(family, caseworker, text="Read long ago.")
    auth.login(marcus)
    thread = f"/families/{family.id}/messages"
    get(client, thread)
    for n in range(40):
        make_message(family, caseworker, text=f"While away {n}.")
    html = get(client, thread)
    assert "While away 0." in html and "While away 39." in html and nav_badge(html) == 0
    assert "Read long ago." not in html  # the page starts at the first unread one


# --- Photos, events, "about me" -------------------------------------------------------------

def new_on_home(client, family):
    home = get(client, f"/families/{family.id}")
    photos = re.search(r"(\d+) new photos?", home)
    events = re.search(r"(\d+) new events?", home)
    return home, int(photos.group(1)) if photos else 0, int(events.group(1)) if events else 0


def test_a_photo_approved_late_shows_as_new_and_first_in_the_gallery(
        client, auth, family, parent, caseworker, marcus, db):
    late = make_photo(family, parent, ContentState.PENDING, caption="Pumpkin patch")
    make_photo(family, caseworker, caption="Shared by Sam")
    auth.login(marcus)
    get(client, f"/families/{family.id}/photos")  # Marcus sees Sam's photo
    assert new_on_home(client, family)[1] == 0
    as_user(auth, caseworker)
    assert client.post(f"/families/{family.id}/photos/{late.id}/approve").status_code == 303

    as_user(auth, marcus)
    home, photos, _ = new_on_home(client, family)
    assert photos == 1 and "Pumpkin patch" in home
    gallery = get(client, f"/families/{family.id}/photos")
    tiles = re.findall(r'<li class="photo-tile[^"]*" id="photo-(\d+)"((?:(?!</li>).)*)</li>',
                       gallery, re.S)
    assert tiles[0][0] == str(late.id)  # newest shared first
    assert "tag--new" in tiles[0][1] and "tag--new" not in tiles[1][1]
    assert new_on_home(client, family)[1] == 0


def test_the_caseworker_gets_no_news_of_what_waits_or_what_they_approved(
        client, auth, family, parent, caseworker, marcus, db):
    waiting = make_photo(family, parent, ContentState.PENDING, caption="Still waiting")
    approved = make_photo(family, parent, ContentState.PENDING, caption="Approved by Sam")
    make_event(family, parent, ContentState.PENDING, title="Waiting event")
    auth.login(caseworker)
    _, photos, events = new_on_home(client, family)
    assert photos == 0 and events == 0  # waiting items are under "What waits for your review"
    client.post(f"/families/{family.id}/photos/{approved.id}/approve")
    assert new_on_home(client, family)[1] == 0  # read to approve it: not news
    make_photo(family, marcus, caption="Shared by Marcus")
    home, photos, _ = new_on_home(client, family)
    assert photos == 1 and "Shared by Marcus" in home and "Still waiting" not in home
    assert waiting.id  # stays waiting, never "new"


def test_an_event_approved_late_shows_as_new_and_counts_until_as_read(
        client, auth, family, parent, caseworker, marcus, db):
    # Already over: not in "Coming up", so the page shows it under "New since you last looked".
    late = make_event(family, parent, ContentState.PENDING, title="Report card night",
                      starts_at=utcnow() - timedelta(days=3))
    make_event(family, caseworker, title="Dentist")
    auth.login(marcus)
    get(client, f"/families/{family.id}/events")
    assert new_on_home(client, family)[2] == 0
    as_user(auth, caseworker)
    assert client.post(f"/families/{family.id}/events/{late.id}/approve").status_code == 303

    as_user(auth, marcus)
    assert new_on_home(client, family)[2] == 1
    page = get(client, f"/families/{family.id}/events")
    new_part = page[page.index("New since you last looked"):page.index('class="tabs"')]
    assert "Report card night" in new_part and "tag--new" in new_part
    assert new_on_home(client, family)[2] == 0


def test_the_events_list_marks_only_what_it_showed(client, auth, family, caseworker, marcus,
                                                   db):
    auth.login(marcus)
    get(client, f"/families/{family.id}/events")
    make_event(family, caseworker, title="Back then", starts_at=utcnow() - timedelta(days=9))
    make_event(family, caseworker, title="Soon")
    get(client, f"/families/{family.id}/events/past")  # shows "Back then" only
    assert new_on_home(client, family)[2] == 1  # "Soon" was not shown there
    page = get(client, f"/families/{family.id}/events")
    assert "Soon" in page and "Back then" not in page
    assert new_on_home(client, family)[2] == 0


def test_an_about_me_change_approved_late_shows_as_new(client, auth, family, parent,
                                                      caseworker, marcus, db):
    late = make_about(family, parent, ContentState.PENDING, section="bedtime",
                      text="A song, then lights out.")
    make_about(family, caseworker, section="meals", text="Rice and beans.")
    child = family.children[0]
    auth.login(marcus)
    get(client, f"/families/{family.id}/children/{child.id}/about")
    assert "about Mia" not in get(client, f"/families/{family.id}")
    as_user(auth, caseworker)
    response = client.post(f"/families/{family.id}/about/versions/{late.id}/approve")
    assert response.status_code == 303

    as_user(auth, marcus)
    home = get(client, f"/families/{family.id}")
    assert "Sleep and bedtime, about Mia" in home and "Meals" not in home
    get(client, f"/families/{family.id}/children/{child.id}/about")
    assert "Sleep and bedtime, about Mia" not in get(client, f"/families/{family.id}")
