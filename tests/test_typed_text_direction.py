"""What people typed keeps its own direction and language inside the reader's page.

An English name in an Arabic sentence sits in its own <bdi>, so its letters and the sentence's
punctuation do not change places; a block a person wrote (a message, a caption, notes, About me,
a concern) carries `dir="auto"` and the writer's language (`users.locale`) as `lang`, so a phone
offers to translate it and a screen reader reads it with the right voice.
"""

import re

import pytest
from markupsafe import Markup

from app.i18n import format_names_isolated, isolate, sentence, written_by
from app.models import ReviewLevel
from tests.factories import add_member, make_event, make_message, make_photo, make_user


@pytest.fixture
def open_family(family, db):
    family.review_level = ReviewLevel.OPEN
    db.session.commit()
    return family


@pytest.fixture
def arabic_reader(family, db):
    from app.models import Role

    user = make_user(display_name="Amal Haddad", preferred_name="أمل", locale="ar")
    add_member(family, user, role=Role.RESOURCE_PARENT, is_kin=True, relationship_label="جدة")
    return user


def html_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def element(html: str, css_class: str) -> list[str]:
    """The opening tags of the elements with this class."""
    return re.findall(rf'<[a-z]+ class="[^"]*\b{css_class}\b[^"]*"[^>]*>', html)


def test_an_arabic_page_isolates_an_english_name_in_its_sentences(
        client, auth, open_family, parent, arabic_reader, db):
    make_message(open_family, parent, text="Mia has a new allergy: peanuts.")
    auth.login(arabic_reader)
    html = html_of(client, f"/families/{open_family.id}/messages")
    assert '<html lang="ar" dir="rtl">' in html
    # "Dana — Mom" in the author line: both typed, each in its own <bdi>.
    assert '<span class="message__author"><bdi>Dana</bdi> — <bdi>Mom</bdi></span>' in html
    # People in a sentence of the page (the family home's "Seen by" is a list of names).
    home = html_of(client, f"/families/{open_family.id}")
    assert "<bdi>The Rivera family</bdi>" in home
    assert "<bdi>Dana</bdi>" in home


def test_a_spanish_writers_message_is_marked_spanish_for_an_english_reader(
        client, auth, open_family, parent, resource_parent, db):
    make_message(open_family, resource_parent, text="Mia durmió bien anoche.")
    auth.login(parent)  # Dana reads English
    html = html_of(client, f"/families/{open_family.id}/messages")
    assert '<html lang="en" dir="ltr">' in html
    assert '<div class="message__text" dir="auto" lang="es">Mia durmió bien anoche.</div>' in html
    # Her own English message is marked English: the writer's language, not the reader's.
    make_message(open_family, parent, text="Thank you, Rosa!")
    auth.logout()
    auth.login(resource_parent)
    html = html_of(client, f"/families/{open_family.id}/messages")
    assert '<html lang="es" dir="ltr">' in html
    assert '<div class="message__text" dir="auto" lang="en">Thank you, Rosa!</div>' in html


def test_captions_event_titles_and_notes_carry_the_writers_language(
        client, auth, open_family, parent, resource_parent, db):
    photo = make_photo(open_family, resource_parent, caption="Mia en el parque")
    event = make_event(open_family, resource_parent, title="Obra de la escuela",
                       notes="Llegar a las 5.\nTraer agua.")
    auth.login(parent)
    html = html_of(client, f"/families/{open_family.id}/photos/{photo.id}")
    assert '<p class="photo__caption" dir="auto" lang="es">Mia en el parque</p>' in html
    html = html_of(client, f"/families/{open_family.id}/events/{event.id}")
    assert '<h1><bdi lang="es">Obra de la escuela</bdi></h1>' in html
    assert element(html, "notes") == ['<dd class="notes" dir="auto" lang="es">']
    listing = html_of(client, f"/families/{open_family.id}/events")
    assert "<bdi>Obra de la escuela</bdi>" in listing


