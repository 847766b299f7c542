"""Events on phones: Rosa (in Spanish) adds a school event, Dana answers "I'll be there", and
Rosa sees it; again with JavaScript off; Chris's event in the reviewed Nguyen family waits for
Sam, who approves it in place. Every page goes through check_page.

Each test adds its own events (titles carry the test's tag), so the demo's events stay as they are.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.ui import (
    CASEWORKER,
    KIN_CAREGIVER,
    NGUYEN,
    PARENT,
    RIVERA,
    DemoAccount,
    family_today,
    resume_session,
    sign_in,
)

RESOURCE_PARENT_NGUYEN = DemoAccount("chris@demo.hearth.example", "Chris")


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def open_events(page: Page) -> None:
    """The nav's Calendar shows family time and events; the events list is one tap further."""
    page.locator("nav a[href$='/calendar']").click()
    page.locator("main a[href$='/events']").click()


def rivera_id(page: Page) -> str:
    page.goto("/families")
    page.get_by_role("link", name="The Rivera family", exact=True).click()
    return page.url.rstrip("/").split("/")[-1]


def add_event_in_spanish(rosa: Page, title: str, check, tag: str) -> None:
    open_events(rosa)
    expect(heading(rosa)).to_have_text("Eventos")
    expect(rosa.locator("#events")).to_contain_text("Winter school play")
    check(rosa, f"{tag}-01-rosa-events-es")
    rosa.get_by_role("link", name="Agregar un evento").click()
    expect(heading(rosa)).to_have_text("Agregar un evento")
    # An empty form first: every problem said in her language, nothing saved.
    rosa.get_by_role("button", name="Guardar evento").click()
    expect(rosa.get_by_role("alert")).to_contain_text("Corrija lo que está marcado abajo.")
    expect(rosa.locator("#children-error")).to_have_text("Elija al menos un niño o niña.")
    check(rosa, f"{tag}-02-rosa-new-event-errors-es")
    rosa.get_by_label("¿Qué es?").fill(title)
    rosa.get_by_label("Tipo de evento").select_option("school_performance")
    rosa.get_by_label("Mia").check()
    rosa.get_by_label("Fecha").fill((family_today(RIVERA) + timedelta(days=4)).isoformat())
    rosa.get_by_label("Empieza a las").fill("18:00")
    rosa.get_by_label("Termina a las (opcional)").fill("19:00")
    rosa.get_by_label("Dónde (opcional)").fill("Lincoln Elementary, gym")
    rosa.get_by_label("Enlace de la videollamada (opcional)").fill("http://meet.example.org/x")
    rosa.get_by_role("button", name="Guardar evento").click()
    expect(rosa.locator("#video_link-error")).to_contain_text("https://")
    rosa.get_by_label("Enlace de la videollamada (opcional)").fill("https://meet.example.org/x")
    rosa.get_by_role("button", name="Guardar evento").click()
    expect(heading(rosa)).to_have_text(title)
    expect(rosa.get_by_role("status")).to_contain_text("El evento está agregado.")
    expect(rosa.locator("main")).to_contain_text("18:00 a 19:00")  # Los Angeles time
    check(rosa, f"{tag}-03-rosa-event-page-es")


def answer_going(dana: Page, title: str, check, tag: str, javascript: bool) -> None:
    open_events(dana)
    expect(heading(dana)).to_have_text("Events")
    dana.get_by_role("link", name=title).click()
    expect(heading(dana)).to_have_text(title)
    check(dana, f"{tag}-04-dana-event-page")
    dana.get_by_role("button", name="I'll be there").click()
    answers = dana.locator("#answers")
    if javascript:
        expect(answers.get_by_role("status")).to_have_text("Your answer is saved.")
    else:
        expect(dana.locator(".flashes")).to_contain_text("Your answer is saved.")
    expect(dana.get_by_role("button", name="I'll be there")).to_have_attribute(
        "aria-pressed", "true")
    expect(answers.locator("h3", has_text="Coming (1)")).to_be_visible()
    expect(answers.locator("ul").first).to_contain_text("Dana")
    check(dana, f"{tag}-05-dana-answered")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_rosa_adds_a_school_event_and_dana_is_coming(open_page, check, javascript):
    tag = "events-" + ("js" if javascript else "nojs")
    title = f"Christmas play ({tag})"
    rosa = open_page("phone", javascript=javascript)
    resume_session(rosa, KIN_CAREGIVER)
    family_id = rivera_id(rosa)
    add_event_in_spanish(rosa, title, check, tag)

    dana = open_page("phone", javascript=javascript)
    resume_session(dana, PARENT)
    answer_going(dana, title, check, tag, javascript)

    # Past events, newest first, for the record of the month.
    dana.goto(f"/families/{family_id}/events/past")
    expect(dana.locator("#events")).to_contain_text("Soccer practice")
    check(dana, f"{tag}-06-dana-past-events")

    rosa.reload()
    answers = rosa.locator("#answers")
    expect(answers.locator("h3", has_text="Irán (1)")).to_be_visible()
    expect(answers.locator("ul").first).to_contain_text("Dana")
    check(rosa, f"{tag}-07-rosa-sees-dana-coming-es")


def test_chris_event_waits_for_sam_who_approves_it(open_page, check):
    chris = open_page("phone")
    sign_in(chris, RESOURCE_PARENT_NGUYEN)
    open_events(chris)
    expect(chris.locator("#events")).to_contain_text("Waiting for review")
    chris.get_by_role("link", name="Add an event").click()
    expect(chris.locator("main")).to_contain_text("Your caseworker looks at new events first.")
    chris.get_by_label("What is it?").fill("Doctor checkup (e2e)")
    chris.get_by_label("Kind of event").select_option("medical_appointment")
    chris.get_by_label("Date").fill((family_today(NGUYEN) + timedelta(days=3)).isoformat())
    chris.get_by_label("All day").check()
    chris.get_by_role("button", name="Save event").click()  # An is ticked: the only child
    expect(heading(chris)).to_have_text("Doctor checkup (e2e)")
    expect(chris.locator("main")).to_contain_text("Waiting for review")
    expect(chris.locator("#answers")).to_contain_text("People can answer once the event is shared.")
    check(chris, "events-review-01-chris-waiting")
    event_url = chris.url

    sam = open_page("phone")
    resume_session(sam, CASEWORKER)
    # On the list, each waiting event carries Approve and "Do not share" where it appears.
    sam.goto(event_url.rsplit("/", 1)[0])
    card = sam.locator("#events > li", has_text="Doctor checkup (e2e)")
    expect(card).to_contain_text("Waiting for review")
    expect(card.get_by_role("button", name="Approve")).to_be_visible()
    check(sam, "events-review-02a-sam-list")
    sam.goto(event_url)
    expect(sam.locator("main")).to_contain_text("Waiting for review")
    sam.locator("main summary", has_text="Do not share").click()
    expect(sam.get_by_label("Reason")).to_be_visible()
    check(sam, "events-review-02-sam-reviews")
    sam.get_by_role("button", name="Approve").click()
    expect(sam.get_by_role("status")).to_contain_text("The event is approved.")
    expect(sam.locator("main")).not_to_contain_text("Waiting for review")
    expect(sam.get_by_role("button", name="I'll be there")).to_be_visible()
    check(sam, "events-review-03-sam-approved")

    chris.reload()
    expect(chris.locator("main")).not_to_contain_text("Waiting for review")
    chris.get_by_role("button", name="Maybe").click()
    expect(chris.locator("#answers").locator("h3", has_text="Maybe (1)")).to_be_visible()
