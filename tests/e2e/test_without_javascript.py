"""The main journeys with JavaScript off: every page is a plain HTML form; htmx only enhances."""

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import NewFamily, invite_join_approve
from tests.e2e.ui import PARENT, path_re, sign_in, sign_out


def test_sign_in_and_see_family_home_without_javascript(open_page, check):
    page = open_page("phone", javascript=False)
    page.goto("/")
    check(page, "nojs-01-welcome")
    sign_in(page, PARENT)
    # One active family and no other: "/" sends the parent straight to its home.
    expect(page).to_have_url(path_re(r"/families/\d+"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The Rivera family")
    expect(page.get_by_role("region", name="Children")).to_contain_text("Mia")
    check(page, "nojs-02-parent-family-home")
    sign_out(page)
    check(page, "nojs-03-signed-out")


def test_invite_join_approve_without_javascript(open_page, check):
    new = NewFamily(
        tag="nojs-journey", family_name="The Kowalski family", child_name="Zosia",
        parent_full_name="Marta Kowalski", parent_name="Marta",
        parent_email="marta.kowalski@example.org",
    )
    result = invite_join_approve(open_page, check, new, javascript=False)
    if result.soft_failures:
        pytest.fail("\n".join(result.soft_failures))
