"""Events as people use them: adding, changing, answering, the lists, and who sees what."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from app.events import services
from app.models import (
    Answer,
    AuditEvent,
    Child,
    ContentState,
    Event,
    EventAnswer,
    ReviewLevel,
    Role,
)
from app.models.types import utcnow
from tests import factories
from tests.factories import make_event, scope_of
from tests.pages import as_read

TOMORROW = date.today() + timedelta(days=2)


def form(**overrides):
    """What a person types in the "Add an event" form."""
    data = {
        "title": "School play",
        "kind": "school_performance",
        "children": [],
        "day": TOMORROW.isoformat(),
        "start": "18:00",
        "end": "",
        "place": "Lincoln School gym",
        "video_link": "",
        "notes": "Mia is a tree.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def open_family(family, db):
    family.review_level = ReviewLevel.OPEN
    db.session.commit()
    return family


def mia(family):
    return family.children[0].id


def events(db):
    return list(db.session.scalars(db.select(Event).order_by(Event.id)))


def text(response):
    return as_read(response)


def version_on(page: str) -> str:
    """The version an edit form was opened on, as the browser sends it back."""
    return re.search(r'name="version" type="hidden" value="([^"]*)"', page).group(1)


def edit(client, family, event, **fields):
    """Open the event's edit form, then save it with `fields`, as a person does."""
    url = f"/families/{family.id}/events/{event.id}/edit"
    opened = client.get(url)
    assert opened.status_code == 200
    return client.post(url, data=form(version=version_on(text(opened)), **fields))


# --- Adding an event ------------------------------------------------------------------------

def test_a_parent_adds_an_event_and_the_family_sees_it(client, auth, open_family, parent,
                                                       resource_parent, db):
    auth.login(parent)
    page = client.get(f"/families/{open_family.id}/events/new")
    assert page.status_code == 200
    assert '<optgroup label="School">' in text(page) and '<optgroup label="Court">' in text(page)
    response = client.post(f"/families/{open_family.id}/events/new",
                           data=form(children=[mia(open_family)]))
    assert response.status_code == 303
    [event] = events(db)
    assert event.is_visible and event.author_id == parent.id
    assert [c.name for c in event.children] == ["Mia"]
    shown = text(client.get(response.headers["Location"]))
    assert "School play" in shown and "Lincoln School gym" in shown and "Mia is a tree." in shown
    auth.logout()
    auth.login(resource_parent)
    listing = text(client.get(f"/families/{open_family.id}/events"))
    assert "School play" in listing and "Obra o función escolar" in listing


def test_in_a_reviewed_family_the_author_sees_it_waiting_and_others_do_not(
        client, auth, family, parent, resource_parent, caseworker, db):
    auth.login(parent)
    client.post(f"/families/{family.id}/events/new", data=form(children=[mia(family)]))
    [event] = events(db)
    assert event.is_pending
    page = text(client.get(f"/families/{family.id}/events/{event.id}"))
    assert "Waiting for review" in page
    assert "Approve" not in page
    auth.logout()
    auth.login(resource_parent)
    assert "School play" not in text(client.get(f"/families/{family.id}/events"))
    assert client.get(f"/families/{family.id}/events/{event.id}").status_code == 404
    auth.logout()
    auth.login(caseworker)
    listing = text(client.get(f"/families/{family.id}/events"))
    assert "Waiting for review" in listing and "Approve" in listing  # in place, on the list
    page = text(client.get(f"/families/{family.id}/events/{event.id}"))
    assert "Waiting for review" in page and "Approve" in page and "Do not share" in page
    assert client.post(f"/families/{family.id}/events/{event.id}/approve").status_code == 303
    assert db.session.get(Event, event.id).is_visible
    auth.logout()
    auth.login(resource_parent)
    assert "School play" in text(client.get(f"/families/{family.id}/events"))


def test_a_parent_partner_may_answer_but_not_add(client, auth, open_family, parent, db):
    partner = factories.make_user(display_name="Pat Partner")
    factories.add_member(open_family, partner, role=Role.PARENT_PARTNER)
    event = make_event(open_family, parent)
    auth.login(partner)
    assert client.get(f"/families/{open_family.id}/events/new").status_code == 403
    assert client.post(f"/families/{open_family.id}/events/new",
                       data=form(children=[mia(open_family)])).status_code == 403
    assert "Add an event" not in text(client.get(f"/families/{open_family.id}/events"))
    client.post(f"/families/{open_family.id}/events/{event.id}/answer", data={"answer": "maybe"})
    assert db.session.scalar(db.select(EventAnswer.answer)) is Answer.MAYBE
    assert len(events(db)) == 1


