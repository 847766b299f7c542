"""The thread explains child-welfare words in the reader's language, and the composer gently
points out hurtful words while someone writes."""

import tomllib

from app.glossary import loading
from tests.factories import make_message
from tests.test_messages import open_family, page, thread_url  # noqa: F401

TERMS = {t["key"]: t for t in tomllib.loads(
    loading.GLOSSARY_FILE.read_text(encoding="utf-8"))["term"]}


def test_a_spanish_reader_sees_spanish_meanings_in_a_message_written_in_english(
        client, auth, glossary, open_family, parent, resource_parent):  # noqa: F811
    make_message(open_family, parent,
                 text="The GAL asked about the case plan. <b>Family time</b> is on Saturday.")
    auth.login(resource_parent)  # Rosa reads Spanish
    html = page(client, open_family)
    for key in ("guardian-ad-litem", "case-plan", "family-time"):
        spanish = TERMS[key]["es"]["definition"].replace("'", "&#39;").replace('"', "&#34;")
        assert spanish in html, key
        assert TERMS[key]["en"]["definition"].replace("'", "&#39;") not in html
    assert 'popovertarget="m' in html
    assert "&lt;b&gt;" in html and "<b>Family" not in html  # marking never makes markup


def test_an_english_reader_sees_english_meanings_of_what_rosa_wrote_in_spanish(
        client, auth, glossary, open_family, parent, resource_parent):  # noqa: F811
    make_message(open_family, resource_parent, text="¿Cuándo es la audiencia de permanencia?")
    auth.login(parent)
    html = page(client, open_family)
    assert TERMS["permanency-hearing"]["en"]["definition"].replace("'", "&#39;") in html


def test_the_composer_asks_for_hints_while_typing(
        client, auth, glossary, open_family, parent):  # noqa: F811
    auth.login(parent)
    html = page(client, open_family)
    assert 'hx-post="/glossary/hints"' in html and 'hx-target="#writing-hints"' in html
    assert 'id="writing-hints"' in html
    assert 'aria-describedby="composer-hint"' in html  # the limit is read with the box
    # What the composer posts (its whole form, as htmx sends it) gets a gentle hint back.
    hint = client.post("/glossary/hints", data={"text": "Her bio mom called", "since": ""},
                       headers={"HX-Request": "true"})
    assert hint.status_code == 200 and "bio mom" in hint.get_data(as_text=True)
    # Sending anyway works: the hint never blocks.
    assert client.post(thread_url(open_family), data={"text": "Her bio mom called"}
                       ).status_code == 303
