"""Finding glossary terms and words to avoid in what people write: the compiled matcher.

A text is cut into words (Unicode letters and digits; accents and "ñ" are letters). A term's
forms (every language's name and `also`, and its acronyms) are cut the same way, so matching is
dictionary look-ups over word sequences, not a regular expression per term: a page of messages
is scanned in milliseconds however long the glossary grows.

* Names and `also` forms match in any letter case and with or without accents ("reunificacion"
  finds "reunificación"); the words may be joined by spaces, line breaks or a hyphen.
* An "s" or "es" on the last word is a plural ("case plans", "GALs").
* Acronyms, and forms written all in capitals, match only in capitals ("CASA", never "casa",
  which is Spanish for house).
* At each place the longest form wins, and marks never overlap.

This module holds plain data only (no database, no request): app.glossary.cache builds one
`Glossary` per process from the database and rebuilds it when the glossary changes.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

# A word: letters, digits, and combining accents (text typed as "e" + U+0301 stays one word).
WORD = re.compile(r"[\w\u0300-\u036f]+")
# Spaces, and hyphens of any kind (U+2010 hyphen, U+2011 no-break hyphen, U+2013 en dash).
_SEPARATOR_ONLY = re.compile(r"^[\s\-\u2010\u2011\u2013]+$")
_SPACES = re.compile(r"\s+")
MAX_FORM_WORDS = 12

T = TypeVar("T")


def fold(word: str) -> str:
    """A word as compared without case or accents: "Reunificación" -> "reunificacion"."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _gap(text: str) -> str:
    """What lies between two words, as compared: any run of spaces or hyphens is one space."""
    if _SEPARATOR_ONLY.match(text):
        return " "
    return _SPACES.sub(" ", text.replace("\u2019", "'"))  # a curly apostrophe is one too


def as_heading(name: str) -> str:
    """"plan del caso" -> "Plan del caso"; "GAL" and "iPad" stay as written."""
    return name[:1].upper() + name[1:]


def _is_capitals(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class Found(Generic[T]):
    start: int
    end: int
    target: T


@dataclass
class PhraseIndex(Generic[T]):
    """Forms -> targets, for one way of comparing words (folded, or exact for capitals)."""

    exact: bool
    forms: dict[str, T] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)

    def key_words(self, word: str) -> str:
        return word if self.exact else fold(word)

    def add(self, form: str, target: T) -> bool:
        """Add one form; False when it has no words or another target has it already."""
        words = list(WORD.finditer(form))
        if not words or len(words) > MAX_FORM_WORDS:
            return False
        key = ""
        for number, match in enumerate(words):
            if number:
                key += _gap(form[words[number - 1].end():match.start()])
            key += self.key_words(match.group())
            self.prefixes.add(key)
        if key in self.forms:
            return self.forms[key] == target
        self.forms[key] = target
        if not self.exact and len(words) > 1:
            self._add_first_word_plurals(form, words, target)
        return True

    def _add_first_word_plurals(self, form: str, words: list, target: T) -> None:
        """A phrase whose first word carries the plural: Spanish "planes del caso", "audiencias
        de permanencia", English "guardians ad litem". Never in the way of another form."""
        rest = form[words[0].end():]
        for ending in ("s", "es"):
            variant = self.key_words(words[0].group() + ending) + rest
            key, previous_end = "", 0
            for number, match in enumerate(WORD.finditer(variant)):
                if number:
                    key += _gap(variant[previous_end:match.start()])
                key += self.key_words(match.group())
                previous_end = match.end()
                self.prefixes.add(key)
            self.forms.setdefault(key, target)

    def plural_stems(self, word: str) -> Iterator[str]:
        yield word
        if self.exact:
            if word.endswith(("s", "S")):  # "GALs", "GALS"
                yield word[:-1]
            return
        if word.endswith("s"):
            yield word[:-1]
            if word.endswith("es"):
                yield word[:-2]
            if word.endswith("ies"):  # "agencies", "dependencies"
                yield word[:-3] + "y"

    def longest_at(self, words: list[str], gaps, i: int) -> tuple[int, T] | None:
        """The longest form starting at word i: (index of its last word, target) or None."""
        best = None
        key = ""
        for j in range(i, min(i + MAX_FORM_WORDS, len(words))):
            if j > i:
                key += gaps[j - 1]
            for stem in self.plural_stems(words[j]):
                target = self.forms.get(key + stem)
                if target is not None:
                    best = (j, target)
                    break
            key += words[j]
            if key not in self.prefixes:
                break
        return best


