"""Joining and the caseworker's People page, with people on their own phones.

A caseworker invites a kin caregiver (the role list's own choice) and a dad; both join. The
People page shows who each invitation was for; a second caseworker device declines the dad
while the first still shows him waiting, so its Approve answers that his status changed. The dad
reads why, in English and Spanish, with a way to use a new code. The kin caregiver, approved and
reading Spanish, types a code for the family she is already in and is sent to it. Restoring her
after a pause asks first. Everything runs in a family made here, so the demo data stays as is.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.journeys import CODE_PATTERN, NEW_PASSWORD
from tests.e2e.ui import CASEWORKER, choose_language, path_re, sign_in

FAMILY = "The Silva family"


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def create_family(cw: Page) -> int:
    cw.get_by_role("link", name="Create a family").click()
    cw.get_by_label("Family name").fill(FAMILY)
    cw.get_by_label("Time zone").select_option("America/Chicago")
    cw.get_by_label("Child's first name").fill("Lucía")
    cw.get_by_role("button", name="Create family").click()
    expect(cw).to_have_url(path_re(r"/families/\d+/people"))
    return int(re.search(r"/families/(\d+)/people", cw.url).group(1))


def invite(cw: Page, family_id: int, name: str, role: str, label: str = "",
           check=None) -> tuple[str, str]:
    cw.goto(f"/families/{family_id}/invitations/new")
    cw.get_by_label("Who is this invitation for?").fill(name)
    cw.get_by_label("Role in the family").select_option(role)
    cw.get_by_label("How the child knows them (optional)").fill(label)
    if check:
        check(cw, "people-01-invite-kin-caregiver")
    cw.get_by_role("button", name="Create invitation").click()
    code = cw.locator("#invitation-code")
    expect(code).to_have_text(CODE_PATTERN)
    link = cw.locator("#invitation-link").inner_text().strip().rsplit("/join/", 1)[1]
    return code.inner_text().strip(), link  # the code to type, the link's token to open


JOIN_FORM = {  # the join form's words in each language a test joins in
    "en": ("Your full name", "The name you like to be called (optional)", "Email (optional)",
           "Password", "Type the password again", "Join the family"),
    "es": ("Su nombre completo", "Cómo le gusta que le llamen (opcional)",
           "Correo electrónico (opcional)", "Contraseña", "Escriba la contraseña otra vez",
           "Unirse a la familia"),
}
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def join(page: Page, link: str, full_name: str, name: str, email: str, locale: str = "en"):
    """Open the invitation link, tap one's language in the row above the form (as a reader of
    Spanish would, before anything else), and join in that language."""
    page.goto(f"/join/{link}")
    expect(page).to_have_url(path_re("/join/accept"))
    if locale != "en":
        page.locator(".language-choice").get_by_role("button", name=LANGUAGE_NAMES[locale]).click()
        expect(page.locator("html")).to_have_attribute("lang", locale)
        expect(page).to_have_url(path_re("/join/accept"))
    full, called, mail, password, again, submit = JOIN_FORM[locale]
    page.get_by_label(full).fill(full_name)
    page.get_by_label(called).fill(name)
    page.get_by_label(mail).fill(email)
    page.get_by_label(password, exact=True).fill(NEW_PASSWORD)
    page.get_by_label(again).fill(NEW_PASSWORD)
    page.get_by_role("button", name=submit).click()
    expect(page).to_have_url(path_re("/families"))


def assert_facts_readable(page: Page) -> None:
    """At 320 px every value of a label/value list gets the list's full width (label above it).

    check_page cannot see this: a value squeezed into a narrow grid column ("Until you restore
    them" one letter per line) overflows nothing, it is only unreadable.
    """
    page.set_viewport_size({"width": 320, "height": 844})
    try:
        widths = page.locator("main .facts").first.evaluate(
            """dl => [...dl.querySelectorAll('dd')].map(dd => [dd.textContent.trim(),
                   Math.round(dd.getBoundingClientRect().width),
                   Math.round(dl.getBoundingClientRect().width)])"""
        )
    finally:
        page.set_viewport_size({"width": 390, "height": 844})
    assert widths
    squeezed = [(text, w, full) for text, w, full in widths if w < 0.9 * full]
    assert not squeezed, f"values narrower than their list at 320 px: {squeezed}"


def row_of(page: Page, text: str):
    return page.locator("#people > li", has_text=text)


def test_joining_confirming_declining_and_restoring(open_page, check):
    cw = open_page("phone")
    sign_in(cw, CASEWORKER)
    family_id = create_family(cw)
    people_url = f"/families/{family_id}/people"

    _code, link_ana = invite(cw, family_id, "Ana Silva", "kin_caregiver", "Tía Ana", check=check)
    _code, link_beto = invite(cw, family_id, "Roberto Silva", "parent", "Dad")

    ana, beto = open_page("phone"), open_page("phone")
    join(ana, link_ana, "Ana María Silva", "Ana", "ana.silva@example.org", locale="es")
    join(beto, link_beto, "Beto Silva", "Beto", "beto.silva@example.org")

    # --- Who is waiting: the name on the invitation beside the name they typed ------------
    cw.goto(people_url)
    ana_row = row_of(cw, "ana.silva@example.org")
    expect(ana_row).to_contain_text("Invitation was for")
    expect(ana_row).to_contain_text("Ana Silva")
    expect(ana_row).to_contain_text("Kin caregiver")
    expect(ana_row).to_contain_text("Tía Ana")
    expect(row_of(cw, "beto.silva@example.org")).to_contain_text("Roberto Silva")
    check(cw, "people-02-two-waiting")

    # --- Another caseworker device declines Beto while this page still offers Approve ------
    cw2 = open_page("desktop")
    sign_in(cw2, CASEWORKER)
    cw2.goto(people_url)
    row_of(cw2, "beto.silva@example.org").get_by_role("link", name="Do not approve").click()
    cw2.get_by_label("Reason").fill("We could not reach you to confirm who you are.")
    cw2.get_by_role("button", name="Confirm").click()
    expect(cw2).to_have_url(path_re(people_url))

    cw.get_by_role("button", name="Approve Beto").click()
    beto_row = row_of(cw, "Beto")
    expect(beto_row).to_contain_text(
        "This person's status has changed. Here is how things are now."
    )
    expect(beto_row).to_contain_text("Not approved")
    expect(cw.get_by_role("button", name="Approve Beto")).to_have_count(0)
    check(cw, "people-03-approve-after-another-declined")

    # --- Beto reads why, and can use a new code -------------------------------------------
    beto.reload()
    declined = beto.get_by_role("region", name="Not approved")
    expect(declined).to_contain_text(f"Your caseworker did not approve you for {FAMILY}.")
    expect(declined).to_contain_text("We could not reach you to confirm who you are.")
    expect(declined).to_contain_text("please talk to your caseworker")
    expect(beto.get_by_role("link", name="I have an invitation code")).to_be_visible()
    check(beto, "people-04-not-approved")
    choose_language(beto, "es")
    declined = beto.get_by_role("region", name="No se aprobó")
    expect(declined).to_contain_text(f"Su trabajador(a) social no aprobó su acceso a {FAMILY}.")
    expect(declined).to_contain_text("We could not reach you to confirm who you are.")
    expect(beto.get_by_role("link", name="Tengo un código de invitación")).to_be_visible()
    check(beto, "people-05-not-approved-spanish")

    # --- Ana, approved, types a code for the family she is in: she is sent to it -----------
    cw.get_by_role("button", name="Approve Ana").click()
    expect(cw.get_by_role("link", name="Pause Ana")).to_be_visible()
    code_other, _link = invite(cw, family_id, "Someone else", "parent_partner")
    ana.goto("/families")
    ana.get_by_role("link", name="Tengo un código de invitación").click()
    ana.get_by_label("Código de invitación").fill(code_other)
    ana.get_by_role("button", name="Continuar").click()
    expect(ana).to_have_url(path_re("/join/accept"))
    expect(heading(ana)).to_have_text("Usted ya está en esta familia")
    go = ana.locator(f"main a[href='/families/{family_id}']")
    expect(go).to_have_text(f"Ir a {FAMILY}")
    check(ana, "people-06-already-in-the-family-spanish")
    go.click()
    expect(heading(ana)).to_have_text(FAMILY)

    # --- Restoring a pause asks first -----------------------------------------------------
    cw.goto(people_url)
    cw.get_by_role("link", name="Pause Ana").click()
    cw.get_by_label("Reason").fill("No-contact order until the hearing")
    cw.get_by_role("button", name="Pause this person").click()
    cw.get_by_role("link", name="Restore Ana").click()
    expect(heading(cw)).to_have_text("Restore Ana?")
    expect(cw.get_by_role("main")).to_contain_text("No-contact order until the hearing")
    expect(row_of(cw, "Ana")).to_have_count(0)  # a page of its own: nothing restored yet
    check(cw, "people-07-restore-asks-first")
    assert_facts_readable(cw)
    cw.get_by_role("button", name="Yes, restore Ana").click()
    expect(cw).to_have_url(path_re(people_url))
    expect(cw.get_by_role("status")).to_contain_text("Ana can see the family again.")
    expect(cw.get_by_role("link", name="Pause Ana")).to_be_visible()

    # --- The pause form in Spanish, its error state at phone size ----------------------------
    # (its long button, "Pausar el acceso de esta persona", once pushed the page past 320 px)
    cw.goto(people_url)
    choose_language(cw, "es")
    try:
        cw.get_by_role("link", name="Pausar el acceso de Ana").click()
        cw.get_by_role("button", name="Pausar el acceso de esta persona").click()  # no reason
        expect(cw.get_by_role("alert")).to_contain_text("Corrija lo que está marcado abajo.")
        check(cw, "people-08-pause-errors-spanish")
    finally:
        cw.goto(people_url)
        choose_language(cw, "en")  # the caseworker's language is kept on the account
