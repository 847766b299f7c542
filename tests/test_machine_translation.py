""""Show in español": what people wrote, translated by the agency's machine-translation service.

These tests talk over real HTTP to a stand-in for LibreTranslate (tests/libretranslate_stand_in.py):
a small http.server in a thread, started by each test, that speaks LibreTranslate's API and
knows a few phrase pairs. It is not a translator, and nothing here says anything about the
quality of real translations. A service that is down is an address where nothing listens; a
slow one is the stand-in waiting longer than Hearth's timeout.
"""

import io
import logging
import zipfile

import pytest
from sqlalchemy import func, select

from app import moderation
from app.machine_translation import cache
from app.messages import services as messages
from app.models import ContentState, MachineTranslation, ReviewLevel, Role
from tests import factories
from tests.factories import scope_of
from tests.libretranslate_stand_in import StandIn, address_nobody_answers

ALLERGY = "Mia is allergic to peanuts."
ALLERGY_ES = "Mia es alérgica al maní."
HTMX = {"HX-Request": "true"}


@pytest.fixture
def translator(app):
    with StandIn() as stand_in:
        app.config["MACHINE_TRANSLATION_URL"] = stand_in.url
        yield stand_in


def url(family, kind, item):
    return f"/families/{family.id}/translations/{kind}/{item.id}"


def rows(db) -> int:
    return db.session.scalar(select(func.count(MachineTranslation.id)))


def thread(client, family) -> str:
    return client.get(f"/families/{family.id}/messages").get_data(as_text=True)


def test_rosa_reads_danas_note_about_the_allergy_in_spanish(
        app, db, client, auth, family, parent, resource_parent, translator):
    message = factories.make_message(family, parent, text=ALLERGY)
    auth.login(resource_parent)
    page = thread(client, family)
    assert "Mostrar en español" in page  # the reader's language, in her own words
    assert ALLERGY_ES not in page  # nothing is sent until she asks

    fragment = client.post(url(family, "message", message), headers=HTMX)
    assert fragment.status_code == 200
    body = fragment.get_data(as_text=True)
    assert ALLERGY_ES in body
    assert 'lang="es"' in body
    assert "Traducido por una máquina. Puede tener errores." in body
    assert translator.received == [{"q": ALLERGY, "source": "en", "target": "es",
                                    "format": "text"}]
    # The original stays the record, unchanged, on the page.
    assert ALLERGY in thread(client, family)
    assert db.session.get(type(message), message.id).text == ALLERGY

    # Kept: asking again (or another Spanish reader asking) does not call the service.
    assert ALLERGY_ES in client.post(url(family, "message", message),
                                     headers=HTMX).get_data(as_text=True)
    assert len(translator.received) == 1 and rows(db) == 1


def test_without_javascript_the_button_posts_and_a_page_shows_both(
        client, auth, family, parent, resource_parent, translator):
    message = factories.make_message(family, parent, text=ALLERGY)
    auth.login(resource_parent)
    response = client.post(url(family, "message", message))
    assert response.status_code == 303
    assert response.location.endswith(url(family, "message", message))
    page = client.get(response.location).get_data(as_text=True)
    assert ALLERGY in page and ALLERGY_ES in page  # the original, then its translation
    assert 'lang="en"' in page and 'lang="es"' in page
    assert f"/families/{family.id}/messages/{message.id}" in page  # back to where it was
    # The page only reads what is kept: reloading it never calls the service again.
    client.get(response.location)
    assert len(translator.received) == 1
    # "Hide the translation" (htmx) gives the button back.
    again = client.get(url(family, "message", message) + "?original=1", headers=HTMX)
    assert "Mostrar en español" in again.get_data(as_text=True)


def test_no_button_for_your_own_words_or_words_already_in_your_language(
        app, db, client, auth, family, parent, resource_parent, translator):
    other_parent = factories.make_user(display_name="Luis Rivera", preferred_name="Luis")
    factories.add_member(family, other_parent, role=Role.PARENT)
    english = factories.make_message(family, parent, text=ALLERGY)
    spanish = factories.make_message(family, resource_parent, text="Mia durmió bien anoche.")
    auth.login(other_parent)  # reads English, like Dana
    page = thread(client, family)
    assert page.count("Show in English") == 1  # Rosa's message only
    assert client.post(url(family, "message", english)).status_code == 404
    assert "Mia slept well last night." in client.post(
        url(family, "message", spanish), headers=HTMX).get_data(as_text=True)
    auth.logout()
    auth.login(resource_parent)
    assert client.post(url(family, "message", spanish)).status_code == 404  # her own
    assert translator.texts() == ["Mia durmió bien anoche."]


