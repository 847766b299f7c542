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
* Chinese (and Japanese) is written without spaces: each Han or kana character is a word of its
  own, joined to the next with nothing between, so "个案计划" is found inside a sentence while
  spaced languages still match whole words only.
* Arabic attaches the article and some one-letter words to the next word ("والمحامي", "للطفل"):
  a word that starts no form as written is tried without them. Short vowels and tatweel are
  ignored, and letters people type either way are one ("ة"/"ه", "ى"/"ي", "أ"/"ا").
* Vietnamese tone marks make different words ("mẹ tôi", my mother; "mẹ tồi", a bad mother), so
  Vietnamese forms match with their marks, as written; only the letter case may differ.

This module holds plain data only (no database, no request): app.glossary.cache builds one
`Glossary` per process from the database and rebuilds it when the glossary changes.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, TypeVar

# Han ideographs and kana: each character is a word (Chinese has no spaces between words).
_EACH_A_WORD = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# Marks inside a word: combining accents (text typed as "e" + U+0301 stays one word) and Arabic
# short vowels, which are not letters to the regular expression.
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
WORD = re.compile(rf"[{_EACH_A_WORD}]|(?:(?![{_EACH_A_WORD}])[\w{_MARKS}])+")
# Spaces, and hyphens of any kind (U+2010 hyphen, U+2011 no-break hyphen, U+2013 en dash).
_SEPARATOR_ONLY = re.compile(r"^[\s\-\u2010\u2011\u2013]+$")
_SPACES = re.compile(r"\s+")
MAX_FORM_WORDS = 24  # a long Chinese form counts a word per character

# Languages whose accents tell words apart: their forms match with the accents as written.
ACCENTS_MATTER = frozenset({"vi"})
# Letters folded together: Arabic letters typed either way, tatweel (a stretch, not a letter),
# and Vietnamese "đ" (a keyboard without it types "d").
_SAME_LETTERS = str.maketrans({"ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "ـ": None,
                               "đ": "d", "Đ": "d"})
# What Arabic writes onto the front of a word, longest first: "and", "with", "for", "like",
# "so", each alone or before the article, and the article itself ("لل" is "ل" + "ال").
_ARABIC_FRONT = ("وبال", "وال", "بال", "فال", "كال", "ولل", "لل", "ال", "و", "ف", "ب", "ل", "ك")

T = TypeVar("T")


