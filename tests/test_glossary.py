"""The glossary as people meet it: the data files, loading them, the glossary page, admin edits,
and the gentle hints about words that hurt or confuse."""

import re

import pytest
from markupsafe import escape

from app.config import TestingConfig, resource_dir
from app.glossary import loading
from app.glossary.loading import GlossaryDataError, load_files, read_glossary
from app.glossary.marking import fold
from app.models import AuditEvent, GlossaryTerm, GlossaryText
from tests.pages import as_read
from tests.readability import MAX_GRADE, grade

LOCALES = list(TestingConfig.LANGUAGES)
TRANSLATIONS = resource_dir("translations")
GLOSSARY = loading.file_entries(loading.GLOSSARY_FILE, "term", LOCALES)
WORDS = loading.file_entries(loading.AVOID_FILE, "word", LOCALES)

ISSUE_TERMS = [
    "case plan", "family time", "reunification", "permanency", "permanency hearing",
    "concurrent planning", "kinship care", "resource parent", "parent partner",
    "guardian ad litem", "CASA", "ICWA", "TPR", "adjudication", "disposition", "dependency",
    "shelter care hearing", "safety plan", "reasonable efforts", "trial home visit", "aftercare",
    "placement", "relative search", "service plan", "drug screen", "supervised family time",
    "no-contact order", "caseworker", "case review", "mandated reporter",
]


def text(response):
    return as_read(response)


def term_named(name):
    for term in GLOSSARY:
        if term["en"]["name"].lower() == name.lower():
            return term
    raise LookupError(name)


# --- The data files ---------------------------------------------------------------------------

def test_every_shipped_language_has_its_catalog_and_its_glossary_files():
    """A language is shipped by a line in LANGUAGES; without its words it must not be."""
    main = loading.GLOSSARY_FILE.read_text(encoding="utf-8")
    for locale in LOCALES:
        if locale != "en":
            catalog = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
            assert catalog.exists(), f"{locale} has no catalog"
        if f"[term.{locale}]" not in main:
            assert loading.locale_file(loading.GLOSSARY_FILE, locale).exists(), locale
            assert loading.locale_file(loading.AVOID_FILE, locale).exists(), locale


@pytest.mark.parametrize("term", GLOSSARY, ids=lambda t: t["key"])
def test_every_term_is_explained_in_every_shipped_language(term):
    for locale in LOCALES:
        for field in ("name", "definition", "for_you"):
            assert term[locale][field].strip(), f"{term['key']} has no {locale} {field}"
    assert all(a.isupper() for a in term.get("acronyms", []))


@pytest.mark.parametrize("term", GLOSSARY, ids=lambda t: t["key"])
def test_english_definitions_read_at_grade_six_or_below(term):
    en = term["en"]
    assert grade(en["definition"]) <= MAX_GRADE, en["definition"]
    assert grade(f"{en['definition']} {en['for_you']}") <= MAX_GRADE, en["for_you"]


def test_the_grade_formula_tells_plain_from_legal_words():
    assert grade("The judge picks a person to help your child. They talk with you.") <= 6
    assert grade("Termination of parental rights constitutes a permanent jurisdictional "
                 "determination regarding guardianship responsibilities.") > 12


def test_the_issue_names_thirty_terms_and_each_is_in_the_glossary():
    names = set()
    for term in GLOSSARY:
        names.add(term["en"]["name"].lower())
        names.update(form.lower() for form in term["en"].get("also", []))
        names.update(term.get("acronyms", []))
    missing = [n for n in ISSUE_TERMS if n.lower() not in names and n not in names]
    assert not missing, missing
    assert len(GLOSSARY) >= 80


@pytest.mark.parametrize("word", WORDS, ids=lambda w: w["key"])
def test_every_word_to_avoid_has_kinder_words_in_every_language(word):
    assert word["en"]["says"]  # other languages may have no such word (then a comment says so)
    for locale in LOCALES:
        assert word[locale]["instead"].strip() and word[locale]["why"].strip()


