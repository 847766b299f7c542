"""Each demo role signs in and visits its main pages; check_page runs on every one of them.

These tests only look: they open forms (and submit empty ones to see the error state) but change
nothing, so the demo data stays as app/demo.py made it (Linh stays waiting for approval).
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.ui import (
    ADMIN,
    CASEWORKER,
    KIN_CAREGIVER,
    PARENT,
    PENDING_PARENT,
    choose_language,
    html_lang_problem,
    path_re,
    resume_session,
    sign_in,
    words_in,
)

DEVICES = ["phone", "desktop"]


def heading(page):
    return page.get_by_role("heading", level=1)


def nav_link(page, name):
    return page.get_by_role("navigation").get_by_role("link", name=name, exact=True)


@pytest.mark.parametrize("device", DEVICES)
def test_caseworker_pages(open_page, check, device):
    page = open_page(device)
    tag = f"{device}-caseworker"
    sign_in(page, CASEWORKER)
    expect(page).to_have_url(path_re("/caseload"))
    expect(heading(page)).to_have_text("Your caseload")
    expect(page.get_by_role("link", name="Create a family")).to_be_visible()
    check(page, f"{tag}-01-caseload")
    page.get_by_role("link", name="Review everything, oldest first").click()
    expect(heading(page)).to_have_text("To review in all your families")
    check(page, f"{tag}-01-review-queue")
    page.goto("/families")
    expect(heading(page)).to_have_text("My families")

    page.get_by_role("link", name="The Rivera family", exact=True).click()
    expect(heading(page)).to_have_text("The Rivera family")
    expect(page.get_by_role("link", name="Add a child")).to_be_visible()
    check(page, f"{tag}-02-rivera-home")

    nav_link(page, "People").click()
    expect(page).to_have_url(path_re(r"/families/\d+/people"))
    expect(heading(page)).to_have_text("People in The Rivera family")
    check(page, f"{tag}-03-rivera-people")

    page.get_by_role("link", name="Family record").click()
    expect(page).to_have_url(path_re(r"/families/\d+/record"))
    expect(heading(page)).to_have_text("Family record")
    check(page, f"{tag}-03b-rivera-record")
    nav_link(page, "People").click()
    expect(heading(page)).to_have_text("People in The Rivera family")

    page.get_by_role("link", name="Pause Dana").click()
    expect(heading(page)).to_have_text("Pause Dana")
    check(page, f"{tag}-04-pause-form")
    page.get_by_role("button", name="Pause this person").click()  # no reason given
    expect(page.get_by_role("alert")).to_contain_text("Please fix what is marked below.")
    expect(page.get_by_label("Reason")).to_have_attribute("aria-invalid", "true")
    check(page, f"{tag}-05-pause-form-errors")
    page.get_by_role("link", name="Go back").click()
    expect(heading(page)).to_have_text("People in The Rivera family")

    page.get_by_role("link", name="Invite someone").click()
    expect(heading(page)).to_have_text("Invite someone to The Rivera family")
    page.get_by_role("button", name="Create invitation").click()  # nothing filled in
    expect(page.get_by_role("alert")).to_contain_text("Please fix what is marked below.")
    check(page, f"{tag}-06-invite-form-errors")

    nav_link(page, "Family").click()
    page.get_by_role("link", name="Add a child").click()
    expect(heading(page)).to_have_text("Add a child")
    check(page, f"{tag}-07-add-child-form")

    nav_link(page, "My families").click()
    page.get_by_role("link", name="The Nguyen family", exact=True).click()
    expect(heading(page)).to_have_text("The Nguyen family")
    waiting = page.get_by_role("link", name="1 person is waiting for your approval")
    expect(waiting).to_be_visible()
    check(page, f"{tag}-08-nguyen-home-with-waiting-notice")

    waiting.click()
    expect(heading(page)).to_have_text("People in The Nguyen family")
    expect(page.get_by_role("button", name="Approve Linh")).to_be_visible()
    check(page, f"{tag}-09-nguyen-people-pending")

    page.get_by_role("link", name="Do not approve").click()
    expect(heading(page)).to_have_text("Do not approve Linh")
    check(page, f"{tag}-10-decline-form")

    nav_link(page, "Account").click()
    expect(heading(page)).to_have_text("Your account")
    check(page, f"{tag}-11-account")

    page.get_by_role("link", name="Change your password").click()
    expect(heading(page)).to_have_text("Change your password")
    check(page, f"{tag}-12-change-password")

    nav_link(page, "My families").click()
    page.get_by_role("link", name="Create a family").click()
    page.get_by_role("button", name="Create family").click()  # nothing filled in
    expect(page.get_by_role("alert")).to_contain_text("Please fix what is marked below.")
    check(page, f"{tag}-13-create-family-errors")


def test_parent_pages(open_page, check):
    page = open_page("phone")
    sign_in(page, PARENT)
    # Dana is in one family only, so the portal opens it straight away.
    expect(page).to_have_url(path_re(r"/families/\d+"))
    expect(heading(page)).to_have_text("The Rivera family")
    expect(page.get_by_role("region", name="Children")).to_contain_text("Leo")
    expect(nav_link(page, "People")).to_have_count(0)
    expect(page.get_by_role("link", name="Add a child")).to_have_count(0)
    check(page, "phone-parent-01-family-home")
    family_url = page.url

    nav_link(page, "My families").click()
    expect(heading(page)).to_have_text("My families")
    check(page, "phone-parent-02-my-families")

    nav_link(page, "Account").click()
    expect(heading(page)).to_have_text("Your account")
    check(page, "phone-parent-03-account")

    page.get_by_role("link", name="Change your password").click()
    page.get_by_role("button", name="Change password").click()  # nothing filled in
    expect(page.get_by_role("alert")).to_contain_text("Please fix what is marked below.")
    check(page, "phone-parent-04-change-password-errors")

    response = page.goto(family_url + "/people")  # a caseworker's page
    assert response is not None and response.status == 403
    expect(heading(page)).to_have_text("You cannot do this here")
    check(page, "phone-parent-05-forbidden")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_kin_caregiver_reads_spanish(open_page, check, javascript):
    """Rosa chose Spanish: after signing in, every page of hers is Spanish, <html lang> included."""
    tag = f"phone-kin-{'js' if javascript else 'nojs'}"
    page = open_page("phone", javascript=javascript)
    sign_in(page, KIN_CAREGIVER)
    expect(page).to_have_url(path_re(r"/families/\d+"))
    expect(heading(page)).to_have_text("The Rivera family")
    problems = [problem] if (problem := html_lang_problem(page, "es")) else []
    check(page, f"{tag}-01-family-home")

    page.reload()  # a full page load, whatever htmx did
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(nav_link(page, "My families")).to_have_count(0)  # the Spanish nav, not the English
    check(page, f"{tag}-02-family-home-reloaded")
    if problems:
        pytest.fail("Signing in (the portal switches to the account's language):\n"
                    + "\n".join(problems))


def test_pending_parent_pages(open_page, check):
    page = open_page("phone")
    sign_in(page, PENDING_PARENT)
    expect(page).to_have_url(path_re("/families"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")  # her account's language
    waiting = page.get_by_role("region", name=words_in(PENDING_PARENT.locale)(
        "Waiting for approval"))
    expect(waiting).to_contain_text("The Nguyen family")
    expect(page.get_by_role("link", name="The Nguyen family", exact=True)).to_have_count(0)
    check(page, "phone-pending-parent-01-waiting")


@pytest.mark.parametrize("device", DEVICES)
def test_admin_pages(open_page, check, device):
    page = open_page(device)
    tag = f"{device}-admin"
    sign_in(page, ADMIN)
    expect(page).to_have_url(path_re("/admin"))  # an admin without families starts there
    nav_link(page, "My families").click()
    expect(page).to_have_url(path_re("/families"))
    check(page, f"{tag}-01-my-families")

    nav_link(page, "Admin").click()
    expect(page).to_have_url(path_re("/admin"))
    expect(heading(page)).to_have_text("Caseworkers and staff")
    expect(page.get_by_role("main")).to_contain_text("sam@demo.hearth.example")
    check(page, f"{tag}-02-staff")

    page.get_by_role("link", name="Create a caseworker").click()
    expect(heading(page)).to_have_text("Create a caseworker")
    check(page, f"{tag}-03-new-caseworker-form")
    page.get_by_role("button", name="Create caseworker").click()  # nothing filled in
    expect(page.get_by_role("alert")).to_contain_text("Please fix what is marked below.")
    check(page, f"{tag}-04-new-caseworker-errors")

    nav_link(page, "Admin").click()
    page.get_by_label("Find an account").fill("rivera")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(heading(page)).to_have_text("Find an account")
    check(page, f"{tag}-04b-find-account")
    page.get_by_role("link", name="Dana Rivera").click()
    expect(heading(page)).to_have_text("Dana Rivera")
    check(page, f"{tag}-04c-person")
    page.get_by_role("link", name="Turn off this account").click()
    page.get_by_role("button", name="Turn off this account").click()  # no reason: nothing changes
    expect(page.get_by_role("alert")).to_contain_text("Please fix what is marked below.")
    check(page, f"{tag}-04d-turn-off-errors")
    nav_link(page, "Admin").click()
    page.get_by_role("link", name="Sign everyone out").click()
    expect(heading(page)).to_have_text("Sign everyone out")  # only the confirm step: not pressed
    check(page, f"{tag}-04e-sign-everyone-out-confirm")

    # The other confirm steps of the person page; none is pressed.
    nav_link(page, "Admin").click()
    page.get_by_role("link", name="Samantha Lee").click()
    expect(page.get_by_role("main")).to_contain_text("Caseworker")
    page.get_by_role("link", name="Sign Sam out").click()
    expect(heading(page)).to_have_text("Sign Sam out")
    check(page, f"{tag}-04f-sign-one-person-out-confirm")
    page.get_by_role("link", name="Go back").click()
    page.get_by_role("link", name="Help Sam set a new password").click()
    expect(heading(page)).to_have_text("Help Sam set a new password")
    check(page, f"{tag}-04g-staff-password-code-confirm")

    nav_link(page, "Account").click()
    expect(heading(page)).to_have_text("Your account")
    check(page, f"{tag}-05-account")


def test_admin_pages_in_spanish(open_page, check):
    """Spanish runs about a third longer: the admin's new pages at phone size, then back."""
    page = open_page("phone")
    sign_in(page, ADMIN)
    nav_link(page, "Admin").click()
    choose_language(page, "es")
    try:
        expect(heading(page)).to_have_text("Trabajadores sociales y personal")
        check(page, "phone-admin-es-01-staff")
        page.get_by_role("link", name="Samantha Lee").click()
        expect(page.get_by_role("main")).to_contain_text("Trabajador(a) social")
        check(page, "phone-admin-es-02-person")
        page.get_by_role("link", name="Desactivar esta cuenta").click()
        page.get_by_role("button", name="Desactivar esta cuenta").click()  # no reason
        expect(page.get_by_role("alert")).to_contain_text("Corrija lo que está marcado abajo.")
        check(page, "phone-admin-es-03-turn-off-errors")
        nav_link(page, "Administración").click()
        page.get_by_role("link", name="Cerrar la sesión de todos").click()
        expect(heading(page)).to_have_text("Cerrar la sesión de todos")
        check(page, "phone-admin-es-04-sign-everyone-out-confirm")
    finally:
        page.goto("/account")
        choose_language(page, "en")  # the admin's language is kept on the account


