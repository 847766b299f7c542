"""Choosing a language before there is an account, keeping it through joining, changing it later.

The tests act as the person does: they open the pages a browser opens, read the forms the page
gives them (tests/html_forms.py), press the buttons it shows, and read what comes back.
"""

import html
import re
from pathlib import Path

import pytest
from babel.support import Translations

from app.config import TestingConfig
from app.models import User
from tests import factories
from tests.html_forms import form_on, forms_on

LANGUAGES = TestingConfig.LANGUAGES
COOKIE = TestingConfig.LANGUAGE_COOKIE_NAME
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def words_in(locale: str):
    """The catalog's own translation, so a test expects what the reader is meant to see."""
    catalog = Translations.load(str(TRANSLATIONS), [locale])

    def t(english: str) -> str:
        translated = catalog.gettext(english)
        assert locale == "en" or translated != english, f"{english!r} is not in {locale}"
        return translated

    return t


def heading(page: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert found, "the page has no heading"
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", found.group(1)).split()))


def html_tag(page: str) -> str:
    return re.search(r"<html [^>]*>", page).group(0)


def chooser(page: str, url: str):
    return form_on(page, url, class_="language-choice")


def first_pages(client, family, caseworker):
    """The pages someone without an account reaches, each as (address, page)."""
    _invitation, _code, link = factories.make_invitation(family, caseworker)
    _expired, _code, dead_link = factories.make_invitation(family, caseworker)
    factories.expire(_expired)
    pages = [(url, client.get(url)) for url in ("/", "/sign-in", "/join", "/forgot-password")]
    pages.append(("/join/accept", client.get(f"/join/{link}", follow_redirects=True)))
    pages.append((f"/join/{dead_link}", client.get(f"/join/{dead_link}")))
    return [(url, response.get_data(as_text=True)) for url, response in pages]


def test_every_first_page_offers_every_language_by_its_own_name_at_the_top(
        client, family, caseworker):
    for url, page in first_pages(client, family, caseworker):
        form = chooser(page, url)
        assert form.method == "post" and form.action == "/language", url
        # Before the page's own heading and everything else in <main>: found first.
        assert page.index('class="language-choice"') < page.index('<main'), url
        # English is the page's language: shown, marked as the one in use, not a button.
        assert ('<span class="language-choice__current" lang="en" dir="ltr" '
                'aria-current="true">English</span>') in page, url
        offered = {button.value: button for button in form.buttons}
        assert set(offered) == set(LANGUAGES) - {"en"}, url
        for code, button in offered.items():
            assert button.text == LANGUAGES[code], url
            assert button.name == "locale"
            assert button.attrs["lang"] == code.replace("_", "-")
        assert offered["ar"].attrs["dir"] == "rtl" and offered["vi"].attrs["dir"] == "ltr"
        assert offered["zh_Hans"].attrs["lang"] == "zh-Hans"


def test_pressing_a_language_shows_the_same_page_in_it(app, client):
    """With CSRF on, as in production: the tap is a POST carrying the page's token."""
    app.config["WTF_CSRF_ENABLED"] = True
    url = "/sign-in?next=/account"
    page = client.get(url).get_data(as_text=True)
    assert heading(page) == "Sign in"
    form = chooser(page, url)
    response = client.post(form.action, data=form.data(press="Tiếng Việt"))
    assert response.status_code == 303
    assert response.headers["Location"] == url  # back where they were, `next` and all
    cookie = client.get_cookie(COOKIE)
    assert cookie.value == "vi" and cookie.http_only

    page = client.get(url).get_data(as_text=True)
    assert 'lang="vi" dir="ltr"' in html_tag(page)
    assert heading(page) == words_in("vi")("Sign in")
    assert ('<span class="language-choice__current" lang="vi" dir="ltr" '
            'aria-current="true">Tiếng Việt</span>') in page
    assert "English" in [b.text for b in chooser(page, url).buttons]  # and back again

    # Arabic turns the page right to left.
    form = chooser(page, url)
    client.post(form.action, data=form.data(press="العربية"))
    page = client.get(url).get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in html_tag(page)
    assert heading(page) == words_in("ar")("Sign in")


def test_a_language_is_not_changed_without_the_pages_token(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    client.get("/sign-in")
    response = client.post("/language", data={"locale": "vi", "next": "/sign-in"})
    assert response.status_code == 400
    assert client.get_cookie(COOKIE) is None
    assert 'lang="en"' in html_tag(client.get("/sign-in").get_data(as_text=True))


@pytest.mark.parametrize(("accept_language", "locale", "direction"), [
    ("vi-VN,vi;q=0.9,en;q=0.5", "vi", "ltr"),
    ("ar-EG", "ar", "rtl"),
    ("zh-TW,zh;q=0.8", "zh_Hans", "ltr"),
    ("es-419", "es", "ltr"),
    ("ko-KR,ko;q=0.9", "en", "ltr"),  # not shipped (yet): English
])
def test_the_first_page_follows_the_browsers_language(client, accept_language, locale,
                                                      direction):
    headers = {"Accept-Language": accept_language}
    page = client.get("/sign-in", headers=headers).get_data(as_text=True)
    tag = locale.replace("_", "-")
    assert f'lang="{tag}" dir="{direction}"' in html_tag(page)
    assert heading(page) == words_in(locale)("Sign in")
    assert (f'<span class="language-choice__current" lang="{tag}" dir="{direction}" '
            f'aria-current="true">{LANGUAGES[locale]}</span>') in page


def join_as_a_person(client, link, *, headers=None, press_language=None):
    """Open the caseworker's link, maybe tap a language at the top, fill in the form, join."""
    response = client.get(f"/join/{link}", headers=headers, follow_redirects=True)
    page = response.get_data(as_text=True)
    if press_language:
        form = chooser(page, "/join/accept")
        response = client.post(form.action, data=form.data(press=press_language),
                               headers=headers, follow_redirects=True)
        page = response.get_data(as_text=True)
    assert response.request.path == "/join/accept"  # the invitation is still open
    join_form = next(f for f in forms_on(page, "/join/accept") if "password" in f.fields)
    assert "locale" not in join_form.fields  # the page's language is the choice
    data = join_form.data(
        display_name="Nguyễn Thị Lan", preferred_name="Bà Lan", username="ba.lan",
        password="cháu tôi là tất cả", confirm="cháu tôi là tất cả",
    )
    response = client.post(join_form.action, data=data, headers=headers,
                           follow_redirects=True)
    assert response.status_code == 200, response.status_code
    return page, response.get_data(as_text=True)


def test_a_vietnamese_browser_joins_in_vietnamese_and_keeps_it_on_any_browser(
        app, db, family, caseworker):
    """A grandmother whose phone reads Vietnamese opens the invitation link; she never chooses
    a language. Later she signs in on a borrowed phone set to English, with no cookie of ours."""
    app.config["WTF_CSRF_ENABLED"] = True
    t = words_in("vi")
    _invitation, _code, link = factories.make_invitation(family, caseworker)
    phone = app.test_client()
    vietnamese = {"Accept-Language": "vi-VN,vi;q=0.9"}
    join_page, after = join_as_a_person(phone, link, headers=vietnamese)
    assert 'lang="vi"' in html_tag(join_page)
    assert heading(join_page) == t("Join your family")
    assert (t("Hearth will be in %(language)s for you. You can choose another language at the "
              "top of this page, and change it later on your account page.")
            % {"language": "Tiếng Việt"}) in html.unescape(join_page)
    assert 'lang="vi"' in html_tag(after)
    assert t("Waiting for approval") in after

    lan = db.session.execute(db.select(User).filter_by(username="ba.lan")).scalar_one()
    assert lan.locale == "vi"

    borrowed = app.test_client()
    english = {"Accept-Language": "en-US,en;q=0.9"}
    page = borrowed.get("/sign-in", headers=english).get_data(as_text=True)
    assert 'lang="en"' in html_tag(page)
    form = form_on(page, "/sign-in", class_="form")
    response = borrowed.post(form.action, headers=english, follow_redirects=True, data=form.data(
        identifier="ba.lan", password="cháu tôi là tất cả"))
    page = response.get_data(as_text=True)
    assert 'lang="vi"' in html_tag(page)
    assert t("Waiting for approval") in page
    assert borrowed.get_cookie(COOKIE).value == "vi"  # and after she signs out there too
    sign_out = form_on(page, "/families", class_="site-header__sign-out")
    signed_out = borrowed.post(sign_out.action, data=sign_out.data(), headers=english,
                               follow_redirects=True)
    assert 'lang="vi"' in html_tag(signed_out.get_data(as_text=True))


def test_a_language_chosen_at_the_top_of_the_join_page_becomes_the_accounts(
        app, db, family, caseworker):
    """An English phone; the person taps Español before filling in the form."""
    _invitation, _code, link = factories.make_invitation(family, caseworker)
    client = app.test_client()
    join_page, after = join_as_a_person(client, link, press_language="Español")
    assert heading(join_page) == words_in("es")("Join your family")
    assert words_in("es")("Waiting for approval") in after
    person = db.session.execute(db.select(User).filter_by(username="ba.lan")).scalar_one()
    assert person.locale == "es"


def profile_form(page: str):
    return next(f for f in forms_on(page, "/account") if "display_name" in f.fields)


def test_each_person_changes_their_language_on_the_account_page(app, client, auth, parent):
    auth.login(parent)  # Dana reads English
    page = client.get("/account").get_data(as_text=True)
    assert 'class="language-choice"' not in page  # signed in: the account page holds it
    form = profile_form(page)
    assert form.fields["locale"] == "en"
    assert set(form.options["locale"]) == set(LANGUAGES)
    response = client.post(form.action, data=form.data(press="Save", locale="ar"),
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in html_tag(page)
    assert heading(page) == words_in("ar")("Your account")
    assert parent.locale == "ar"
    assert profile_form(page).fields["locale"] == "ar"

    # Signed in again on another browser, whatever it asks for: her choice.
    other = app.test_client()
    other.post("/sign-in", data={"identifier": parent.email, "password": factories.PASSWORD})
    page = other.get("/account", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in html_tag(page)


@pytest.mark.parametrize(("accept_language", "tag"), [
    ("fil-PH,fil;q=0.9", "fil"),  # how a phone set to Filipino asks
    ("tl", "fil"),  # the older code for Tagalog
    ("ko-KR,ko;q=0.9", "ko"),
])
def test_the_next_language_needs_only_its_line_in_languages(app, client, accept_language, tag):
    """Korean and Tagalog come next (translations/README.md). With their line in LANGUAGES
    the chooser offers them and a browser asking for them gets them. (No catalog here: the
    words stay English.)"""
    app.config["LANGUAGES"] = {**LANGUAGES, "ko": "한국어", "fil": "Tagalog"}
    page = client.get("/sign-in").get_data(as_text=True)
    offered = {b.value: b.text for b in chooser(page, "/sign-in").buttons}
    assert offered["ko"] == "한국어" and offered["fil"] == "Tagalog"
    page = client.get("/sign-in", headers={"Accept-Language": accept_language})
    page = page.get_data(as_text=True)
    assert f'lang="{tag}" dir="ltr"' in html_tag(page)
    assert f'aria-current="true">{app.config["LANGUAGES"][tag]}</span>' in page


def test_every_language_code_is_the_one_babel_uses():
    """Flask-Babel loads translations/<str(Locale.parse(code))>/: for "tl" that is "fil_PH",
    so a catalog in translations/tl/ would never be read, and the page would not know which
    language it is in. Tagalog is added as "fil" (README)."""
    from babel import Locale

    for code in LANGUAGES:
        assert str(Locale.parse(code)) == code
    assert str(Locale.parse("tl")) != "tl"  # why the README says "fil"
