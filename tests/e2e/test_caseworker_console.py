"""The caseworker's console at phone size (issue 17): in a reviewed family the parent sends a
message and a photo; the caseworker approves the message and declines the photo with a reason,
from the family's review queue; the resource parent sees only the message; the parent reads the
reason on their photo; the caseworker opens the family (with a reason) and the parent's next
message reaches the resource parent at once. In English, with the parent in Spanish, and with
JavaScript off.

Each run builds its own family through the pages (Sam creates it, invites a parent and a resource
parent, both join, Sam approves them), so no demo family changes and nothing needs restoring:
a new family starts `reviewed`. Texts carry the run's tag and no glossary word (a marked word
carries its hidden meaning in the text content).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.journeys import CODE_PATTERN, NEW_PASSWORD
from tests.e2e.server import MESSAGE_POLL_SECONDS as POLL_SECONDS  # the live server's
from tests.e2e.test_photos import jpeg, share, tile
from tests.e2e.ui import CASEWORKER, choose_language, path_re, resume_session

# A poll interval, and time for its request and swap on a busy machine.
WITHIN_POLL_MS = (POLL_SECONDS + 2) * 1000

# What the parent reads, in their language (translations/es/LC_MESSAGES/messages.po).
PARENT_WORDS = {
    "en": {
        "message_label": "Your message", "send": "Send",
        "reviewed": "Your caseworker reads messages before they are shared.",
        "open": "Messages are shared right away. Your caseworker can still read them.",
        "message_waits": "Waiting for your caseworker to read it.",
        "photo_waits": "Waiting for review",
        "not_shared": "Not shared: {reason}",
    },
    "es": {
        "message_label": "Su mensaje", "send": "Enviar",
        "reviewed": "Su trabajador(a) social lee los mensajes antes de que se compartan.",
        "open": "Los mensajes se comparten enseguida. Su trabajador(a) social también puede "
                "leerlos.",
        "message_waits": "Esperando a que su trabajador(a) social lo lea.",
        "photo_waits": "Esperando revisión",
        "not_shared": "No compartido: {reason}",
    },
}


@dataclass
class Family:
    id: int
    name: str
    sam: Page
    parent: Page
    carer: Page  # the resource parent

    @property
    def home(self) -> str:
        return f"/families/{self.id}"


def invite(sam: Page, family_id: int, full_name: str, role: str, relationship: str) -> str:
    sam.goto(f"/families/{family_id}/people")
    sam.get_by_role("link", name="Invite someone").click()
    sam.get_by_label("Who is this invitation for?").fill(full_name)
    sam.get_by_label("Role in the family").select_option(role)
    sam.get_by_label("How the child knows them (optional)").fill(relationship)
    sam.get_by_role("button", name="Create invitation").click()
    expect(sam.locator("#invitation-code")).to_have_text(CODE_PATTERN)
    return sam.locator("#invitation-link").inner_text().strip().rsplit("/join/", 1)[1]


def join(page: Page, link: str, full_name: str, name: str, email: str) -> None:
    page.goto(f"/join/{link}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Join your family")
    page.get_by_label("Your full name").fill(full_name)
    page.get_by_label("The name you like to be called (optional)").fill(name)
    page.get_by_label("Email (optional)").fill(email)
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Join the family").click()
    expect(page.get_by_role("region", name="Waiting for approval")).to_be_visible()


def new_family(open_page, run: str, javascript: bool) -> Family:
    """Sam's new family with an approved parent (Lena) and resource parent (Joy)."""
    name = f"The Okafor family {run}"
    sam = open_page("phone", javascript=javascript)
    resume_session(sam, CASEWORKER)
    sam.goto("/families/new")
    sam.get_by_label("Family name").fill(name)
    sam.get_by_label("Time zone").select_option("America/Chicago")
    sam.get_by_label("Child's first name").fill("Tobi")
    sam.get_by_role("button", name="Create family").click()
    expect(sam).to_have_url(path_re(r"/families/\d+/people"))
    family_id = int(re.search(r"/families/(\d+)/people", sam.url).group(1))

    parent = open_page("phone", javascript=javascript)
    join(parent, invite(sam, family_id, "Lena Okafor", "parent", "Mom"),
         "Lena Okafor", "Lena", f"lena.{run}@example.org")
    carer = open_page("phone", javascript=javascript)
    join(carer, invite(sam, family_id, "Joy Adams", "resource_parent", "Foster mom"),
         "Joy Adams", "Joy", f"joy.{run}@example.org")

    sam.goto(f"/families/{family_id}/people")
    for person in ("Lena", "Joy"):
        sam.get_by_role("button", name=f"Approve {person}").click()
        expect(sam.get_by_text(f"{person} is approved and can now see the family.")).to_be_visible()
    return Family(family_id, name, sam, parent, carer)


def open_messages(page: Page) -> None:
    page.locator("nav a[href$='/messages']").click()
    expect(page).to_have_url(path_re(r"/families/\d+/messages"))


def open_photos(page: Page) -> None:
    page.locator("nav a[href$='/photos']").click()
    expect(page).to_have_url(path_re(r"/families/\d+/photos"))


def write(page: Page, words: dict, text: str) -> None:
    page.get_by_label(words["message_label"], exact=True).fill(text)
    page.get_by_role("button", name=words["send"], exact=True).click()
    expect(page.locator(".thread li", has_text=text)).to_be_visible()


def queue_card(sam: Page, text: str):
    return sam.locator("article.queue-card", has_text=text)