def test_off_when_no_service_is_configured(client, auth, family, parent, resource_parent):
    message = factories.make_message(family, parent, text=ALLERGY)
    auth.login(resource_parent)
    assert "Mostrar en" not in thread(client, family)
    assert client.post(url(family, "message", message)).status_code == 404
    assert client.get(url(family, "message", message)).status_code == 404


def test_a_language_the_service_does_not_have_gets_no_button(
        app, client, auth, family, parent, translator):
    reader = factories.make_user(display_name="Jean", locale="ht")
    factories.add_member(family, reader, role=Role.PARENT)
    message = factories.make_message(family, parent, text=ALLERGY)
    auth.login(reader)
    assert "translation-message" not in thread(client, family)
    assert client.post(url(family, "message", message)).status_code == 404
    assert translator.received == []


def test_a_corrected_message_is_translated_again(
        db, client, auth, family, parent, resource_parent, translator):
    family.review_level = ReviewLevel.OPEN  # a correction is shared at once
    message = factories.make_message(family, parent, text="School play")
    auth.login(resource_parent)
    client.post(url(family, "message", message), headers=HTMX)
    messages.correct(message, scope_of(parent, family), ALLERGY)
    body = client.post(url(family, "message", message), headers=HTMX).get_data(as_text=True)
    assert ALLERGY_ES in body and "Obra de teatro escolar" not in body
    assert translator.texts() == ["School play", ALLERGY]
    assert rows(db) == 2  # one per revision: the first stays for what it translated


@pytest.mark.parametrize("state", [ContentState.PENDING, ContentState.DECLINED,
                                   ContentState.HIDDEN, ContentState.WITHDRAWN])
def test_what_the_reader_may_not_see_is_never_sent(
        db, client, auth, family, parent, resource_parent, caseworker, translator, state):
    waits = state in (ContentState.PENDING, ContentState.DECLINED)
    start = ContentState.PENDING if waits else ContentState.VISIBLE
    message = factories.make_message(family, parent, start, text=ALLERGY)
    auth.login(resource_parent)
    if start is ContentState.VISIBLE:  # translated while it was shared, and kept
        assert client.post(url(family, "message", message)).status_code == 303
    if state is ContentState.DECLINED:
        moderation.decline(message, scope_of(caseworker, family), "Not this one.")
    elif state is ContentState.HIDDEN:
        moderation.hide(message, scope_of(caseworker, family), "Not this one.")
    elif state is ContentState.WITHDRAWN:
        moderation.withdraw(message, scope_of(parent, family))
    sent = len(translator.received)
    for method in ("GET", "POST"):
        response = client.open(url(family, "message", message), method=method, headers=HTMX)
        assert response.status_code == 404, method
        assert ALLERGY not in response.get_data(as_text=True)
        assert ALLERGY_ES not in response.get_data(as_text=True)
    assert len(translator.received) == sent


def test_the_caseworker_reads_a_waiting_message_to_review_it(
        client, auth, family, caseworker, resource_parent, translator):
    """The caseworker may see what waits for review, on the page and so here too."""
    family.review_level = ReviewLevel.REVIEWED
    message = factories.make_message(family, resource_parent, ContentState.PENDING,
                                     text="Mia durmió bien anoche.")
    auth.login(caseworker)
    assert "Mia slept well last night." in client.post(
        url(family, "message", message), headers=HTMX).get_data(as_text=True)


@pytest.mark.parametrize("service", ["down", "slow", "not json", "no translation",
                                     "error status"])
