"""Who may cancel a family time, who reads its supervision and notes, and refusals that name no
one else's level: driven as people use Hearth (pages, files, the feed), for a family whose two
parents are apart (docs/family-time.md, "Who reads what"; app/family_time/privacy.py)."""

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest

from app.family_time import ical, levels
from app.family_time import services as ft
from app.family_time.levels import LEVEL_NAMES
from app.models import (
    FamilyTimeOccurrence,
    Level,
    Membership,
    Outcome,
    Role,
)
from app.models.types import utcnow
from tests import factories
from tests.factories import scope_of

LA = ZoneInfo("America/Los_Angeles")

# What Sam (the caseworker) wrote on a time with Dana, hosted by Rosa; and what Dana wrote on
# the time she asked for. No commas or quotes: calendar files and HTML would escape them.
SAMS_SUPERVISOR = "Ms. Quintana from the family center"
SAMS_NOTES = "Watch the handover at the door closely"
DANAS_SUPERVISOR = "Mr. Okafor at the library"
DANAS_NOTES = "Dana would like to bring the photo album"
MARKERS = (SAMS_SUPERVISOR, SAMS_NOTES, DANAS_SUPERVISOR, DANAS_NOTES)


def today():
    return datetime.now(LA).date()


def membership(user, family, db) -> Membership:
    return db.session.scalar(db.select(Membership).filter_by(user_id=user.id,
                                                             family_id=family.id))


def words(response) -> str:
    """What a person reads on a page, tags dropped, spaces squeezed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def unfolded(response) -> str:
    """A calendar file's text with its folded lines joined again (RFC 5545, 3.1)."""
    return response.get_data(as_text=True).replace("\r\n ", "").replace("\\n", "\n")


@dataclass
class People:
    dana: object  # a parent, in Sam's time and the one she asked for
    marcus: object  # the other parent: in neither
    rosa: object  # the resource parent: hosts Sam's time
    pat: object  # a parent partner
    sam: object  # the caseworker


@pytest.fixture
def people(family, parent, resource_parent, caseworker):
    marcus = factories.make_user(display_name="Marcus Rivera", preferred_name="Marcus")
    factories.add_member(family, marcus, role=Role.PARENT, relationship_label="Dad")
    pat = factories.make_user(display_name="Pat Mentor", preferred_name="Pat")
    factories.add_member(family, pat, role=Role.PARENT_PARTNER)
    return People(dana=parent, marcus=marcus, rosa=resource_parent, pat=pat, sam=caseworker)


# --- 1. cancelling ------------------------------------------------------------------------

def cancelled_rows(db, item) -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count(FamilyTimeOccurrence.id)).filter_by(
        family_time_id=item.id, outcome=Outcome.CANCELLED))


def court_words(client, family) -> str:
    first, last = today() - timedelta(days=20), today() + timedelta(days=20)
    return words(client.get(f"/families/{family.id}/calendar/record"
                            f"?start={first.isoformat()}&end={last.isoformat()}"))


