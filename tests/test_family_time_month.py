"""The month grid as people use it: a real table with the month and weekdays in the reader's
language, each day's family time and events (proposed and approved told apart, linked), today
marked, moving by month with and without htmx, a flat query count, and who is refused."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.family_time import services as ft
from app.models import ContentState
from tests import factories
from tests.factories import scope_of

LA = ZoneInfo("America/Los_Angeles")


def text(response):
    return response.get_data(as_text=True)


def next_month() -> date:
    """The first day of next month in the family's zone: a month wholly ahead."""
    today = datetime.now(LA).date()
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


def month_url(family, first: date) -> str:
    return f"/families/{family.id}/calendar/month?month={first:%Y-%m}"


def plan(family, user, day: date, **more):
    fields = {"child_ids": [family.children[0].id], "day": day, "start": time(17),
              "end": time(18), "place": "Family center, room 2"}
    fields.update(more)
    return ft.create_family_time(scope_of(user, family), ft.FamilyTimeDetails(**fields))


def cell(page: str, day: date) -> str:
    """The HTML of one day's cell."""
    start = page.index(f'<time datetime="{day.isoformat()}">')
    start = page.rindex("<td", 0, start)
    return page[start:page.index("</td>", start)]


def headers(page: str) -> list[str]:
    thead = page[page.index("<thead>"):page.index("</thead>")]
    return [part.split("</span>")[0] for part in thead.split('class="visually-hidden">')[1:]]


def test_the_month_shows_each_days_items_with_kind_time_status_and_link(
        client, auth, family, caseworker, parent, db):
    first = next_month()
    planned = plan(family, caseworker, first + timedelta(days=4))
    asked = plan(family, parent, first + timedelta(days=9), start=time(10), end=time(11))
    factories.make_event(family, caseworker, title="School play",
                         starts_at=datetime.combine(first + timedelta(days=4), time(20),
                                                    tzinfo=UTC))
    auth.login(parent)
    response = client.get(month_url(family, first))
    assert response.status_code == 200
    page = text(response)
    assert "<table" in page and f'<caption class="month__caption">{first:%B %Y}</caption>' in page
    day = cell(page, first + timedelta(days=4))
    assert "Family time" in day and "5:00" in day and "PM" in day and "Planned" in day
    assert "month__item--approved" in day and "In person" in day and "Mia" in day
    assert f"/families/{family.id}/calendar/{planned.id}?day=" in day
    assert "School play" in day and f"/families/{family.id}/events/" in day
    waiting = cell(page, first + timedelta(days=9))
    assert "month__item--proposed" in waiting and "month__item--approved" not in waiting
    assert "Asked for, waiting for the caseworker" in waiting and "10:00" in waiting
    assert f"/families/{family.id}/calendar/{asked.id}?day=" in waiting
    assert "month__day--empty" in cell(page, first + timedelta(days=1))
    # Between the two views, both ways.
    assert f'href="/families/{family.id}/calendar"' in page
    agenda = text(client.get(f"/families/{family.id}/calendar"))
    assert f'href="/families/{family.id}/calendar/month"' in agenda and ">Month<" in agenda


def test_what_the_reader_may_not_see_is_not_in_the_month(client, auth, family, caseworker,
                                                         parent, resource_parent,
                                                         other_family, db):
    first = next_month()
    plan(family, parent, first + timedelta(days=3), place="Dana's request")
    factories.make_family_time(other_family, other_family.memberships[0].user,
                               days_ahead=(first - datetime.now(LA).date()).days + 3,
                               place="Another family's park")
    hidden = factories.make_event(family, caseworker, title="Hidden meeting",
                                  state=ContentState.HIDDEN,
                                  starts_at=datetime.combine(first + timedelta(days=5),
                                                             time(18), tzinfo=UTC))
    auth.login(resource_parent)
    page = text(client.get(month_url(family, first)))
    assert "<table" in page
    assert "Another family" not in page and "Hidden meeting" not in page
    assert "month__item" not in page  # Dana's proposal reaches only Dana and Sam
    assert hidden.id


