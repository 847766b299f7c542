"""Every page issue 17 and the family-time work added, visited by the role that uses it, at phone
size, each through check_page (axe, reflow at 320 px, tap targets).

These tests only look: they open forms (and submit empty ones to see the error state) but change
nothing, so the demo data stays as app/demo.py made it. The admin opens the caseworker form of a
family and does not send it.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.ui import ADMIN, CASEWORKER, KIN_CAREGIVER, PARENT, path_re, resume_session


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def rivera_home(page: Page) -> str:
    """Opens the Rivera family's home from My families; returns its path."""
    page.goto("/families")
    page.get_by_role("link", name="The Rivera family").click()
    expect(page).to_have_url(path_re(r"/families/\d+"))
    return re.search(r"/families/\d+", page.url).group(0)


def visit(page: Page, path: str, title: str | re.Pattern) -> None:
    response = page.goto(path)
    status = response.status if response is not None else None
    assert status == 200, f"{path} answered {status}"
    expect(heading(page)).to_have_text(title)


def open_first_concern(page: Page, home: str, list_title: str) -> None:
    visit(page, f"{home}/concerns", list_title)
    page.locator("#concerns a.card__link").first.click()
    expect(page).to_have_url(path_re(rf"{home}/concerns/\d+"))


def test_caseworker_console_pages(page, check):
    resume_session(page, CASEWORKER)
    home = rivera_home(page)
    page.get_by_role("link", name="What waits for your review").click()
    expect(heading(page)).to_have_text("To review in The Rivera family")
    check(page, "console-sam-01-family-queue")

    page.goto(home)
    page.get_by_role("link", name="Change how sharing works").click()
    expect(heading(page)).to_have_text("How sharing works")
    check(page, "console-sam-02-review-level")

    open_first_concern(page, home, "Something is not working")
    check(page, "console-sam-04-concern")
    visit(page, f"{home}/concerns", "Something is not working")
    check(page, "console-sam-03-concerns")

    visit(page, f"{home}/export", "Download the family's record")
    check(page, "console-sam-05-export")

    visit(page, f"{home}/record", "Family record")
    page.get_by_label("Show", exact=True).select_option(index=1)
    page.get_by_role("button", name="Show these").click()
    expect(page).to_have_url(re.compile(r"/record\?.*kind=\w+"))
    check(page, "console-sam-06-record-filtered")

    visit(page, f"{home}/calendar/record", "Family time record")
    check(page, "console-sam-07-court-record")
    visit(page, f"{home}/calendar/month", "Calendar")
    check(page, "console-sam-08-month")
    visit(page, f"{home}/family-time-levels", "Family-time levels")
    check(page, "console-sam-09-family-time-levels")


def test_parent_console_pages(page, check):
    resume_session(page, PARENT)
    home = rivera_home(page)
    visit(page, f"{home}/family-time-levels/mine", "My family time")
    check(page, "console-dana-01-my-level")

    visit(page, f"{home}/concerns/new", "Something is not working?")
    check(page, "console-dana-02-raise-concern")
    page.locator("main form [type=submit]").first.click()  # nothing written: nothing changes
    expect(page.get_by_role("alert")).to_contain_text("Please fix what is marked below.")
    check(page, "console-dana-03-raise-concern-errors")

    visit(page, f"{home}/calendar/record", "Family time record")
    check(page, "console-dana-04-court-record")
    visit(page, f"{home}/calendar/month", "Calendar")
    check(page, "console-dana-05-month")


def test_resource_parent_console_pages_in_spanish(page, check):
    resume_session(page, KIN_CAREGIVER)
    home = rivera_home(page)
    visit(page, f"{home}/my-contact", "Mi dirección y teléfono")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    check(page, "console-rosa-01-my-contact-es")
    open_first_concern(page, home, "Algo no está funcionando")
    check(page, "console-rosa-02-concern-es")


def test_admin_console_pages(page, check):
    resume_session(page, ADMIN)
    visit(page, "/admin/families", "Families")
    check(page, "console-admin-01-families")
    page.get_by_role("link", name=re.compile(r"^Change the caseworker · The Rivera family")).click()
    expect(page).to_have_url(path_re(r"/admin/families/\d+/caseworker"))
    check(page, "console-admin-02-caseworker-form")  # looked at, never sent
