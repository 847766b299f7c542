"""The message thread on phones: Dana and Rosa (in Spanish), each on her own phone, write to
each other and each sees the other's message within the poll interval; again with JavaScript
off (a plain form post and a page load). Every page goes through check_page.

Each test writes its own messages (they carry the test's tag), so the demo thread stays readable.
"""

from __future__ import annotations

import time
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.server import MESSAGE_POLL_SECONDS as POLL_SECONDS  # the live server's
from tests.e2e.ui import KIN_CAREGIVER, PARENT, resume_session

# A poll interval, and time for its request and swap on a busy machine.
WITHIN_POLL_MS = (POLL_SECONDS + 2) * 1000


def open_thread(page: Page, heading: str) -> None:
    page.locator("nav a[href$='/messages']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#thread-latest .thread, .thread").first).to_be_visible()


def write(page: Page, label: str, button: str, text: str) -> None:
    page.get_by_label(label, exact=True).fill(text)
    page.get_by_role("button", name=button, exact=True).click()


def test_two_people_see_each_others_messages_within_the_poll_interval(open_page, check):
    tag = uuid.uuid4().hex[:6]
    dana, rosa = open_page("phone"), open_page("phone")
    resume_session(dana, PARENT)
    resume_session(rosa, KIN_CAREGIVER)
    dana.goto("/families")
    dana.get_by_role("link", name="The Rivera family", exact=True).click()
    rosa.goto("/families")
    rosa.get_by_role("link", name="The Rivera family", exact=True).click()
    open_thread(dana, "Messages")
    open_thread(rosa, "Mensajes")
    check(dana, "messages-01-dana-thread")
    check(rosa, "messages-02-rosa-thread-es")

    # No glossary word here: a marked word carries its hidden meaning in the text content.
    # (tests/e2e/test_messages_glossary.py taps such words.)
    hello = f"See you Tuesday at the park! [{tag}]"
    write(dana, "Your message", "Send", hello)
    expect(dana.locator("#thread-latest")).to_contain_text(hello)  # in place, no page load
    expect(dana.get_by_label("Your message", exact=True)).to_have_value("")
    sent_at = time.monotonic()
    expect(rosa.locator("#thread-latest")).to_contain_text(hello, timeout=WITHIN_POLL_MS)
    assert time.monotonic() - sent_at <= WITHIN_POLL_MS / 1000
    expect(rosa.locator("#thread-latest li", has_text=hello)).to_contain_text("Dana — Mom")

    reply = f"¡Allí estaremos! Mia lleva sus dibujos. [{tag}]"
    write(rosa, "Su mensaje", "Enviar", reply)
    expect(rosa.locator("#thread-latest")).to_contain_text(reply)
    expect(dana.locator("#thread-latest")).to_contain_text(reply, timeout=WITHIN_POLL_MS)
    expect(dana.locator("#thread-latest li", has_text=reply)).to_contain_text(
        "Rosa — Abuela Rosa")
    # Rosa read Dana's message, and Dana's thread says so at a following poll.
    expect(dana.locator("#thread-latest li", has_text=hello)).to_contain_text(
        "Seen by", timeout=2 * WITHIN_POLL_MS)
    check(dana, "messages-03-dana-after-reply")


def test_sending_and_reading_without_javascript(open_page, check):
    tag = uuid.uuid4().hex[:6]
    dana = open_page("phone", javascript=False)
    resume_session(dana, PARENT)
    dana.goto("/families")
    dana.get_by_role("link", name="The Rivera family", exact=True).click()
    open_thread(dana, "Messages")
    dana.get_by_role("button", name="Send", exact=True).click()
    expect(dana.get_by_role("alert")).to_contain_text("Please fix what is marked below.")
    expect(dana.locator("main")).to_contain_text("Please write a message first.")
    check(dana, "messages-04-dana-empty-nojs")
    text = f"Running late, there in 10 minutes. [{tag}]"
    write(dana, "Your message", "Send", text)
    expect(dana).to_have_url(__import__("re").compile(r"/messages#m\d+$"))
    expect(dana.locator(".thread")).to_contain_text(text)
    check(dana, "messages-05-dana-sent-nojs")

    rosa = open_page("phone", javascript=False)
    resume_session(rosa, KIN_CAREGIVER)
    rosa.goto("/families")
    rosa.get_by_role("link", name="The Rivera family", exact=True).click()
    expect(rosa.locator("nav a[href$='/messages']")).to_contain_text("sin leer")
    open_thread(rosa, "Mensajes")
    expect(rosa.locator(".thread li", has_text=text)).to_contain_text("Dana — Mom")
    expect(rosa.locator("nav a[href$='/messages']")).not_to_contain_text("sin leer")
    check(rosa, "messages-06-rosa-reads-nojs-es")


