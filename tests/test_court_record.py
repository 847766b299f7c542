"""The family-time record for court, driven as people use it: the page (plain words, a table,
the events shared), the CSV download, the dates form, the audit lines, who may read it."""

import csv
import io
import re
from datetime import UTC, datetime, time, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest

from app.family_time import services as ft
from app.family_time.court_csv import safe_cell
from app.models import AuditEvent, ContentState, Membership, Outcome, Role, Supervision
from tests import factories
from tests.factories import scope_of
from tests.pages import as_read

LA = ZoneInfo("America/Los_Angeles")


def today():
    return datetime.now(LA).date()


def days(n):
    return today() + timedelta(days=n)


def membership(user, family, db):
    return db.session.scalar(db.select(Membership).filter_by(user_id=user.id,
                                                             family_id=family.id))


def details(family, day, start=time(17), end=time(18), **more):
    return ft.FamilyTimeDetails(child_ids=[family.children[0].id], day=day, start=start,
                                end=end, **more)


def text_of(response) -> str:
    """The words a person reads: tags dropped, spaces squeezed."""
    html = as_read(response)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def record_url(family, first=None, last=None, csv_file=False):
    url = f"/families/{family.id}/calendar/record{'.csv' if csv_file else ''}"
    if first is not None:
        url += f"?start={first.isoformat()}&end={last.isoformat()}"
    return url


def read_csv(response) -> list[dict]:
    """The table's rows (the plain-words lines under it are read by `csv_summary`)."""
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM, so spreadsheet apps read UTF-8
    table, _summary = raw.decode("utf-8-sig").split("\r\n\r\n", 1)
    return list(csv.DictReader(io.StringIO(table + "\r\n")))


def csv_summary(response) -> list[str]:
    """The record in plain words, one line each, after the empty line under the table."""
    _table, words = response.get_data().decode("utf-8-sig").split("\r\n\r\n", 1)
    return [row[0] for row in csv.reader(io.StringIO(words))]


@pytest.fixture
def story(family, parent, resource_parent, caseworker, other_family, db):
    """Six weeks of a weekly series and what became of each time, plus what must not count.

    Counted (10 planned): the series' 8 times (6 past, 2 still to come), a make-up time and
    a single time nobody has written about yet. Held: 3 (the first week, the moved one, the
    make-up). Not counted: a proposal waiting, a declined one, another family's time."""
    sam = scope_of(caseworker, family)
    rosa = membership(resource_parent, family, db)
    dana = membership(parent, family, db)
    series = ft.create_family_time(sam, details(
        family, days(-41), supervision=Supervision.SUPERVISED, supervisor="Ms. Patel",
        parent_ids=[dana.id], host_id=rosa.id, every_weeks=1, last_date=days(8),
        place="Family center, room 2", notes="Snacks are fine; no gifts please."))
    host = scope_of(resource_parent, family)
    ft.record_outcome(host, series, days(-41), Outcome.ATTENDED,
                      note="Mia showed Dana her drawings.")
    ft.record_outcome(host, series, days(-34), Outcome.PARENT_DID_NOT_COME)
    ft.record_outcome(sam, series, days(-27), Outcome.CHILD_DID_NOT_COME, reason="Mia was sick")
    ft.cancel(scope_of(parent, family), series, "Bus strike", days(-20))
    ft.cancel(sam, series, "=HYPERLINK(\"https://evil.example\") Snow day", days(-13))
    ft.move_occurrence(sam, series, days(-6), days(-5), time(18), time(19))
    ft.record_outcome(host, series, days(-6), Outcome.ATTENDED, note="A calm visit.")
    make_up = ft.make_up(sam, series, days(-34), details(
        family, days(-31), start=time(16), end=time(17), parent_ids=[dana.id], host_id=rosa.id))
    ft.record_outcome(host, make_up, None, Outcome.ATTENDED, note="Dana read a story.")
    ft.create_family_time(sam, details(family, days(-3), place="Library"))  # nothing recorded

    ft.create_family_time(scope_of(parent, family), details(
        family, days(2), start=time(10), end=time(11), place="Waiting proposal place"))
    declined = ft.create_family_time(scope_of(parent, family), details(
        family, days(4), start=time(10), end=time(11), place="Declined proposal place"))
    ft.decline(sam, declined, "Not that day")
    factories.make_event(family, caseworker, title="Mia's school play",
                         starts_at=datetime.now(UTC) - timedelta(days=10))
    factories.make_event(family, parent, ContentState.PENDING, title="Waiting event",
                         starts_at=datetime.now(UTC) - timedelta(days=9))
    factories.make_event(family, parent, ContentState.HIDDEN, title="Hidden event",
                         starts_at=datetime.now(UTC) - timedelta(days=8))
    theirs = other_family.memberships[0].user
    factories.make_family_time(other_family, theirs, days_ahead=-4, place="Other family place")
    factories.make_event(other_family, theirs, title="Other family party",
                         starts_at=datetime.now(UTC) - timedelta(days=4))
    return series