def test_no_two_terms_share_a_way_of_writing_them(glossary):
    assert glossary.term_matcher.clashes == []
    assert glossary.word_matcher.clashes == []


# --- Loading ----------------------------------------------------------------------------------

def test_flask_glossary_load_adds_then_finds_nothing_new(runner, db):
    first = runner.invoke(args=["glossary", "load"])
    assert first.exit_code == 0, first.output
    assert f"Glossary terms: {len(GLOSSARY)} added, 0 updated, 0 unchanged." in first.output
    assert f"Words to avoid: {len(WORDS)} added" in first.output
    assert db.session.scalar(db.select(db.func.count(GlossaryTerm.id))) == len(GLOSSARY)
    plan = db.session.scalar(db.select(GlossaryTerm).filter_by(key="case-plan"))
    assert plan.text_for("es").definition == term_named("case plan")["es"]["definition"]
    again = runner.invoke(args=["glossary", "load"])
    assert f"0 added, 0 updated, {len(GLOSSARY)} unchanged" in again.output


def test_a_load_updates_file_changes_but_keeps_a_term_edited_in_the_portal(
        runner, db, glossary, admin):
    from app.glossary import services

    plan = db.session.scalar(db.select(GlossaryTerm).filter_by(key="case-plan"))
    gal = db.session.scalar(db.select(GlossaryTerm).filter_by(key="guardian-ad-litem"))
    gal.text_for("en").definition = "An old definition."
    db.session.commit()
    change = services.TermChange(acronyms=[], texts={"en": {
        "name": "case plan", "also": [], "definition": "Written by the agency's admin.",
        "for_you": "Ask for it."}})
    services.edit_term(plan, change, actor=admin)

    result = runner.invoke(args=["glossary", "load"])
    assert "1 updated" in result.output
    assert "1 kept as edited in the portal (case-plan;" in result.output
    db.session.expire_all()
    assert gal.text_for("en").definition == term_named("guardian ad litem")["en"]["definition"]
    assert plan.text_for("en").definition == "Written by the agency's admin."

    replaced = runner.invoke(args=["glossary", "load", "--replace"])
    assert "1 updated" in replaced.output and "kept" not in replaced.output
    db.session.expire_all()
    assert plan.text_for("en").definition == term_named("case plan")["en"]["definition"]
    assert plan.edited_at is None


@pytest.mark.parametrize(("source", "message"), [
    ('[[term]]\nkey = "Bad Key"\n', "lowercase-with-dashes"),
    ('[[term]]\nkey = "a"\n[term.en]\nname = "a"\ndefinition = "d"\nfor_you = "f"\n',
     "no [es] table"),
    ('[[term]]\nkey = "a"\nacronyms = ["Gal"]\n', "capitals"),
    ('[[term]]\nkey = "a"\n[term.en]\nname = "a"\ndefinition = " "\nfor_you = "f"\n'
     '[term.es]\nname = "a"\ndefinition = "d"\nfor_you = "f"\n', "`definition` is missing"),
])
def test_a_broken_file_is_refused_with_where_and_why(source, message):
    with pytest.raises(GlossaryDataError, match=message.replace("[", r"\[")):
        read_glossary(source, ["en", "es"])  # the file alone: the languages it holds


def test_a_broken_file_changes_nothing(runner, db, tmp_path):
    bad = tmp_path / "glossary.toml"
    bad.write_text('[[term]]\nkey = "x"\n')
    with pytest.raises(GlossaryDataError):
        load_files(LOCALES, glossary_file=bad)
    assert db.session.scalar(db.select(db.func.count(GlossaryTerm.id))) == 0


# --- The glossary page ------------------------------------------------------------------------