class PollCounter:
    """Count the ticks of the open thread's poll from now on, those messages.js holds back
    (while a message is being corrected) included: each tick is an htmx:beforeRequest on
    #thread-poll. wait_for_more(n) waits for n more ticks than had happened when it is called
    (at most n poll intervals and a margin), so a test waits for the polls themselves."""

    def __init__(self, page: Page) -> None:
        self.page = page
        page.evaluate("""() => {
          window.__hearthPolls = 0;
          document.addEventListener("htmx:beforeRequest", (event) => {
            if (event.detail && event.detail.elt && event.detail.elt.id === "thread-poll") {
              window.__hearthPolls += 1;
            }
          });
        }""")

    def wait_for_more(self, n: int) -> None:
        start = self.page.evaluate("() => window.__hearthPolls")
        self.page.wait_for_function("target => window.__hearthPolls >= target", arg=start + n,
                                    timeout=n * POLL_SECONDS * 1000 + WITHIN_POLL_MS)


def rivera_thread(page: Page, account, heading: str) -> None:
    resume_session(page, account)
    page.goto("/families")
    page.get_by_role("link", name="The Rivera family", exact=True).click()
    open_thread(page, heading)


def test_correct_take_back_and_report_in_place_while_the_thread_polls(open_page, check):
    tag = uuid.uuid4().hex[:6]
    dana, rosa = open_page("phone"), open_page("phone")
    rivera_thread(dana, PARENT, "Messages")
    rivera_thread(rosa, KIN_CAREGIVER, "Mensajes")
    typo = f"Pick up at 5 pm [{tag}]"
    write(dana, "Your message", "Send", typo)
    mine = dana.locator("#thread-latest li", has_text=typo)
    mine.get_by_role("link", name="Correct").click()
    box = dana.locator("#thread-latest .message--editing textarea")
    expect(box).to_have_value(typo)
    box.fill(f"Pick up at 5:30 pm [{tag}]")
    # Rosa writes meanwhile; Dana's open correction survives the polls that follow.
    polls = PollCounter(dana)
    write(rosa, "Su mensaje", "Enviar", f"Muy bien [{tag}]")
    expect(rosa.locator("#thread-latest")).to_contain_text(f"Muy bien [{tag}]")  # it is sent
    polls.wait_for_more(2)
    expect(box).to_have_value(f"Pick up at 5:30 pm [{tag}]")
    check(dana, "messages-07-dana-correcting")
    dana.get_by_role("button", name="Save the correction").click()
    fixed = dana.locator("#thread-latest li", has_text=f"5:30 pm [{tag}]")
    expect(fixed).to_contain_text("Your correction is saved.")
    expect(fixed).to_contain_text("edited")
    expect(dana.locator("#thread-latest")).to_contain_text(f"Muy bien [{tag}]",
                                                           timeout=WITHIN_POLL_MS)
    expect(rosa.locator("#thread-latest")).to_contain_text(f"5:30 pm [{tag}]",
                                                           timeout=WITHIN_POLL_MS)

    regret = f"Never mind, forget it [{tag}]"
    write(dana, "Your message", "Send", regret)
    expect(rosa.locator("#thread-latest")).to_contain_text(regret, timeout=WITHIN_POLL_MS)
    dana.locator("#thread-latest li", has_text=regret).get_by_role(
        "link", name="Take back").click()
    check(dana, "messages-08-dana-take-back")
    dana.get_by_role("button", name="Take it back").click()
    expect(dana.locator("#thread-latest")).to_contain_text("Your message is taken back.")
    expect(dana.locator("#thread-latest")).not_to_contain_text(regret)
    expect(rosa.locator("#thread-latest")).not_to_contain_text(regret, timeout=WITHIN_POLL_MS)
    expect(rosa.locator("#thread-latest")).to_contain_text("Dana retiró un mensaje.")

    fixed_for_rosa = rosa.locator("#thread-latest li", has_text=f"5:30 pm [{tag}]")
    fixed_for_rosa.get_by_role("link", name="Avisar").click()
    rosa.get_by_label("¿Qué le preocupa de este mensaje?").fill("Es una prueba.")
    check(rosa, "messages-09-rosa-report-es")
    rosa.get_by_role("button", name="Enviar a mi trabajador(a) social").click()
    expect(rosa.locator("#thread-latest li", has_text=f"5:30 pm [{tag}]")).to_contain_text(
        "Usted avisó sobre este mensaje.")