FIRST, LAST = -45, 10
NOT_COUNTED = ("Waiting proposal place", "Declined proposal place", "Other family place",
               "Other family party", "Waiting event", "Hidden event")


def test_the_figures_for_a_weekly_series(story, family, caseworker, parent, db):
    for reader in (caseworker, parent):
        court = ft.court_record(scope_of(reader, family), days(FIRST), days(LAST))
        assert (court.scheduled, court.held, court.parent_did_not_come,
                court.child_did_not_come, court.missed, court.cancelled, court.not_recorded,
                court.upcoming, court.made_up, court.events_shared) == (
            10, 3, 1, 1, 2, 2, 1, 2, 1, 1)
        assert court.cancelled_by == {Role.PARENT: 1, Role.CASEWORKER: 1}
        # 8 were due; the caseworker cancelled one, the child did not come to one and one
        # has nothing written about it: the parent was expected at 5 and 3 happened.
        assert (court.due, court.cancelled_by_others, court.expected) == (8, 1, 5)
        assert court.percent_held == 60
        # The moved time counts once, on its new day.
        moved = [e for e in court.entries if e.moved]
        assert [e.starts_at.astimezone(LA).date() for e in moved] == [days(-5)]


def test_the_page_says_it_in_plain_words(story, client, auth, caseworker, family):
    auth.login(caseworker)
    page = text_of(client.get(record_url(family, days(FIRST), days(LAST))))
    assert "10 family times were planned." in page
    assert "1 of them was a make-up time." in page
    assert "Of the 5 family times the parent was expected at, 3 happened (60%)." in page
    assert "1 was cancelled by the agency or the caregiver, so it is not in the percent." in page
    assert "2 are still to come, so they are not in the percent." in page
    assert "1 did not happen because the parent did not come." in page
    assert ("1 did not happen because the child did not come, so it is not in the "
            "percent.") in page
    assert "2 were cancelled: 1 by a parent and 1 by the caseworker." in page
    assert ("For 1, nothing was written down yet about how it went, so it is not in the "
            "percent.") in page
    assert "1 event was shared in this time." in page
    # The table: who cancelled and why, how it went; the events shared.
    assert "Dana (Parent)" in page and "Bus strike" in page
    assert "Sam (Caseworker)" in page and "Mia was sick" in page
    assert "Mia showed Dana her drawings." in page
    assert "Mia's school play" in page
    for hidden in NOT_COUNTED:
        assert hidden not in page


