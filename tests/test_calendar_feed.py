"""Family time and events in everyone's own calendar app: the subscription feed behind a
token the person can reset, and single `.ics` downloads ("add to my calendar")."""

import logging
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from flask import url_for

from app.family_time import ical
from app.family_time import services as ft
from app.family_time.agenda import Status
from app.log_redaction import redact
from app.models import (
    CalendarFeedToken,
    ContentState,
    Membership,
    MembershipStatus,
    Mode,
    Role,
)
from tests import factories
from tests.factories import scope_of

LA = ZoneInfo("America/Los_Angeles")


def series(family, first: date, last: date, **overrides):
    fields = {"place": "Family center", "supervisor": "Ms. Ortiz",
              "notes": "Dad is working on patience", **overrides}
    return ft.FamilyTimeDetails(child_ids=[family.children[0].id], day=first, start=time(17),
                                end=time(18), every_weeks=1, last_date=last, **fields)


def parse(body: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(body)
    return [c for c in calendar.walk("VEVENT")]


def by_uid(body: bytes) -> dict:
    return {str(v["UID"]): v for v in parse(body)}


def feed_of(app, user, now=None) -> bytes:
    with app.test_request_context():
        return ical.feed_calendar(
            user, lambda e: url_for(e.endpoint, _external=True, **e.url_args), now=now)


def make_token(user) -> str:
    return ical.new_feed_token(user)


# --- content ---------------------------------------------------------------------------------

def test_a_weekly_series_across_daylight_saving_keeps_five_pm(app, family, caseworker, parent):
    first, last = date(2027, 3, 4), date(2027, 3, 25)  # clocks go forward on 14 March
    item = ft.create_family_time(scope_of(caseworker, family), series(family, first, last))
    vevents = by_uid(feed_of(app, parent, now=datetime(2027, 3, 1, tzinfo=UTC)))
    days = [first + timedelta(weeks=n) for n in range(4)]
    assert [uid for uid in vevents if uid.startswith("ft-")] == [
        f"ft-{item.id}-{day:%Y%m%d}@localhost" for day in days]
    starts = [vevents[f"ft-{item.id}-{day:%Y%m%d}@localhost"]["DTSTART"].dt for day in days]
    # UTC instants: 01:00 UTC before the change (PST), 00:00 UTC after (PDT)...
    assert all(s.tzinfo is not None and s.utcoffset() == timedelta(0) for s in starts)
    assert [s.astimezone(UTC).hour for s in starts] == [1, 1, 0, 0]
    # ...which is 17:00 in the family's time zone every week.
    assert {s.astimezone(LA).time() for s in starts} == {time(17)}
    ends = [vevents[f"ft-{item.id}-{day:%Y%m%d}@localhost"]["DTEND"].dt for day in days]
    assert {e - s for s, e in zip(starts, ends, strict=True)} == {timedelta(hours=1)}


def test_a_move_and_a_cancel_raise_sequence_and_cancelled_shows_as_cancelled(
        app, family, caseworker, parent):
    first, last = date(2027, 3, 4), date(2027, 3, 25)
    sam = scope_of(caseworker, family)
    item = ft.create_family_time(sam, series(family, first, last))
    now = datetime(2027, 3, 1, tzinfo=UTC)
    uid = f"ft-{item.id}-20270311@localhost"
    before = by_uid(feed_of(app, parent, now))[uid]
    assert before["STATUS"] == "CONFIRMED"

    ft.move_occurrence(sam, item, date(2027, 3, 11), date(2027, 3, 12), time(10), time(11))
    moved = by_uid(feed_of(app, parent, now))[uid]
    assert moved["SEQUENCE"] > before["SEQUENCE"]
    assert moved["DTSTART"].dt.astimezone(LA) == datetime(2027, 3, 12, 10, tzinfo=LA)

    ft.cancel(scope_of(parent, family), item, "Mia is sick", date(2027, 3, 18))
    vevents = by_uid(feed_of(app, parent, now))
    cancelled = vevents[f"ft-{item.id}-20270318@localhost"]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SEQUENCE"] > moved["SEQUENCE"]
    assert vevents[f"ft-{item.id}-20270325@localhost"]["STATUS"] == "CONFIRMED"


def test_this_and_following_tells_phones_the_old_times_are_off(app, family, caseworker,
                                                               parent):
    """The old series' later dates stay in the feed under their old UIDs, cancelled, with a
    raised SEQUENCE; the new times come under the new series' UIDs. The pages and the court
    record count only the new ones."""
    from app.family_time.court_record import court_record
    from app.family_time.month import month_grid

    first, last = date(2027, 3, 4), date(2027, 4, 1)
    sam = scope_of(caseworker, family)
    item = ft.create_family_time(sam, series(family, first, last))
    ft.move_occurrence(sam, item, date(2027, 3, 25), date(2027, 3, 26), time(10), time(11))
    ft.cancel(sam, item, "Spring break", date(2027, 4, 1))
    now = datetime(2027, 3, 1, tzinfo=UTC)
    old_uids = [f"ft-{item.id}-{day}@localhost" for day in ("20270318", "20270325", "20270401")]
    before = by_uid(feed_of(app, parent, now))
    later = ft.FamilyTimeDetails(child_ids=[family.children[0].id], day=date(2027, 3, 19),
                                 start=time(15), end=time(16), every_weeks=1,
                                 last_date=date(2027, 4, 2), place="Family center")
    new = ft.change_following(sam, item, date(2027, 3, 18), later)

    vevents = by_uid(feed_of(app, parent, now))
    for uid in old_uids:
        assert vevents[uid]["STATUS"] == "CANCELLED", uid
        assert vevents[uid]["SEQUENCE"] > before[uid]["SEQUENCE"], uid
    # The moved one is called off where the phone has it: at its moved time.
    assert vevents[old_uids[1]]["DTSTART"].dt.astimezone(LA) == datetime(2027, 3, 26, 10,
                                                                        tzinfo=LA)
    assert "Changed to another time" in str(vevents[old_uids[0]]["DESCRIPTION"])
    assert [vevents[f"ft-{item.id}-{day}@localhost"]["STATUS"] for day in (
        "20270304", "20270311")] == ["CONFIRMED", "CONFIRMED"]
    new_uids = [f"ft-{new.id}-{day}@localhost" for day in ("20270319", "20270326", "20270402")]
    assert [vevents[uid]["STATUS"] for uid in new_uids] == ["CONFIRMED"] * 3

    # What the family reads and the court counts: the old series up to the cut, then the new;
    # the time cancelled ahead is a record (who, why) and stays the old series'.
    parents_view = scope_of(parent, family)
    agenda = ft.calendar_between(parents_view, datetime(2027, 3, 1, tzinfo=UTC),
                                 datetime(2027, 4, 10, tzinfo=UTC))
    assert [(e.item_id, e.occurrence_date) for e in agenda] == [
        (item.id, date(2027, 3, 4)), (item.id, date(2027, 3, 11)),
        (new.id, date(2027, 3, 19)), (new.id, date(2027, 3, 26)), (item.id, date(2027, 4, 1)),
        (new.id, date(2027, 4, 2))]
    assert agenda[4].status is Status.CANCELLED and agenda[4].outcome_reason == "Spring break"
    month = month_grid(parents_view, date(2027, 3, 1), date(2027, 3, 1), 0)
    in_month = {(e.item_id, e.occurrence_date) for week in month.weeks for day in week
                for e in day.entries}
    assert in_month == {(item.id, date(2027, 3, 4)), (item.id, date(2027, 3, 11)),
                        (new.id, date(2027, 3, 19)), (new.id, date(2027, 3, 26))}
    court = court_record(sam, date(2027, 3, 1), date(2027, 4, 10))
    assert court.scheduled == 6 and court.cancelled == 1


def test_an_edited_event_raises_its_sequence_each_time(app, family, caseworker, parent):
    """Calendar apps only replace an event they already have when SEQUENCE rises; edits made
    moments apart (a typo fixed, then the time) must each raise it."""
    from app.events import edits
    from app.events import services as events
    from app.models import EventKind

    def details(title, hour):
        return events.EventDetails(title=title, kind=EventKind.SCHOOL_PERFORMANCE,
                                   child_ids=[family.children[0].id], day=date(2027, 5, 20),
                                   all_day=False, start=time(hour), end=time(hour + 1))

    sam = scope_of(caseworker, family)  # shared at once, so it is in Dana's feed
    event = events.create_event(sam, details("Spring concrt", 18))
    now = datetime(2027, 5, 1, tzinfo=UTC)
    uid = f"event-{event.id}@localhost"
    before = by_uid(feed_of(app, parent, now))[uid]

    assert edits.edit_event(event, sam, details("Spring concert", 18)).fields == ["title"]
    renamed = by_uid(feed_of(app, parent, now))[uid]
    assert renamed["SUMMARY"] == "Spring concert"
    assert renamed["SEQUENCE"] > before["SEQUENCE"]

    assert edits.edit_event(event, sam, details("Spring concert", 19))
    moved = by_uid(feed_of(app, parent, now))[uid]
    assert moved["DTSTART"].dt.astimezone(LA) == datetime(2027, 5, 20, 19, tzinfo=LA)
    assert moved["SEQUENCE"] > renamed["SEQUENCE"]


def test_notes_only_in_the_caseworkers_feed_supervision_for_the_parent_in_it(
        app, family, caseworker, parent):
    """The rule of every view (app/family_time/privacy.py): who supervises for the people in
    the time; the caseworker's notes for the caseworker."""
    marcus = factories.make_user(display_name="Marcus Rivera", preferred_name="Marcus")
    his = factories.add_member(family, marcus, role=Role.PARENT)
    ft.create_family_time(scope_of(caseworker, family),
                          series(family, date(2027, 3, 4), date(2027, 3, 4), parent_ids=[his.id]))
    now = datetime(2027, 3, 1, tzinfo=UTC)
    dana = feed_of(app, parent, now).decode()  # not in this time
    assert "Family time" in dana and "Family center" in dana
    assert "patience" not in dana and "Ortiz" not in dana
    assert "supervisor" not in dana.lower()
    his_feed = feed_of(app, marcus, now).decode().replace("\r\n ", "")
    assert "Ortiz" in his_feed and "patience" not in his_feed
    staff = feed_of(app, caseworker, now).decode()
    assert "patience" in staff and "Ortiz" in staff and "The Rivera family" in staff


def test_the_feed_is_in_the_readers_language(app, family, caseworker, client, resource_parent):
    assert resource_parent.locale == "es"
    factories.make_family_time(family, caseworker, days_ahead=3, mode=Mode.VIDEO)
    token = make_token(resource_parent)
    body = client.get(f"/feed/{token}.ics").data.decode()
    assert "SUMMARY:Tiempo en familia (videollamada)" in body
    assert "Calendario familiar de Hearth" in body


def test_only_shared_items_reach_the_feed(app, family, caseworker, parent):
    shared = factories.make_event(family, parent, title="School play")
    mine_waiting = factories.make_event(family, parent, state=ContentState.PENDING,
                                        title="My waiting event")
    hidden = factories.make_event(family, caseworker, state=ContentState.HIDDEN, title="Hidden")
    proposed = factories.make_family_time(family, parent, state=ContentState.PENDING, days_ahead=4)
    approved = factories.make_family_time(family, caseworker, days_ahead=3)
    uids = set(by_uid(feed_of(app, parent)))
    assert f"event-{shared.id}@localhost" in uids
    assert f"event-{mine_waiting.id}@localhost" not in uids
    assert f"event-{hidden.id}@localhost" not in uids
    assert not any(uid.startswith(f"ft-{proposed.id}-") for uid in uids)
    assert any(uid.startswith(f"ft-{approved.id}-") for uid in uids)
    # Even the caseworker's feed is what will happen, not the review queue.
    staff = set(by_uid(feed_of(app, caseworker)))
    assert f"event-{hidden.id}@localhost" not in staff
    assert not any(uid.startswith(f"ft-{proposed.id}-") for uid in staff)


def test_an_all_day_event_is_a_date(app, family, parent):
    start = datetime(2027, 1, 10, tzinfo=LA)
    event = factories.make_event(family, parent, all_day=True, local_date=date(2027, 1, 10),
                                 starts_at=start.astimezone(UTC),
                                 ends_at=(start + timedelta(days=1)).astimezone(UTC))
    vevent = by_uid(feed_of(app, parent, now=datetime(2027, 1, 1, tzinfo=UTC)))[
        f"event-{event.id}@localhost"]
    assert vevent["DTSTART"].dt == date(2027, 1, 10)
    assert vevent["DTEND"].dt == date(2027, 1, 11)


def test_another_familys_items_never_reach_the_feed(app, family, other_family, caseworker,
                                                    parent, outsider):
    theirs = factories.make_family_time(family, caseworker, days_ahead=3)
    event = factories.make_event(family, parent)
    body = feed_of(app, outsider)
    assert parse(body) == []
    assert f"ft-{theirs.id}-".encode() not in body and f"event-{event.id}@".encode() not in body


@pytest.mark.parametrize("who", ["pending_member", "suspended_member"])
def test_a_pending_or_paused_members_family_is_not_in_their_feed(request, app, family,
                                                                 caseworker, who):
    factories.make_family_time(family, caseworker, days_ahead=3)
    factories.make_event(family, caseworker)
    assert parse(feed_of(app, request.getfixturevalue(who))) == []


def test_a_feed_costs_the_same_queries_however_many_items(app, family, caseworker, parent,
                                                          count_queries):
    now = datetime(2027, 3, 1, tzinfo=UTC)
    sam = scope_of(caseworker, family)
    ft.create_family_time(sam, series(family, date(2027, 3, 4), date(2027, 3, 4)))
    factories.make_event(family, parent, starts_at=now + timedelta(days=3))
    with count_queries() as few:
        assert len(parse(feed_of(app, parent, now))) == 2
    ft.create_family_time(sam, series(family, date(2027, 3, 5), date(2027, 5, 28)))
    for n in range(8):
        factories.make_event(family, parent, starts_at=now + timedelta(days=5 + n))
    with count_queries() as many:
        assert len(parse(feed_of(app, parent, now))) > 20
    assert many.count == few.count


# --- the token and its address ---------------------------------------------------------------

def test_the_feed_page_makes_an_address_once_and_reset_refuses_the_old_one(client, auth, db,
                                                                           family, caseworker,
                                                                           parent):
    item = factories.make_family_time(family, caseworker, days_ahead=3)
    auth.login(parent)
    page = client.get("/account")
    assert b"/account/calendar" in page.data
    page = client.get("/account/calendar")
    assert b"Make my calendar address" in page.data
    made = client.post("/account/calendar")
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    text = made.data.decode()
    assert "Google Calendar, Apple Calendar or Outlook" in text
    token = re.search(r"/feed/([A-Za-z0-9_-]+)\.ics", text).group(1)
    assert len(token) >= 40
    stored = db.session.scalar(db.select(CalendarFeedToken).filter_by(user_id=parent.id))
    assert stored.token_hash != token and token not in stored.token_hash
    # Back on the page later, the address is not shown again.
    again = client.get("/account/calendar").data.decode()
    assert token not in again and "Make a new address" in again

    auth.logout()  # calendar apps have no session
    feed = client.get(f"/feed/{token}.ics")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    assert any(str(v["UID"]).startswith(f"ft-{item.id}-") for v in parse(feed.data))

    auth.login(parent)
    # Without ticking the box nothing changes.
    refused = client.post("/account/calendar")
    assert "Tick the box" in refused.data.decode()
    assert client.get(f"/feed/{token}.ics").status_code == 200
    reset = client.post("/account/calendar", data={"confirm": "y"}).data.decode()
    new_token = re.search(r"/feed/([A-Za-z0-9_-]+)\.ics", reset).group(1)
    assert new_token != token
    auth.logout()
    assert client.get(f"/feed/{token}.ics").status_code == 404
    assert client.get(f"/feed/{new_token}.ics").status_code == 200


def test_unknown_tokens_and_switched_off_accounts_get_404(client, db, parent):
    assert client.get("/feed/not-a-token.ics").status_code == 404
    token = make_token(parent)
    parent.deactivated_at = datetime.now(UTC)
    db.session.commit()
    assert client.get(f"/feed/{token}.ics").status_code == 404


def test_the_feed_page_needs_a_signed_in_person(client):
    response = client.get("/account/calendar")
    assert response.status_code in (302, 303) and "/sign-in" in response.headers["Location"]
    assert client.post("/account/calendar").status_code in (302, 303, 400)


def test_the_feed_is_rate_limited_per_calendar_and_fetching_address(make_app, parent,
                                                                     resource_parent):
    app = make_app(CALENDAR_FEED_LIMIT_PER_FEED="3 per hour", RATELIMIT_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        dana, rosa = make_token(parent), make_token(resource_parent)
    codes = [client.get(f"/feed/{dana}.ics").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # Google's fetcher brings Rosa's calendar from the same address: her count is her own.
    assert client.get(f"/feed/{rosa}.ics").status_code == 200
    # Dana's calendar from another address (her phone's own app) has its own count too.
    elsewhere = client.get(f"/feed/{dana}.ics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert elsewhere.status_code == 200


def test_guessed_feed_addresses_are_limited_per_address_but_ended_ones_are_not(make_app,
                                                                                parent):
    from app.extensions import db
    from app.models.feeds import end_feeds

    app = make_app(CALENDAR_FEED_LIMIT_PER_ADDRESS="3 per hour", RATELIMIT_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        ended, working = make_token(parent), None
        end_feeds()
        db.session.commit()
    # A calendar app nobody told keeps asking for the ended address: not a guess.
    assert [client.get(f"/feed/{ended}.ics").status_code for _ in range(5)] == [404] * 5
    with app.app_context():
        working = make_token(parent)
    assert client.get(f"/feed/{working}.ics").status_code == 200
    guesses = [client.get(f"/feed/guess-{n}-{'x' * 40}.ics").status_code for n in range(4)]
    assert guesses == [404, 404, 404, 429]
    assert client.get(f"/feed/{working}.ics").status_code == 429  # that address is shut out
    other = client.get(f"/feed/{working}.ics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert other.status_code == 200


def test_calendar_uids_carry_the_install_s_name(app, client, family, caseworker, parent):
    item = factories.make_family_time(family, caseworker, days_ahead=3)
    event = factories.make_event(family, caseworker, ContentState.VISIBLE)
    token = make_token(parent)
    served = by_uid(client.get(f"/feed/{token}.ics", base_url="https://hearth.agency.example"
                               ).data)
    [ft_uid] = [uid for uid in served if uid.startswith(f"ft-{item.id}-")]
    assert ft_uid.endswith("@hearth.agency.example")
    assert f"event-{event.id}@hearth.agency.example" in served
    # An install from before this setting keeps its UIDs with CALENDAR_DOMAIN = "hearth".
    app.config["CALENDAR_DOMAIN"] = "hearth"
    kept = by_uid(client.get(f"/feed/{token}.ics", base_url="https://hearth.agency.example:8443"
                             ).data)
    assert set(kept) == {ft_uid.replace("hearth.agency.example", "hearth"),
                         f"event-{event.id}@hearth"}


def test_the_token_never_reaches_a_log_line(app, caplog):
    token = "Zx9_abcDEF-0123456789abcdefghijklmnopqrstu"
    assert redact(f'"GET /feed/{token}.ics HTTP/1.1" 200 -') == '"GET /feed/[code] HTTP/1.1" 200 -'
    assert redact(f"webcal://hearth.example/feed/{token}.ics") == (
        "webcal://hearth.example/feed/[code]")
    # The family's own calendar pages stay readable.
    line = "GET /families/3/calendar/5/event.ics?day=2027-01-01 HTTP/1.1"
    assert redact(line) == line
    caplog.set_level(logging.INFO)
    logging.getLogger("werkzeug").info('"%s" %s -', f"GET /feed/{token}.ics HTTP/1.1", "200")
    assert token not in caplog.text


# --- single .ics downloads ---------------------------------------------------------------------

def test_a_member_adds_one_family_time_and_one_event_to_their_calendar(client, auth, family,
                                                                       caseworker, parent):
    item = ft.create_family_time(scope_of(caseworker, family),
                                 series(family, date(2027, 3, 4), date(2027, 3, 25)))
    event = factories.make_event(family, parent, place="Lincoln school")
    auth.login(parent)
    page = client.get(f"/families/{family.id}/calendar/{item.id}?day=2027-03-18")
    link = f"/families/{family.id}/calendar/{item.id}/event.ics?day=2027-03-18"
    assert link.encode() in page.data.replace(b"&amp;", b"&")
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    (vevent,) = parse(response.data)
    assert str(vevent["UID"]) == f"ft-{item.id}-20270318@localhost"
    assert vevent["DTSTART"].dt.astimezone(LA) == datetime(2027, 3, 18, 17, tzinfo=LA)
    assert "patience" not in response.data.decode()

    assert f"/families/{family.id}/events/{event.id}/event.ics".encode() in client.get(
        f"/families/{family.id}/events/{event.id}").data
    response = client.get(f"/families/{family.id}/events/{event.id}/event.ics")
    (vevent,) = parse(response.data)
    assert str(vevent["UID"]) == f"event-{event.id}@localhost"
    assert str(vevent["LOCATION"]) == "Lincoln school"


def test_a_proposal_is_not_offered_as_a_calendar_file(client, auth, family, parent):
    proposal = factories.make_family_time(family, parent, state=ContentState.PENDING, days_ahead=4)
    waiting = factories.make_event(family, parent, state=ContentState.PENDING)
    auth.login(parent)
    assert client.get(
        f"/families/{family.id}/calendar/{proposal.id}/event.ics").status_code == 404
    assert client.get(f"/families/{family.id}/events/{waiting.id}/event.ics").status_code == 404


@pytest.mark.parametrize("visitor", ["outsider", "pending_member", "suspended_member", None])
def test_ics_downloads_are_refused_outside_the_family(request, client, auth, family,
                                                      caseworker, parent, visitor):
    item = factories.make_family_time(family, caseworker, days_ahead=3)
    event = factories.make_event(family, parent)
    if visitor is not None:
        auth.login(request.getfixturevalue(visitor))
    assert client.get(f"/families/{family.id}/calendar/{item.id}/event.ics").status_code == 404
    assert client.get(f"/families/{family.id}/events/{event.id}/event.ics").status_code == 404


def test_another_familys_item_in_my_family_url_is_404(client, auth, family, other_family,
                                                      caseworker, outsider):
    theirs = factories.make_family_time(family, caseworker, days_ahead=3)
    event = factories.make_event(family, caseworker)
    auth.login(outsider)
    base = f"/families/{other_family.id}"
    assert client.get(f"{base}/calendar/{theirs.id}/event.ics").status_code == 404
    assert client.get(f"{base}/events/{event.id}/event.ics").status_code == 404


def test_a_paused_member_is_back_in_the_feed_once_restored(app, db, family, caseworker,
                                                           suspended_member):
    factories.make_family_time(family, caseworker, days_ahead=3)
    membership = db.session.scalar(db.select(Membership).filter_by(
        user_id=suspended_member.id, family_id=family.id))
    assert parse(feed_of(app, suspended_member)) == []
    membership.status = MembershipStatus.ACTIVE
    db.session.commit()
    assert len(parse(feed_of(app, suspended_member))) == 1


def test_every_feeds_route_outside_a_family_is_refused_without_its_key(app, client, parent):
    """The family routes are in the access walk (tests/test_access.py); the rest are here: the
    token route answers 404 to any token it did not give, the page wants a signed-in person."""
    make_token(parent)
    rules = [rule for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("feeds.") and "family_id" not in rule.arguments]
    assert {rule.endpoint for rule in rules} == {"feeds.feed", "feeds.feed_page"}
    with app.test_request_context():
        urls = [url_for(rule.endpoint, token="x" * 43) for rule in rules]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 303, 404), url
        assert b"Rivera" not in response.data


def test_rosa_reads_the_calendar_app_page_in_spanish(client, auth, resource_parent):
    auth.login(resource_parent)
    page = client.get("/account/calendar").data.decode()
    assert "Agregar a la app de calendario de mi teléfono" in page
    made = client.post("/account/calendar").data.decode()
    assert "Google Calendar, Apple Calendar u Outlook" in made
    assert "webcal://" in made


def test_the_calendar_page_leads_to_the_calendar_app_page(client, auth, family, parent):
    auth.login(parent)
    html = client.get(f"/families/{family.id}/calendar").get_data(as_text=True)
    assert 'href="/account/calendar"' in html and "Add to my calendar app" in html
