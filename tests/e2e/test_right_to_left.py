"""Arabic reads right to left at 320 px, and Chinese, Vietnamese and Somali pages fit a small phone.

The page is `dir="rtl"` and the stylesheet has only logical properties (tests/test_css_logical.py),
so these tests look at what that should give on a real phone, 320 CSS px wide, with the fonts a
phone has (Noto Sans Arabic and Noto Sans CJK, installed by `make browser`):

* the bottom bar and the header's menu are mirrored: the first area is at the right edge, the
  next one to its left; the brand is at the right, the person's own links at the left;
* arrows that point (earlier and next week, back) point the other way;
* the month grid's first weekday is its right-hand column; the court record's cards and the
  review queue's cards carry their edge on the right (border-inline-start);
* what people typed keeps its own direction: an English message in an Arabic page is LTR and
  says lang="en"; an English name sits in its own <bdi>;
* every page passes check_page (axe, with lang and dir right; no sideways scroll at 360 and
  320 px; tap targets).

Dana and Sam are demo accounts other tests read in English: each test puts their language back.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.config import Config
from tests.e2e.ui import CASEWORKER, PARENT, choose_language, path_re, sign_in, words_in

SMALL = {"width": 320, "height": 740}


def rivera_home(page: Page) -> str:
    page.goto("/families")
    page.get_by_role("link", name="The Rivera family").click()
    expect(page).to_have_url(path_re(r"/families/\d+"))
    return re.search(r"/families/\d+", page.url).group(0)


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found, f"{locator} has no box"
    return found


def right_edge(locator) -> float:
    b = box(locator)
    return b["x"] + b["width"]


def in_arabic(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def test_dana_reads_arabic_right_to_left_at_320px(open_page, check):
    page = open_page("phone")
    page.set_viewport_size(SMALL)
    sign_in(page, PARENT)
    home = rivera_home(page)
    choose_language(page, "ar")
    try:
        dana_in_arabic(page, home, check)
    finally:
        page.set_viewport_size(SMALL)
        page.goto("/account")
        choose_language(page, "en")


def dana_in_arabic(page: Page, home: str, check) -> None:
    t = words_in("ar")
    in_arabic(page)
    width = page.viewport_size["width"]

    # The bottom bar, mirrored: its first area (Home) at the right edge, each next one to the
    # left of the one before.
    areas = page.locator(".site-nav__list > li")
    assert areas.count() >= 4
    lefts = [box(areas.nth(i))["x"] for i in range(areas.count())]
    assert lefts == sorted(lefts, reverse=True), f"bottom bar not right to left: {lefts}"
    assert abs(right_edge(areas.first) - width) <= 1, "the first area is not at the right edge"
    # The header: Hearth at the right, Sign out at the left; the person's own links at the left.
    brand, sign_out = page.locator(".brand"), page.locator(".site-header__sign-out button")
    assert box(brand)["x"] > box(sign_out)["x"], "the header is not mirrored"
    assert box(page.locator(".site-header__nav"))["x"] < width / 2
    check(page, "rtl-ar-01-family-home")

    # The thread: what Dana and Rosa wrote in English and Spanish keeps its own direction and
    # language; their names are isolated in the Arabic author line ("Dana — أم").
    page.locator("nav a[href$='/messages']").click()
    expect(page).to_have_url(path_re(r"/families/\d+/messages"))
    in_arabic(page)
    english = page.locator(".message__text[lang=en]").first
    expect(english).to_have_attribute("dir", "auto")
    assert english.evaluate("el => getComputedStyle(el).direction") == "ltr"
    expect(page.locator(".message__text[lang=es]").first).to_be_visible()
    expect(page.locator(".message__author bdi", has_text=re.compile(r"^Dana$")).first
           ).to_be_visible()
    # The box to write in follows what is typed: English in an Arabic page runs left to right.
    composer = page.locator("#composer textarea")
    composer.fill("نراكم يوم الثلاثاء")
    assert composer.evaluate("el => getComputedStyle(el).direction") == "rtl"
    composer.fill("See you on Tuesday")
    assert composer.evaluate("el => getComputedStyle(el).direction") == "ltr"
    composer.fill("")
    check(page, "rtl-ar-02-messages")

    # The calendar: "Earlier week" at the right, "Next week" to its left, arrows mirrored.
    page.goto(f"{home}/calendar")
    in_arabic(page)
    earlier = page.get_by_role("link", name=t("Earlier week"), exact=True)
    later = page.get_by_role("link", name=t("Next week"), exact=True)
    assert box(earlier)["x"] > box(later)["x"]
    for link, pseudo in ((earlier, "::before"), (later, "::after")):
        mirrored = link.evaluate(f"el => getComputedStyle(el, '{pseudo}').transform")
        assert mirrored == "matrix(-1, 0, 0, 1, 0, 0)", f"arrow {pseudo} not mirrored: {mirrored}"
    check(page, "rtl-ar-03-calendar-week")

    # The month: a grid from 40em, its first weekday the right-hand column; a list at 320 px.
    page.goto(f"{home}/calendar/month")
    in_arabic(page)
    page.set_viewport_size({"width": 768, "height": 900})
    weekdays = page.locator(".month__grid thead th")
    assert box(weekdays.first)["x"] > box(weekdays.last)["x"], "month grid not right to left"
    page.set_viewport_size(SMALL)
    check(page, "rtl-ar-04-calendar-month")


def test_sam_reads_the_queue_and_court_record_in_arabic_at_320px(open_page, check):
    page = open_page("phone")
    page.set_viewport_size(SMALL)
    sign_in(page, CASEWORKER)
    home = rivera_home(page)
    choose_language(page, "ar")
    try:
        sam_in_arabic(page, home, check)
    finally:
        page.set_viewport_size(SMALL)
        page.goto("/account")
        choose_language(page, "en")


def sam_in_arabic(page: Page, home: str, check) -> None:
    width = page.viewport_size["width"]
    # The review queue: a reported message's card has its red edge on the right.
    page.goto(f"{home}/queue")
    in_arabic(page)
    report = page.locator("article.queue-card--report").first
    expect(report).to_be_visible()
    edges = report.evaluate(
        "el => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]")
    assert edges == ["6px", "1px"], f"the report's edge is not at the inline start: {edges}"
    expect(report.locator("bdi").first).to_be_visible()  # "Shared by <bdi>Dana</bdi>, …"
    check(page, "rtl-ar-05-sam-queue")

    # The court record: each family time a card (below 48rem), its label at the right.
    page.goto(f"{home}/calendar/record")
    in_arabic(page)
    card = page.locator(".court-table tbody tr").first
    expect(card).to_be_visible()
    # The date (after its label, "التاريخ: ") is as wide as its words: the free space is at
    # its left only when the card reads from the right.
    date = card.locator("th a")
    free_left, free_right = box(date)["x"] - box(card)["x"], right_edge(card) - right_edge(date)
    assert free_left > free_right, f"the card does not read from the right: {free_left=}"
    missed = page.locator(".court-table__row--parent_did_not_come").first
    assert missed.evaluate("el => getComputedStyle(el).borderRightWidth") == "6px"
    check(page, "rtl-ar-06-sam-court-record")
    assert width == 320


SHIPPED = Config.LANGUAGES


@pytest.mark.parametrize("locale", [
    pytest.param(code, marks=pytest.mark.skipif(code not in SHIPPED, reason=f"{code} not shipped"))
    for code in ("zh_Hans", "vi", "so")
])
def test_a_family_home_in_chinese_vietnamese_and_somali_fits_320px(open_page, check, locale):
    """The family home has the bottom bar's six short labels (about 53 px each at 320 px): long
    Vietnamese and Somali words must wrap between words, Chinese between characters, and
    nothing may push the page wider."""
    page = open_page("phone")
    page.set_viewport_size(SMALL)
    sign_in(page, PARENT)
    rivera_home(page)
    choose_language(page, locale)
    try:
        expect(page.locator("html")).to_have_attribute("lang", locale.replace("_", "-"))
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        nav = page.locator(".site-nav__list a")
        for i in range(nav.count()):
            link = nav.nth(i)
            fits = link.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
            assert fits, f"bottom bar label {link.inner_text()!r} is wider than its area"
        check(page, f"narrow-{locale}-01-family-home")
    finally:
        page.goto("/account")
        choose_language(page, "en")
