"""A person who forgot their password gets back in with a code from their caseworker.

Three phones: the person's old one (still signed in, say left at a relative's), the caseworker's,
and the one the person uses now. The caseworker makes a code from the People page; the person
types it at "Forgot your password?" with a new password and lands signed in; the old phone is
signed out. It runs with JavaScript on and off, on two demo people so each run starts from the
demo password. The code must never travel in a URL (where access logs and history keep it).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.journeys import CODE_PATTERN
from tests.e2e.ui import (
    CASEWORKER,
    DEMO_PASSWORD,
    SIGN_IN_PATH,
    DemoAccount,
    account_link,
    path_re,
    resume_session,
    sign_in,
)

MARCUS = DemoAccount("marcus@demo.hearth.example", "Marcus")
CHRIS = DemoAccount("chris@demo.hearth.example", "Chris")
NEW_PASSWORD = "blue kites over the bay"


def remember_urls(page: Page, urls: list[str]) -> None:
    page.on("request", lambda request: urls.append(request.url))


@pytest.mark.parametrize(
    ("javascript", "person", "family_name"),
    [
        pytest.param(True, MARCUS, "The Rivera family", id="with-javascript"),
        pytest.param(False, CHRIS, "The Nguyen family", id="without-javascript"),
    ],
)
def test_forgotten_password_back_in_with_a_caseworkers_code(open_page, check, javascript, person,
                                                          family_name):
    tag = "recovery" if javascript else "nojs-recovery"
    urls: list[str] = []

    # --- The person's old phone is still signed in ----------------------------------------------
    old_phone = open_page("phone", javascript=javascript)
    sign_in(old_phone, person)

    # --- The caseworker makes a code from the People page ----------------------------------------
    cw = open_page("phone", javascript=javascript)
    remember_urls(cw, urls)
    resume_session(cw, CASEWORKER)
    cw.get_by_role("link", name=family_name, exact=True).click()
    cw.get_by_role("navigation").get_by_role("link", name="People", exact=True).click()
    expect(cw.get_by_role("heading", level=1)).to_have_text(f"People in {family_name}")
    help_link = cw.get_by_role("link", name=f"Help {person.name} set a new password")
    expect(help_link).to_be_visible()
    check(cw, f"{tag}-01-people")

    help_link.click()
    expect(cw.get_by_role("heading", level=1)).to_have_text(
        f"Help {person.name} set a new password")
    check(cw, f"{tag}-02-confirm")

    cw.get_by_role("button", name=f"Make a code for {person.name}").click()
    expect(cw.get_by_role("heading", level=1)).to_have_text(f"Code for {person.name}")
    code_element = cw.locator("#reset-code")
    expect(code_element).to_have_text(CODE_PATTERN)
    code = code_element.inner_text().strip()
    expect(cw.locator("#reset-sign-in-name")).to_have_text(person.identifier)
    expect(cw.locator("#reset-instructions")).to_contain_text(
        "Go to Hearth, tap Forgot your password, and type this code. It works once, until")
    check(cw, f"{tag}-03-code-shown-once")

    # --- The person, on the phone they have now, sets a new password -----------------------------
    phone = open_page("phone", javascript=javascript)
    remember_urls(phone, urls)
    phone.goto("/sign-in")
    check(phone, f"{tag}-04-sign-in")
    phone.get_by_role("link", name="Forgot your password?").click()
    expect(phone).to_have_url(path_re("/forgot-password"))
    expect(phone.get_by_role("main")).to_contain_text("Ask your caseworker for a code")
    check(phone, f"{tag}-05-forgot-password")

    # A mistyped code first: one plain message; the name stays, the code and passwords go.
    phone.get_by_label("Email or username").fill(person.identifier)
    phone.get_by_label("Code", exact=True).fill("AAAA-BBBB-CCCC")
    phone.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    phone.get_by_label("Type the password again").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Set my new password").click()
    expect(phone.get_by_role("alert")).to_contain_text(
        "This code does not work with that email or username.")
    expect(phone.get_by_label("Email or username")).to_have_value(person.identifier)
    expect(phone.get_by_label("Code", exact=True)).to_have_value("")
    expect(phone.get_by_label("New password", exact=True)).to_have_value("")
    check(phone, f"{tag}-06-wrong-code")

    phone.get_by_label("Code", exact=True).fill(code.lower())
    phone.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    phone.get_by_label("Type the password again").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Set my new password").click()
    expect(phone.get_by_role("status")).to_contain_text(
        "Your password is changed. You are signed out everywhere else.")
    expect(account_link(phone)).to_be_visible()
    check(phone, f"{tag}-07-signed-in-again")

    # --- The old phone is signed out; the new password works, the old one does not --------------
    old_phone.reload()
    expect(old_phone).to_have_url(SIGN_IN_PATH)
    expect(old_phone.get_by_role("status")).to_contain_text("You were signed out")
    expect(account_link(old_phone)).to_have_count(0)
    check(old_phone, f"{tag}-08-old-phone-signed-out")

    old_phone.get_by_label("Email or username").fill(person.identifier)
    old_phone.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    old_phone.get_by_role("button", name="Sign in").click()
    expect(old_phone.get_by_text("That email or username and password do not match.")
           ).to_be_visible()
    sign_in(old_phone, person, password=NEW_PASSWORD)

    # --- The code never travelled in a URL -------------------------------------------------------
    assert urls, "no requests were seen"
    loose = re.compile(re.escape(code).replace("\\-", "[- ]?"), re.IGNORECASE)
    assert not [url for url in urls if loose.search(url)], "the code appeared in a URL"