def test_staff_see_supervision_and_notes_the_family_sees_what_it_sees(story, client, auth,
                                                                      family, parent,
                                                                      caseworker):
    auth.login(caseworker)
    staff_page = text_of(client.get(record_url(family, days(FIRST), days(LAST))))
    assert "With a supervisor: Ms. Patel" in staff_page
    assert "Snacks are fine; no gifts please." in staff_page
    auth.logout()
    auth.login(parent)  # Dana is in the series: she reads who supervises, not Sam's notes
    page = text_of(client.get(record_url(family, days(FIRST), days(LAST))))
    assert "10 family times were planned." in page  # the same figures
    assert "Ms. Patel" in page and "Snacks are fine" not in page
    assert "Mia showed Dana her drawings." in page  # how it went: the family reads it
    auth.logout()
    marcus = factories.make_user(display_name="Marcus Rivera", preferred_name="Marcus")
    factories.add_member(family, marcus, role=Role.PARENT)
    auth.login(marcus)  # not in it
    page = text_of(client.get(record_url(family, days(FIRST), days(LAST))))
    assert "10 family times were planned." in page
    assert "Ms. Patel" not in page and "Snacks are fine" not in page


def test_the_csv_has_the_same_rows(story, client, auth, caseworker, parent, family):
    auth.login(caseworker)
    response = client.get(record_url(family, days(FIRST), days(LAST), csv_file=True))
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"{days(FIRST).isoformat()}-to-{days(LAST).isoformat()}.csv" in disposition
    rows = read_csv(response)
    assert len(rows) == 10
    assert list(rows[0]) == ["Date", "Starts", "Ends", "How", "Children", "Parents",
                             "What happened", "Cancelled by", "Why", "How it went",
                             "Supervision", "Notes"]
    happened = [row["What happened"].split(" · ")[0] for row in rows]
    assert happened.count("Happened") == 3
    assert happened.count("Parent did not come") == 1
    assert happened.count("Child did not come") == 1
    assert happened.count("Cancelled") == 2
    assert happened.count("Planned") == 2  # still to come
    assert happened.count("Not recorded") == 1  # past, nobody wrote it down
    assert sorted(r["Cancelled by"] for r in rows if r["Cancelled by"]) == [
        "Dana (Parent)", "Sam (Caseworker)"]
    assert [r["Date"] for r in rows] == sorted(r["Date"] for r in rows)
    assert rows[0]["Date"] == days(-41).isoformat() and rows[0]["Starts"] == "17:00"
    # A cell that would run as a formula stays text.
    [snow] = [r for r in rows if "Snow day" in r["Why"]]
    assert snow["Why"].startswith("'=HYPERLINK(")
    body = as_read(response)
    for hidden in NOT_COUNTED:
        assert hidden not in body
    auth.logout()
    auth.login(parent)
    family_rows = read_csv(client.get(record_url(family, days(FIRST), days(LAST),
                                                 csv_file=True)))
    assert "Notes" not in family_rows[0] and len(family_rows) == 10
    assert "Snacks are fine" not in str(family_rows)


def test_the_csv_says_what_its_percent_counts(story, client, auth, caseworker, family):
    auth.login(caseworker)
    response = client.get(record_url(family, days(FIRST), days(LAST), csv_file=True))
    words = csv_summary(response)
    assert words[0].endswith("10 family times were planned.")
    assert "Of the 5 family times the parent was expected at, 3 happened (60%)." in words
    assert "1 was cancelled by the agency or the caregiver, so it is not in the percent." in words


