"""Glossary terms explained where people read them: which words are marked, in which language
the meaning shows, what it costs, and event notes and "about me" texts in the pages."""

import re
from contextlib import contextmanager

import pytest
from flask import g

from app.config import TestingConfig
from app.glossary import loading
from app.glossary.cache import current_glossary, forget_checked_version
from app.models import ContentState, ReviewLevel
from app.rich_text import render_text
from tests import factories
from tests.pages import as_read

# A small glossary of our own, so these rules hold whatever the real file says.
SAMPLE = """
[[term]]
key = "case-plan"
acronyms = []
[term.en]
name = "case plan"
also = []
definition = "Plan definition."
for_you = "Plan for you."
[term.es]
name = "plan del caso"
also = ["plan de caso"]
definition = "Definición del plan."
for_you = "El plan para usted."

[[term]]
key = "family-time"
acronyms = []
[term.en]
name = "family time"
also = []
definition = "Family time definition."
for_you = "Family time for you."
[term.es]
name = "tiempo en familia"
also = []
definition = "Definición del tiempo en familia."
for_you = "El tiempo en familia para usted."

[[term]]
key = "supervised-family-time"
acronyms = []
[term.en]
name = "supervised family time"
also = ["monitored family time"]
definition = "Supervised definition."
for_you = "Supervised for you."
[term.es]
name = "tiempo en familia supervisado"
also = []
definition = "Definición de supervisado."
for_you = "Supervisado para usted."

[[term]]
key = "casa"
acronyms = ["CASA"]
[term.en]
name = "court appointed special advocate"
also = []
definition = "CASA definition."
for_you = "CASA for you."
[term.es]
name = "defensor especial nombrado por la corte"
also = []
definition = "Definición de CASA."
for_you = "CASA para usted."

[[term]]
key = "reunification"
acronyms = []
[term.en]
name = "reunification"
also = []
definition = "Reunification definition."
for_you = "Reunification for you."
[term.es]
name = "reunificación familiar"
also = ["reunificación"]
definition = "Definición de reunificación."
for_you = "Reunificación para usted."

[[term]]
key = "parenting-class"
acronyms = []
[term.en]
name = "parenting class"
also = ["no-contact order"]
definition = "Class definition."
for_you = "Class for you."
[term.es]
name = "clase para padres"
also = []
definition = "Definición de la clase."
for_you = "La clase para usted."
"""


@pytest.fixture
def sample(app):
    terms = loading.read_glossary(SAMPLE, ["en", "es"])
    loading.load_terms(terms)
    from app.models.glossary import bump_glossary_version

    bump_glossary_version()
    from app.extensions import db

    db.session.commit()
    forget_checked_version()
    return current_glossary()


@contextmanager
def request_in(app, **options):
    """A request context for calling marking directly: the test's app context is reused, so
    start with an empty `g`, as a request of its own would."""
    with app.test_request_context(**options):
        for name in list(g):
            g.pop(name)
        yield


def marked(text, **options):
    """(the words marked, in order, with the key of the term each explains)."""
    html = str(render_text(text, explain=True, **options))
    buttons = re.findall(r'popovertarget="([^"]+)">([^<]*)</button>', html)
    keys = re.findall(r'href="/glossary#([a-z-]+)"', html)
    return [(said, key) for (_, said), key in zip(buttons, keys, strict=True)]


@pytest.fixture
def english(app, sample):
    with request_in(app, headers={"Accept-Language": "en"}):
        yield


def test_phrases_are_marked_in_any_case_with_plurals(english):
    assert marked("Your Case Plan, two CASE PLANS and the parenting classes.") == [
        ("Case Plan", "case-plan"), ("CASE PLANS", "case-plan"),
        ("parenting classes", "parenting-class")]


def test_only_whole_words_are_marked(english):
    assert marked("showcase planning, case planner, familytime, reunifications2") == []


def test_the_longest_form_wins_and_marks_never_overlap(english):
    assert marked("Supervised family time, then family time, then monitored Family-Time.") == [
        ("Supervised family time", "supervised-family-time"), ("family time", "family-time"),
        ("monitored Family-Time", "supervised-family-time")]


def test_words_split_by_a_line_break_or_a_hyphen_still_match(english):
    assert marked("the case\nplan and a no contact order") == [
        ("case\nplan", "case-plan"), ("no contact order", "parenting-class")]


