"""Family time on phones: Dana asks for family time, Sam approves it in place, Dana sees it
planned on the calendar; Rosa (in Spanish) says what happened at last week's visit and Sam's
family time record for court counts it; the same asking and approving without JavaScript.
Every new page goes through check_page.

Each run's request names its own place (with the test's tag), so runs do not meet.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.ui import CASEWORKER, KIN_CAREGIVER, PARENT, sign_in

APPROVE = re.compile(r"^Approve ")  # its name says which time, for screen readers


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def open_calendar(page: Page) -> None:
    page.goto("/families")
    page.get_by_role("link", name="The Rivera family", exact=True).click()
    page.locator("nav a[href$='/calendar']").click()


def dana_asks(dana: Page, place: str, days: int, check, tag: str) -> str:
    open_calendar(dana)
    expect(heading(dana)).to_have_text("Calendar")
    check(dana, f"{tag}-01-dana-calendar")
    dana.get_by_role("link", name="Ask for family time").click()
    expect(heading(dana)).to_have_text("Ask for family time")
    # Nothing chosen yet: said plainly, nothing saved.
    dana.get_by_role("button", name="Save", exact=True).click()
    expect(dana.get_by_role("alert")).to_contain_text("Please fix what is marked below.")
    check(dana, f"{tag}-02-dana-form-errors")
    dana.get_by_label("Mia").check()
    dana.get_by_label("Date", exact=True).fill((date.today() + timedelta(days=days)).isoformat())
    dana.get_by_label("Starts at").fill("14:00")
    dana.get_by_label("Ends at").fill("15:00")
    dana.get_by_label("Where (optional)").fill(place)
    dana.get_by_role("button", name="Save", exact=True).click()
    expect(heading(dana)).to_have_text("Family time")
    expect(dana.locator("main")).to_contain_text("Your request is sent.")
    expect(dana.locator("main")).to_contain_text("Waiting for your caseworker")
    check(dana, f"{tag}-03-dana-request-waiting")
    return dana.url


def sam_approves(sam: Page, url: str, check, tag: str, javascript: bool) -> None:
    sam.goto(url)
    expect(sam.get_by_role("button", name=APPROVE)).to_be_visible()
    sam.locator("main summary", has_text="Do not approve").click()
    expect(sam.get_by_label("Reason")).to_be_visible()
    check(sam, f"{tag}-04-sam-reviews")
    sam.get_by_role("button", name=APPROVE).click()
    if javascript:
        expect(sam.locator(".review").get_by_role("status")).to_have_text(
            "Approved. Everyone in the family can see it now.")
    else:
        expect(sam.locator(".flashes")).to_contain_text(
            "Approved. Everyone in the family can see it now.")
    expect(sam.get_by_role("button", name=APPROVE)).to_have_count(0)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_dana_asks_sam_approves_and_dana_sees_it_planned(open_page, check, javascript):
    tag = "family-time-" + ("js" if javascript else "nojs")
    place = f"Rose Park ({tag})"
    dana = open_page("phone", javascript=javascript)
    sign_in(dana, PARENT)
    url = dana_asks(dana, place, 11 if javascript else 12, check, tag)

    sam = open_page("phone", javascript=javascript)
    sign_in(sam, CASEWORKER)
    sam_approves(sam, url, check, tag, javascript)

    open_calendar(dana)
    dana.get_by_role("link", name="Next week").click()
    entry = dana.locator(".agenda__entry", has_text=place)
    expect(entry).to_contain_text("Planned")
    check(dana, f"{tag}-05-dana-sees-it-planned")
    entry.get_by_role("link", name="Family time").click()
    dana.get_by_role("link", name="Cancel this time").click()
    expect(heading(dana)).to_have_text("Cancel family time")
    check(dana, f"{tag}-06-dana-cancel-page")


HELD = re.compile(r"(\d+) happened \(")


def times_held(sam: Page) -> int:
    """Sam opens the court record from the family home; the plain-words summary's count."""
    sam.goto("/families")
    sam.get_by_role("link", name="The Rivera family", exact=True).click()
    sam.get_by_role("link", name="Family time record for court").click()
    expect(heading(sam)).to_have_text("Family time record")
    summary = sam.locator(".court__summary")
    expect(summary).to_contain_text(HELD)
    return int(HELD.search(summary.inner_text()).group(1))


def test_rosa_says_last_weeks_visit_happened_in_spanish(open_page, check):
    sam = open_page("phone")
    sign_in(sam, CASEWORKER)
    held_before = times_held(sam)

    rosa = open_page("phone")
    sign_in(rosa, KIN_CAREGIVER)
    open_calendar(rosa)
    expect(heading(rosa)).to_have_text("Calendario")
    rosa.get_by_role("link", name="Semana anterior").click()
    expect(rosa).to_have_url(re.compile(r"from="))
    last_week = rosa.locator(".agenda__group").first
    expect(last_week.get_by_role("heading", level=2)).to_contain_text("Semana del")
    entry = last_week.locator(".agenda__entry", has_text="Family center, room 2")
    expect(entry).to_contain_text("Planificado")  # held last week, not recorded yet
    check(rosa, "family-time-rosa-01-last-week-es")
    entry.get_by_role("link", name="Tiempo en familia").click()
    rosa.get_by_role("link", name="Contar lo que pasó").click()
    expect(heading(rosa)).to_have_text("Lo que pasó")
    check(rosa, "family-time-rosa-02-outcome-form-es")
    rosa.get_by_label("Sí se hizo").check()
    rosa.get_by_label("¿Cómo fue? (opcional)").fill("Mia y Leo jugaron con Dana.")
    rosa.get_by_role("button", name="Guardar").click()
    expect(heading(rosa)).to_have_text("Tiempo en familia")
    expect(rosa.get_by_role("status")).to_contain_text("Gracias. Lo que pasó quedó guardado.")
    expect(rosa.locator("main")).to_contain_text("Se hizo")
    expect(rosa.locator("main")).to_contain_text("Lo anotó Rosa")
    check(rosa, "family-time-rosa-03-recorded-es")

    assert times_held(sam) == held_before + 1
    expect(sam.locator(".court-table")).to_contain_text("Mia y Leo jugaron con Dana.")
    check(sam, "family-time-sam-court-record")