def test_the_glossary_page_lists_every_term_with_an_anchor_a_to_z(client, auth, glossary,
                                                                   parent):
    auth.login(parent)
    page = text(client.get("/glossary"))
    for term in GLOSSARY:
        assert f'<h2 id="{term["key"]}"' in page
        assert str(escape(term["en"]["definition"])) in page
    positions = [page.index(f'id="{t.key}"') for t in glossary.terms]
    names = [t.text("en").name.lower() for t in glossary.terms]
    assert [n for _, n in sorted(zip(positions, names, strict=True))] == sorted(names)
    assert "(GAL)" in page and "What this means for you:" in page


def test_a_spanish_reader_sees_the_glossary_in_spanish(client, auth, glossary, resource_parent):
    auth.login(resource_parent)
    page = text(client.get("/glossary"))
    assert term_named("case plan")["es"]["definition"] in page
    assert term_named("case plan")["en"]["definition"] not in page
    assert "Qué quiere decir para usted:" in page


@pytest.mark.parametrize(("query", "expected"), [
    ("GAL", "guardian-ad-litem"), ("gal", "guardian-ad-litem"), ("litem", "guardian-ad-litem"),
    ("tutor ad", "guardian-ad-litem"), ("PLAN DEL", "case-plan"), ("Case plan", "case-plan"),
    ("guardián", "guardian-ad-litem"), ("guardian", "guardian-ad-litem"),
])
def test_search_finds_names_other_forms_and_acronyms_in_any_language(client, auth, glossary,
                                                                     parent, query, expected):
    auth.login(parent)
    page = text(client.get("/glossary", query_string={"q": query}))
    assert f'<h2 id="{expected}"' in page
    # Only terms that have the words typed (any case, with or without accents) in some form.
    shown = re.findall(r'<h2 id="([a-z0-9-]+)"', page)
    assert 0 < len(shown) < len(GLOSSARY)
    for key in shown:
        term = glossary.by_key[key]
        forms = " | ".join(fold(f) for f in [*term.forms(), *term.acronyms])
        assert fold(query) in forms, (key, query)


def test_a_search_with_no_match_says_so_and_offers_every_word(client, auth, glossary, parent):
    auth.login(parent)
    page = text(client.get("/glossary", query_string={"q": "zzzz<b>"}))
    assert "No words match “zzzz&lt;b&gt;”." in page
    assert "<h2 id=" not in page and 'href="/glossary"' in page


def test_an_empty_glossary_says_so_kindly(client, auth, parent):
    auth.login(parent)
    page = text(client.get("/glossary"))
    assert "There are no words here yet." in page and "No words match" not in page
    assert '<p id="glossary-count" class="glossary-count" role="status"></p>' in page


def test_htmx_search_gets_only_the_list(client, auth, glossary, parent):
    auth.login(parent)
    response = client.get("/glossary?q=litem", headers={"HX-Request": "true"})
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert text(response).lstrip().startswith('<div id="glossary-list"')
    # The count goes into the status line that stays in the page, so it is read out.
    assert '<p id="glossary-count" hx-swap-oob="innerHTML">1 word matches “litem”.</p>' in text(
        response)
    assert "<html" not in text(response)


def test_signed_out_visitors_are_sent_to_sign_in(client, glossary):
    response = client.get("/glossary")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_every_signed_in_person_finds_the_glossary_in_the_footer(client, auth, parent, family):
    auth.login(parent)
    assert 'href="/glossary">Words explained</a>' in text(client.get(f"/families/{family.id}"))
    auth.logout()
    assert 'href="/glossary"' not in text(client.get("/sign-in"))


# --- Admins edit a term -----------------------------------------------------------------------

def edit_form(**overrides):
    data = {
        "acronyms": "GAL",
        "text_en-name": "guardian ad litem", "text_en-also": "child's guardian\n",
        "text_en-definition": "A helper the judge picks for your child.",
        "text_en-for_you": "You can talk with them.",
        "text_es-name": "tutor ad litem", "text_es-also": "",
        "text_es-definition": "Una persona que el juez elige para su hijo.",
        "text_es-for_you": "Usted puede hablar con ella.",
    }
    term = term_named("guardian ad litem")  # every other language as it is
    for locale in LOCALES[2:]:
        data |= {f"text_{locale}-{f}": term[locale][f] for f in ("name", "definition", "for_you")}
        data[f"text_{locale}-also"] = "\n".join(term[locale].get("also", []))
    data.update(overrides)
    return data


