"""The calendar pages as people use them: the agenda (today, this week, later), one family
time, moving by week with and without htmx, Spanish, and who is refused."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.family_time import services as ft
from app.models import ContentState, Mode
from tests import factories
from tests.factories import scope_of

LA = ZoneInfo("America/Los_Angeles")


def text(response):
    return response.get_data(as_text=True)


def local_today():
    return datetime.now(LA).date()


def plan(family, caseworker, days, **overrides):
    fields = {"child_ids": [family.children[0].id], "day": local_today() + timedelta(days=days),
              "start": time(17), "end": time(18), "place": "Family center, room 2"}
    fields.update(overrides)
    return ft.create_family_time(scope_of(caseworker, family), ft.FamilyTimeDetails(**fields))


def section(page: str, heading: str) -> str:
    """The part of the page under one heading, up to the next."""
    start = page.index(f">{heading}</h2>")
    end = page.find("<h2", start)
    return page[start:end if end != -1 else None]


def test_the_agenda_shows_today_this_week_and_later(client, auth, family, caseworker, parent,
                                                    db):
    in_three = plan(family, caseworker, 3)
    in_ten = plan(family, caseworker, 10, place="The park")
    factories.make_event(family, caseworker, title="Spring concert",
                         starts_at=datetime.now(UTC) + timedelta(days=4))
    auth.login(parent)
    response = client.get(f"/families/{family.id}/calendar")
    assert response.status_code == 200
    page = text(response)
    assert "Nothing today." in section(page, "Today")
    week = section(page, "This week")
    assert "Family center, room 2" in week and "Spring concert" in week
    assert "5:00" in week and "PM" in week  # local time, by Babel
    assert "Planned" in week and "In person" in week
    assert f"/families/{family.id}/calendar/{in_three.id}?day=" in week
    assert "The park" in section(page, "Later") and "The park" not in week
    assert in_ten.id


def test_proposed_and_approved_look_different_and_a_proposal_reaches_no_one_else(
        client, auth, family, caseworker, parent, resource_parent, db):
    asked = ft.create_family_time(scope_of(parent, family), ft.FamilyTimeDetails(
        child_ids=[family.children[0].id], day=local_today() + timedelta(days=2),
        start=time(10), end=time(11), place="Library"))
    auth.login(parent)
    assert "Asked for, waiting for the caseworker" in text(
        client.get(f"/families/{family.id}/calendar"))
    auth.logout()
    auth.login(resource_parent)
    page = text(client.get(f"/families/{family.id}/calendar"))
    assert "Library" not in page
    assert client.get(f"/families/{family.id}/calendar/{asked.id}").status_code == 404
    ft.approve(scope_of(caseworker, family), asked)
    page = text(client.get(f"/families/{family.id}/calendar"))
    assert "Library" in page and "Planificado" in page  # Rosa reads Spanish


def test_moving_by_week_with_and_without_htmx(client, auth, family, caseworker, parent, db):
    plan(family, caseworker, 20, place="Far away park")
    auth.login(parent)
    base = f"/families/{family.id}/calendar"
    page = text(client.get(base))
    next_week = (local_today() + timedelta(days=7)).isoformat()
    assert f'href="{base}?from={next_week}"' in page
    full = client.get(f"{base}?from={next_week}")
    assert "<html" in text(full) and "Back to today" in text(full)
    assert "Far away park" in text(full)
    fragment = client.get(f"{base}?from={next_week}", headers={"HX-Request": "true"})
    assert "<html" not in text(fragment) and "Far away park" in text(fragment)
    assert "HX-Request" in fragment.headers["Vary"]
    # A broken date is today, not an error.
    assert "Nothing today." in text(client.get(f"{base}?from=not-a-date"))
    assert "Nothing today." in text(client.get(f"{base}?from=1900-01-01"))


def test_one_family_time_page(client, auth, family, caseworker, resource_parent, db):
    rosa = scope_of(resource_parent, family).membership
    item = plan(family, caseworker, 3, mode=Mode.VIDEO, place="",
                call_link="https://meet.example.org/rivera", host_id=rosa.id,
                notes="Bring the photo album", every_weeks=1,
                last_date=local_today() + timedelta(days=31))
    auth.login(resource_parent)
    page = text(client.get(f"/families/{family.id}/calendar/{item.id}"))
    assert "Tiempo en familia" in page  # Rosa reads Spanish
    assert "https://meet.example.org/rivera" in page
    # She hosts it, so she reads how it is supervised; Sam's notes are for staff
    # (docs/family-time.md, "Who reads what").
    assert "Videollamada" in page and "Con supervisor" in page and "Cada semana" in page
    assert "Bring the photo album" not in page


def test_a_declined_proposal_is_shown_to_its_author_with_the_reason(client, auth, family,
                                                                    caseworker, parent, db):
    asked = ft.create_family_time(scope_of(parent, family), ft.FamilyTimeDetails(
        child_ids=[family.children[0].id], day=local_today() + timedelta(days=2),
        start=time(10), end=time(11)))
    ft.decline(scope_of(caseworker, family), asked, "Sam is in court that day.")
    auth.login(parent)
    page = text(client.get(f"/families/{family.id}/calendar/{asked.id}"))
    assert "Not approved" in page and "Sam is in court that day." in page
    assert asked.state is ContentState.DECLINED


@pytest.mark.parametrize("visitor", ["outsider", "pending_member", "suspended_member", None])
def test_calendar_pages_are_404_for_those_outside(request, client, auth, family, caseworker,
                                                  visitor, db):
    item = plan(family, caseworker, 3)
    if visitor:
        auth.login(request.getfixturevalue(visitor))
    for url in (f"/families/{family.id}/calendar", f"/families/{family.id}/calendar/{item.id}"):
        response = client.get(url)
        assert response.status_code == 404, f"{visitor}: {url}"
        assert "Family center" not in text(response)


def test_another_familys_family_time_in_my_family_url_is_404(client, auth, family, parent,
                                                             other_family, db):
    theirs = factories.make_family_time(other_family, other_family.memberships[0].user)
    auth.login(parent)
    assert client.get(f"/families/{family.id}/calendar/{theirs.id}").status_code == 404


def test_the_agenda_page_costs_the_same_queries_however_many_items(client, auth, family,
                                                                    caseworker, parent,
                                                                    count_queries, db):
    auth.login(parent)
    plan(family, caseworker, 1)
    factories.make_event(family, caseworker)
    family_id, caseworker_id = family.id, caseworker.id
    db.session.expunge_all()  # each request starts with nothing loaded, as in production
    with count_queries() as few:
        assert client.get(f"/families/{family_id}/calendar").status_code == 200
    family = db.session.get(type(family), family_id)
    caseworker = db.session.get(type(caseworker), caseworker_id)
    for n in range(2, 9):
        plan(family, caseworker, n, every_weeks=1, start=time(8 + n), end=time(9 + n),
             last_date=local_today() + timedelta(days=40))
        factories.make_event(family, caseworker, starts_at=datetime.now(UTC) + timedelta(days=n))
    db.session.expunge_all()
    with count_queries() as many:
        page = text(client.get(f"/families/{family_id}/calendar"))
    assert page.count("agenda__entry") > 20
    assert many.count == few.count, "\n".join(many.statements)