VARIANTS = [
    pytest.param("en", True, id="en-js"),
    pytest.param("es", True, id="parent-es-js"),
    pytest.param("en", False, id="en-no-js"),
]


@pytest.mark.parametrize(("locale", "javascript"), VARIANTS)
def test_review_queue_then_open_family(open_page, check, locale, javascript):
    run = uuid.uuid4().hex[:6]
    tag = f"console-{locale}-{'js' if javascript else 'nojs'}"
    words = PARENT_WORDS[locale]
    family = new_family(open_page, run, javascript)
    sam, parent, carer = family.sam, family.parent, family.carer

    # --- The parent (in their language) shares a message and a photo; both wait -------------
    parent.goto(family.home)
    if locale != "en":
        choose_language(parent, locale)
    expect(parent.locator("main .review-notice")).to_have_text(words["reviewed"])
    first = f"Tobi loved the new soccer cleats [{run}]"
    caption = f"Tobi at the lake {run}"
    open_messages(parent)
    write(parent, words, first)
    expect(parent.locator(".thread li", has_text=first)).to_contain_text(words["message_waits"])
    check(parent, f"{tag}-01-parent-message-waits")
    open_photos(parent)
    share(parent, [jpeg("teal")], caption)
    expect(tile(parent, caption).locator(".status--pending")).to_have_text(words["photo_waits"])

    # The resource parent sees neither yet.
    carer.goto(family.home)
    open_messages(carer)
    expect(carer.locator("main")).not_to_contain_text(first)

    # --- Sam answers both from the family's queue --------------------------------------------
    sam.goto(family.home)
    sam.get_by_role("link", name="What waits for your review").click()
    expect(sam).to_have_url(path_re(rf"/families/{family.id}/queue"))
    expect(sam.get_by_role("heading", level=1)).to_have_text(f"To review in {family.name}")
    expect(queue_card(sam, first)).to_be_visible()
    expect(queue_card(sam, caption).locator(f"img[alt='{caption}']")).to_be_visible()
    check(sam, f"{tag}-02-sam-queue")

    queue_card(sam, first).get_by_role("button", name=re.compile(r"^Approve")).click()
    expect(sam.get_by_role("status").filter(has_text="Shared with the family.")).to_be_visible()
    expect(queue_card(sam, first)).to_have_count(0)

    reason = f"It shows the name of the school [{run}]"
    photo = queue_card(sam, caption)
    photo.locator("summary", has_text="Do not share").click()
    photo.get_by_label("Reason").fill(reason)
    check(sam, f"{tag}-03-sam-decline-reason-open")
    photo.get_by_role("button", name="Do not share", exact=True).click()
    expect(sam.get_by_role("status").filter(
        has_text="Not shared. The person who shared it can read your reason.")).to_be_visible()
    expect(queue_card(sam, caption)).to_have_count(0)
    expect(sam.locator("main")).to_contain_text("Nothing waits for you. Thank you!"
                                                if not javascript else "Not shared.")
    check(sam, f"{tag}-04-sam-queue-answered")

    # --- The resource parent sees the message, never the photo --------------------------------
    carer.reload()
    expect(carer.locator(".thread li", has_text=first)).to_contain_text("Lena")
    check(carer, f"{tag}-05-carer-sees-message")
    open_photos(carer)
    expect(carer.locator(f"img[alt='{caption}']")).to_have_count(0)
    expect(carer.locator("main")).not_to_contain_text(caption)
    carer.goto(family.home)
    expect(carer.locator("main")).not_to_contain_text(caption)

    # --- The parent reads the reason on their photo; their message is shared -----------------
    parent.reload()
    expect(tile(parent, caption).locator(".status--declined")).to_have_text(
        words["not_shared"].format(reason=reason))
    check(parent, f"{tag}-06-parent-reads-reason")
    open_messages(parent)
    expect(parent.locator(".thread li", has_text=first)).not_to_contain_text(
        words["message_waits"])

    # --- Sam opens the family, with a reason ---------------------------------------------------
    sam.goto(family.home)
    sam.get_by_role("link", name="Change how sharing works").click()
    expect(sam.get_by_role("heading", level=1)).to_have_text("How sharing works")
    sam.get_by_role("button", name="Save").click()  # the family already works this way
    expect(sam.get_by_role("alert")).to_contain_text("Please fix what is marked below.")
    check(sam, f"{tag}-07-sam-review-level-errors")
    sam.get_by_label(re.compile(r"^Open: things are shared right away")).check()
    sam.get_by_label("Reason").fill(f"Lena and Joy talk well together [{run}]")
    sam.get_by_role("button", name="Save").click()
    expect(sam).to_have_url(path_re(rf"/families/{family.id}"))
    expect(sam.get_by_role("status")).to_contain_text(
        "Done. Things the family shares now go out right away.")

    # --- The parent's next message reaches the resource parent at once ------------------------
    carer.goto(family.home)
    open_messages(carer)
    parent.goto(family.home)
    expect(parent.locator("main .review-notice")).to_have_text(words["open"])
    open_messages(parent)
    second = f"Thank you for the pictures of the lake [{run}]"
    write(parent, words, second)
    expect(parent.locator(".thread li", has_text=second)).not_to_contain_text(
        words["message_waits"])
    if javascript:  # the open thread shows it at its next poll, without a reload
        expect(carer.locator(".thread li", has_text=second)).to_be_visible(
            timeout=WITHIN_POLL_MS)
    else:
        carer.reload()
        expect(carer.locator(".thread li", has_text=second)).to_be_visible()
    check(carer, f"{tag}-08-carer-sees-next-message")
