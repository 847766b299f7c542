"""About me at phone size: a parent updates the bedtime routine; Rosa, who reads Spanish, finds
it on the family home and on the about page, with the earlier version still readable.

Runs with JavaScript on and off; every page goes through check_page. Each run writes its own
words, so the demo's other pages stay as the other tests expect them.
"""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.ui import CASEWORKER, KIN_CAREGIVER, PARENT, path_re, resume_session, sign_in


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_parent_writes_bedtime_and_rosa_reads_it_in_spanish(open_page, check, javascript):
    tag = f"phone-about-{'js' if javascript else 'nojs'}"
    words = f"Bath at 7, two books, Conejo, and the song about the moon ({uuid.uuid4().hex[:6]})."

    dana = open_page("phone", javascript=javascript)
    resume_session(dana, PARENT)
    expect(heading(dana)).to_have_text("The Rivera family")
    nav = dana.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="About me", exact=True).click()
    expect(heading(dana)).to_have_text("About me")  # Mia and Leo: one card each
    check(dana, f"{tag}-01-children")
    dana.get_by_role("link", name="About Mia").click()
    expect(heading(dana)).to_have_text("About Mia")
    check(dana, f"{tag}-02-about-mia")
    dana.get_by_role("link", name=re.compile(r"^Update\W+Sleep and bedtime$")).click()
    expect(heading(dana)).to_have_text("Sleep and bedtime")
    field = dana.get_by_label("What helps Mia fall asleep?")
    expect(field).to_contain_text("Conejo")  # starts from what is written now
    check(dana, f"{tag}-03-write-bedtime")
    field.fill("")
    dana.get_by_role("button", name="Save").click()
    expect(dana.get_by_role("alert")).to_contain_text("Please fix what is marked below.")
    check(dana, f"{tag}-04-write-bedtime-errors")
    dana.get_by_label("What helps Mia fall asleep?").fill(words)
    dana.get_by_role("button", name="Save").click()
    expect(dana).to_have_url(path_re(r"/families/\d+/children/\d+/about"))
    expect(dana.get_by_text("Saved. The family can read it now.")).to_be_visible()
    expect(dana.locator("#section-bedtime")).to_contain_text(words)
    check(dana, f"{tag}-05-saved")

    rosa = open_page("phone", javascript=javascript)
    resume_session(rosa, KIN_CAREGIVER)
    expect(rosa.locator("html")).to_have_attribute("lang", "es")
    new = rosa.get_by_role("region", name="Nuevo desde su última visita")
    expect(new).to_contain_text("Sueño y hora de dormir, sobre Mia")
    check(rosa, f"{tag}-06-rosa-home-new")
    new.get_by_role("link", name="Sueño y hora de dormir, sobre Mia").click()
    expect(heading(rosa)).to_have_text("Sobre Mia")
    expect(rosa.locator("#section-bedtime")).to_contain_text(words)
    expect(rosa.locator("#section-bedtime")).to_contain_text("Escrito por Dana")
    check(rosa, f"{tag}-07-rosa-about-mia")
    rosa.get_by_role(
        "link", name=re.compile(r"^Versiones anteriores\W+Sueño y hora de dormir$")).click()
    expect(heading(rosa)).to_have_text("Versiones anteriores")
    expect(rosa.get_by_role("main")).to_contain_text("a glass of water")  # Marcus's, earlier
    check(rosa, f"{tag}-08-rosa-earlier-versions")
    rosa_nav = rosa.get_by_role("navigation", name="Menú principal")
    rosa_nav.get_by_role("link", name="Familia", exact=True).click()
    expect(rosa.get_by_role("main")).not_to_contain_text("Sueño y hora de dormir, sobre Mia")
    check(rosa, f"{tag}-09-rosa-home-seen")


def test_the_caseworker_sees_a_waiting_change_with_approve_in_place(open_page, check):
    """Nguyen is reviewed: Chris's change waits. Sam finds the queue from the home and the change
    on the about page with Approve and Do not share; he opens the reason form but changes
    nothing."""
    sam = open_page("phone")
    resume_session(sam, CASEWORKER)
    sam.get_by_role("link", name="The Nguyen family", exact=True).click()
    # Waiting things are the caseworker's work, not their news: the home links to the queue
    # (app/moderation/news.py), and "New since you last looked" leaves them out.
    expect(sam.get_by_role("link", name="What waits for your review")).to_be_visible()
    check(sam, "phone-about-caseworker-01-nguyen-home")
    sam.get_by_role("navigation", name="Main").get_by_role("link", name="About me").click()
    expect(heading(sam)).to_have_text("About An")  # one child: straight to her sections
    meals = sam.locator("#section-meals")
    expect(meals).to_contain_text("rice with every meal")
    expect(meals.get_by_role("button", name=re.compile(r"^Approve\W+Meals$"))).to_be_visible()
    check(sam, "phone-about-caseworker-02-about-an")
    meals.get_by_role("link", name=re.compile(r"^Do not share\W+Meals$")).click()
    expect(heading(sam)).to_have_text("Do not share this change")
    sam.get_by_role("button", name="Confirm").click()  # no reason: nothing changes
    expect(sam.get_by_role("alert")).to_contain_text("Please fix what is marked below.")
    check(sam, "phone-about-caseworker-03-decline-errors")
    sam.get_by_role("link", name="Go back").click()
    expect(sam.locator("#section-meals")).to_contain_text("Waiting for your review")

    chris = open_page("phone")
    sign_in(chris, "chris@demo.hearth.example")
    chris.get_by_role("navigation", name="Main").get_by_role("link", name="About me").click()
    expect(chris.locator("#section-meals")).to_contain_text(
        "Waiting for review. Only you and the caseworker can see it.")
    check(chris, "phone-about-author-04-waiting")