@pytest.mark.parametrize(("overrides", "message"), [
    ({"video_link": "http://meet.example.org/abc"}, "Use a link that starts with https://"),
    ({"video_link": "javascript:alert(1)"}, "Use a link that starts with https://"),
    ({"video_link": "https://"}, "Use a link that starts with https://"),
    ({"children": []}, "Choose at least one child."),
    ({"end": "17:30"}, "The end time must be after the start time."),
    ({"end": "18:00"}, "The end time must be after the start time."),
    ({"start": ""}, "Choose a start time, or tick"),
    ({"day": ""}, "Choose a date."),
    ({"day": "2026-02-30"}, "Choose a date."),
    ({"day": (date.today() + timedelta(days=5 * 366)).isoformat()},
     "Choose a date within a year before or three years after today."),
    ({"title": ""}, "This field is required."),
    ({"kind": "picnic"}, "Not a valid choice."),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_saved(
        client, auth, open_family, parent, db, overrides, message):
    auth.login(parent)
    data = form(children=[mia(open_family)])
    data.update(overrides)
    response = client.post(f"/families/{open_family.id}/events/new", data=data)
    assert response.status_code == 200
    assert message in text(response)
    assert events(db) == []


def test_a_child_of_another_family_cannot_be_named(client, auth, open_family, parent,
                                                   other_family, db):
    auth.login(parent)
    theirs = other_family.children[0].id
    response = client.post(f"/families/{open_family.id}/events/new",
                           data=form(children=[theirs]))
    assert "Choose at least one child." in text(response)
    assert events(db) == []


def test_a_good_https_link_is_kept_and_offered(client, auth, open_family, parent, db):
    auth.login(parent)
    client.post(f"/families/{open_family.id}/events/new", data=form(
        children=[mia(open_family)], video_link="https://meet.example.org/abc-defg"))
    [event] = events(db)
    page = text(client.get(f"/families/{open_family.id}/events/{event.id}"))
    assert 'href="https://meet.example.org/abc-defg"' in page


# --- Times in the family's time zone -------------------------------------------------------

def test_six_pm_in_los_angeles_is_stored_in_utc_and_shown_as_six_pm(client, auth, open_family,
                                                                    parent, db):
    assert open_family.time_zone == "America/Los_Angeles"
    auth.login(parent)
    day = date(date.today().year + 1, 1, 15)  # winter: Pacific Standard Time, UTC-8
    client.post(f"/families/{open_family.id}/events/new",
                data=form(children=[mia(open_family)], day=day.isoformat(), start="18:00",
                          end="19:30"))
    [event] = events(db)
    assert event.starts_at == datetime(day.year, 1, 16, 2, 0, tzinfo=UTC)
    assert event.ends_at == datetime(day.year, 1, 16, 3, 30, tzinfo=UTC)
    page = text(client.get(f"/families/{open_family.id}/events/{event.id}"))
    assert re.search(r"Fri|Sat|Sun|Mon|Tue|Wed|Thu", page)
    assert "Jan 15" in page and "Jan 16" not in page
    assert re.search(r"6:00\s?PM to 7:30\s?PM", page)


def test_an_all_day_event_keeps_its_local_date(client, auth, open_family, parent, db):
    auth.login(parent)
    day = date.today() + timedelta(days=20)
    client.post(f"/families/{open_family.id}/events/new", data=form(
        children=[mia(open_family)], title="Mia's birthday", kind="birthday",
        day=day.isoformat(), all_day="y", start=""))
    [event] = events(db)
    assert event.all_day and event.local_date == day
    page = text(client.get(f"/families/{open_family.id}/events/{event.id}"))
    assert "all day" in page


# --- Lists: coming up and past, keyset pages -----------------------------------------------

def test_upcoming_and_past_are_split_by_now(client, auth, open_family, parent, db):
    now = utcnow()
    make_event(open_family, parent, title="Yesterday's game", starts_at=now - timedelta(days=1))
    make_event(open_family, parent, title="Going on now", starts_at=now - timedelta(hours=1),
               ends_at=now + timedelta(hours=1))
    make_event(open_family, parent, title="Next week's dentist", starts_at=now + timedelta(days=7))
    auth.login(parent)
    upcoming = text(client.get(f"/families/{open_family.id}/events"))
    past = text(client.get(f"/families/{open_family.id}/events/past"))
    assert "Going on now" in upcoming and "Next week&#39;s dentist" in upcoming
    assert "Yesterday" not in upcoming
    assert "Yesterday&#39;s game" in past and "Going on now" not in past
    assert upcoming.index("Going on now") < upcoming.index("Next week")


def _titles(html):
    return re.findall(r'class="card__link" href="/families/\d+/events/\d+">([^<]+)</a>', html)


def test_keyset_pages_walk_every_event_once_in_order(client, auth, open_family, parent, db):
    now = utcnow()
    same_time = now + timedelta(days=3)
    for n in range(25):  # many at one moment: the id breaks the tie
        make_event(open_family, parent, title=f"Soon {n:02d}", starts_at=same_time)
    for n in range(20):
        make_event(open_family, parent, title=f"Later {n:02d}",
                   starts_at=now + timedelta(days=10 + n))
    for n in range(23):
        make_event(open_family, parent, title=f"Gone {n:02d}",
                   starts_at=now - timedelta(days=n + 1))
    auth.login(parent)

    def walk(url):
        seen, next_url = [], url
        while next_url:
            page = text(client.get(next_url))
            seen += _titles(page)
            more = re.search(r'<a class="button button--secondary" href="([^"]+)"', page)
            next_url = more.group(1).replace("&amp;", "&") if more else None
        return seen

    upcoming = walk(f"/families/{open_family.id}/events")
    assert upcoming == [f"Soon {n:02d}" for n in range(25)] + [f"Later {n:02d}" for n in range(20)]
    past = walk(f"/families/{open_family.id}/events/past")
    assert past == [f"Gone {n:02d}" for n in range(23)]


def test_show_more_answers_htmx_with_the_next_items_only(client, auth, open_family, parent, db):
    for n in range(services.PAGE_SIZE + 3):
        make_event(open_family, parent, title=f"Event {n:02d}",
                   starts_at=utcnow() + timedelta(days=n + 1))
    auth.login(parent)
    first = text(client.get(f"/families/{open_family.id}/events"))
    link = re.search(r'hx-get="([^"]+)"', first).group(1).replace("&amp;", "&")
    response = client.get(link, headers={"HX-Request": "true"})
    assert "HX-Request" in response.headers["Vary"]
    fragment = text(response)
    assert "<html" not in fragment
    assert _titles(fragment) == [f"Event {n:02d}" for n in range(20, 23)]


def test_a_broken_cursor_gives_the_first_page(client, auth, open_family, parent, db):
    make_event(open_family, parent)
    auth.login(parent)
    for cursor in ["nonsense", "20260101T000000000000-99999999999999", "x-1-2"]:
        response = client.get(f"/families/{open_family.id}/events?after={cursor}")
        assert response.status_code == 200 and "School play" in text(response)


def test_pages_run_a_fixed_number_of_queries(client, auth, open_family, parent, resource_parent,
                                             count_queries, db):
    def add(count):
        now = utcnow()
        child = db.session.get(Child, mia(open_family))
        rows = [Event(family_id=open_family.id, author_id=resource_parent.id,
                      state=ContentState.VISIBLE, title=f"E{n}", kind="activity",
                      starts_at=now + timedelta(hours=n - count // 2), children=[child])
                for n in range(count)]
        db.session.add_all(rows)
        db.session.flush()
        db.session.add_all(EventAnswer(event_id=e.id, user_id=parent.id, answer=Answer.GOING)
                           for e in rows)
        db.session.commit()
        return rows[-1].id

    auth.login(parent)

    def counts(event_id):
        found = []
        for url in ["", "/past", f"/{event_id}"]:
            with count_queries() as counted:
                assert client.get(f"/families/{open_family.id}/events{url}").status_code == 200
            found.append(counted.count)
        with count_queries() as counted:
            assert client.get(f"/families/{open_family.id}").status_code == 200
        found.append(counted.count)
        return found

    few = counts(add(10))
    many = counts(add(490))
    assert few == many


# --- Answers ---------------------------------------------------------------------------------

def test_answering_shows_names_under_each_answer(client, auth, open_family, parent,
                                                 resource_parent, db):
    event = make_event(open_family, resource_parent)
    auth.login(parent)
    url = f"/families/{open_family.id}/events/{event.id}"
    response = client.post(f"{url}/answer", data={"answer": "going"})
    assert response.status_code == 303 and response.headers["Location"].endswith(url)
    page = text(client.get(url))
    coming = page.split("Coming (1)")[1].split("Maybe (0)")[0]
    assert "Dana" in coming
    assert 'aria-pressed="true"' in page and "Your answer: I&#39;ll be there" in page
    # Changing one's mind replaces the answer: one row per person and event.
    client.post(f"{url}/answer", data={"answer": "not_going"})
    assert [a.answer for a in db.session.scalars(db.select(EventAnswer))] == [Answer.NOT_GOING]
    auth.logout()
    auth.login(resource_parent)
    page = text(client.get(url))
    assert "No puedo ir (1)" in page and "Dana" in page


def test_htmx_answer_swaps_only_the_answers_block(client, auth, open_family, parent, db):
    event = make_event(open_family, parent)
    auth.login(parent)
    response = client.post(f"/families/{open_family.id}/events/{event.id}/answer",
                           data={"answer": "maybe"}, headers={"HX-Request": "true"})
    fragment = text(response)
    assert response.status_code == 200 and fragment.lstrip().startswith("{#") is False
    assert '<section class="answers" id="answers"' in fragment and "<html" not in fragment
    assert "Your answer is saved." in fragment and "Maybe (1)" in fragment


def test_a_made_up_answer_changes_nothing(client, auth, open_family, parent, db):
    event = make_event(open_family, parent)
    auth.login(parent)
    client.post(f"/families/{open_family.id}/events/{event.id}/answer", data={"answer": "yes!"})
    assert db.session.scalar(db.select(db.func.count(EventAnswer.id))) == 0


def test_a_waiting_event_cannot_be_answered(client, auth, family, parent, db):
    event = make_event(family, parent, ContentState.PENDING)
    auth.login(parent)
    client.post(f"/families/{family.id}/events/{event.id}/answer", data={"answer": "going"})
    assert db.session.scalar(db.select(db.func.count(EventAnswer.id))) == 0


# --- Changing an event -----------------------------------------------------------------------

def test_the_author_changes_the_time_and_the_record_says_so(client, auth, open_family, parent,
                                                            caseworker, db):
    auth.login(parent)
    client.post(f"/families/{open_family.id}/events/new", data=form(children=[mia(open_family)]))
    [event] = events(db)
    edit_url = f"/families/{open_family.id}/events/{event.id}/edit"
    page = text(client.get(edit_url))
    assert 'value="18:00"' in page and 'value="School play"' in page
    response = client.post(edit_url, data=form(children=[mia(open_family)], start="19:00",
                                               version=version_on(page)))
    assert response.status_code == 303
    assert db.session.get(Event, event.id).is_visible  # an edit keeps it shared (see services)
    audit = db.session.scalar(db.select(AuditEvent).filter_by(action="event.edited"))
    assert audit.detail["fields"] == ["time"]
    old, new = audit.detail["changes"]["time"]
    assert old != new
    auth.logout()
    auth.login(caseworker)
    record = text(client.get(f"/families/{open_family.id}/record"))
    assert "Dana changed the time of &#39;School play&#39;." in record
    assert "Dana added the event &#39;School play&#39;." in record


def test_saving_without_changes_writes_nothing(client, auth, open_family, parent, db):
    auth.login(parent)
    client.post(f"/families/{open_family.id}/events/new", data=form(children=[mia(open_family)]))
    [event] = events(db)
    edit(client, open_family, event, children=[mia(open_family)])
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).filter_by(
        action="event.edited")) == 0


def test_only_the_author_and_the_caseworker_change_an_event(client, auth, open_family, parent,
                                                            resource_parent, caseworker, db):
    from datetime import time

    event = make_event(open_family, parent,
                       starts_at=services.to_utc(TOMORROW, time(18), open_family.time_zone))
    url = f"/families/{open_family.id}/events/{event.id}/edit"
    auth.login(resource_parent)
    assert client.get(url).status_code == 403
    assert client.post(url, data=form(children=[mia(open_family)], title="Mine")).status_code == 403
    assert "Cambiar este evento" not in text(client.get(
        f"/families/{open_family.id}/events/{event.id}"))
    auth.logout()
    auth.login(caseworker)
    edit(client, open_family, event, children=[mia(open_family)], title="Spring play")
    assert db.session.get(Event, event.id).title == "Spring play"
    record = text(client.get(f"/families/{open_family.id}/record"))
    # Several fields at once: one sentence naming them (old and new values stay in the detail).
    assert "Sam changed &#39;Spring play&#39;: name, place, and notes." in record


def test_a_hidden_event_cannot_be_changed_by_its_author(client, auth, open_family, parent, db):
    event = make_event(open_family, parent, ContentState.HIDDEN, state_reason="Wrong family")
    auth.login(parent)
    url = f"/families/{open_family.id}/events/{event.id}/edit"
    assert client.get(url).status_code == 403
    assert client.post(url, data=form(children=[mia(open_family)], title="x")).status_code == 403


# --- Moderation through the pages ------------------------------------------------------------

def test_decline_hide_and_withdraw_with_reasons_the_author_reads(client, auth, family, parent,
                                                                 caseworker, db):
    waiting = make_event(family, parent, ContentState.PENDING, title="Zoo trip")
    shared = make_event(family, parent, title="Dentist")
    mine = make_event(family, parent, title="Soccer")
    base = f"/families/{family.id}/events"
    auth.login(caseworker)
    assert client.post(f"{base}/{waiting.id}/decline", data={"reason": ""}).status_code == 200
    assert db.session.get(Event, waiting.id).is_pending
    client.post(f"{base}/{waiting.id}/decline", data={"reason": "Please ask the school first."})
    client.post(f"{base}/{shared.id}/hide", data={"reason": "Shows the clinic's address."})
    auth.logout()
    auth.login(parent)
    assert client.post(f"{base}/{shared.id}/approve").status_code == 403
    # Taking back cannot be undone: the button opens a page that asks first.
    confirm = text(client.get(f"{base}/{mine.id}/withdraw"))
    assert "Take back this event?" in confirm and db.session.get(Event, mine.id).is_visible
    client.post(f"{base}/{mine.id}/withdraw")
    states = {e.title: e.state for e in events(db)}
    assert states == {"Zoo trip": ContentState.DECLINED, "Dentist": ContentState.HIDDEN,
                      "Soccer": ContentState.WITHDRAWN}
    assert "Not shared: Please ask the school first." in text(client.get(f"{base}/{waiting.id}"))
    assert ("Hidden by the caseworker: Shows the clinic&#39;s address."
            in text(client.get(f"{base}/{shared.id}")))
    auth.logout()
    auth.login(caseworker)
    record = text(client.get(f"/families/{family.id}/record"))
    assert "Sam did not share the event &#39;Zoo trip&#39;. Reason: Please ask" in record
    assert "Sam hid the event &#39;Dentist&#39;. Reason: Shows" in record
    assert "Dana took back the event &#39;Soccer&#39;." in record


def test_not_shared_events_reach_nobody_but_author_and_caseworker(
        client, auth, family, parent, resource_parent, caseworker, db):
    soon = utcnow() + timedelta(hours=5)
    gone = utcnow() - timedelta(days=2)
    secret = {}
    for state in (ContentState.PENDING, ContentState.DECLINED, ContentState.HIDDEN,
                  ContentState.WITHDRAWN):
        secret[state] = [
            make_event(family, parent, state, title=f"Secret {state.value} soon", starts_at=soon),
            make_event(family, parent, state, title=f"Secret {state.value} gone", starts_at=gone),
        ]
    shared = make_event(family, parent, title="Shared one", starts_at=soon)
    base = f"/families/{family.id}/events"
    urls = ["", "/past", f"/{shared.id}", f"?after={services.cursor_of(shared)}"]

    def everything(who):
        auth.login(who)
        pages = [text(client.get(f"{base}{u}")) for u in urls]
        pages += [text(client.get(f"{base}{u}", headers={"HX-Request": "true"})) for u in urls]
        pages.append(text(client.get(f"/families/{family.id}")))
        statuses = {e.id: client.get(f"{base}/{e.id}").status_code
                    for pair in secret.values() for e in pair}
        answers = {e.id: client.post(f"{base}/{e.id}/answer", data={"answer": "going"}).status_code
                   for pair in secret.values() for e in pair}
        auth.logout()
        return "".join(pages), statuses, answers

    html, statuses, answers = everything(resource_parent)
    assert "Secret" not in html and "Shared one" in html
    assert set(statuses.values()) == {404} and set(answers.values()) == {404}
    html, statuses, _ = everything(caseworker)
    assert [s for s in secret if f"Secret {s.value} soon" not in html] == []
    assert set(statuses.values()) == {200}
    html, statuses, _ = everything(parent)
    # The author keeps sight of what waits or was refused (with the reason); what they took
    # back themselves is gone for them too (moderation.AUTHOR_ALSO_SEES).
    assert [s for s in secret if f"Secret {s.value} soon" not in html] == [
        ContentState.WITHDRAWN]
    assert db.session.scalar(db.select(db.func.count(EventAnswer.id))) == 0


def test_the_home_section_lists_the_next_seven_days_and_what_is_new(
        client, auth, open_family, parent, resource_parent, db):
    now = utcnow()
    make_event(open_family, resource_parent, title="Tomorrow's game",
               starts_at=now + timedelta(days=1))
    make_event(open_family, resource_parent, title="Far away", starts_at=now + timedelta(days=30))
    make_event(open_family, parent, title="My own", starts_at=now + timedelta(days=2))
    section = services.home_section(scope_of(parent, open_family))
    assert [e.title for e in section.events] == ["Tomorrow's game", "My own"]
    assert section.new_count == 2  # "Far away" is new too; my own is not news to me
    auth.login(parent)
    client.get(f"/families/{open_family.id}/events")  # opening the list marks them seen
    section = services.home_section(scope_of(parent, open_family))
    assert section.new_count == 0 and not section.new_ids


def test_the_home_section_partial_renders_with_scope(app, open_family, parent, resource_parent,
                                                     db):
    from flask import g, render_template

    make_event(open_family, resource_parent, title="Soccer practice",
               starts_at=utcnow() + timedelta(days=1))
    with app.test_request_context():
        from flask_login import login_user

        login_user(parent)
        scope = scope_of(parent, open_family)
        g.family, g.family_scope = open_family, scope
        html = render_template("events/_home_section.html", scope=scope, family=open_family)
    assert "Soccer practice" in html and "New" in html


def test_the_family_home_shows_this_weeks_events_and_only_when_there_are_some(
        client, auth, open_family, parent, resource_parent, db):
    auth.login(parent)
    home = as_read(client.get(f"/families/{open_family.id}"))
    assert "Coming up this week" not in home  # show only what exists
    make_event(open_family, resource_parent, title="Tomorrow's game",
               starts_at=utcnow() + timedelta(days=1))
    make_event(open_family, resource_parent, title="Far away",
               starts_at=utcnow() + timedelta(days=30))
    home = as_read(client.get(f"/families/{open_family.id}"))
    assert "Coming up this week" in home and "Tomorrow&#39;s game" in home
    assert "Far away" not in home and "2 new events" in home
    assert "Welcome! Nothing is shared yet." not in home


# --- Access ----------------------------------------------------------------------------------

def event_urls(family_id, event_id):
    base = f"/families/{family_id}/events"
    return [("GET", base), ("GET", f"{base}/past"), ("GET", f"{base}/new"),
            ("POST", f"{base}/new"), ("GET", f"{base}/{event_id}"),
            ("GET", f"{base}/{event_id}/edit"), ("POST", f"{base}/{event_id}/edit"),
            ("POST", f"{base}/{event_id}/answer"), ("POST", f"{base}/{event_id}/approve"),
            ("GET", f"{base}/{event_id}/decline"), ("POST", f"{base}/{event_id}/decline"),
            ("GET", f"{base}/{event_id}/hide"), ("POST", f"{base}/{event_id}/hide"),
            ("GET", f"{base}/{event_id}/withdraw"), ("POST", f"{base}/{event_id}/withdraw")]


@pytest.mark.parametrize("visitor", ["outsider", "pending_member", None])
def test_every_event_url_is_404_for_those_outside(request, client, auth, family, parent, db,
                                                  visitor):
    event = make_event(family, parent)
    if visitor:
        auth.login(request.getfixturevalue(visitor))
    for method, url in event_urls(family.id, event.id) + event_urls(family.id, 99999):
        response = client.open(url, method=method, data={"answer": "going", "reason": "x"})
        assert response.status_code == 404, f"{visitor}: {method} {url}"
    assert db.session.scalar(db.select(db.func.count(EventAnswer.id))) == 0


def test_another_familys_event_id_in_my_family_url_is_404(client, auth, open_family, parent,
                                                          other_family, caseworker, db):
    their_author = other_family.memberships[0].user
    theirs = make_event(other_family, their_author, ContentState.PENDING, title="Theirs")
    auth.login(caseworker)
    for method, url in event_urls(open_family.id, theirs.id)[4:]:
        response = client.open(url, method=method, data={"answer": "going", "reason": "x"})
        assert response.status_code == 404, f"{method} {url}"
    assert db.session.get(Event, theirs.id).is_pending


def test_the_home_section_runs_a_fixed_number_of_queries(open_family, parent, resource_parent,
                                                         count_queries, db):
    child = db.session.get(Child, mia(open_family))

    def add(count):
        now = utcnow()
        db.session.add_all(
            Event(family_id=open_family.id, author_id=resource_parent.id,
                  state=ContentState.VISIBLE, title=f"E{n}", kind="activity",
                  starts_at=now + timedelta(minutes=10 * n + 1), children=[child])
            for n in range(count))
        db.session.commit()

    def count():
        scope = scope_of(parent, open_family)
        with count_queries() as counted:
            services.home_section(scope)
        return counted.count

    add(10)
    few = count()
    add(490)
    assert count() == few == 4  # with events this week, 'any shared?' needs no query


def test_demo_families_have_events(demo, db):
    from app.models import Family

    rivera = db.session.scalar(db.select(Family).filter_by(name="The Rivera family"))
    nguyen = db.session.scalar(db.select(Family).filter_by(name="The Nguyen family"))
    caseworker_scope = scope_of(rivera.memberships[0].user, rivera)
    upcoming = services.upcoming_page(caseworker_scope, None).items
    past = services.past_page(caseworker_scope, None).items
    titles = {e.title for e in upcoming}
    assert {"Winter school play", "Dentist checkup", "Soccer game", "Mia's birthday",
            "Court hearing"} <= titles
    assert len(past) >= 3 and all(e.is_visible for e in upcoming + past)
    assert db.session.scalar(db.select(db.func.count(EventAnswer.id))) >= 8
    [waiting] = db.session.scalars(db.select(Event).filter_by(family_id=nguyen.id))
    assert waiting.is_pending and waiting.author.name == "Chris"


def test_after_taking_an_event_back_the_author_lands_on_the_list_not_a_404(
        client, auth, family, parent, db):
    # The author no longer sees a withdrawn item (moderation.may_see), so its page is gone for
    # them: sending them there answered "not found" right after a success message.
    family.review_level = ReviewLevel.OPEN
    db.session.commit()
    mine = make_event(family, parent, title="Soccer")
    auth.login(parent)
    response = client.post(f"/families/{family.id}/events/{mine.id}/withdraw",
                           follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == f"/families/{family.id}/events"
    page = text(response)
    assert "The event is taken back. Others no longer see it." in page
    assert "Only you" not in page


def test_new_events_far_off_are_told_under_new_since_you_last_looked_not_this_week(
        client, auth, open_family, parent, resource_parent, db):
    # Only an event a month away is new: the home said "New since you last looked" over an
    # empty space, then "Coming up this week: 1 new event" with no event in the week.
    auth.login(parent)
    make_event(open_family, resource_parent, title="Far away",
               starts_at=utcnow() + timedelta(days=30))
    home = as_read(client.get(f"/families/{open_family.id}"))
    assert "Coming up this week" not in home
    new_since = home.split('id="new-heading"', 1)[1].split("</section>", 1)[0]
    assert "1 new event" in new_since
    assert home.count("1 new event") == 1


@pytest.mark.parametrize(("locale", "said"), [("en", "For Mia and Leo"), ("es", "Para Mia y Leo")])
def test_the_children_are_listed_the_way_the_readers_language_says_it(
        client, auth, open_family, parent, db, locale, said):
    from app.families.services import add_child

    leo = add_child(open_family, parent, "Leo", None)
    event = make_event(open_family, parent, children=[*open_family.children[:1], leo])
    parent.locale = locale
    db.session.commit()
    auth.login(parent)
    assert said in text(client.get(f"/families/{open_family.id}/events"))
    page = text(client.get(f"/families/{open_family.id}/events/{event.id}"))
    assert {"en": "Mia and Leo", "es": "Mia y Leo"}[locale] in page
