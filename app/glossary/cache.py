"""One compiled glossary per process, rebuilt only when the glossary changed.

A request that shows marked text asks the database once for the glossary's version token
(`glossary_state`, one primary-key lookup) and keeps the answer on `g`, so a page with fifty
texts costs one query, not fifty. When the token differs from the compiled one (an admin edited
a term in this or another process, or `flask glossary load` ran), the glossary is rebuilt from
the database. The compiled copy lives in `app.extensions`, so apps on other databases (tests)
never share one.
"""

from flask import current_app, g, has_app_context, has_request_context
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.glossary.marking import AvoidWord, Glossary, Term, TermText, WordText
from app.models.glossary import AvoidWord as AvoidWordRow
from app.models.glossary import GlossaryTerm, glossary_version

_EXTENSION = "hearth_glossary"


def current_glossary() -> Glossary:
    if "glossary_version" not in g:
        g.glossary_version = glossary_version()
    version = g.glossary_version
    compiled: Glossary | None = current_app.extensions.get(_EXTENSION)
    if compiled is None or compiled.version != version:
        compiled = _build(version)
        current_app.extensions[_EXTENSION] = compiled
    return compiled


def forget_checked_version() -> None:
    """After changing the glossary: the next marking in this request asks again."""
    if has_app_context():
        g.pop("glossary_version", None)


def reader_locale() -> str:
    """The language the page is shown in (outside a request: the default language)."""
    locale = get_locale() if has_request_context() else None
    if locale:
        return str(locale)
    return current_app.config["BABEL_DEFAULT_LOCALE"] if has_app_context() else "en"


def _build(version: str | None) -> Glossary:
    if version is None:  # nothing loaded yet: nothing to ask the database
        return Glossary(version=None, terms=[], words=[])
    rows = db.session.scalars(
        select(GlossaryTerm).options(selectinload(GlossaryTerm.texts)).order_by(GlossaryTerm.key)
    )
    terms = [
        Term(
            key=row.key,
            acronyms=tuple(row.acronyms),
            texts={
                t.locale: TermText(name=t.name, also=tuple(t.also), definition=t.definition,
                                   for_you=t.for_you)
                for t in row.texts
            },
        )
        for row in rows if row.texts
    ]
    word_rows = db.session.scalars(
        select(AvoidWordRow).options(selectinload(AvoidWordRow.texts)).order_by(AvoidWordRow.key)
    )
    words = [
        AvoidWord(
            key=row.key,
            texts={t.locale: WordText(says=tuple(t.says), instead=t.instead, why=t.why)
                   for t in row.texts},
        )
        for row in word_rows if row.texts
    ]
    glossary = Glossary(version=version, terms=terms, words=words)
    for clash in glossary.term_matcher.clashes + glossary.word_matcher.clashes:
        current_app.logger.warning("glossary: the form %r belongs to two entries", clash)
    return glossary
