"""Changing planned family time through the pages, the way people do it: a parent asks to
change one time (or a series from one time on) and the caseworker approves; a make-up time for
a missed one, linked both ways; the caseworker moves one time or changes "this and following"
across a daylight saving change; the overlap warning first, then "Save anyway"; who is refused;
and what a phone calendar learns of each change, at a fixed cost in queries."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from babel.dates import format_date
from sqlalchemy import func, select

from app.family_time import services as ft
from app.family_time.agenda import Status
from app.family_time.ical import new_feed_token
from app.models import ContentState, FamilyTime, Membership, Outcome, Role
from tests import factories
from tests.factories import scope_of

LA = ZoneInfo("America/Los_Angeles")


def text(response):
    return response.get_data(as_text=True)


def local_today():
    return datetime.now(LA).date()


def membership_of(user, family, db):
    return db.session.scalar(select(Membership).filter_by(user_id=user.id, family_id=family.id))


def weekly(family, caseworker, first: date, weeks=4, start=time(17), end=time(18)):
    """An approved weekly series, as the caseworker adds it."""
    return ft.create_family_time(scope_of(caseworker, family), ft.FamilyTimeDetails(
        child_ids=[family.children[0].id], day=first, start=start, end=end, every_weeks=1,
        last_date=first + timedelta(weeks=weeks - 1), place="Family center"))


def form_data(family, day: date, start="17:00", end="18:00", **more):
    data = {"children": [family.children[0].id], "day": day.isoformat(), "start": start,
            "end": end, "mode": "in_person", "supervision": "supervised",
            "place": "Family center, room 2", "host": ""}
    data.update(more)
    return data


def show_url(family, item, day: date | None = None) -> str:
    url = f"/families/{family.id}/calendar/{item.id}"
    return f"{url}?day={day.isoformat()}" if day else url


def local_times(scope, first: date, last: date):
    start = datetime.combine(first, time(0), tzinfo=LA).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=LA).astimezone(UTC)
    return [(e.item_id, e.starts_at.astimezone(LA).date(), e.starts_at.astimezone(LA).time())
            for e in ft.calendar_between(scope, start, end) if e.kind == "family_time"]


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(FamilyTime))


# --- asking to change ------------------------------------------------------------------------

def test_a_parent_asks_to_change_one_time_and_the_caseworker_approves(client, auth, family,
                                                                      caseworker, parent, db):
    first = local_today() + timedelta(days=3)
    series = weekly(family, caseworker, first)
    second = first + timedelta(weeks=1)
    auth.login(parent)
    page = text(client.get(show_url(family, series, second)))
    change_url = f"/families/{family.id}/calendar/{series.id}/change?day={second.isoformat()}"
    assert "Ask to change" in page and change_url in page
    assert "Move this time" not in page  # that is the caseworker's
    form = text(client.get(change_url))
    assert "Ask to change this family time" in form
    assert f'value="{second.isoformat()}"' in form and 'value="17:00"' in form
    assert "Only this time" in form  # a series: this one or the later ones too

    new_day = second + timedelta(days=1)
    response = client.post(change_url, data=form_data(
        family, new_day, "11:00", "12:00", which="one",
        parents=[membership_of(parent, family, db).id]))
    assert response.status_code == 303
    change = db.session.scalars(select(FamilyTime).filter_by(replaces_id=series.id)).one()
    assert change.state is ContentState.PENDING and change.replaces_date == second
    page = text(client.get(response.headers["Location"], follow_redirects=True))
    assert "Your request is sent." in page and "Waiting for your caseworker" in page
    assert "A change to the time on" in page
    # The time itself stays until the caseworker answers, and says a change is asked for.
    page = text(client.get(show_url(family, series, second)))
    assert "A change was asked for" in page and "Planned" in page
    agenda = text(client.get(f"/families/{family.id}/calendar?from={first.isoformat()}"))
    assert "A change to another time" in agenda

    auth.logout()
    auth.login(caseworker)
    assert client.post(f"/families/{family.id}/calendar/{change.id}/approve").status_code == 303
    auth.logout()
    auth.login(parent)
    agenda = text(client.get(f"/families/{family.id}/calendar?from={first.isoformat()}"))
    assert f"/calendar/{change.id}?day={new_day.isoformat()}" in agenda
    assert f"/calendar/{series.id}?day={second.isoformat()}" not in agenda  # the old one gone
    for other in (first, first + timedelta(weeks=2), first + timedelta(weeks=3)):
        assert f"/calendar/{series.id}?day={other.isoformat()}" in agenda
    assert local_times(scope_of(parent, family), second, new_day) == [
        (change.id, new_day, time(11))]
    page = text(client.get(show_url(family, series, second)))
    assert "Changed to another time" in page and "The new time" in page
    assert "Ask to change" not in page


def test_a_parent_asks_to_change_a_series_from_one_time_on(client, auth, family, caseworker,
                                                           parent, db):
    first = local_today() + timedelta(days=3)
    series = weekly(family, caseworker, first)
    second = first + timedelta(weeks=1)
    auth.login(parent)
    response = client.post(
        f"/families/{family.id}/calendar/{series.id}/change?day={second.isoformat()}",
        data=form_data(family, second, "10:00", "11:00", which="following"))
    assert response.status_code == 303
    change = db.session.scalars(select(FamilyTime).filter_by(replaces_id=series.id)).one()
    assert change.every_weeks == 1 and change.last_date == series.last_date
    ft.approve(scope_of(caseworker, family), change)
    assert local_times(scope_of(parent, family), first, series.last_date) == [
        (series.id, first, time(17))] + [
        (change.id, second + timedelta(weeks=n), time(10)) for n in range(3)]


def test_asking_beyond_the_parents_level_is_refused_in_words(client, auth, family, caseworker,
                                                             parent, db):
    series = weekly(family, caseworker, local_today() + timedelta(days=3))
    auth.login(parent)
    page = text(client.post(
        f"/families/{family.id}/calendar/{series.id}/change?day={series.first_date}",
        data=form_data(family, series.first_date, supervision="unsupervised", which="one")))
    assert 'role="alert" id="refusal"' in page
    assert "talk with your caseworker about the next step" in page
    assert count(db) == 1


def test_bad_input_on_a_change_says_what_to_fix_and_saves_nothing(client, auth, family,
                                                                  caseworker, parent, db):
    series = weekly(family, caseworker, local_today() + timedelta(days=3))
    auth.login(parent)
    page = text(client.post(
        f"/families/{family.id}/calendar/{series.id}/change?day={series.first_date}",
        data=form_data(family, series.first_date, start="", which="one")))
    assert "Choose a start time." in page
    assert count(db) == 1


def test_the_overlap_warning_comes_first_then_save_anyway(client, auth, family, caseworker,
                                                          parent, db):
    series = weekly(family, caseworker, local_today() + timedelta(days=3))
    other = factories.make_family_time(family, caseworker, days_ahead=5, hour=11)
    url = f"/families/{family.id}/calendar/{series.id}/change?day={series.first_date}"
    data = form_data(family, other.first_date, "11:00", "12:00", which="one")
    auth.login(parent)
    page = text(client.post(url, data=data))
    assert "This time overlaps other family time" in page and "Save anyway" in page
    assert count(db) == 2
    response = client.post(url, data={**data, "save_anyway": "y"})
    assert response.status_code == 303  # a request: the caseworker decides
    assert count(db) == 3


def test_a_change_that_overlaps_only_the_time_it_replaces_is_not_warned(client, auth, family,
                                                                       caseworker, parent,
                                                                       db):
    series = weekly(family, caseworker, local_today() + timedelta(days=3))
    auth.login(parent)
    response = client.post(
        f"/families/{family.id}/calendar/{series.id}/change?day={series.first_date}",
        data=form_data(family, series.first_date, "17:30", "18:30", which="one"))
    assert response.status_code == 303


# --- make-up time ----------------------------------------------------------------------------

def test_a_make_up_time_is_linked_both_ways(client, auth, family, caseworker, parent, db):
    missed = factories.make_family_time(family, caseworker, days_ahead=-3)
    ft.record_outcome(scope_of(caseworker, family), missed, None, Outcome.PARENT_DID_NOT_COME)
    missed_day = missed.first_date
    auth.login(parent)
    page = text(client.get(show_url(family, missed, missed_day)))
    assert "Plan a make-up time" in page and "Ask to change" not in page
    new_day = local_today() + timedelta(days=4)
    response = client.post(
        f"/families/{family.id}/calendar/{missed.id}/make-up?day={missed_day.isoformat()}",
        data=form_data(family, new_day))
    assert response.status_code == 303
    make_up = db.session.scalars(select(FamilyTime).filter_by(make_up_for_id=missed.id)).one()
    assert make_up.state is ContentState.PENDING
    ft.approve(scope_of(caseworker, family), make_up)

    page = text(client.get(show_url(family, make_up)))
    assert "Make-up family time" in page
    assert f"Make-up for {format_date(missed_day, 'long', locale='en')}" in page
    page = text(client.get(show_url(family, missed, missed_day)))
    assert f"Made up on {format_date(new_day, 'long', locale='en')}" in page
    assert "Plan a make-up time" not in page  # planned already


def test_a_make_up_is_only_for_family_time_that_did_not_happen(client, auth, family,
                                                               caseworker, parent, db):
    planned = factories.make_family_time(family, caseworker, days_ahead=3)
    auth.login(parent)
    assert "Plan a make-up time" not in text(client.get(show_url(family, planned)))
    page = text(client.post(f"/families/{family.id}/calendar/{planned.id}/make-up",
                            data=form_data(family, local_today() + timedelta(days=6))))
    assert "A make-up time is for family time that did not happen." in page
    assert count(db) == 1


# --- the caseworker: move one, change this and following -----------------------------------

def test_the_caseworker_moves_one_time_and_the_others_stay(client, auth, family, caseworker,
                                                           parent, db):
    first = local_today() + timedelta(days=3)
    series = weekly(family, caseworker, first)
    second = first + timedelta(weeks=1)
    auth.login(caseworker)
    page = text(client.get(show_url(family, series, second)))
    assert "Move this time" in page and "Change this and following" in page
    url = f"/families/{family.id}/calendar/{series.id}/move?day={second.isoformat()}"
    assert 'value="17:00"' in text(client.get(url))
    moved_to = second + timedelta(days=1)
    response = client.post(url, data={"day": moved_to.isoformat(), "start": "10:00",
                                      "end": "11:30"})
    assert response.status_code == 303
    assert local_times(scope_of(parent, family), first, series.last_date) == [
        (series.id, first, time(17)), (series.id, moved_to, time(10)),
        (series.id, first + timedelta(weeks=2), time(17)),
        (series.id, first + timedelta(weeks=3), time(17))]
    page = text(client.get(response.headers["Location"]))
    assert "Moved" in page


def test_moving_onto_a_proposal_warns_first_and_onto_planned_time_is_refused(
        client, auth, family, caseworker, parent, db):
    series = weekly(family, caseworker, local_today() + timedelta(days=3))
    proposal = factories.make_family_time(family, parent, state=ContentState.PENDING,
                                          days_ahead=10, hour=9)
    planned = factories.make_family_time(family, caseworker, days_ahead=11, hour=9)
    url = f"/families/{family.id}/calendar/{series.id}/move?day={series.first_date}"
    auth.login(caseworker)
    onto_proposal = {"day": proposal.first_date.isoformat(), "start": "09:00", "end": "10:00"}
    page = text(client.post(url, data=onto_proposal))
    assert "This time overlaps other family time" in page
    db.session.refresh(series)
    assert series.occurrences == []
    assert client.post(url, data={**onto_proposal, "save_anyway": "y"}).status_code == 303
    # Planned family time owns its place: saving anyway is refused in words, nothing moves.
    second = series.first_date + timedelta(weeks=1)
    url = f"/families/{family.id}/calendar/{series.id}/move?day={second.isoformat()}"
    page = text(client.post(url, data={"day": planned.first_date.isoformat(), "start": "09:00",
                                       "end": "10:00", "save_anyway": "y"}))
    assert "overlaps family time already set for the same child" in page
    db.session.expire_all()
    assert series.exception(second) is None


def test_this_and_following_changes_only_later_times_across_daylight_saving(
        client, auth, family, caseworker, parent, db):
    first = date(2027, 2, 25)  # clocks go forward on 14 March 2027
    series = weekly(family, caseworker, first, weeks=5)
    split = date(2027, 3, 18)
    auth.login(caseworker)
    url = f"/families/{family.id}/calendar/{series.id}/following?day={split.isoformat()}"
    form = text(client.get(url))
    assert "Change this time and the later ones" in form and 'value="2027-03-18"' in form
    response = client.post(url, data=form_data(
        family, split, "15:00", "16:30", place="The park", repeat="1",
        last_date=series.last_date.isoformat()))
    assert response.status_code == 303
    new = db.session.scalars(select(FamilyTime).filter_by(continues_id=series.id)).one()
    assert local_times(scope_of(parent, family), first, date(2027, 3, 25)) == [
        (series.id, date(2027, 2, 25), time(17)), (series.id, date(2027, 3, 4), time(17)),
        (series.id, date(2027, 3, 11), time(17)),  # after the change, still 5 pm
        (new.id, date(2027, 3, 18), time(15)), (new.id, date(2027, 3, 25), time(15))]


def test_this_and_following_is_only_for_a_series(client, auth, family, caseworker, db):
    single = factories.make_family_time(family, caseworker, days_ahead=3)
    auth.login(caseworker)
    assert "Change this and following" not in text(client.get(show_url(family, single)))
    assert client.get(f"/families/{family.id}/calendar/{single.id}/following").status_code == 404


def test_the_caseworker_cancels_one_time_of_a_series(client, auth, family, caseworker, db):
    first = local_today() + timedelta(days=3)
    series = weekly(family, caseworker, first)
    second = first + timedelta(weeks=1)
    auth.login(caseworker)
    assert "Cancel this time" in text(client.get(show_url(family, series, second)))
    response = client.post(
        f"/families/{family.id}/calendar/{series.id}/cancel?day={second.isoformat()}",
        data={"reason": "Mia has a school trip"})
    assert response.status_code == 303
    statuses = [e.status for e in ft.calendar_between(
        scope_of(caseworker, family),
        datetime.combine(first, time(0), tzinfo=LA).astimezone(UTC),
        datetime.combine(series.last_date + timedelta(days=1), time(0), tzinfo=LA)
        .astimezone(UTC))]
    assert statuses == [Status.APPROVED, Status.CANCELLED, Status.APPROVED, Status.APPROVED]


# --- who is refused --------------------------------------------------------------------------

CHANGE_ROUTES = ["change", "make-up", "move", "following"]


@pytest.mark.parametrize("visitor", ["outsider", "pending_member", "suspended_member", None])
def test_change_pages_are_404_for_those_outside(request, client, auth, family, caseworker,
                                                visitor, db):
    series = weekly(family, caseworker, local_today() + timedelta(days=3))
    if visitor:
        auth.login(request.getfixturevalue(visitor))
    for route in CHANGE_ROUTES:
        url = f"/families/{family.id}/calendar/{series.id}/{route}?day={series.first_date}"
        for method in ("GET", "POST"):
            response = client.open(url, method=method, data=form_data(
                family, series.first_date, "09:00", "10:00", which="one"))
            assert response.status_code == 404, f"{visitor}: {method} {route}"
            assert "Family center" not in text(response)
    assert count(db) == 1
    db.session.refresh(series)
    assert series.occurrences == [] and series.sequence == 0


def test_each_role_reaches_only_its_own_changes(client, auth, family, caseworker, parent,
                                                resource_parent, db):
    partner = factories.make_user(display_name="Pat Partner")
    factories.add_member(family, partner, role=Role.PARENT_PARTNER)
    series = weekly(family, caseworker, local_today() + timedelta(days=3))
    expected = {
        partner: {"change": 403, "make-up": 403, "move": 403, "following": 403},
        parent: {"change": 200, "make-up": 200, "move": 403, "following": 403},
        resource_parent: {"change": 200, "make-up": 200, "move": 403, "following": 403},
        caseworker: {"change": 403, "make-up": 200, "move": 200, "following": 200},
    }
    for who, codes in expected.items():
        auth.login(who)
        for route, code in codes.items():
            url = f"/families/{family.id}/calendar/{series.id}/{route}?day={series.first_date}"
            assert client.get(url).status_code == code, f"{who.display_name}: {route}"
        auth.logout()
    auth.login(partner)
    page = text(client.get(show_url(family, series)))
    assert "Ask to change" not in page and "Move this time" not in page
    response = client.post(
        f"/families/{family.id}/calendar/{series.id}/change?day={series.first_date}",
        data=form_data(family, series.first_date, "09:00", "10:00", which="one"))
    assert response.status_code == 403 and count(db) == 1


def test_another_familys_time_in_my_family_url_is_404(client, auth, family, caseworker,
                                                      parent, other_family, db):
    theirs = factories.make_family_time(other_family, other_family.memberships[0].user)
    for who, routes in ((parent, ["change", "make-up"]),
                        (caseworker, ["make-up", "move", "following"])):
        auth.login(who)
        for route in routes:
            url = f"/families/{family.id}/calendar/{theirs.id}/{route}"
            assert client.get(url).status_code == 404, route
            assert client.post(url, data=form_data(family, local_today())).status_code == 404
        auth.logout()
    assert count(db) == 1


def test_a_proposal_cannot_be_changed_as_if_planned(client, auth, family, parent, db):
    proposal = factories.make_family_time(family, parent, state=ContentState.PENDING)
    auth.login(parent)
    assert client.get(
        f"/families/{family.id}/calendar/{proposal.id}/change").status_code == 404


# --- what a phone calendar learns ------------------------------------------------------------

def feed(client, user) -> dict:
    body = client.get(f"/feed/{new_feed_token(user)}.ics").data
    return {str(v["UID"]): v for v in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def test_a_replaced_time_is_cancelled_under_its_old_uid(client, family, caseworker, parent, db):
    first = local_today() + timedelta(days=3)
    series = weekly(family, caseworker, first)
    second = first + timedelta(weeks=1)
    old_uid = f"ft-{series.id}-{second:%Y%m%d}@localhost"
    before = feed(client, parent)[old_uid]
    assert before["STATUS"] == "CONFIRMED"
    change = ft.ask_to_change(scope_of(parent, family), series, ft.FamilyTimeDetails(
        child_ids=[family.children[0].id], day=second, start=time(11), end=time(12)), second)
    assert old_uid in feed(client, parent)  # a request changes nothing yet
    ft.approve(scope_of(caseworker, family), change)
    vevents = feed(client, parent)
    assert vevents[old_uid]["STATUS"] == "CANCELLED"
    assert vevents[old_uid]["SEQUENCE"] > before["SEQUENCE"]
    assert "Changed to another time" in str(vevents[old_uid]["DESCRIPTION"])
    new = vevents[f"ft-{change.id}-{second:%Y%m%d}@localhost"]
    assert new["STATUS"] == "CONFIRMED"
    assert new["DTSTART"].dt.astimezone(LA) == datetime.combine(second, time(11), tzinfo=LA)
    others = [f"ft-{series.id}-{first + timedelta(weeks=n):%Y%m%d}@localhost" for n in (0, 2, 3)]
    assert [vevents[uid]["STATUS"] for uid in others] == ["CONFIRMED"] * 3


def test_a_series_changed_from_one_time_on_cancels_each_later_old_uid(client, family,
                                                                      caseworker, parent, db):
    first = local_today() + timedelta(days=3)
    series = weekly(family, caseworker, first)
    change = ft.ask_to_change(scope_of(parent, family), series, ft.FamilyTimeDetails(
        child_ids=[family.children[0].id], day=first + timedelta(weeks=1), start=time(10),
        end=time(11), every_weeks=1, last_date=series.last_date), first + timedelta(weeks=1))
    ft.approve(scope_of(caseworker, family), change)
    vevents = feed(client, parent)
    old = [vevents[f"ft-{series.id}-{first + timedelta(weeks=n):%Y%m%d}@localhost"]["STATUS"]
           for n in range(4)]
    assert old == ["CONFIRMED", "CANCELLED", "CANCELLED", "CANCELLED"]
    assert sum(uid.startswith(f"ft-{change.id}-") for uid in vevents) == 3


def busy_family(caseworker, n: int):
    """A family with what a real calendar has: a series with a cancelled, a moved and a
    changed time, a make-up, and an event."""
    family = factories.make_family(caseworker, name=f"Family {n}", child_name=f"Child {n}")
    sam = scope_of(caseworker, family)
    first = local_today() + timedelta(days=3)
    series = weekly(family, caseworker, first, start=time(9 + n % 8), end=time(10 + n % 8))
    ft.cancel(sam, series, "Snow", first)
    ft.move_occurrence(sam, series, first + timedelta(weeks=1), first + timedelta(days=8),
                       time(7), time(8))
    ft.ask_to_change(sam, series, ft.FamilyTimeDetails(
        child_ids=[family.children[0].id], day=first + timedelta(weeks=2, days=1),
        start=time(18), end=time(19)), first + timedelta(weeks=2))
    ft.make_up(sam, series, first, ft.FamilyTimeDetails(
        child_ids=[family.children[0].id], day=first + timedelta(days=2), start=time(18),
        end=time(19)))
    factories.make_event(family, caseworker, starts_at=datetime.now(UTC) + timedelta(days=n))
    return family


def test_a_feed_costs_the_same_queries_for_2_families_as_for_6(client, db, caseworker,
                                                               count_queries):
    for n in range(2):
        busy_family(caseworker, n)
    token = new_feed_token(caseworker)
    db.session.expunge_all()  # each request starts with nothing loaded, as in production
    with count_queries() as two:
        body = client.get(f"/feed/{token}.ics").data
    assert len(icalendar.Calendar.from_ical(body).walk("VEVENT")) == 2 * 7
    caseworker = db.session.merge(caseworker)
    for n in range(2, 6):
        busy_family(caseworker, n)
    db.session.expunge_all()
    with count_queries() as six:
        body = client.get(f"/feed/{token}.ics").data
    vevents = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert len(vevents) == 6 * 7
    assert sum(v["STATUS"] == "CANCELLED" for v in vevents) == 6 * 2  # cancelled + changed
    assert six.count == two.count, "\n".join(six.statements)


def test_rosa_asks_to_change_in_spanish(client, auth, family, caseworker, resource_parent, db):
    series = weekly(family, caseworker, local_today() + timedelta(days=3))
    auth.login(resource_parent)
    page = text(client.get(show_url(family, series, series.first_date)))
    assert "Pedir un cambio" in page
    form = text(client.get(
        f"/families/{family.id}/calendar/{series.id}/change?day={series.first_date}"))
    assert "Pedir un cambio de este tiempo en familia" in form and "Solo esta vez" in form


# --- a series cannot reach years ahead ----------------------------------------------------------

@pytest.mark.parametrize("page", ["new", "change", "following"])
def test_a_last_date_years_away_is_refused_at_once_on_every_form(client, auth, family,
                                                                 caseworker, parent, page,
                                                                 db):
    """A last date of 9999-12-31 would have every weekly time worked out (seconds of CPU)
    before the overlap warning; each form refuses it first, in words, and saves nothing."""
    first = local_today() + timedelta(days=3)
    series = weekly(family, caseworker, first)
    calendar = f"/families/{family.id}/calendar"
    url = {
        "new": f"{calendar}/new",
        "change": f"{calendar}/{series.id}/change?day={first}",
        "following": f"{calendar}/{series.id}/following?day={first}",
    }[page]
    before = count(db)
    auth.login(parent if page == "change" else caseworker)  # a parent asks to change
    started = datetime.now(UTC)
    response = client.post(url, data=form_data(family, first, repeat="1", which="following",
                                               last_date="9999-12-31"))
    took = datetime.now(UTC) - started
    assert response.status_code == 200
    latest = format_date(first + timedelta(days=366), "long", locale="en")
    assert ("A series can last at most one year. Choose a last date on or before "
            f"{latest}.") in text(response)
    assert count(db) == before
    assert took < timedelta(seconds=1), took


def test_a_make_up_time_is_one_time_whatever_is_posted(client, auth, family, caseworker, db):
    """The make-up page shows no "Repeats" or last date; posted anyway, they are not read:
    one time is added at once, never a series worked out to the year 9999."""
    missed = factories.make_family_time(family, caseworker, days_ahead=-3)
    ft.record_outcome(scope_of(caseworker, family), missed, None, Outcome.PARENT_DID_NOT_COME)
    auth.login(caseworker)
    started = datetime.now(UTC)
    response = client.post(
        f"/families/{family.id}/calendar/{missed.id}/make-up?day={missed.first_date}",
        data=form_data(family, local_today() + timedelta(days=4), repeat="1",
                       last_date="9999-12-31"))
    assert datetime.now(UTC) - started < timedelta(seconds=1)
    assert response.status_code == 303
    make_up = db.session.scalars(select(FamilyTime).filter_by(make_up_for_id=missed.id)).one()
    assert make_up.every_weeks is None
