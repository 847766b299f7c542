"""Glossary rules: explaining texts, hints about words to avoid, the list, and admin edits."""

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.glossary.cache import current_glossary, forget_checked_version, reader_locale
from app.glossary.marking import Term, as_heading
from app.models.audit import record
from app.models.glossary import GlossaryTerm, GlossaryText, bump_glossary_version
from app.models.types import utcnow
from app.rich_text import render_text

# A message is far shorter; a longer text is not checked at all (and never stored or logged).
HINTS_MAX_CHARS = 5000


def explained(text: str | None, id_prefix: str = "", *, links: bool = False) -> Markup:
    """Jinja filter: `{{ event.notes|explained("e%d" % event.id) }}`."""
    return render_text(text or "", links=links, explain=True, id_prefix=id_prefix)


# --- The glossary page ------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    key: str
    name: str
    acronyms: tuple[str, ...]
    definition: str
    for_you: str


def entries(query: str = "") -> list[Entry]:
    """The terms matching `query` (all when empty), A-Z, in the reader's language."""
    locale = reader_locale()
    return [_entry(term, locale) for term in current_glossary().search(query, locale)]


def _entry(term: Term, locale: str) -> Entry:
    text = term.text(locale)
    return Entry(key=term.key, name=as_heading(text.name), acronyms=term.acronyms,
                 definition=text.definition, for_you=text.for_you)


# --- Words to avoid ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Hint:
    key: str
    said: str  # as the person wrote it
    instead: str
    why: str


def hints_for(text: str) -> list[Hint]:
    """The words to avoid in `text`, in any language, once each, in the writer's language."""
    if not text or len(text) > HINTS_MAX_CHARS:
        return []
    glossary = current_glossary()
    locale = reader_locale()
    hints, seen = [], set()
    for found in glossary.word_matcher.find(text):
        word = found.target
        if word.key in seen:
            continue
        seen.add(word.key)
        meaning = word.text(locale)
        hints.append(Hint(key=word.key, said=" ".join(text[found.start:found.end].split()),
                          instead=meaning.instead, why=meaning.why))
    return hints


# --- Admin editing ----------------------------------------------------------------------------

def all_terms() -> list[GlossaryTerm]:
    return list(db.session.scalars(
        select(GlossaryTerm).options(selectinload(GlossaryTerm.texts)).order_by(GlossaryTerm.key)
    ))


def term_or_none(key: str) -> GlossaryTerm | None:
    return db.session.scalar(
        select(GlossaryTerm).where(GlossaryTerm.key == key)
        .options(selectinload(GlossaryTerm.texts))
    )


@dataclass(frozen=True)
class TermChange:
    acronyms: list[str]
    texts: dict[str, dict]  # locale -> name, also, definition, for_you


def forms_used_elsewhere(term: GlossaryTerm, change: TermChange) -> list[str]:
    """Names, other forms and acronyms in `change` that another term already has."""
    from app.glossary.marking import Matcher

    others = Matcher()
    for other in current_glossary().terms:
        if other.key != term.key:
            others.add(other.forms(), other.key, capitals=other.acronyms)
    mine = [*change.acronyms]
    for values in change.texts.values():
        mine += [values["name"], *values["also"]]
    taken = []
    for form in mine:
        hits = list(others.find(form))
        if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(form):
            taken.append(form)
    return taken


def edit_term(term: GlossaryTerm, change: TermChange, *, actor) -> dict:
    """Save an admin's change; audited with what changed; marking everywhere follows.

    Returns the changes ({} when nothing changed, and then nothing is written)."""
    changes: dict[str, dict] = {}
    if list(term.acronyms) != change.acronyms:
        changes["acronyms"] = {"from": list(term.acronyms), "to": change.acronyms}
        term.acronyms = change.acronyms
    for locale, values in change.texts.items():
        text = term.text_for(locale)
        if text is None:
            text = GlossaryText(locale=locale, name="", also=[], definition="", for_you="")
            term.texts.append(text)
        for field_name, value in values.items():
            old = getattr(text, field_name)
            if old != value:
                changes[f"{locale}.{field_name}"] = {"from": old, "to": value}
                setattr(text, field_name, value)
    if not changes:
        return {}
    now = utcnow()
    term.edited_at = now
    term.updated_at = now
    record("glossary.term_changed", actor=actor, subject=term, key=term.key, changes=changes)
    bump_glossary_version()
    db.session.commit()
    forget_checked_version()
    return changes