class Matcher(Generic[T]):
    """Finds the forms of many targets in a text: the longest first, never overlapping."""

    def __init__(self) -> None:
        self.folded: PhraseIndex[T] = PhraseIndex(exact=False)
        self.capitals: PhraseIndex[T] = PhraseIndex(exact=True)
        self.clashes: list[str] = []

    def add(self, forms: Iterable[str], target: T, *, capitals: Iterable[str] = ()) -> None:
        capitals = set(capitals)
        folded_capitals = {fold(a) for a in capitals}
        for form in forms:
            if form not in capitals and fold(form) in folded_capitals:
                continue  # "Casa" beside the acronym CASA would find the Spanish word for house
            # A name written in capitals ("ICWA") is an acronym: "casa" must not find "CASA".
            index = self.capitals if form in capitals or _is_capitals(form) else self.folded
            if not index.add(form, target):
                self.clashes.append(form)
        for form in capitals:
            if not self.capitals.add(form, target):
                self.clashes.append(form)

    def __bool__(self) -> bool:
        return bool(self.folded.forms or self.capitals.forms)

    def find(self, text: str) -> Iterator[Found[T]]:
        spans = [m.span() for m in WORD.finditer(text)]
        if not spans:
            return
        raw = [text[s:e] for s, e in spans]
        folded = [w.lower() if w.isascii() else fold(w) for w in raw]
        gaps = _Gaps(text, spans)
        starts, forms = self.folded.prefixes, self.folded.forms
        capitals = self.capitals.prefixes
        candidates = []
        for i, word in enumerate(folded):
            # Most words start no form: two set look-ups, and on to the next word.
            found = None
            if word in starts or (word.endswith("s") and (
                    word[:-1] in forms or word[:-2] in forms or word[:-3] + "y" in forms)):
                found = self.folded.longest_at(folded, gaps, i)
            if capitals and raw[i][:1].isupper():
                acronym = self.capitals.longest_at(raw, gaps, i)
                if acronym is not None and (found is None or acronym[0] > found[0]):
                    found = acronym
            if found is not None:
                candidates.append(Found(spans[i][0], spans[found[0]][1], found[1]))
        # The longest match first, wherever it starts: in "the agency attorney" the phrase
        # "agency attorney" wins over "the agency", which overlaps it and is shorter.
        chosen: list[Found[T]] = []
        for candidate in sorted(candidates, key=lambda f: (f.start - f.end, f.start)):
            if all(candidate.end <= c.start or c.end <= candidate.start for c in chosen):
                chosen.append(candidate)
        yield from sorted(chosen, key=lambda f: f.start)


class _Gaps:
    """What lies between word k and word k+1, worked out only when a form needs it."""

    def __init__(self, text: str, spans: list[tuple[int, int]]) -> None:
        self.text, self.spans = text, spans
        self.known: dict[int, str] = {}

    def __getitem__(self, k: int) -> str:
        gap = self.known.get(k)
        if gap is None:
            gap = self.known[k] = _gap(self.text[self.spans[k][1]:self.spans[k + 1][0]])
        return gap


# --- What the matcher finds: plain, frozen copies of the database rows ------------------------

@dataclass(frozen=True)
class TermText:
    name: str
    also: tuple[str, ...]
    definition: str
    for_you: str


@dataclass(frozen=True)
class Term:
    key: str
    acronyms: tuple[str, ...]
    texts: dict[str, TermText] = field(hash=False, compare=False)

    def text(self, locale: str, default: str = "en") -> TermText:
        """The term in the reader's language, else the default language, else any."""
        return self.texts.get(locale) or self.texts.get(default) or next(iter(self.texts.values()))

    def forms(self) -> list[str]:
        names = [t.name for t in self.texts.values()]
        return names + [form for t in self.texts.values() for form in t.also]


@dataclass(frozen=True)
class WordText:
    says: tuple[str, ...]
    instead: str
    why: str


@dataclass(frozen=True)
class AvoidWord:
    key: str
    texts: dict[str, WordText] = field(hash=False, compare=False)

    def text(self, locale: str, default: str = "en") -> WordText:
        return self.texts.get(locale) or self.texts.get(default) or next(iter(self.texts.values()))


@dataclass
class Glossary:
    """Every term and avoid-word, with their compiled matchers, as of one `version` token."""

    version: str | None
    terms: list[Term]
    words: list[AvoidWord]
    term_matcher: Matcher[Term] = field(init=False)
    word_matcher: Matcher[AvoidWord] = field(init=False)

    def __post_init__(self) -> None:
        self.term_matcher = Matcher()
        for term in self.terms:
            self.term_matcher.add(term.forms(), term, capitals=term.acronyms)
        self.word_matcher = Matcher()
        for word in self.words:
            self.word_matcher.add([s for t in word.texts.values() for s in t.says], word)
        self.by_key = {term.key: term for term in self.terms}
        # Escaped HTML of a term in one language, filled in by app.rich_text as pages ask.
        self.rendered: dict[tuple[str, str], dict] = {}

    def search(self, query: str, locale: str) -> list[Term]:
        """Terms whose name, other forms or acronyms, in any language, contain the words typed;
        sorted A-Z by their name in the reader's language."""
        wanted = " ".join(fold(w) for w in WORD.findall(query))
        found = []
        for term in self.terms:
            if wanted:
                haystack = " | ".join(
                    " ".join(fold(w) for w in WORD.findall(form))
                    for form in [*term.forms(), *term.acronyms]
                )
                if wanted not in haystack:
                    continue
            found.append(term)
        return sorted(found, key=lambda t: fold(t.text(locale).name))