def test_only_the_people_in_it_and_the_caseworker_may_cancel(client, auth, family, people, db):
    """Marcus (the other parent) and Pat (a parent partner) are refused calmly, nothing
    changes, and Dana's court record is the same as before they tried."""
    rosa = membership(people.rosa, family, db)
    dana = membership(people.dana, family, db)
    held = factories.make_family_time(family, people.sam, days_ahead=-3, host_id=rosa.id,
                                      parents=[dana])
    ft.record_outcome(scope_of(people.rosa, family), held, None, Outcome.ATTENDED)
    # Past, nothing written yet: a cancellation by a parent would count against Dana.
    unwritten = factories.make_family_time(family, people.sam, days_ahead=-2, host_id=rosa.id,
                                           parents=[dana])
    coming = factories.make_family_time(family, people.sam, days_ahead=4, host_id=rosa.id,
                                        parents=[dana])
    auth.login(people.dana)
    before = court_words(client, family)
    assert "1 happened (100%)" in before
    assert "Cancel this time" in words(client.get(f"/families/{family.id}/calendar/{coming.id}"))
    auth.logout()

    for outsider in (people.marcus, people.pat):
        auth.login(outsider)
        page = words(client.get(f"/families/{family.id}/calendar/{coming.id}"))
        assert "Cancel this time" not in page
        for item in (unwritten, coming):
            url = f"/families/{family.id}/calendar/{item.id}/cancel"
            shown = client.get(url)
            assert shown.status_code == 403
            assert "Only the people in this family time and the caseworker" in words(shown)
            assert 'name="reason"' not in shown.get_data(as_text=True)
            posted = client.post(url, data={"reason": "I do not want it"})
            assert posted.status_code == 403
            assert "Only the people in this family time and the caseworker" in words(posted)
            assert cancelled_rows(db, item) == 0
        auth.logout()

    with pytest.raises(ft.Refused):  # whoever calls the service, not only the page
        ft.cancel(scope_of(people.marcus, family), unwritten, "Not mine")
    assert cancelled_rows(db, unwritten) == 0
    auth.login(people.dana)
    assert court_words(client, family) == before
    auth.logout()

    # The people in it (Dana, her host Rosa) and the caseworker may.
    for person, item in ((people.dana, coming), (people.rosa, unwritten)):
        auth.login(person)
        assert client.post(f"/families/{family.id}/calendar/{item.id}/cancel",
                           data={"reason": "Mia is sick"}).status_code == 303
        assert cancelled_rows(db, item) == 1
        auth.logout()


def test_a_cancellation_by_someone_not_in_it_never_lowers_a_parents_figure(
        client, auth, family, people, db):
    """Written before only the people in a time could cancel it: Marcus called off Dana's time.
    The record leaves it out of Dana's percent, as it does the caseworker's."""
    dana = membership(people.dana, family, db)
    marcus = membership(people.marcus, family, db)
    held = factories.make_family_time(family, people.sam, days_ahead=-3, parents=[dana])
    ft.record_outcome(scope_of(people.sam, family), held, None, Outcome.ATTENDED)
    called_off = factories.make_family_time(family, people.sam, days_ahead=-2, parents=[dana])
    db.session.add(FamilyTimeOccurrence(
        family_time_id=called_off.id, original_date=called_off.first_date,
        outcome=Outcome.CANCELLED, outcome_by_id=marcus.id, outcome_at=utcnow(),
        outcome_reason="I do not want it"))
    db.session.commit()
    auth.login(people.dana)
    page = court_words(client, family)
    assert "1 happened (100%)" in page and "50%" not in page
    # Dana's own cancellation still counts: she was expected at it.
    mine = factories.make_family_time(family, people.sam, days_ahead=-1, parents=[dana])
    assert client.post(f"/families/{family.id}/calendar/{mine.id}/cancel",
                       data={"reason": "Work"}).status_code == 303
    assert "1 happened (50%)" in court_words(client, family)


# --- 2. who reads who supervises, and the notes --------------------------------------------

@pytest.fixture
def two_times(family, people, db):
    """Sam's time with Dana hosted by Rosa, and the time Dana asked for (approved), each with
    a supervisor and notes; one more of Dana's, still waiting, for the review queue."""
    rosa = membership(people.rosa, family, db)
    dana = membership(people.dana, family, db)
    day = today() + timedelta(days=3)
    sams = ft.create_family_time(scope_of(people.sam, family), ft.FamilyTimeDetails(
        child_ids=[family.children[0].id], day=day, start=time(17), end=time(18),
        place="Family center room 2", parent_ids=[dana.id], host_id=rosa.id,
        supervisor=SAMS_SUPERVISOR, notes=SAMS_NOTES))
    danas = ft.create_family_time(scope_of(people.dana, family), ft.FamilyTimeDetails(
        child_ids=[family.children[0].id], day=day, start=time(10), end=time(11),
        place="Library", parent_ids=[dana.id], supervisor=DANAS_SUPERVISOR, notes=DANAS_NOTES))
    ft.approve(scope_of(people.sam, family), danas)
    waiting = ft.create_family_time(scope_of(people.dana, family), ft.FamilyTimeDetails(
        child_ids=[family.children[0].id], day=day + timedelta(days=1), start=time(10),
        end=time(11), place="Park", parent_ids=[dana.id], supervisor=DANAS_SUPERVISOR,
        notes=DANAS_NOTES))
    return sams, danas, waiting, day