def test_the_caseworker_approves_a_waiting_message_in_the_thread(open_page, check):
    from tests.e2e.ui import CASEWORKER

    sam = open_page("phone")
    resume_session(sam, CASEWORKER)
    sam.goto("/families")
    sam.get_by_role("link", name="The Nguyen family", exact=True).click()
    sam.locator("nav a[href$='/messages']").click()
    waiting = sam.locator(".thread li", has_text="permission slip")
    expect(waiting).to_contain_text("Waiting for your review")
    check(sam, "messages-10-sam-review")
    waiting.get_by_role("button", name="Approve").click()
    expect(sam.locator(".flashes")).to_contain_text("The message is approved.")
    expect(sam.locator(".thread li", has_text="permission slip")).not_to_contain_text(
        "Waiting for your review")


def test_show_older_messages_in_place_and_as_a_plain_link(open_page, check):
    from tests.e2e.ui import DemoAccount

    marcus = DemoAccount("marcus@demo.hearth.example", "Marcus")
    tag = uuid.uuid4().hex[:6]
    page = open_page("phone")
    rivera_thread(page, marcus, "Messages")
    for n in range(6):  # the demo has 21: now more than a page (25), whatever ran before
        write(page, "Your message", "Send", f"Note {n} [{tag}]")
        expect(page.locator("#thread-latest")).to_contain_text(f"Note {n} [{tag}]")
    page.reload()
    first = "I updated the case plan"  # the demo's first message, weeks ago
    expect(page.locator("#thread-latest")).not_to_contain_text(first)
    older = page.get_by_role("link", name="Show older messages")
    pages = 0
    while older.count():
        older.click()
        pages += 1
        expect(page.locator(".thread-older .thread")).to_have_count(pages)
    expect(page.locator(".thread-older")).to_contain_text(first)
    assert page.url.endswith("/messages")  # loaded in place
    check(page, "messages-11-older-in-place")

    plain = open_page("phone", javascript=False)
    rivera_thread(plain, marcus, "Messages")
    plain.get_by_role("link", name="Show older messages").click()
    expect(plain).to_have_url(__import__("re").compile(r"/messages\?before=\d+$"))
    expect(plain.get_by_role("link", name="Go to the newest messages")).to_be_visible()
    check(plain, "messages-12-older-page-nojs")


def test_words_typed_while_a_message_is_on_its_way_are_kept(open_page):
    # On a slow connection the answer can take seconds; the box it brings back is empty, and
    # whatever was typed meanwhile would be lost. The send is held until more is typed.
    tag = uuid.uuid4().hex[:6]
    dana = open_page("phone")
    resume_session(dana, PARENT)
    dana.goto("/families")
    dana.get_by_role("link", name="The Rivera family", exact=True).click()
    open_thread(dana, "Messages")
    held = []

    def hold_the_send(route):
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    dana.route("**/families/*/messages", hold_the_send)
    first = f"Running late today [{tag}]"
    write(dana, "Your message", "Send", first)
    box = dana.get_by_label("Your message", exact=True)
    for _ in range(50):
        if held:
            break
        dana.wait_for_timeout(100)
    assert held, "the message was not sent"
    box.press("End")
    box.press_sequentially(" and then the bus")
    held[0].continue_()
    expect(dana.locator("#thread-latest")).to_contain_text(first)
    expect(box).to_have_value("and then the bus")
    dana.unroute("**/families/*/messages")