def test_an_about_me_version_and_a_concern_carry_their_writers_language(
        client, auth, open_family, parent, resource_parent, caseworker, db):
    from app.concerns import services as concerns
    from tests.factories import make_about, scope_of

    make_about(open_family, resource_parent, text="Le gusta dormir con la luz prendida.")
    concern = concerns.raise_concern(
        scope_of(resource_parent, open_family), what_happened="Las visitas empiezan tarde.",
        what_would_help="", shared=False)
    auth.login(caseworker)  # Sam reads English
    child = open_family.children[0]
    html = html_of(client, f"/families/{open_family.id}/children/{child.id}/about")
    assert element(html, "about-text") == ['<p class="about-text" dir="auto" lang="es">']
    html = html_of(client, f"/families/{open_family.id}/concerns/{concern.id}")
    assert '<p class="concern-text" dir="auto" lang="es">Las visitas empiezan tarde.</p>' in html


def test_what_people_type_into_a_form_runs_its_own_way(client, auth, open_family, parent):
    auth.login(parent)
    html = html_of(client, f"/families/{open_family.id}/messages")
    assert re.search(r'<textarea[^>]* dir="auto"[^>]* name="text"', html), "composer"


def test_isolation_never_lets_typed_text_become_markup(app):
    with app.test_request_context("/"):
        assert isolate("<b>Dana</b>") == Markup("<bdi>&lt;b&gt;Dana&lt;/b&gt;</bdi>")
        assert isolate("") == Markup("") and isolate(None) == Markup("")
        spanish = make_user(locale="es")
        assert isolate("Abuela", spanish) == Markup('<bdi lang="es">Abuela</bdi>')
        assert written_by(spanish) == Markup(' dir="auto" lang="es"')
        assert written_by(make_user(locale="zh_Hans")) == Markup(' dir="auto" lang="zh-Hans"')
        assert written_by(None) == Markup(' dir="auto"')
        assert written_by(spanish, "") == Markup("")  # our own words stand in: no attributes
        label = sentence("%(name)s — %(label)s", name='Dana "D"', label=Markup("Caseworker"))
        assert label == Markup("<bdi>Dana &#34;D&#34;</bdi> — Caseworker")
        assert sentence("<%(name)s>", name="x") == Markup("&lt;<bdi>x</bdi>&gt;")


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", "<bdi>Mia</bdi>, <bdi>Leo &amp; Ana</bdi>, and <bdi>Sam</bdi>"),
    ("es", "<bdi>Mia</bdi>, <bdi>Leo &amp; Ana</bdi> y <bdi>Sam</bdi>"),
    ("ar", "<bdi>Mia</bdi> و<bdi>Leo &amp; Ana</bdi> و<bdi>Sam</bdi>"),
])
def test_a_list_of_names_isolates_each_name_in_the_readers_words(app, locale, expected):
    from flask_babel import force_locale

    with app.test_request_context("/"), force_locale(locale):
        assert format_names_isolated(["Mia", "Leo & Ana", "Sam"]) == expected


def test_the_records_lines_isolate_names_on_the_page_and_the_export_stays_plain(
        client, auth, family, caseworker, db):
    """The record's lines are text made by one function for the page and the export: on the
    page the names are isolated with U+2068 ... U+2069 (<bdi> in plain text); the export's
    files keep plain words."""
    from app.models import AuditEvent
    from app.record.services import describe_all
    from tests.factories import scope_of

    auth.login(caseworker)
    html = html_of(client, f"/families/{family.id}/record")
    assert "<p>\u2068Sam\u2069 created the family.</p>" in html
    with client.application.test_request_context("/"):
        events = db.session.scalars(db.select(AuditEvent).filter_by(family_id=family.id)).all()
        lines = describe_all(scope_of(caseworker, family), events)
    assert "Sam created the family." in lines
    assert not any("\u2068" in line or "\u2069" in line for line in lines)