def test_acronyms_match_only_in_capitals(english):
    assert marked("Vamos a la casa. La Casa. CASA viene. Two CASAs.") == [
        ("CASA", "casa"), ("CASAs", "casa")]


def test_a_name_that_is_only_an_acronym_in_lower_case_never_marks_everyday_words(app):
    from app.glossary.marking import Matcher

    matcher = Matcher()
    matcher.add(["Casa", "CASA volunteer"], "casa", capitals=["CASA"])
    assert [f.target for f in matcher.find("La casa de Casa. CASA y el CASA volunteer.")] == [
        "casa", "casa"]
    assert [text[f.start:f.end] for text in ["el CASA volunteer"]
            for f in matcher.find(text)] == ["CASA volunteer"]


def test_spanish_text_is_marked_with_or_without_accents(english):
    assert marked("La reunificación familiar, la Reunificacion y el plan de caso.") == [
        ("reunificación familiar", "reunification"), ("Reunificacion", "reunification"),
        ("plan de caso", "case-plan")]


def test_a_spanish_reader_sees_spanish_meanings_of_english_words(app, sample):
    with request_in(app, headers={"Accept-Language": "es"}):
        html = str(render_text("We talked about the case plan.", explain=True))
    assert "Definición del plan." in html and "El plan para usted." in html
    assert "Qué quiere decir para usted:" in html and ">Plan del caso<" in html
    assert "Plan definition." not in html


def test_an_english_reader_sees_english_meanings_of_spanish_words(english):
    html = str(render_text("Hablamos del plan del caso.", explain=True))
    assert "Plan definition." in html and "Definición" not in html


def test_each_mark_has_its_own_id_and_opens_its_own_popover(english):
    html = str(render_text("case plan, case plan", explain=True, id_prefix="m7"))
    assert html.count('popovertarget="m7-gl1"') == 2  # the term, and the Close button
    assert 'id="m7-gl1"' in html and 'id="m7-gl2"' in html
    assert 'aria-labelledby="m7-gl2-name"' in html and 'popover id="m7-gl2"' in html
    # Another text on the same page, even with the same prefix, continues the count.
    assert 'id="m7-gl3"' in str(render_text("case plan", explain=True, id_prefix="m7"))


@pytest.mark.parametrize("prefix", ['x" onclick="a', "<b>", "1abc", "a" * 60])
def test_an_id_prefix_that_could_break_out_of_the_attribute_is_refused(english, prefix):
    with pytest.raises(ValueError):
        render_text("case plan", explain=True, id_prefix=prefix)


def test_words_inside_a_link_are_not_marked_and_text_stays_escaped(english):
    html = str(render_text('<b>case plan</b> https://x.org/case-plan "family time"',
                           links=True, explain=True))
    assert html.startswith("&lt;b&gt;<button")
    assert '<a href="https://x.org/case-plan" rel="noopener noreferrer"' in html
    assert html.count("<button type=\"button\" class=\"term\"") == 2
    assert "&#34;<button" in html


def test_without_a_glossary_nothing_is_marked(app):
    with request_in(app):
        assert str(render_text("case plan & CASA", explain=True)) == "case plan &amp; CASA"


# --- Cost: one compiled matcher, one small query per request -----------------------------------

def test_many_texts_on_a_page_cost_one_query(app, sample, count_queries):
    with request_in(app), count_queries() as counted:
        for n in range(50):
            render_text(f"Message {n} about the case plan and family time.", explain=True,
                        id_prefix=f"m{n}")
    assert counted.count == 1


def test_the_matcher_is_compiled_once_and_rebuilt_after_a_change_elsewhere(
        make_app, app, sample, admin, count_queries):
    from app.glossary import services

    with request_in(app):
        first = current_glossary()
    with request_in(app):
        assert current_glossary() is first
    # Another process (another app on the same database) changes a term...
    other = make_app()
    with other.app_context():
        from app.extensions import db
        from app.models import GlossaryTerm, User

        term = db.session.scalar(db.select(GlossaryTerm).filter_by(key="case-plan"))
        texts = {t.locale: {"name": t.name, "also": list(t.also), "definition": t.definition,
                            "for_you": t.for_you} for t in term.texts}
        texts["en"]["definition"] = "A newer plan definition."
        services.edit_term(term, services.TermChange(acronyms=[], texts=texts),
                           actor=db.session.get(User, admin.id))
        db.session.remove()
    # ...and this one explains the new words on its next request, after one check.
    with request_in(app), count_queries() as counted:
        assert "A newer plan definition." in str(render_text("case plan", explain=True))
    assert counted.count <= 5