@lru_cache(maxsize=65536)  # building the glossary folds each word of ~6,000 forms many times
def fold(word: str) -> str:
    """A word as compared without case or accents: "Reunificación" -> "reunificacion"."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFD", word.translate(_SAME_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold_case(word: str) -> str:
    """A word as compared where accents matter: only the letter case (and the way the accents
    were typed, composed or not) may differ."""
    return unicodedata.normalize("NFC", word).casefold()


def _is_arabic(word: str) -> bool:
    return "\u0600" <= word[:1] <= "\u06ff"


def without_arabic_front(word: str) -> Iterator[str]:
    """The word without what Arabic attached to its front, shortest cut first; at least two
    letters stay (a word that only looks like "و" + a word is then still tried as written)."""
    for front in _ARABIC_FRONT:
        if word.startswith(front) and len(word) - len(front) >= 2:
            yield word[len(front):]


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
    keep_accents: bool = False
    forms: dict[str, T] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)

    def key_words(self, word: str) -> str:
        if self.exact:
            return word
        return fold_case(word) if self.keep_accents else fold(word)

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
        first = self.key_words(words[0].group())
        if _is_arabic(first) and first.startswith("ال") and len(first) > 3:
            # A form written with the article is found without it too ("الأم ..." in "أم ...",
            # and, the article cut from the text, in "والأم ...").
            self._add_with_first_word(first[2:], key[len(first):], target)
        if (not self.exact and not self.keep_accents and len(words) > 1
                and words[0].group()[-1:].isascii()):  # plurals with "s": Latin letters only
            self._add_first_word_plurals(form, words, target)
        return True

    def _add_with_first_word(self, first: str, rest: str, target: T) -> None:
        self.prefixes.add(first)
        key = first
        for piece in re.split(r"( )", rest):  # the rest is already in key form
            key += piece
            if piece and piece != " ":
                self.prefixes.add(key)
        self.forms.setdefault(key, target)

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
        if self.keep_accents:
            return
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

    def longest_at(self, words: list[str], gaps, i: int,
                   first: str | None = None) -> tuple[int, T] | None:
        """The longest form starting at word i: (index of its last word, target) or None.
        `first` stands for word i when it is read another way (Arabic without its front)."""
        best = None
        key = ""
        for j in range(i, min(i + MAX_FORM_WORDS, len(words))):
            if j > i:
                key += gaps[j - 1]
            word = first if j == i and first is not None else words[j]
            for stem in self.plural_stems(word):
                target = self.forms.get(key + stem)
                if target is not None:
                    best = (j, target)
                    break
            key += word
            if key not in self.prefixes:
                break
        return best


class Matcher(Generic[T]):
    """Finds the forms of many targets in a text: the longest first, never overlapping."""

    def __init__(self) -> None:
        self.folded: PhraseIndex[T] = PhraseIndex(exact=False)
        self.accented: PhraseIndex[T] = PhraseIndex(exact=False, keep_accents=True)
        self.capitals: PhraseIndex[T] = PhraseIndex(exact=True)
        self.clashes: list[str] = []

    def add(self, forms: Iterable[str], target: T, *, capitals: Iterable[str] = (),
            accents_matter: Iterable[str] = ()) -> None:
        """`accents_matter`: forms (among `forms`) of a language whose accents tell words apart."""
        capitals = set(capitals)
        accented = set(accents_matter)
        folded_capitals = {fold(a) for a in capitals}
        for form in forms:
            if form not in capitals and fold(form) in folded_capitals:
                continue  # "Casa" beside the acronym CASA would find the Spanish word for house
            # A name written in capitals ("ICWA") is an acronym: "casa" must not find "CASA".
            if form in capitals or _is_capitals(form):
                index = self.capitals
            else:
                index = self.accented if form in accented else self.folded
            if not index.add(form, target):
                self.clashes.append(form)
        for form in capitals:
            if not self.capitals.add(form, target):
                self.clashes.append(form)

    def __bool__(self) -> bool:
        return bool(self.folded.forms or self.accented.forms or self.capitals.forms)

    def find(self, text: str) -> Iterator[Found[T]]:
        spans = [m.span() for m in WORD.finditer(text)]
        if not spans:
            return
        raw = [text[s:e] for s, e in spans]
        folded = [w.lower() if w.isascii() else fold(w) for w in raw]
        gaps = _Gaps(text, spans)
        starts, forms = self.folded.prefixes, self.folded.forms
        capitals = self.capitals.prefixes
        accented = [fold_case(w) for w in raw] if self.accented.forms else None
        candidates = []
        for i, word in enumerate(folded):
            # Most words start no form: two set look-ups, and on to the next word.
            found = None
            if word in starts or (word.endswith("s") and (
                    word[:-1] in forms or word[:-2] in forms or word[:-3] + "y" in forms)):
                found = self.folded.longest_at(folded, gaps, i)
            if found is None and _is_arabic(word):
                for bare in without_arabic_front(word):
                    if bare in starts and (found := self.folded.longest_at(
                            folded, gaps, i, first=bare)):
                        break
            if accented is not None and accented[i] in self.accented.prefixes:
                found = _longer(found, self.accented.longest_at(accented, gaps, i))
            if capitals and raw[i][:1].isupper():
                found = _longer(found, self.capitals.longest_at(raw, gaps, i))
            if found is not None:
                candidates.append(Found(spans[i][0], spans[found[0]][1], found[1]))
        # The longest match first, wherever it starts: in "the agency attorney" the phrase
        # "agency attorney" wins over "the agency", which overlaps it and is shorter.
        chosen: list[Found[T]] = []
        for candidate in sorted(candidates, key=lambda f: (f.start - f.end, f.start)):
            if all(candidate.end <= c.start or c.end <= candidate.start for c in chosen):
                chosen.append(candidate)
        yield from sorted(chosen, key=lambda f: f.start)


def _longer(found, other):
    """The match that reaches further (the one found first when they reach as far)."""
    return other if other is not None and (found is None or other[0] > found[0]) else found


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

    def forms_where_accents_matter(self) -> list[str]:
        return [form for locale, t in self.texts.items() if locale in ACCENTS_MATTER
                for form in (t.name, *t.also)]


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
            self.term_matcher.add(term.forms(), term, capitals=term.acronyms,
                                  accents_matter=term.forms_where_accents_matter())
        self.word_matcher = Matcher()
        for word in self.words:
            self.word_matcher.add(
                [s for t in word.texts.values() for s in t.says], word,
                accents_matter=[s for locale, t in word.texts.items()
                                if locale in ACCENTS_MATTER for s in t.says])
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