def test_a_service_that_fails_leaves_the_original_with_a_calm_note(
        app, db, client, auth, family, parent, resource_parent, caplog, service):
    message = factories.make_message(family, parent, text=ALLERGY)
    auth.login(resource_parent)
    make = {"slow": lambda: StandIn(delay=2.0),
            "not json": lambda: StandIn(answer=b"<html>Oops</html>"),
            "no translation": lambda: StandIn(answer=b'{"translatedText": "  "}'),
            "error status": lambda: StandIn(api_key="the agency's key")}.get(service)
    stand_in = make() if make else None
    app.config["MACHINE_TRANSLATION_TIMEOUT"] = 0.3
    with caplog.at_level(logging.WARNING, logger="hearth.machine_translation"):
        if stand_in is None:
            app.config["MACHINE_TRANSLATION_URL"] = address_nobody_answers()
            responses = [client.post(url(family, "message", message), headers=HTMX),
                         client.post(url(family, "message", message))]
        else:
            with stand_in:
                app.config["MACHINE_TRANSLATION_URL"] = stand_in.url
                responses = [client.post(url(family, "message", message), headers=HTMX),
                             client.post(url(family, "message", message))]
    for response in responses:  # htmx's piece, and the page without JavaScript
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert "No pudimos traducir esto ahora." in body
        assert "Mostrar en español" in body  # she can try again later
    assert ALLERGY in responses[1].get_data(as_text=True)  # the page shows the original
    assert rows(db) == 0  # nothing kept: the next tap asks again
    assert "machine translation failed" in caplog.text
    assert ALLERGY not in caplog.text and "peanuts" not in caplog.text


def test_the_api_key_is_sent_when_one_is_set(app, client, auth, family, parent,
                                             resource_parent):
    message = factories.make_message(family, parent, text=ALLERGY)
    auth.login(resource_parent)
    with StandIn(api_key="k-123") as stand_in:
        app.config.update(MACHINE_TRANSLATION_URL=stand_in.url,
                          MACHINE_TRANSLATION_API_KEY="k-123")
        body = client.post(url(family, "message", message), headers=HTMX).get_data(as_text=True)
    assert ALLERGY_ES in body
    assert stand_in.received[0]["api_key"] == "k-123"


def test_every_kind_of_text_people_write(
        db, client, auth, family, parent, resource_parent, caseworker, translator):
    photo = factories.make_photo(family, parent, caption="See you at family time on Saturday.")
    event = factories.make_event(family, parent, title="School play",
                                 notes="Bring her blue jacket.")
    about = factories.make_about(family, parent, text=ALLERGY)
    concern = factories.make_concern(family, parent, shared=True,
                                     what_happened="Pick-ups keep running late.")
    from app.concerns import services as concerns
    from app.models import StepKind
    concerns.add_step(scope_of(caseworker, family), concern, StepKind.MEETING,
                      factories.utcnow().date(), "We met and agreed on 5 pm.", True)
    concerns.add_step(scope_of(caseworker, family), concern, StepKind.OTHER,
                      factories.utcnow().date(), "Staff only: check the court order.", False)
    steps = sorted(concern.steps, key=lambda step: step.id)
    declined = factories.make_message(family, resource_parent, ContentState.PENDING,
                                      text="Mia durmió bien anoche.")
    moderation.decline(declined, scope_of(caseworker, family), "Please write it without names.")

    auth.login(resource_parent)
    pages = {
        "photo": (photo, f"/families/{family.id}/photos/{photo.id}", "Nos vemos en el tiempo"),
        "event": (event, f"/families/{family.id}/events/{event.id}", "Trae su chaqueta azul."),
        "about": (about, f"/families/{family.id}/children/{family.children[0].id}/about",
                  ALLERGY_ES),
        "concern": (concern, f"/families/{family.id}/concerns/{concern.id}",
                    "[es] Pick-ups keep running late."),
        "step": (steps[0], f"/families/{family.id}/concerns/{concern.id}",
                 "[es] We met and agreed on 5 pm."),
    }
    for kind, (item, page, expected) in pages.items():
        assert f'id="translation-{kind}-{item.id}"' in client.get(page).get_data(as_text=True)
        body = client.post(url(family, kind, item), headers=HTMX).get_data(as_text=True)
        assert expected in body, kind
    event_body = client.post(url(family, "event", event), headers=HTMX).get_data(as_text=True)
    assert "Obra de teatro escolar" in event_body  # the event's name, with its notes
    # A staff-only note is not hers to read, so it is never sent.
    assert client.post(url(family, "step", steps[1])).status_code == 404
    assert not any("Staff only" in text for text in translator.texts())
    auth.logout()

    # The reason a caseworker gave, read by the person whose message was not shared.
    assert translator.received and "Please write it without names." not in translator.texts()
    auth.login(resource_parent)
    assert f'id="translation-message_reason-{declined.id}"' in thread(client, family)
    assert "[es] Please write it without names." in client.post(
        url(family, "message_reason", declined), headers=HTMX).get_data(as_text=True)
    # Her own declined words are hers: no button for them.
    assert f'id="translation-message-{declined.id}"' not in thread(client, family)