def test_an_admin_changes_a_term_and_it_is_audited_and_explained_at_once(
        client, auth, glossary, admin, db):
    auth.login(admin)
    assert "guardian ad litem" in text(client.get("/admin/glossary"))
    page = text(client.get("/admin/glossary/guardian-ad-litem"))
    assert term_named("guardian ad litem")["es"]["definition"] in page
    response = client.post("/admin/glossary/guardian-ad-litem", data=edit_form())
    assert response.status_code == 303
    term = db.session.scalar(db.select(GlossaryTerm).filter_by(key="guardian-ad-litem"))
    assert term.text_for("en").also == ["child's guardian"] and term.edited_at is not None
    [event] = db.session.scalars(db.select(AuditEvent).filter_by(action="glossary.term_changed"))
    assert event.actor_id == admin.id and event.subject_id == term.id
    changes = event.detail["changes"]
    assert changes["en.definition"]["to"] == "A helper the judge picks for your child."
    assert "es.name" not in changes
    # The new words show on the glossary page straight away, and a new form is marked.
    assert "A helper the judge picks for your child." in text(client.get("/glossary"))
    from app.rich_text import render_text
    with client.application.test_request_context():
        assert "A helper the judge picks" in str(render_text("the child's guardians", explain=True))


def test_saving_without_a_change_writes_nothing(client, auth, glossary, admin, db):
    auth.login(admin)
    term = term_named("guardian ad litem")
    same = edit_form(**{f"text_{loc}-{f}": term[loc][f] for loc in LOCALES
                        for f in ("name", "definition", "for_you")},
                     **{f"text_{loc}-also": "\n".join(term[loc]["also"]) for loc in LOCALES},
                     acronyms=", ".join(term["acronyms"]))
    assert client.post("/admin/glossary/guardian-ad-litem", data=same).status_code == 303
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).filter_by(
        action="glossary.term_changed")) == 0


@pytest.mark.parametrize(("overrides", "message"), [
    ({"text_es-definition": ""}, "This field is required."),
    ({"text_en-name": "x" * 121}, "Field cannot be longer than 120 characters."),
    ({"acronyms": "gal"}, "Write short forms in capitals, like GAL."),
    ({"text_en-also": "case plan"}, "Another term already uses: case plan."),
])
def test_bad_input_is_refused_and_nothing_changes(client, auth, glossary, admin, db,
                                                  overrides, message):
    auth.login(admin)
    response = client.post("/admin/glossary/guardian-ad-litem", data=edit_form(**overrides))
    assert response.status_code == 200 and message in text(response)
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == 0
    definition = db.session.scalar(db.select(GlossaryText.definition).join(GlossaryTerm).where(
        GlossaryTerm.key == "guardian-ad-litem", GlossaryText.locale == "en"))
    assert definition == term_named("guardian ad litem")["en"]["definition"]


def test_only_admins_can_see_or_change_terms(client, auth, glossary, caseworker, parent, db):
    for who in (None, parent, caseworker):
        if who:
            auth.login(who)
        assert client.get("/admin/glossary").status_code == 404
        assert client.get("/admin/glossary/case-plan").status_code == 404
        assert client.post("/admin/glossary/case-plan", data=edit_form()).status_code == 404
        if who:
            auth.logout()
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).filter_by(
        action="glossary.term_changed")) == 0


def test_an_unknown_term_is_not_found(client, auth, glossary, admin):
    auth.login(admin)
    assert client.get("/admin/glossary/no-such-term").status_code == 404