def test_times_the_agency_or_caregiver_cancelled_are_not_held_against_the_parent(
        client, auth, caseworker, parent, resource_parent, family, db):
    """10 planned, 5 held, 4 cancelled by the caseworker and 1 by the resource parent: the
    parent came to every time they could have, so 100%, not 50%."""
    sam, rosa = scope_of(caseworker, family), scope_of(resource_parent, family)
    host = membership(resource_parent, family, db).id
    series = ft.create_family_time(sam, details(family, days(-70), every_weeks=1,
                                                last_date=days(-7), host_id=host))
    weeks = [days(-70 + 7 * n) for n in range(10)]
    for day in weeks[:5]:
        ft.record_outcome(rosa, series, day, Outcome.ATTENDED)
    for day in weeks[5:9]:
        ft.cancel(sam, series, "The center was closed", day)
    ft.cancel(rosa, series, "Mia had a fever", weeks[9])
    court = ft.court_record(scope_of(parent, family), days(-80), days(0))
    assert (court.scheduled, court.held, court.cancelled, court.expected) == (10, 5, 5, 5)
    assert court.percent_held == 100
    auth.login(caseworker)
    page = text_of(client.get(record_url(family, days(-80), days(0))))
    assert "Of the 5 family times the parent was expected at, 5 happened (100%)." in page
    assert ("5 were cancelled by the agency or the caregiver, so they are not in the "
            "percent.") in page
    assert "5 were cancelled: 1 by the resource parent and 4 by the caseworker." in page
    assert "50%" not in page


def test_times_a_parent_cancelled_stay_in_the_percent(caseworker, parent, resource_parent,
                                                      family, db):
    sam = scope_of(caseworker, family)
    series = ft.create_family_time(sam, details(family, days(-14), every_weeks=1,
                                                last_date=days(-7)))  # Sam records
    ft.record_outcome(sam, series, days(-14), Outcome.ATTENDED)
    ft.cancel(scope_of(parent, family), series, "Work", days(-7))
    court = ft.court_record(scope_of(parent, family), days(-20), days(0))
    assert (court.expected, court.percent_held) == (2, 50)


def test_formula_cells_get_an_apostrophe():
    for risky in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(risky) == "'" + risky
    assert safe_cell("Bus strike") == "Bus strike"
    assert safe_cell("2026-09-01") == "2026-09-01"


def test_nothing_planned_is_said_without_a_percent(client, auth, caseworker, family, db):
    court = ft.court_record(scope_of(caseworker, family), days(-30), days(0))
    assert court.percent_held is None
    auth.login(caseworker)
    page = text_of(client.get(record_url(family)))
    assert "No family time was planned between" in page
    assert "%" not in page.split("In short", 1)[1].split("Each family time", 1)[0]
    assert "No events were shared in this time." in page
    rows = read_csv(client.get(record_url(family, csv_file=True)))
    assert rows == []


def test_only_future_times_give_no_percent(client, auth, caseworker, family, db):
    ft.create_family_time(scope_of(caseworker, family), details(family, days(3)))
    auth.login(caseworker)
    page = text_of(client.get(record_url(family, days(0), days(10))))
    assert "1 family time was planned." in page
    assert "1 is still to come, so it is not in the percent." in page
    assert "happened (" not in page


def test_default_range_is_the_last_90_days(client, auth, caseworker, family, db):
    ft.create_family_time(scope_of(caseworker, family), details(family, days(-89)))
    ft.create_family_time(scope_of(caseworker, family), details(family, days(-95)))
    auth.login(caseworker)
    response = client.get(record_url(family))
    page = text_of(response)
    assert "1 family time was planned." in page
    html = as_read(response)
    assert f'value="{days(-90).isoformat()}"' in html and f'value="{today().isoformat()}"' in html


def test_a_date_left_out_takes_its_default(client, auth, caseworker, family, db):
    auth.login(caseworker)
    response = client.get(f"{record_url(family)}?start={days(-10).isoformat()}&end=")
    html = as_read(response)
    assert f'value="{days(-10).isoformat()}"' in html and f'value="{today().isoformat()}"' in html
    assert "Please fix" not in html