@pytest.mark.parametrize("locale", ["en", "es"])
def test_caseworker_made_by_an_admin_chooses_a_password_first(open_page, check, locale):
    """Until they choose their own password, every page sends a new caseworker to do it."""
    email = f"jordan.{locale}@demo.hearth.example"
    first_password = "first password from the admin 7"
    admin = open_page("phone")
    resume_session(admin, ADMIN)
    nav_link(admin, "Admin").click()
    admin.get_by_role("link", name="Create a caseworker").click()
    admin.get_by_label("Full name").fill("Jordan Reyes")
    admin.get_by_label("Name they like to be called").fill("Jordan")
    admin.get_by_label("Work email").fill(email)
    admin.get_by_label("First password").fill(first_password)
    admin.get_by_role("button", name="Create caseworker").click()
    expect(admin.get_by_role("status")).to_contain_text(
        "They will choose their own password when they first sign in."
    )

    page = open_page("phone")
    sign_in(page, email, first_password)
    expect(page).to_have_url(path_re("/account/password"))
    if locale == "es":
        choose_language(page, "es")
        title, notice = "Cambie su contraseña", "Antes de seguir, elija su propia contraseña."
    else:
        title, notice = "Change your password", "Please choose your own password before you go on."
    expect(heading(page)).to_have_text(title)
    expect(page.get_by_role("main")).to_contain_text(notice)
    check(page, f"phone-first-password-{locale}-01-asked")

    page.goto("/families")  # any other page: back to the password, with the same words
    expect(page).to_have_url(path_re("/account/password"))
    expect(page.get_by_role("main")).to_contain_text(notice)

    page.locator("#current_password").fill(first_password)
    page.locator("#password").fill("Jordan Reyes")  # their own name: refused
    page.locator("#confirm").fill("Jordan Reyes")
    page.locator("main form [type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check(page, f"phone-first-password-{locale}-02-too-easy")

    page.locator("#current_password").fill(first_password)
    page.locator("#password").fill("seven green herons at dawn")
    page.locator("#confirm").fill("seven green herons at dawn")
    page.locator("main form [type=submit]").click()
    expect(page).not_to_have_url(path_re("/account/password"))
    page.goto("/families")
    expect(page).to_have_url(path_re("/families"))
