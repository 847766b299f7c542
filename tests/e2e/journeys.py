"""The main story of the portal, driven through the pages like two people on two devices.

A caseworker creates a family and invites a parent; the parent, on their own phone, opens the
invitation, makes an account and waits; the caseworker approves; the parent sees the family,
switches to Spanish and signs out. The same journey runs with JavaScript on (the Approve button
swaps its row in place with htmx) and off (a plain form post and a new page).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from tests.e2e.checks import PROJECT_ROOT
from tests.e2e.ui import (
    CASEWORKER,
    choose_language,
    html_lang_problem,
    open_account,
    path_re,
    sign_in,
    sign_out,
)

SPANISH_CATALOG = PROJECT_ROOT / "translations" / "es" / "LC_MESSAGES"
CODE_PATTERN = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")
NEW_PASSWORD = "a long walk home"


@dataclass(frozen=True)
class NewFamily:
    tag: str  # prefixes every screenshot name of this journey
    family_name: str
    child_name: str
    parent_full_name: str
    parent_name: str
    parent_email: str


@dataclass
class JourneyResult:
    family_id: int
    invitation_code: str
    invitation_link: str  # the token in /join/<token>
    # Checks that do not stop the journey (e.g. the Spanish catalog, still being translated).
    soft_failures: list[str]


def catalog_hint() -> str:
    po, mo = SPANISH_CATALOG / "messages.po", SPANISH_CATALOG / "messages.mo"
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        return (" -- messages.mo is missing or older than messages.po: run "
                "`.venv/bin/pybabel compile -d translations` (or `make translations`)")
    return ""


def invite_join_approve(
    open_page: Callable[..., Page],
    check: Callable[[Page, str], object],
    new: NewFamily,
    *,
    caseworker_device: str = "phone",
    javascript: bool = True,
) -> JourneyResult:
    def step(page: Page, name: str) -> None:
        check(page, f"{new.tag}-{name}")

    soft_failures: list[str] = []

    # --- The caseworker signs in and creates the family ------------------------------------
    cw = open_page(caseworker_device, javascript=javascript)
    sign_in(cw, CASEWORKER)
    # A caseworker's home is their caseload: what waits in each family, and a new family.
    expect(cw).to_have_url(path_re("/caseload"))
    expect(cw.get_by_role("heading", level=1)).to_have_text("Your caseload")
    step(cw, "01-caseworker-caseload")

    cw.get_by_role("link", name="Create a family").click()
    expect(cw).to_have_url(path_re("/families/new"))
    expect(cw.get_by_role("heading", level=1)).to_have_text("Create a family")
    step(cw, "02-create-family-form")

    cw.get_by_label("Family name").fill(new.family_name)
    cw.get_by_label("Time zone").select_option("America/Chicago")
    cw.get_by_label("Child's first name").fill(new.child_name)
    cw.get_by_label("Birthday (optional)").fill("2018-06-15")
    cw.get_by_role("button", name="Create family").click()
    expect(cw).to_have_url(path_re(r"/families/\d+/people"))
    family_id = int(re.search(r"/families/(\d+)/people", cw.url).group(1))
    expect(cw.get_by_role("heading", level=1)).to_have_text(f"People in {new.family_name}")
    expect(cw.get_by_role("status")).to_contain_text("The family is created.")
    step(cw, "03-people-of-new-family")

    # --- The caseworker invites the parent -----------------------------------------------------
    cw.get_by_role("link", name="Invite someone").click()
    expect(cw).to_have_url(path_re(rf"/families/{family_id}/invitations/new"))
    expect(cw.get_by_role("heading", level=1)).to_have_text(f"Invite someone to {new.family_name}")
    step(cw, "04-invite-form")

    cw.get_by_label("Who is this invitation for?").fill(new.parent_full_name)
    cw.get_by_label("Role in the family").select_option("parent")
    cw.get_by_label("How the child knows them (optional)").fill("Mom")
    cw.get_by_role("button", name="Create invitation").click()
    # The code is the answer to the POST itself: nothing reads it back from the session later.
    expect(cw).to_have_url(path_re(rf"/families/{family_id}/invitations/new"))
    expect(cw.get_by_role("heading", level=1)).to_have_text(
        f"Invitation for {new.parent_full_name}"
    )
    code_element = cw.locator("#invitation-code")
    expect(code_element).to_have_text(CODE_PATTERN)
    code = code_element.inner_text().strip()
    # The link carries its own long token, not the code read out on the phone.
    link_element = cw.locator("#invitation-link")
    expect(link_element).to_have_text(re.compile(r"/join/[A-Za-z0-9_-]{22,}$"))
    link = link_element.inner_text().strip().rsplit("/join/", 1)[1]
    assert code.replace("-", "") not in link
    step(cw, "05-invitation-ready")

    # --- The parent, on another phone, opens the invitation and makes an account -------------
    parent = open_page("phone", javascript=javascript)
    parent.goto(f"/join/{link}")
    # The code is read once; the page the person stays on (and its history entry) has none.
    expect(parent).to_have_url(path_re("/join/accept"))
    expect(parent.get_by_role("heading", level=1)).to_have_text("Join your family")
    expect(parent.get_by_role("main")).to_contain_text(
        f"Sam invited you to join {new.family_name} on Hearth."
    )
    step(parent, "06-join-form")

    parent.get_by_label("Your full name").fill(new.parent_full_name)
    parent.get_by_label("The name you like to be called (optional)").fill(new.parent_name)
    parent.get_by_label("Email (optional)").fill(new.parent_email)
    parent.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    parent.get_by_label("Type the password again").fill(NEW_PASSWORD)
    parent.get_by_role("button", name="Join the family").click()
    expect(parent).to_have_url(path_re("/families"))
    waiting = parent.get_by_role("region", name="Waiting for approval")
    expect(waiting).to_be_visible()
    expect(waiting).to_contain_text(new.family_name)
    expect(parent.get_by_role("status")).to_contain_text("Your caseworker will check who you are")
    step(parent, "07-parent-waiting-for-approval")

    # Not approved yet: the family's page does not exist for them.
    response = parent.goto(f"/families/{family_id}")
    assert response is not None and response.status == 404, "a pending parent saw the family"
    parent.goto("/families")
    expect(waiting).to_be_visible()

    # --- The caseworker approves ------------------------------------------------------------
    cw.get_by_role("link", name="Back to people").click()
    expect(cw).to_have_url(path_re(rf"/families/{family_id}/people"))
    approve = cw.get_by_role("button", name=f"Approve {new.parent_name}")
    expect(approve).to_be_visible()
    step(cw, "08-people-with-pending-parent")

    approve.click()
    approved = f"{new.parent_name} is approved and can now see the family."
    expect(cw.get_by_text(approved)).to_be_visible()
    expect(approve).to_have_count(0)
    expect(cw.get_by_role("link", name=f"Pause {new.parent_name}")).to_be_visible()
    step(cw, "09-parent-approved")

    # --- The parent reloads and reaches the family ------------------------------------------
    parent.reload()
    expect(parent.get_by_role("region", name="Waiting for approval")).to_have_count(0)
    family_link = parent.get_by_role("link", name=new.family_name)
    expect(family_link).to_be_visible()
    step(parent, "10-parent-my-families")

    family_link.click()
    expect(parent).to_have_url(path_re(rf"/families/{family_id}"))
    expect(parent.get_by_role("heading", level=1)).to_have_text(new.family_name)
    expect(parent.get_by_role("region", name="Child")).to_contain_text(new.child_name)
    people = parent.get_by_role("region", name="People in this family")
    expect(people).to_contain_text(new.parent_name)
    expect(people).to_contain_text("Sam")
    step(parent, "11-parent-family-home")

    # --- Spanish, through the footer's language chooser --------------------------------------
    choose_language(parent, "es")
    expect(parent).to_have_url(path_re(rf"/families/{family_id}"))
    expect(parent.locator("footer select[name=locale]")).to_have_value("es")
    if problem := html_lang_problem(parent, "es"):
        soft_failures.append("After choosing Español in the footer: " + problem)
    step(parent, "12-parent-family-home-spanish")
    nav = parent.get_by_role("navigation")
    english_left = [
        text for text in ("Family", "My families", "Account")
        if nav.get_by_text(text, exact=True).count()
    ]
    if english_left:
        soft_failures.append(
            f"After choosing Español the main navigation still reads in English: {english_left}"
            f" (no Spanish msgstr in translations/es/LC_MESSAGES/messages.po?){catalog_hint()}"
        )
    if parent.get_by_role("heading", level=2, name="People in this family").count():
        soft_failures.append(
            "After choosing Español the family page heading 'People in this family' is English"
        )

    # --- The parent signs out (from the Account page) ---------------------------------------
    open_account(parent)
    if problem := html_lang_problem(parent, "es"):
        soft_failures.append("On the Account page in Spanish: " + problem)
    step(parent, "13-parent-account-spanish")
    sign_out(parent, from_account_page=True)
    if problem := html_lang_problem(parent, "es"):  # the choice outlives the session (cookie)
        soft_failures.append("After signing out in Spanish: " + problem)
    step(parent, "14-parent-signed-out")
    response = parent.goto(f"/families/{family_id}")
    assert response is not None and response.status == 404, "signed out, yet the family showed"

    return JourneyResult(family_id=family_id, invitation_code=code,
                         invitation_link=link, soft_failures=soft_failures)
