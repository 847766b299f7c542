"""What a person wrote, made into safe HTML: every character escaped, `https` links clickable,
and glossary terms explained.

Matching runs on the raw text and every piece of it is escaped on its own, so the only tags in
the result are the ones written here; nothing a person types can become markup. Line breaks are
kept by CSS (`white-space: pre-line` on the element that holds the text), not by adding tags.

An explained term is a button that opens a popover with the term's definition and "what this
means for you" in the reader's language, whatever language the writer used. The HTML `popover`
attribute opens it without JavaScript, by keyboard too; the popover follows its button in the
page, so a screen reader reads it next; it also links to the term on the glossary page.
"""

import re

from flask import g, has_app_context, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

# Only https: a plain-http or javascript: link stays text. A link ends at white space, a quote
# or an angle bracket; punctuation that usually ends a sentence is not part of it (below).
_LINK = re.compile(r"https://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?"
# Ids are written into attributes: a template gives a short fixed prefix, never user text.
_ID_PREFIX = re.compile(r"^(?:[A-Za-z][A-Za-z0-9_-]{0,40})?$")

def render_text(text: str, *, links: bool = False, explain: bool = False,
                id_prefix: str = "") -> Markup:
    """`text` as HTML to put inside an element.

    links: https addresses become links. explain: glossary terms become buttons that show
    their meaning. id_prefix: a short name unique on the page for this text (e.g. "e12" for
    event 12), so the popovers of two texts, or of a fragment added later, never share an id.
    """
    if not _ID_PREFIX.match(id_prefix):
        raise ValueError("id_prefix must be a short name of letters, digits, - and _")
    if not links and not explain:
        return escape(text)
    explainer = _Explainer(id_prefix) if explain else None
    out: list[str] = []
    position = 0
    for match in _LINK.finditer(text) if links else ():
        url = _trim(match.group())
        start, end = match.start(), match.start() + len(url)
        out.append(_plain(text[position:start], explainer))
        out.append(
            Markup('<a href="{0}" rel="noopener noreferrer" class="text-link">{0}</a>').format(url)
        )
        position = end
    out.append(_plain(text[position:], explainer))
    return Markup("").join(out)


def _plain(text: str, explainer: "_Explainer | None") -> Markup:
    return explainer.mark(text) if explainer is not None and text else escape(text)


def _trim(url: str) -> str:
    """Leave off a sentence's closing punctuation, and a closing bracket the link did not open."""
    while url and url[-1] in _TRAILING:
        url = url[:-1]
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return url


class _Explainer:
    """Marks the glossary terms of one text, in the reader's language."""

    def __init__(self, id_prefix: str) -> None:
        from app.glossary.cache import current_glossary, reader_locale

        self.glossary = current_glossary()
        self.locale = g.get("glossary_locale") if has_app_context() else None
        if self.locale is None:
            self.locale = reader_locale()
            if has_app_context():
                g.glossary_locale = self.locale
        self.prefix = f"{id_prefix}-" if id_prefix else ""

    def next_id(self) -> str:
        # Counted per request as well as prefixed: two texts given the same prefix stay apart.
        number = (g.get("glossary_mark_count", 0) + 1) if has_app_context() else 1
        if has_app_context():
            g.glossary_mark_count = number
        return f"{self.prefix}gl{number}"

    def mark(self, text: str) -> Markup:
        matcher = self.glossary.term_matcher
        if not matcher:
            return escape(text)
        out: list[str] = []
        position = 0
        for found in matcher.find(text):
            out.append(escape(text[position:found.start]))
            out.append(self._term(text[found.start:found.end], found.target))
            position = found.end
        out.append(escape(text[position:]))
        return Markup("").join(out)

    def _term(self, said: str, term) -> Markup:
        """The button and its popover. Every piece is escaped: the words said here, and the
        term's words (escaped once per process and language, in `_meaning`); the id is made of
        a checked prefix and a number."""
        meaning = _meaning(self.glossary, term, self.locale)
        i = self.next_id()
        return Markup(  # noqa: S704 - every value below is escaped or a checked id
            f'<button type="button" class="term" popovertarget="{i}">{escape(said)}</button>'
            f'<span popover id="{i}" class="term-pop" role="dialog" aria-labelledby="{i}-name">'
            f'<strong class="term-pop__name" id="{i}-name">{meaning["name"]}</strong>'
            f'<span class="term-pop__text">{meaning["definition"]}</span>'
            f'<span class="term-pop__text"><strong>{meaning["for_you_label"]}</strong> '
            f'{meaning["for_you"]}</span>'
            f'<a class="term-pop__more" href="{meaning["more_url"]}">{meaning["more"]}</a>'
            f'<button type="button" class="button button--secondary term-pop__close" '
            f'popovertarget="{i}" popovertargetaction="hide">{meaning["close"]}</button></span>'
        )


def _meaning(glossary, term, locale: str) -> dict[str, Markup]:
    """A term's words in one language, escaped, kept with the compiled glossary (which is
    replaced, cache and all, when the glossary changes)."""
    from app.glossary.marking import as_heading

    key = (term.key, locale)
    meaning = glossary.rendered.get(key)
    if meaning is None:
        text = term.text(locale)
        name = as_heading(text.name)
        if term.acronyms:
            name = f"{name} ({', '.join(term.acronyms)})"
        meaning = {
            "name": escape(name), "definition": escape(text.definition),
            "for_you": escape(text.for_you), "for_you_label": escape(_("What this means for you:")),
            "more_url": escape(f"{url_for('glossary.index')}#{term.key}"),
            "more": escape(_("All words explained")), "close": escape(_("Close")),
        }
        glossary.rendered[key] = meaning
    return meaning
