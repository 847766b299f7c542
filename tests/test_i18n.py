"""Languages: how each request picks one, and the catalogs' gate."""

import io
import tempfile
from pathlib import Path

import pytest

from app.config import TestingConfig
from app.translation_checks import catalog_problems, extract
from tests import factories

LANGUAGE_COOKIE = TestingConfig.LANGUAGE_COOKIE_NAME
ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"


def test_every_shipped_catalog_is_complete_current_and_compiled():
    """Untranslated, fuzzy, stale (missing a string in the source) or placeholder-broken fails."""
    problems = catalog_problems(TRANSLATIONS)
    assert problems == [], "\n".join(problems)


def test_spanish_ships():
    assert (TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po").exists()


def test_the_catalog_check_names_each_kind_of_problem(tmp_path):
    """A copy of the Spanish catalog, broken in every way the gate must catch."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po, write_po

    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale="es")
    with (folder / "messages.mo").open("wb") as f:
        write_mo(f, catalog)  # compiled before the breakage below: stale
    named = [m for m in catalog if m.id and "%(" in str(m.id)]
    catalog[named[0].id].string = named[0].string.replace("%(", "%(nombre_")  # renamed
    catalog[named[1].id].string = "Sin marcador"  # a placeholder left out
    catalog.delete("Please fix what is marked below.")  # missing
    catalog["Change language"].string = ""  # untranslated
    catalog["Sign in"].flags.add("fuzzy")
    catalog.add("An old sentence", "Una frase vieja")  # obsolete
    plurals = [m for m in catalog if m.id and m.pluralizable and "%(num)d" in m.id[1]]
    plurals[0].string = (plurals[0].string[0],)  # one of its two forms
    plurals[1].string = (plurals[1].string[0], plurals[1].string[1] + " %(otro)d")  # unknown
    with (folder / "messages.po").open("wb") as f:
        write_po(f, catalog)

    problems = "\n".join(catalog_problems(tmp_path))
    for expected in (
        f"es: placeholders in {named[0].id!r}: unknown named placeholder",
        f"es: placeholders in {named[1].id!r}: translation leaves out",
        "es: missing (run make translate-update): 'Please fix what is marked below.'",
        "es: no longer in the source (run make translate-update): 'An old sentence'",
        "es: untranslated: 'Change language'",
        "es: fuzzy: 'Sign in'",
        "es: messages.mo is stale (run make translations)",
        f"es: untranslated: {plurals[0].id[0]!r}",  # a plural form missing
        f"es: placeholders in {plurals[1].id[0]!r}: the translation has ['%(otro)d']",
    ):
        assert expected in problems, (expected, problems)


def test_a_one_form_language_says_the_number_in_its_only_form(tmp_path):
    """Chinese and Vietnamese have one plural form, used for every number: "%(num)d" belongs in
    it though the English singular ("every week") has none. Babel alone would refuse it."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po, write_po

    folder = tmp_path / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale="es")
    for message in catalog:
        if message.id and message.pluralizable:
            message.string = (message.string[1],)  # the "many" form, with its %(num)d
    written = io.BytesIO()
    write_po(written, catalog)
    one_form = written.getvalue().replace(b"nplurals=2; plural=(n != 1);", b"nplurals=1; plural=0;")
    (folder / "messages.po").write_bytes(one_form)
    with (folder / "messages.mo").open("wb") as f:
        write_mo(f, read_po(io.BytesIO(one_form), locale="vi"))

    problems = catalog_problems(tmp_path)
    assert "nplurals=1" in (folder / "messages.po").read_text()
    assert not [p for p in problems if "placeholders" in p or "plural forms" in p], problems


def test_locale_follows_cookie_then_browser_then_english(client):
    assert 'lang="en"' in client.get("/").get_data(as_text=True)
    page = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"}).get_data(as_text=True)
    assert 'lang="es"' in page and "Iniciar sesión" in page
    client.set_cookie(LANGUAGE_COOKIE, "en")
    page = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert 'lang="en"' in page


