"""What a person does in the portal, as small steps: sign in, sign out, choose a language.

Every step goes through the page (typing and tapping), never by posting forms directly, and
waits with Playwright's auto-retrying `expect`, so it works with JavaScript on or off.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect

from tests.e2e.checks import PROJECT_ROOT, context_info

DEMO_PASSWORD = "hearth demo 2026"  # app/demo.py


@dataclass(frozen=True)
class DemoAccount:
    identifier: str
    name: str  # the name the portal shows (preferred name)
    locale: str = "en"


CASEWORKER = DemoAccount("sam@demo.hearth.example", "Sam")
PARENT = DemoAccount("dana@demo.hearth.example", "Dana")
KIN_CAREGIVER = DemoAccount("rosa", "Rosa", locale="es")
PENDING_PARENT = DemoAccount("linh", "Linh", locale="vi")  # reads Vietnamese
ADMIN = DemoAccount("admin@demo.hearth.example", "Alex Admin")

RIVERA = "America/Los_Angeles"  # the demo families' time zones (app/demo.py)
NGUYEN = "America/Chicago"


def family_today(time_zone: str) -> date:
    """Today where the family lives: the calendar's "today". The machine's date (UTC) is a
    day ahead for hours each evening, which once moved a request past "next week"."""
    return datetime.now(ZoneInfo(time_zone)).date()


SIGN_IN_PATH = re.compile(r"/sign-in(\?.*)?$")


def path_re(pattern: str) -> re.Pattern:
    """A URL regex for a path on the server under test (any host, optional query)."""
    return re.compile(r"^https?://[^/]+" + pattern + r"(\?.*)?$")


def sign_in(page: Page, account: DemoAccount | str, password: str = DEMO_PASSWORD) -> None:
    identifier = account.identifier if isinstance(account, DemoAccount) else account
    page.goto("/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email or username").fill(identifier)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(SIGN_IN_PATH)
    expect(account_link(page)).to_be_visible()


# Sessions that resume_session signed in through the form earlier in this pytest worker (one
# worker, one server): the context's cookies, by (sign-in name, device). A session is kept per
# device because the server ties it to the browser (Flask-Login's session protection).
_SAVED_SESSIONS: dict[tuple[str, str], list] = {}


def resume_session(page: Page, account: DemoAccount) -> None:
    """Be signed in as `account`, landing on its home page, as sign_in leaves a person.

    For the tests that are not about signing in: the first call per person and device in a
    worker signs in through the form (sign_in) and keeps the context's cookies; later calls give
    a new context those cookies, like Playwright's storage_state. If the session has ended since
    (another test signed that person out everywhere, changed their password, or the idle limit
    passed), the server sends the page to sign in, and this signs in through the form again.

    Tests that sign a person out, change their password, or choose a language (it is kept on
    the account) use sign_in instead: they get a session of their own.
    """
    key = (account.identifier, context_info(page).device.name)
    cookies = _SAVED_SESSIONS.get(key)
    if cookies:
        page.context.add_cookies(cookies)
        page.goto("/")  # the page sign_in lands on: the person's home
        if not SIGN_IN_PATH.search(page.url):
            expect(account_link(page)).to_be_visible()
            # The landing may have renewed the cookie (its "last seen" time): keep the new one.
            _SAVED_SESSIONS[key] = page.context.cookies()
            return
    sign_in(page, account)
    _SAVED_SESSIONS[key] = page.context.cookies()


# Found by their addresses, not their words: they must work in every language.
def account_link(page: Page):
    return page.locator("nav a[href$='/account']")


def sign_out_button(page: Page):
    """The one on the Account page, which says what signing out does."""
    return page.locator("main form[action$='/sign-out'] button[type=submit]")


def header_sign_out_button(page: Page):
    """The one in the header of every signed-in page."""
    return page.locator("header form[action$='/sign-out'] button[type=submit]")


def open_account(page: Page) -> None:
    account_link(page).click()
    expect(page).to_have_url(path_re("/account"))
    expect(sign_out_button(page)).to_be_visible()


def sign_out(page: Page, *, from_account_page: bool = False) -> None:
    """Sign out with the header's button, or with the one on the Account page (already open)."""
    button = sign_out_button(page) if from_account_page else header_sign_out_button(page)
    expect(button).to_be_visible()
    button.click()
    expect(page).to_have_url(SIGN_IN_PATH)
    expect(page.locator("input[name=identifier]")).to_be_visible()
    expect(account_link(page)).to_have_count(0)


def choose_language(page: Page, code: str) -> None:
    """Use the footer's language chooser (it sends you back to the page you were on).

    Waits until the page was re-rendered by the server: the new footer marks `code` as the
    `selected` option (choosing it in the select only changes the property, not the attribute).
    Whether <html lang> follows is for the caller to check (it did not while pages were
    swapped by htmx's hx-boost, which is why the app no longer boosts).
    """
    url_before = page.url
    footer = page.locator("footer")
    footer.locator("select[name=locale]").select_option(code)
    footer.locator("button[type=submit]").click()
    expect(footer.locator(f"option[value={code}]")).to_have_attribute("selected", "")
    expect(page).to_have_url(url_before)


def html_lang_problem(page: Page, code: str, timeout: float = 2_000) -> str | None:
    """None if <html lang> is `code`; otherwise what a screen reader user would get wrong."""
    # The server renders the footer's chooser with the page's language selected.
    expect(page.locator(f"footer option[value={code}]")).to_have_attribute("selected", "")
    try:
        expect(page.locator("html")).to_have_attribute("lang", code, timeout=timeout)
    except AssertionError:
        actual = page.locator("html").get_attribute("lang")
        return (
            f"{page.url}: the server rendered the page in {code!r} (footer chooser), but "
            f"<html lang={actual!r}> (WCAG 3.1.1 Language of Page: screen readers read it "
            f"with the wrong voice)"
        )
    return None


@cache
def _catalog(locale: str) -> dict[str, str]:
    with (PROJECT_ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as po:
        # Fuzzy entries are left out of the compiled catalogue, so the server shows English.
        return {message.id: message.string for message in read_po(po)
                if isinstance(message.id, str) and message.string and not message.fuzzy}


def words_in(locale: str) -> Callable[[str], str]:
    """What the portal says for an English message id in `locale`, read from the catalogue
    (translations/<locale>/LC_MESSAGES/messages.po), so a test compares the page with what the
    translators wrote rather than with a guess. A message with no translation fails at once:
    the page would show English, which a test "in Spanish" must not accept."""
    if locale == "en":
        return lambda message: message
    catalog = _catalog(locale)

    def word(message: str) -> str:
        assert catalog.get(message), f"no {locale} translation of {message!r} in messages.po"
        return catalog[message]

    return word