# Who reads each marker, by the rule: supervision for the people in the time (its parents,
# its host), its asker and the caseworker; notes for their writer and the caseworker.
READS = {
    "dana": {SAMS_SUPERVISOR, DANAS_SUPERVISOR, DANAS_NOTES},
    "rosa": {SAMS_SUPERVISOR},
    "marcus": set(),
    "pat": set(),
    "sam": set(MARKERS),
}


def views(client, family, sams, danas, day, feed_token):
    """Every view that shows family time, as text a person (or their calendar app) reads:
    (view, which times it shows) → text. An empty text: the person may not open it."""
    base = f"/families/{family.id}/calendar"
    d = day.isoformat()
    first, last = (day - timedelta(days=5)).isoformat(), (day + timedelta(days=5)).isoformat()
    both = ("sams", "danas")

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return response

    found = {
        ("agenda", both): words(get(base)),
        ("month", both): words(get(f"{base}/month?month={day:%Y-%m}")),
        ("feed", both): unfolded(get(f"/feed/{feed_token}.ics")),
        ("court", both): words(get(f"{base}/record?start={first}&end={last}")),
        ("court.csv", both): get(f"{base}/record.csv?start={first}&end={last}")
        .get_data(as_text=True),
    }
    for key, item in (("sams", sams), ("danas", danas)):
        found[("page", (key,))] = words(get(f"{base}/{item.id}?day={d}"))
        found[("ics", (key,))] = unfolded(get(f"{base}/{item.id}/event.ics?day={d}"))
        for form in ("change", "make-up"):
            response = client.get(f"{base}/{item.id}/{form}?day={d}")
            found[(form, (key,))] = (response.get_data(as_text=True)
                                     if response.status_code == 200 else "")
    return found


CARRIES = {"sams": (SAMS_SUPERVISOR, SAMS_NOTES), "danas": (DANAS_SUPERVISOR, DANAS_NOTES)}


@pytest.mark.parametrize("who", list(READS))
def test_every_view_shows_supervision_and_notes_only_to_whom_the_rule_says(
        client, auth, family, people, two_times, who, db):
    sams, danas, _waiting, day = two_times
    person = getattr(people, who)
    token = ical.new_feed_token(person)
    auth.login(person)
    seen = views(client, family, sams, danas, day, token)
    assert "Family center room 2" in seen[("page", ("sams",))]
    assert "Family center room 2" in seen[("feed", ("sams", "danas"))]
    opened = set()
    for (view, times), text in seen.items():
        if not text:
            assert view in ("change", "make-up")  # forms for some roles only
            continue
        opened.add(view)
        for marker in (m for key in times for m in CARRIES[key]):
            if view in ("agenda", "month"):  # they show neither, to anyone
                assert marker not in text, (who, view, marker)
            else:
                assert (marker in text) == (marker in READS[who]), (who, view, marker)
    assert {"page", "agenda", "month", "ics", "feed", "court", "court.csv"} <= opened


def test_the_export_and_the_review_queue_are_staff_only_and_whole(client, auth, family,
                                                                  people, two_times):
    _sams, _danas, waiting, _day = two_times
    for person in (people.dana, people.rosa, people.marcus, people.pat):
        auth.login(person)
        assert client.get(f"/families/{family.id}/queue").status_code in (403, 404)
        assert client.post(f"/families/{family.id}/export",
                           data={"submit": "Download the ZIP file"}).status_code in (403, 404)
        auth.logout()
    auth.login(people.sam)
    queue = words(client.get(f"/families/{family.id}/queue"))
    assert DANAS_SUPERVISOR in queue and DANAS_NOTES in queue
    archive = zipfile.ZipFile(io.BytesIO(client.post(
        f"/families/{family.id}/export", data={"submit": "Download the ZIP file"}).get_data()))
    times = json.loads(archive.read("family_time.json"))["family_time"]
    assert {(t["supervisor"], t["notes"]) for t in times} >= {
        (SAMS_SUPERVISOR, SAMS_NOTES), (DANAS_SUPERVISOR, DANAS_NOTES)}
    assert waiting.id in {t["id"] for t in times}


