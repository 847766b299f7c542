"""Pages a visitor sees before signing in, on a phone and on a computer, with their error states."""

import pytest
from playwright.sync_api import expect

from tests.e2e.ui import choose_language, path_re, words_in

DEVICES = ["phone", "desktop"]


@pytest.mark.parametrize("device", DEVICES)
def test_welcome_sign_in_and_join_pages(open_page, check, device):
    page = open_page(device)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Hearth")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check(page, f"{device}-signed-out-01-welcome")

    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(path_re("/sign-in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    check(page, f"{device}-signed-out-02-sign-in")

    page.get_by_role("main").get_by_role("link", name="I have an invitation code").click()
    expect(page).to_have_url(path_re("/join"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Use an invitation code")
    check(page, f"{device}-signed-out-03-join")


@pytest.mark.parametrize("device", DEVICES)
def test_error_states_for_visitors(open_page, check, device):
    page = open_page(device)

    page.goto("/sign-in")
    page.get_by_label("Email or username").fill("sam@demo.hearth.example")
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That email or username and password do not match.")).to_be_visible()
    expect(page.get_by_label("Password", exact=True)).to_have_attribute("aria-invalid", "true")
    check(page, f"{device}-signed-out-04-sign-in-wrong-password")

    page.goto("/join")
    page.get_by_label("Invitation code").fill("AAAA-BBBB-CCCC")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "We could not find this invitation code"
    )
    check(page, f"{device}-signed-out-05-join-unknown-code")

    page.goto("/join")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Please fix what is marked below.")
    check(page, f"{device}-signed-out-06-join-empty-code")

    response = page.goto("/no-such-page")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We could not find that page")
    check(page, f"{device}-signed-out-07-not-found")

    page.goto("/language")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your language")
    check(page, f"{device}-signed-out-08-language")


@pytest.mark.parametrize("javascript", [True, False])
def test_a_language_tapped_at_the_top_of_the_sign_in_page(open_page, check, javascript):
    """Every language by its own name before anything else on the page, at 320 px too; a tap
    is enough (a plain form, no JavaScript needed), and Arabic turns the page right to left."""
    tag = "js" if javascript else "nojs"
    page = open_page("phone", javascript=javascript)
    page.goto("/sign-in")
    choice = page.get_by_role("form", name="Choose your language")
    expect(choice).to_be_visible()
    expect(choice.locator("[aria-current=true]")).to_have_text("English")

    choice.get_by_role("button", name="Tiếng Việt").click()
    t = words_in("vi")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Sign in"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page).to_have_url(path_re("/sign-in"))
    choice = page.get_by_role("form", name=t("Choose your language"))
    expect(choice.locator("[aria-current=true]")).to_have_text("Tiếng Việt")
    check(page, f"phone-signed-out-11-language-row-vietnamese-{tag}")

    choice.get_by_role("button", name="العربية").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words_in("ar")("Sign in"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    check(page, f"phone-signed-out-12-language-row-arabic-{tag}")


def test_forgot_password_in_spanish_with_its_error_states(open_page, check):
    """Grandma Rosa's language, at phone size: the page, an empty try and a code that fails."""
    page = open_page("phone")
    page.goto("/sign-in")
    choose_language(page, "es")
    page.get_by_role("link", name="¿Olvidó su contraseña?").click()
    expect(page).to_have_url(path_re("/forgot-password"))
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Olvidó su contraseña?")
    expect(page.get_by_role("main")).to_contain_text("Pida a su trabajador(a) social un código")
    check(page, "phone-signed-out-09-forgot-password-spanish")

    submit = page.get_by_role("button", name="Poner mi contraseña nueva")
    submit.click()
    expect(page.get_by_role("alert")).to_contain_text("Corrija lo que está marcado abajo.")
    check(page, "phone-signed-out-10-forgot-password-empty-spanish")

    page.get_by_label("Correo electrónico o nombre de usuario").fill("rosa")
    page.get_by_label("Código").fill("AAAA-BBBB-CCCC")
    page.get_by_label("Contraseña nueva").fill("seven green herons at dawn")
    page.get_by_label("Escriba la contraseña otra vez").fill("seven green herons at dawn")
    submit.click()
    expect(page.get_by_role("alert")).to_contain_text("Este código no funciona")
    check(page, "phone-signed-out-11-forgot-password-wrong-code-spanish")