# --- In the pages: event notes and "about me" ----------------------------------------------

@pytest.fixture
def open_family(family, db):
    family.review_level = ReviewLevel.OPEN
    db.session.commit()
    return family


def test_event_notes_explain_terms_in_the_readers_language(client, auth, open_family, parent,
                                                           resource_parent, sample):
    event = factories.make_event(open_family, parent,
                                 notes="Bring the case plan.\nCASA comes too.")
    auth.login(resource_parent)
    page = as_read(client.get(f"/families/{open_family.id}/events/{event.id}"))
    # Dana wrote it in English: the notes say so (tests/test_typed_text_direction.py).
    assert ('<dd class="notes" dir="auto" lang="en">Bring the <button type="button" class="term"'
            in page)
    assert f'popovertarget="e{event.id}-gl1">case plan</button>' in page
    assert "Definición del plan." in page and "Definición de CASA." in page
    assert "plan.\nCASA" not in page and "</span>.\n<button" in page  # the line break is kept


def test_about_me_texts_explain_terms(client, auth, open_family, parent, sample):
    version = factories.make_about(open_family, parent, ContentState.VISIBLE,
                                   text="She loves family time on Sundays.")
    auth.login(parent)
    page = as_read(client.get(f"/families/{open_family.id}/children/{version.child_id}/about"
                      ))
    assert f'popovertarget="a{version.id}-gl1">family time</button>' in page
    assert "Family time definition." in page


def test_the_demo_hearing_notes_use_terms_of_the_real_glossary(glossary):
    from pathlib import Path

    demo = (Path(loading.PACKAGE_DIR) / "demo.py").read_text()
    notes = re.search(r'notes="(A review hearing[^)]*)\)', demo, re.S).group(1)
    keys = {found.target.key for found in glossary.term_matcher.find(notes)}
    assert {"case-plan", "guardian-ad-litem"} <= keys


def test_every_form_in_the_real_file_finds_its_own_term(glossary):
    """Each name, other form and acronym of the shipped glossary marks its term, alone and
    as a plural, so nobody adds a form that can never match."""
    locales = list(TestingConfig.LANGUAGES)
    for entry in loading.file_entries(loading.GLOSSARY_FILE, "term", locales):
        forms = entry.get("acronyms", []) + [
            form for loc in locales for form in [entry[loc]["name"], *entry[loc]["also"]]]
        for form in forms:
            found = list(glossary.term_matcher.find(f"About the {form}."))
            assert [f.target.key for f in found] == [entry["key"]], form


def test_the_caseworker_reviewing_an_about_me_text_sees_its_terms_explained(
        client, auth, family, parent, caseworker, sample):
    version = factories.make_about(family, parent, ContentState.PENDING,
                                   text="After the trial visit, more family time.")
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/about/versions/{version.id}/decline"
                      ))
    assert f'popovertarget="a{version.id}-gl1">family time</button>' in page


def test_the_longest_phrase_wins_even_when_a_shorter_one_starts_first(glossary):
    # "the agency" (a form of the agency) starts first, but "agency attorney" is longer.
    found = list(glossary.term_matcher.find("Then the agency attorney asked for a continuance."))
    assert [(f.target.key, f.end - f.start) for f in found] == [
        ("agency-attorney", len("agency attorney")), ("continuance", len("continuance"))]


@pytest.mark.parametrize(("text", "found"), [
    ("Los planes del caso cambian.", [("planes del caso", "case-plan")]),
    ("Las audiencias de permanencia son en mayo.",
     [("audiencias de permanencia", "permanency-hearing")]),
    ("The guardians ad litem came.", [("guardians ad litem", "guardian-ad-litem")]),
    ("Both GALs came.", [("GALs", "guardian-ad-litem")]),
    ("Two dependencies.", [("dependencies", "dependency")]),
    ("my gals and la casa", []),
])
def test_plurals_on_the_first_word_y_to_ies_and_acronyms(glossary, text, found):
    assert [(text[f.start:f.end], f.target.key)
            for f in glossary.term_matcher.find(text)] == found