def test_two_readers_at_once_keep_one_row(app, db, make_app, family, parent):
    """The unique constraint decides: the second insert fails and reads the first one's row."""
    message = factories.make_message(family, parent, text=ALLERGY)
    with make_app().app_context():  # another worker got there first
        cache.keep(family.id, "message", message.id, "text", ALLERGY, "en", "es", "first")
    assert cache.keep(family.id, "message", message.id, "text", ALLERGY, "en", "es",
                      "second") == "first"
    assert rows(db) == 1


def test_asking_is_limited_per_person(app, client, auth, family, parent, resource_parent,
                                      translator):
    app.config["MACHINE_TRANSLATION_LIMIT_PER_PERSON"] = "2 per hour"
    items = [factories.make_message(family, parent, text=f"Note {n}") for n in range(3)]
    auth.login(resource_parent)
    assert client.post(url(family, "message", items[0])).status_code == 303
    assert client.post(url(family, "message", items[1])).status_code == 303
    assert client.post(url(family, "message", items[2])).status_code == 429
    assert len(translator.received) == 2
    assert client.get(url(family, "message", items[0])).status_code == 200  # reading is free


def test_a_vietnamese_reader_gets_her_language_named_in_it(
        client, auth, family, parent, translator):
    linh = factories.make_user(display_name="Linh Nguyen", locale="vi")
    factories.add_member(family, linh, role=Role.PARENT)
    message = factories.make_message(family, parent, text=ALLERGY)
    auth.login(linh)
    assert "Tiếng Việt" in thread(client, family)
    body = client.post(url(family, "message", message), headers=HTMX).get_data(as_text=True)
    assert "Mia bị dị ứng đậu phộng." in body and 'lang="vi"' in body


def test_the_export_keeps_the_originals_only(
        db, client, auth, family, parent, resource_parent, caseworker, translator):
    message = factories.make_message(family, parent, text=ALLERGY)
    event = factories.make_event(family, parent, title="School play",
                                 notes="Bring her blue jacket.")
    auth.login(resource_parent)
    client.post(url(family, "message", message))
    client.post(url(family, "event", event))
    assert rows(db) == 3
    auth.logout()
    auth.login(caseworker)
    response = client.post(f"/families/{family.id}/export",
                           data={"submit": "Download the ZIP file"})
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert ALLERGY.encode() in everything and b"Bring her blue jacket." in everything
    for translated in (ALLERGY_ES, "Obra de teatro escolar", "Trae su chaqueta azul."):
        assert translated.encode() not in everything


def test_the_words_go_to_the_configured_address_only(
        app, db, client, auth, family, parent, resource_parent, monkeypatch):
    """No proxy from the environment carries them, and a redirect is not followed."""
    message = factories.make_message(family, parent, text=ALLERGY)
    auth.login(resource_parent)
    with StandIn() as elsewhere, StandIn() as service, StandIn(
            redirect_to=elsewhere.url) as redirecting:
        monkeypatch.setenv("http_proxy", elsewhere.url)
        monkeypatch.setenv("HTTP_PROXY", elsewhere.url)
        monkeypatch.delenv("no_proxy", raising=False)
        monkeypatch.delenv("NO_PROXY", raising=False)
        app.config["MACHINE_TRANSLATION_URL"] = service.url
        assert ALLERGY_ES in client.post(url(family, "message", message),
                                         headers=HTMX).get_data(as_text=True)
        db.session.execute(db.delete(MachineTranslation))
        app.config["MACHINE_TRANSLATION_URL"] = redirecting.url
        body = client.post(url(family, "message", message), headers=HTMX).get_data(as_text=True)
        assert "No pudimos traducir esto ahora." in body
    assert len(service.received) == 1 and len(redirecting.received) == 1
    assert elsewhere.received == []


def test_an_admin_who_opens_a_family_may_ask_for_a_translation(
        client, auth, family, parent, resource_parent, admin, translator):
    message = factories.make_message(family, resource_parent, text="Mia durmió bien anoche.")
    auth.login(admin)
    assert "Show in English" in thread(client, family)
    assert client.post(url(family, "message", message)).status_code == 303
    assert translator.texts() == ["Mia durmió bien anoche."]