@pytest.mark.parametrize(("query", "message"), [
    ("start=2026-13-45&end=2026-01-01", "Choose a date, for example 2026-09-01."),
    ("start=not-a-date", "Choose a date, for example 2026-09-01."),
    ("start=2026-05-01&end=2026-04-01", "The “To” date must be on or after the “From” date."),
    ("start=2020-01-01&end=2026-01-01", "Choose at most two years at a time."),
    ("start=1066-10-14&end=1066-10-15", "Choose a date between the years 2000 and 2099."),
])
def test_wrong_dates_are_explained_and_the_defaults_kept(client, auth, caseworker, family, db,
                                                         query, message):
    auth.login(caseworker)
    response = client.get(f"{record_url(family)}?{query}")
    assert response.status_code == 200
    page = text_of(response)
    assert "Please fix what is marked below." in page and message in page
    first = days(-90).strftime("%B %-d, %Y")
    assert f"From {first} to " in page  # the last 90 days, as when first opened
    # The CSV cannot show a message: it sends the person to the page that does.
    export = client.get(f"{record_url(family, csv_file=True)}?{query}")
    assert export.status_code == 303
    assert "/calendar/record?" in export.headers["Location"]
    assert db.session.scalar(db.select(AuditEvent).filter_by(
        action="family_time.record_exported")) is None


def test_each_record_generated_is_audited_and_said_in_plain_words(client, auth, caseworker,
                                                                  parent, family, db):
    auth.login(parent)
    client.get(record_url(family, days(-30), days(0)))
    auth.logout()
    auth.login(caseworker)
    client.get(record_url(family, days(-30), days(0), csv_file=True))
    events = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action.like("family_time.record_%")).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id, e.family_id, e.detail) for e in events] == [
        ("family_time.record_viewed", parent.id, family.id,
         {"first": days(-30).isoformat(), "last": today().isoformat()}),
        ("family_time.record_exported", caseworker.id, family.id,
         {"first": days(-30).isoformat(), "last": today().isoformat()}),
    ]
    page = text_of(client.get(f"/families/{family.id}/record"))
    first, last = days(-30).strftime("%B %-d, %Y"), today().strftime("%B %-d, %Y")
    assert f"Dana looked at the family time record from {first} to {last}." in page
    assert f"Sam downloaded the family time record from {first} to {last}." in page


def test_a_reload_is_one_view_and_each_download_is_written(client, auth, caseworker, family,
                                                           db):
    def lines(action):
        return db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                                 .filter_by(action=action, actor_id=caseworker.id))
    auth.login(caseworker)
    for _ in range(3):  # reloading, printing, coming back
        assert client.get(record_url(family, days(-30), days(0))).status_code == 200
    assert lines("family_time.record_viewed") == 1
    client.get(record_url(family, days(-60), days(0)))  # other dates: another view
    client.get(record_url(family, days(-30), days(0)))
    assert lines("family_time.record_viewed") == 2
    for _ in range(2):
        client.get(record_url(family, days(-30), days(0), csv_file=True))
    assert lines("family_time.record_exported") == 2
    auth.logout()
    auth.login(caseworker)  # a new session: looked at again
    client.get(record_url(family, days(-30), days(0)))
    assert lines("family_time.record_viewed") == 3


@pytest.mark.parametrize("visitor", ["outsider", "pending_member", "suspended_member", None])
def test_those_outside_the_family_are_refused(request, client, auth, family, story, visitor):
    if visitor is not None:
        auth.login(request.getfixturevalue(visitor))
    for url in (record_url(family), record_url(family, csv_file=True)):
        response = client.get(url)
        assert response.status_code == 404, f"{visitor}: {url}"
        assert b"Bus strike" not in response.data


def test_another_familys_caseworker_sees_only_their_own(client, auth, story, other_family):
    auth.login(other_family.memberships[0].user)
    page = text_of(client.get(record_url(other_family, days(FIRST), days(LAST))))
    assert "1 family time was planned." in page and "Other family place" not in page
    assert "Bus strike" not in page and "Mia's school play" not in page
    assert "1 event was shared in this time." in page