def test_the_language_chooser_names_each_language_with_a_bcp_47_tag(client):
    """Each option's lang says how a screen reader reads its name: "zh-Hans", never "zh_Hans"
    (axe's valid-lang fails the underscore, and so every page of the browser suite did)."""
    footer = client.get("/sign-in").get_data(as_text=True)
    assert '<option value="zh_Hans" lang="zh-Hans"' in footer
    chooser = client.get("/language").get_data(as_text=True)  # the form's own select
    assert '<option lang="zh-Hans" value="zh_Hans"' in chooser
    for page in (footer, chooser):
        assert 'lang="zh_Hans"' not in page


def test_the_chooser_sets_the_cookie_and_the_account(client, auth, parent):
    response = client.post("/language", data={"locale": "es", "next": "/sign-in"})
    assert response.headers["Location"] == "/sign-in"
    assert f"{LANGUAGE_COOKIE}=es" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    auth.login(parent)
    response = client.post("/language",
                           data={"locale": "es", "next": "https://elsewhere.example/"})
    assert response.headers["Location"] == "/"
    assert parent.locale == "es"


def test_a_signed_in_persons_choice_wins_over_the_cookie(client, auth, resource_parent):
    client.set_cookie(LANGUAGE_COOKIE, "en")
    auth.login(resource_parent)  # Rosa reads Spanish
    assert 'lang="es"' in client.get("/account").get_data(as_text=True)


def test_signed_out_pages_keep_the_accounts_language(client, auth, resource_parent):
    auth.login(resource_parent)  # her phone says English, her account says Spanish
    response = client.post("/sign-out", follow_redirects=True)
    assert 'lang="es"' in response.get_data(as_text=True)


def test_unknown_language_is_refused(client):
    response = client.post("/language", data={"locale": "xx"})
    assert response.status_code == 200
    assert b"Not a valid choice" in response.data


# Every page and form in every language, English left in none: tests/test_no_english_left.py.


def test_every_template_is_extracted_for_translation():
    """Babel skips folders it is told to ignore (by default `_*`, which hid _macros/): compare
    the extractor's own file list with every template on disk."""
    with tempfile.TemporaryDirectory() as tmp:
        extracted = extract(Path(tmp) / "messages.pot")
    templates = {str(path.relative_to(ROOT)) for path in (ROOT / "templates").rglob("*.html")}
    assert "templates/_macros/forms.html" in templates
    assert templates - extracted == set()
    python = {str(path.relative_to(ROOT)) for path in (ROOT / "app").rglob("*.py")}
    assert python - extracted == set()


@pytest.mark.parametrize("locale", ["en", "es"])
def test_dates_are_formatted_for_the_reader(client, auth, family, caseworker, locale, db):
    from datetime import date

    family.children[0].birth_date = date(2019, 4, 12)
    caseworker.locale = locale
    db.session.commit()
    auth.login(caseworker)
    page = client.get(f"/families/{family.id}").get_data(as_text=True)
    assert {"en": "April 12, 2019", "es": "12 de abril de 2019"}[locale] in page


def test_times_are_shown_in_the_familys_time_zone(client, auth, family, caseworker, db):
    """An invitation that expires at 03:30 UTC expires at 19:30 the evening before in LA."""
    from datetime import UTC, datetime

    invitation, _code, _link = factories.make_invitation(family, caseworker)
    invitation.expires_at = datetime(2099, 1, 15, 3, 30, tzinfo=UTC)  # far future: still open
    db.session.commit()
    auth.login(caseworker)
    page = client.get(f"/families/{family.id}/people").get_data(as_text=True)
    assert "Wed, Jan 14, 2099, 7:30\u202fPM" in page or "Wed, Jan 14, 2099, 7:30 PM" in page


def test_checked_in_catalogs_are_written_as_flask_translate_update_writes_them():
    """`flask translate update` writes unwrapped lines and a steady header date; a file kept in
    another shape is rewritten by every update, and two branches then conflict on every line."""
    import io

    from babel.messages.pofile import read_po, write_po

    from app.cli import STEADY_CREATION_DATE

    for path in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        text = path.read_bytes()
        with path.open("rb") as f:
            catalog = read_po(f)
        out = io.BytesIO()
        write_po(out, catalog, width=None, ignore_obsolete=True)
        assert out.getvalue() == text, f"{path} is not in the shape `flask translate update` writes"
        assert STEADY_CREATION_DATE in text.decode("utf-8")