def test_today_is_marked_and_the_month_moves_with_and_without_htmx(client, auth, family,
                                                                   parent):
    auth.login(parent)
    today = datetime.now(LA).date()
    page = text(client.get(f"/families/{family.id}/calendar/month"))
    today_cell = cell(page, today)
    assert 'aria-current="date"' in today_cell and "Today" in today_cell
    assert page.count('aria-current="date"') == 1
    after = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    before = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    for first in (after, before):
        url = month_url(family, first)
        assert f'href="{url}"' in page and f'hx-get="{url}"' in page
    assert "Back to this month" not in page
    # Without JavaScript the link loads the whole page; with htmx only the grid comes back.
    full = client.get(month_url(family, after))
    assert "<html" in text(full) and "Back to this month" in text(full)
    assert 'aria-current="date"' not in text(full)
    fragment = client.get(month_url(family, after), headers={"HX-Request": "true"})
    assert "<html" not in text(fragment) and "<table" in text(fragment)
    assert "HX-Request" in fragment.headers["Vary"]


@pytest.mark.parametrize("value", ["garbage", "2026-13", "9999-01", "1999-02", ""])
def test_a_bad_or_far_month_shows_this_month(client, auth, family, parent, value):
    auth.login(parent)
    response = client.get(f"/families/{family.id}/calendar/month?month={value}")
    assert response.status_code == 200
    assert f"{datetime.now(LA).date():%B %Y}</caption>" in text(response)


def test_month_and_weekday_names_follow_the_readers_language_and_country(
        client, auth, family, parent, resource_parent, db):
    auth.login(parent)
    page = text(client.get(f"/families/{family.id}/calendar/month?month=2026-11"))
    assert "November 2026</caption>" in page
    # A family in Los Angeles reads weeks from Sunday; 1 November 2026 is a Sunday.
    assert headers(page) == ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
                             "Friday", "Saturday"]
    assert page.index('datetime="2026-11-01"') < page.index('datetime="2026-11-02"')
    auth.logout()
    auth.login(resource_parent)  # Rosa reads Spanish
    page = text(client.get(f"/families/{family.id}/calendar/month?month=2026-11"))
    assert "noviembre de 2026</caption>" in page
    assert headers(page)[:2] == ["domingo", "lunes"]
    assert "domingo, 1 de noviembre de 2026" in page and "Mes" in page
    family.time_zone = "Europe/Madrid"  # in Spain the week starts on Monday
    db.session.commit()
    page = text(client.get(f"/families/{family.id}/calendar/month?month=2026-11"))
    assert headers(page)[0] == "lunes" and headers(page)[-1] == "domingo"
    # The grid starts on Monday 26 October, an empty cell outside the month.
    assert page.count("month__day--outside") == 6 + 6  # 6 before the 1st, 6 after the 30th


def test_a_long_event_shows_on_each_of_its_days(client, auth, family, caseworker, parent):
    first = next_month()
    start = datetime.combine(first + timedelta(days=10), time(12), tzinfo=LA)
    factories.make_event(family, caseworker, title="Summer camp", starts_at=start,
                         ends_at=start + timedelta(days=2))
    auth.login(parent)
    page = text(client.get(month_url(family, first)))
    for n in (10, 11, 12):
        assert "Summer camp" in cell(page, first + timedelta(days=n))
    assert "Summer camp" not in cell(page, first + timedelta(days=13))


def test_the_query_count_does_not_grow_with_the_items(client, auth, family, caseworker,
                                                      parent, count_queries):
    first = next_month()
    plan(family, caseworker, first + timedelta(days=2))
    # One of each kind to start with: an empty list needs no follow-up load at all.
    factories.make_event(family, caseworker, title="Event start",
                         starts_at=datetime.combine(first + timedelta(days=1), time(18),
                                                    tzinfo=UTC))
    auth.login(parent)
    client.get(month_url(family, first))  # warm the session and the language
    with count_queries() as few:
        assert client.get(month_url(family, first)).status_code == 200
    plan(family, caseworker, first + timedelta(days=3), every_weeks=1,
         last_date=first + timedelta(days=24))
    plan(family, parent, first + timedelta(days=5), start=time(9), end=time(10))
    for n in range(3):
        factories.make_event(family, caseworker, title=f"Event {n}",
                             starts_at=datetime.combine(first + timedelta(days=6 + n), time(18),
                                                        tzinfo=UTC))
    client.get(month_url(family, first))  # the commits above expired the signed-in user
    with count_queries() as many:
        page = text(client.get(month_url(family, first)))
    assert page.count('class="month__item month__item--') == 2 + 4 + 1 + 3
    assert many.count == few.count


@pytest.mark.parametrize("visitor", ["outsider", "pending_member", "suspended_member", None])
def test_those_outside_the_family_are_refused(request, client, auth, family, visitor):
    if visitor:
        auth.login(request.getfixturevalue(visitor))
    response = client.get(f"/families/{family.id}/calendar/month?month=2026-11")
    assert response.status_code == 404 and b"Rivera" not in response.data