def test_every_active_member_reads_it_and_finds_it(client, auth, family, caseworker, parent,
                                                  db):
    partner = factories.make_user(preferred_name="Pat")
    factories.add_member(family, partner, role=Role.PARENT_PARTNER)
    record_link = f'href="{record_url(family)}"'
    for reader in (parent, partner, caseworker):
        auth.login(reader)
        assert client.get(record_url(family)).status_code == 200
        agenda = as_read(client.get(f"/families/{family.id}/calendar"))
        assert record_link in agenda
        home = as_read(client.get(f"/families/{family.id}"))
        assert (record_link in home) is (reader is caseworker)
        auth.logout()


def test_the_record_costs_the_same_queries_however_many_times(family, caseworker, parent,
                                                              count_queries, db):
    sam = scope_of(caseworker, family)
    first = ft.create_family_time(sam, details(family, days(-20)))
    ft.cancel(scope_of(parent, family), first, "Sick")
    factories.make_event(family, caseworker, starts_at=datetime.now(UTC) - timedelta(days=1))
    with count_queries() as few:
        ft.court_record(scope_of(parent, family), days(-60), days(0))
    for n in range(2, 7):
        item = ft.create_family_time(sam, details(family, days(-50 + n), every_weeks=1,
                                                  last_date=days(-2), start=time(8 + n),
                                                  end=time(9 + n)))
        ft.cancel(scope_of(parent, family), item, "Holiday", item.first_date)
        factories.make_event(family, caseworker, starts_at=datetime.now(UTC)
                             - timedelta(days=n))
    with count_queries() as many:
        court = ft.court_record(scope_of(parent, family), days(-60), days(0))
    assert court.scheduled > 25
    assert many.count == few.count, "\n".join(s[:90] for s in many.statements)


def test_the_page_in_spanish(story, client, auth, resource_parent, family):
    auth.login(resource_parent)  # Rosa reads Hearth in Spanish
    page = text_of(client.get(record_url(family, days(FIRST), days(LAST))))
    assert "Registro del tiempo en familia" in page
    assert "se planificaron 10 tiempos en familia." in page
    assert "hubo 3 (60 %)." in page
    assert "Family time record" not in page and "happened" not in page


def test_the_child_not_coming_is_not_held_against_the_parent(client, auth, caseworker, parent,
                                                            family, db):
    """Held twice, the child did not come twice: the parent came to every time they could
    have, so 100% of 2, and the child's absences are said on their own line."""
    sam = scope_of(caseworker, family)
    series = ft.create_family_time(sam, details(family, days(-28), every_weeks=1,
                                                last_date=days(-7)))
    for day, outcome in zip([days(-28 + 7 * n) for n in range(4)],
                            [Outcome.ATTENDED, Outcome.CHILD_DID_NOT_COME] * 2, strict=True):
        ft.record_outcome(sam, series, day, outcome)
    court = ft.court_record(scope_of(parent, family), days(-30), days(0))
    assert (court.held, court.child_did_not_come, court.expected, court.percent_held) == (
        2, 2, 2, 100)
    auth.login(parent)
    page = text_of(client.get(record_url(family, days(-30), days(0))))
    assert "Of the 2 family times the parent was expected at, 2 happened (100%)." in page
    assert ("2 did not happen because the child did not come, so they are not in the "
            "percent.") in page
    assert "50%" not in page


def test_past_time_nobody_recorded_reads_not_recorded(client, auth, caseworker, family, db):
    sam = scope_of(caseworker, family)
    ft.create_family_time(sam, details(family, days(-2)))
    ft.create_family_time(sam, details(family, days(2)))
    auth.login(caseworker)
    page = as_read(client.get(record_url(family, days(-5), days(5))))
    happened = re.findall(r'data-label="What happened">(.*?)</td>', page, flags=re.S)
    assert [unescape(cell).strip() for cell in happened] == ["Not recorded", "Planned"]
    rows = read_csv(client.get(record_url(family, days(-5), days(5), csv_file=True)))
    assert [row["What happened"] for row in rows] == ["Not recorded", "Planned"]