def test_the_form_says_who_reads_the_notes(client, auth, family, people):
    auth.login(people.dana)
    page = words(client.get(f"/families/{family.id}/calendar/new"))
    assert "Only you and the caseworker can read these notes." in page
    assert "The parents in this family time, its host and the caseworker see who supervises." \
        in page
    auth.logout()
    auth.login(people.rosa)  # reads Spanish
    page = words(client.get(f"/families/{family.id}/calendar/new"))
    assert "Solo usted y el trabajador(a) social pueden leer estas notas." in page
    auth.logout()
    auth.login(people.sam)
    page = words(client.get(f"/families/{family.id}/calendar/new"))
    assert "Only caseworkers can read these notes. The family does not see them." in page


def test_the_court_csv_has_a_supervision_column_only_where_the_reader_has_one(
        client, auth, family, people, two_times):
    _sams, _danas, _waiting, day = two_times
    first, last = (day - timedelta(days=5)).isoformat(), (day + timedelta(days=5)).isoformat()
    url = f"/families/{family.id}/calendar/record.csv?start={first}&end={last}"
    headers = {}
    for who in ("dana", "marcus", "sam"):
        auth.login(getattr(people, who))
        body = client.get(url).get_data().decode("utf-8-sig")
        headers[who] = next(csv.reader(io.StringIO(body)))[-2:]
        auth.logout()
    assert headers == {"dana": ["Supervision", "Notes"], "marcus": ["Why", "How it went"],
                       "sam": ["Supervision", "Notes"]}


# --- 3. a refusal names no one else's level ---------------------------------------------------

def level_words() -> list[str]:
    from flask_babel import force_locale

    with force_locale("en"):
        return [str(name) for name in LEVEL_NAMES.values()]


def refusal_of(response) -> str:
    html = response.get_data(as_text=True)
    found = re.search(r'<div class="error-summary" role="alert" id="refusal">(.*?)</div>',
                      html, flags=re.S)
    assert found, "no refusal on the page"
    return words_of(found.group(1))


def words_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def ask(client, family, parent_ids, supervision, start="17:00", end="18:00"):
    day = (today() + timedelta(days=5)).isoformat()
    return client.post(f"/families/{family.id}/calendar/new", data={
        "children": [family.children[0].id], "parents": parent_ids, "day": day,
        "start": start, "end": end, "mode": "in_person", "supervision": supervision,
        "repeat": "", "host": ""})


def test_a_refusal_for_time_with_the_other_parent_names_no_level(app, client, auth, family,
                                                                 people, db):
    dana = membership(people.dana, family, db)
    marcus = membership(people.marcus, family, db)
    sam = scope_of(people.sam, family)
    levels.set_level(sam, dana.id, Level.OVERNIGHT, "Steady visits")
    levels.set_level(sam, marcus.id, Level.MONITORED, "Getting there")
    with app.test_request_context():
        names = level_words()
    auth.login(people.dana)
    # Unsupervised, with both: Marcus is only "checked in on".
    said = refusal_of(ask(client, family, [dana.id, marcus.id], "unsupervised"))
    assert "cannot have this kind of supervision yet for everyone it is with" in said
    assert not [name for name in names if name.lower() in said.lower()], said
    # Overnight, checked in on, with both: Marcus is not approved for overnight.
    said = refusal_of(ask(client, family, [dana.id, marcus.id], "monitored", "17:00", "10:00"))
    assert "cannot last into the next day yet for everyone it is with" in said
    assert not [name for name in names if name.lower() in said.lower()], said
    assert "Marcus" not in said
    auth.logout()
    # Her own level may be named to her; and the resource parent reads every level.
    levels.set_level(sam, dana.id, Level.SUPERVISED, "A step back for now")
    auth.login(people.dana)
    assert "Dana is approved for family time “With a supervisor” for now" in refusal_of(
        ask(client, family, [dana.id], "unsupervised"))
    auth.logout()
    auth.login(people.rosa)
    assert "Marcus" in refusal_of(ask(client, family, [marcus.id], "unsupervised"))
