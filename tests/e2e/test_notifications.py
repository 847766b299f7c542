"""The bell, the Notifications page and the choices page, at phone size, as Dana (English),
Rosa (Spanish), Sam and the admin use them, each page through check_page (axe, reflow at
320 px, tap targets). The demo's own sharing left each of them lines to read."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.ui import ADMIN, CASEWORKER, KIN_CAREGIVER, PARENT, path_re, resume_session


def test_dana_opens_a_line_from_the_bell_and_chooses_email_when_it_happens(page, check):
    resume_session(page, PARENT)
    page.goto("/families")
    bell = page.locator("a.bell")
    expect(bell).to_contain_text("Notifications")
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    check(page, "notifications-01-dana-list")

    first = page.locator(".notification .card__link").first
    said = first.inner_text().removeprefix("New:").strip()
    first.click()
    expect(page).to_have_url(path_re(r"/families/\d+/.+"))
    page.goto("/notifications")
    line = page.locator(".notification", has_text=said).first
    expect(line).not_to_have_class(re.compile(r"notification--new"))

    page.get_by_role("link", name="Choose how Hearth tells you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How Hearth tells you something is new")
    check(page, "notifications-02-dana-choices")
    page.get_by_role("group", name="New messages").get_by_label("When it happens").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flashes")).to_contain_text("Your notification choices are saved.")
    expect(page.get_by_role("group", name="New messages").get_by_label("When it happens")
           ).to_be_checked()


def test_rosa_reads_her_notifications_in_spanish(page, check):
    resume_session(page, KIN_CAREGIVER)
    page.goto("/notifications")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notificaciones")
    check(page, "notifications-03-rosa-list-spanish")
    page.goto("/account/notifications")
    check(page, "notifications-04-rosa-choices-spanish")


def test_sam_sees_what_waits_for_his_review(page, check):
    resume_session(page, CASEWORKER)
    page.goto("/notifications")
    expect(page.locator(".notification").first).to_contain_text("waits for your review")
    check(page, "notifications-05-sam-list")


def test_the_admin_sees_what_could_not_be_sent(page, check):
    resume_session(page, ADMIN)
    page.goto("/admin/notifications")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Notifications that could not be sent")
    check(page, "notifications-06-admin-failed")