def test_an_edit_and_a_hint_need_the_csrf_token(app, client, auth, glossary, admin, db):
    auth.login(admin)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/admin/glossary/case-plan", data=edit_form()).status_code == 400
    assert hints_of(client, "bio mom").status_code == 400
    token = text(client.get("/glossary")).split('"X-CSRFToken": "')[1].split('"')[0]
    assert "bio mom" in text(hints_of(client, "bio mom", **{"X-CSRFToken": token}))
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == 0


# --- Hints about words that hurt or confuse ---------------------------------------------------

def hints_of(client, words, **headers):
    return client.post("/glossary/hints", data={"text": words},
                       headers={"HX-Request": "true", **headers})


def test_a_writer_is_told_gently_about_bio_mom(client, auth, glossary, parent):
    auth.login(parent)
    response = hints_of(client, "I talked to the BIO MOM about the case plan.")
    page = text(response)
    bio = next(w for w in WORDS if w["key"] == "bio-mom")
    assert response.status_code == 200 and "<html" not in page
    assert "You wrote “BIO MOM”. Many parents prefer:" in page
    assert bio["en"]["instead"].replace("'", "&#39;") in page
    assert "Why:" in page and "You can still send your message as it is." in page


def test_spanish_words_are_found_and_the_hint_is_in_the_writers_language(
        client, auth, glossary, resource_parent, parent):
    auth.login(resource_parent)
    page = text(hints_of(client, "Hablé con la mamá biológica de Mia."))
    bio = next(w for w in WORDS if w["key"] == "bio-mom")
    assert "Usted escribió “mamá biológica”." in page and bio["es"]["why"] in page.replace(
        "&#34;", '"')
    auth.logout()
    auth.login(parent)
    page = text(hints_of(client, "Hablé con la mamá biológica de Mia."))
    assert bio["en"]["instead"].replace("'", "&#39;") in page


def test_kind_words_get_no_hint(client, auth, glossary, parent):
    auth.login(parent)
    page = text(hints_of(client, "Mom and I talked about family time."))
    assert "You wrote" not in page


def test_hints_without_javascript_are_a_page(client, auth, glossary, parent):
    auth.login(parent)
    page = text(client.post("/glossary/hints", data={"text": "my bio mom"}))
    assert "<html" in page and "You wrote “bio mom”." in page and 'role="status"' in page


def test_without_javascript_kind_words_get_a_page_that_says_so(client, auth, glossary, parent):
    auth.login(parent)
    page = text(client.post("/glossary/hints", data={"text": "See you at family time!"}))
    assert "We found no words to think twice about." in page and "You wrote" not in page


def test_the_hints_are_one_per_word_and_come_with_the_live_region(app, glossary):
    from flask import render_template

    from app.glossary.services import hints_for

    with app.test_request_context():
        found = hints_for("bio mom, BIO MOM, biological moms")
        assert [h.key for h in found] == ["bio-mom"]
        html = render_template("glossary/_hints_region.html", hints=found)
    assert 'role="status" aria-live="polite"' in html and html.count("<li") == 1


def test_hints_refuse_long_texts_and_signed_out_visitors(client, auth, glossary, parent):
    assert client.post("/glossary/hints", data={"text": "bio mom"}).status_code == 302
    auth.login(parent)
    response = hints_of(client, "bio mom " * 1000)
    assert response.status_code == 204 and response.get_data() == b""


def test_too_many_asks_get_no_hints_instead_of_an_error_page(make_app, glossary, parent, db):
    app = make_app(GLOSSARY_HINTS_LIMIT_PER_PERSON="2 per hour")
    client = app.test_client()
    with app.app_context():
        from tests.conftest import AuthActions

        AuthActions(client).login(parent)
        assert [hints_of(client, "bio mom").status_code for _ in range(3)] == [200, 200, 204]


def test_the_text_checked_for_hints_is_never_stored_or_logged(client, auth, glossary, parent,
                                                              db, caplog):
    auth.login(parent)
    caplog.clear()
    hints_of(client, "my secret words about the bio mom")
    assert "secret words" not in caplog.text
    details = db.session.scalars(db.select(AuditEvent.detail)).all()
    assert "secret words" not in repr(details)
