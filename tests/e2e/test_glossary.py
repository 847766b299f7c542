"""Glossary on phones: the demo's court hearing notes use "case plan" and "GAL"; tapping one shows
its meaning in the reader's language (Dana in English, Rosa in Spanish), by touch and by
keyboard, with JavaScript on and off (the HTML popover needs none). The glossary page is found
from the footer, searched, and reached at a term's anchor.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.server import PROJECT_ROOT
from tests.e2e.ui import ADMIN, KIN_CAREGIVER, PARENT, path_re, resume_session

TERMS = {
    term["key"]: term
    for term in tomllib.loads((PROJECT_ROOT / "app/data/glossary.toml").read_text())["term"]
}
WORDS = {"en": {"close": "Close", "find": "Find", "footer": "Words explained"},
         "es": {"close": "Cerrar", "find": "Buscar", "footer": "Palabras explicadas"}}


def open_hearing(page: Page) -> None:
    page.goto("/families")
    page.get_by_role("link", name="The Rivera family", exact=True).click()
    page.locator("nav a[href$='/calendar']").click()
    page.locator("main a[href$='/events']").click()
    page.get_by_role("link", name="Court hearing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Court hearing")


@pytest.mark.parametrize(("account", "javascript"), [
    (PARENT, True), (KIN_CAREGIVER, True), (KIN_CAREGIVER, False), (PARENT, False),
], ids=["dana-js", "rosa-js", "rosa-nojs", "dana-nojs"])
def test_tapping_a_term_in_event_notes_shows_its_meaning(open_page, check, account, javascript):
    locale = account.locale
    tag = f"glossary-{account.name.lower()}-{'js' if javascript else 'nojs'}"
    page = open_page("phone", javascript=javascript)
    resume_session(page, account)
    open_hearing(page)
    notes = page.locator("dd.notes")
    plan = notes.get_by_role("button", name="case plan")
    expect(plan).to_be_visible()
    expect(notes.get_by_role("button", name="GAL")).to_be_visible()
    check(page, f"{tag}-01-hearing-notes")

    plan.tap()
    meaning = page.get_by_role("dialog")
    expect(meaning).to_be_visible()
    case_plan = TERMS["case-plan"][locale]
    expect(meaning).to_contain_text(case_plan["definition"])
    expect(meaning).to_contain_text(case_plan["for_you"])
    check(page, f"{tag}-02-meaning-open")
    meaning.get_by_role("button", name=WORDS[locale]["close"]).tap()
    expect(meaning).to_be_hidden()

    # By keyboard: Enter opens it, Escape closes it and focus goes back to the word.
    gal = notes.get_by_role("button", name="GAL")
    gal.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog")).to_contain_text(
        TERMS["guardian-ad-litem"][locale]["definition"])
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(gal).to_be_focused()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_the_glossary_page_is_found_searched_and_linked_to(open_page, check, javascript):
    tag = f"glossary-page-{'js' if javascript else 'nojs'}"
    page = open_page("phone", javascript=javascript)
    resume_session(page, KIN_CAREGIVER)
    page.get_by_role("link", name=WORDS["es"]["footer"]).click()
    expect(page).to_have_url(path_re("/glossary"))
    expect(page.get_by_role("heading", level=2, name=TERMS["case-plan"]["es"]["name"])
           ).to_be_visible()
    check(page, f"{tag}-01-all-words-es")

    page.get_by_label("Buscar una palabra").fill("ad litem")  # "GAL" is also in "legal"
    if not javascript:
        page.get_by_role("button", name=WORDS["es"]["find"], exact=True).click()
    expect(page.get_by_role("heading", level=2)).to_have_count(1)
    expect(page.locator("#glossary-count")).to_have_text("1 palabra coincide con “ad litem”.")
    expect(page.locator("#guardian-ad-litem")).to_be_visible()
    check(page, f"{tag}-02-search-es")

    page.get_by_label("Buscar una palabra").fill("zzz")
    if not javascript:
        page.get_by_role("button", name=WORDS["es"]["find"], exact=True).click()
    expect(page.locator("#glossary-list")).to_contain_text("Ninguna palabra coincide")

    # From a meaning in the text to the term's place on the glossary page.
    open_hearing(page)
    page.locator("dd.notes").get_by_role("button", name="case plan").tap()
    page.get_by_role("dialog").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/glossary#case-plan$"))
    expect(page.locator("#case-plan")).to_be_in_viewport()


def test_an_admin_adds_a_way_of_writing_a_term_and_search_finds_it(open_page, check):
    admin = open_page("phone")
    resume_session(admin, ADMIN)
    admin.goto("/admin")
    admin.get_by_role("link", name="Change the words explained").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Glossary")
    check(admin, "glossary-admin-01-terms")
    admin.get_by_role("link", name="guardian ad litem (GAL)").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Change a term")
    also = admin.locator("#text_en-also")
    also.fill("court helper for children")
    admin.locator("#text_es-definition").fill("")
    admin.get_by_role("button", name="Save the term").click()
    expect(admin.get_by_role("alert")).to_contain_text("Please fix what is marked below.")
    check(admin, "glossary-admin-02-edit-error")
    admin.locator("#text_es-definition").fill(TERMS["guardian-ad-litem"]["es"]["definition"])
    admin.get_by_role("button", name="Save the term").click()
    expect(admin.get_by_role("status")).to_contain_text("The term is saved.")

    admin.goto("/glossary?q=court+helper")
    expect(admin.get_by_role("heading", level=2)).to_have_text("Guardian ad litem (GAL)")
