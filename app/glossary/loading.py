"""Loading app/data/glossary.toml and app/data/words-to-avoid.toml into the database.

English and Spanish sit beside each other in those two files. Every other language has a file
of its own, `glossary-<locale>.toml` and `words-to-avoid-<locale>.toml`, one table per key, so a
translator works in one file and two translators never meet in one.

The files are the reviewed source (one entry per term, in pull requests); the database is what
the portal reads and what an admin edits. A load inserts what is missing and updates what
changed, except terms an admin edited in the portal since: their words are kept until a load
with `replace=True`.
"""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.config import PACKAGE_DIR
from app.extensions import db
from app.models.glossary import (
    NAME_MAX,
    TEXT_MAX,
    AvoidWord,
    AvoidWordText,
    GlossaryTerm,
    GlossaryText,
    bump_glossary_version,
)
from app.models.types import utcnow

DATA_DIR = PACKAGE_DIR / "data"
GLOSSARY_FILE = DATA_DIR / "glossary.toml"
AVOID_FILE = DATA_DIR / "words-to-avoid.toml"

KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_acronym(form: str) -> bool:
    """Written in capitals ("GAL", "IV-E", "TITLE IV-E"): matched only as written."""
    return (0 < len(form) <= 30 and any(c.isupper() for c in form)
            and not any(c.islower() for c in form))


class GlossaryDataError(ValueError):
    """The data file is not in the documented format; the message says where."""


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited in the portal, left alone

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def summary(self, what: str) -> str:
        line = (f"{what}: {len(self.added)} added, {len(self.updated)} updated, "
                f"{len(self.unchanged)} unchanged")
        if self.kept:
            line += (f", {len(self.kept)} kept as edited in the portal "
                     f"({', '.join(self.kept)}; --replace overwrites them)")
        return line + "."


# --- Reading and checking the files -----------------------------------------------------------

def _text(entry: dict, name: str, where: str, *, limit: int) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip():
        raise GlossaryDataError(f"{where}: `{name}` is missing or empty")
    value = " ".join(value.split())
    if len(value) > limit:
        raise GlossaryDataError(f"{where}: `{name}` is longer than {limit} characters")
    return value


def _forms(entry: dict, name: str, where: str, *, required: bool = False) -> list[str]:
    value = entry.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GlossaryDataError(f"{where}: `{name}` must be a list of non-empty strings")
    if required and not value:
        raise GlossaryDataError(f"{where}: `{name}` is empty")
    forms = [" ".join(v.split()) for v in value]
    if any(len(v) > NAME_MAX for v in forms):
        raise GlossaryDataError(f"{where}: a `{name}` entry is longer than {NAME_MAX} characters")
    return forms


def _key(entry: dict, where: str, seen: set[str]) -> str:
    key = entry.get("key")
    if not isinstance(key, str) or not KEY.match(key) or len(key) > 80:
        raise GlossaryDataError(f"{where}: `key` must be lowercase-with-dashes")
    if key in seen:
        raise GlossaryDataError(f"{where}: the key {key!r} is used twice")
    seen.add(key)
    return key


def locale_file(base: Path, locale: str) -> Path:
    """glossary.toml -> glossary-vi.toml: where one language's texts live."""
    return base.with_name(f"{base.stem}-{locale}{base.suffix}")


def _add_locale_files(entries: list[dict], base: Path, locales: list[str], what: str) -> None:
    """Put each language file's tables into the entries of the main file, by key."""
    by_key = {entry.get("key"): entry for entry in entries}
    for locale in locales:
        path = locale_file(base, locale)
        if not path.exists():
            continue  # then the check below names the missing [locale] table
        tables = tomllib.loads(path.read_text(encoding="utf-8"))
        if unknown := sorted(set(tables) - set(by_key)):
            raise GlossaryDataError(f"{path.name}: no {what} {', '.join(unknown)} in {base.name}")
        for key, table in tables.items():
            if locale in by_key[key]:
                raise GlossaryDataError(f"{what} {key!r}: [{locale}] is in {base.name} and "
                                        f"in {path.name}; keep it in one")
            by_key[key][locale] = table


def file_entries(base: Path, section: str, locales: list[str]) -> list[dict]:
    """The raw entries of a data file with its language files merged in (tests read them)."""
    entries = tomllib.loads(base.read_text(encoding="utf-8")).get(section, [])
    _add_locale_files(entries, base, locales, section)
    return entries


def _locales_of(entry: dict, where: str, locales: list[str]) -> list[str]:
    missing = [loc for loc in locales if not isinstance(entry.get(loc), dict)]
    if missing:
        raise GlossaryDataError(f"{where}: no [{'], ['.join(missing)}] table")
    return [loc for loc in entry if isinstance(entry[loc], dict)]


def read_glossary(source: str, locales: list[str], base: Path | None = None) -> list[dict]:
    """The terms of a glossary.toml text (with the language files beside `base`), checked and
    tidied; GlossaryDataError otherwise."""
    entries = tomllib.loads(source).get("term", [])
    if base is not None:
        _add_locale_files(entries, base, locales, "term")
    terms, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        where = f"term {number}"
        key = _key(entry, where, seen)
        where = f"term {key!r}"
        acronyms = _forms(entry, "acronyms", where)
        if not all(is_acronym(a) for a in acronyms):
            raise GlossaryDataError(f"{where}: acronyms are written in capitals, like GAL")
        texts = {}
        for locale in _locales_of(entry, where, locales):
            table, at = entry[locale], f"{where} [{locale}]"
            texts[locale] = {
                "name": _text(table, "name", at, limit=NAME_MAX),
                "also": _forms(table, "also", at),
                "definition": _text(table, "definition", at, limit=TEXT_MAX),
                "for_you": _text(table, "for_you", at, limit=TEXT_MAX),
            }
        terms.append({"key": key, "acronyms": acronyms, "texts": texts})
    return terms


def read_avoid_words(source: str, locales: list[str], base: Path | None = None) -> list[dict]:
    entries = tomllib.loads(source).get("word", [])
    if base is not None:
        _add_locale_files(entries, base, locales, "word")
    words, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        key = _key(entry, f"word {number}", seen)
        where = f"word {key!r}"
        texts = {}
        for locale in _locales_of(entry, where, locales):
            table, at = entry[locale], f"{where} [{locale}]"
            texts[locale] = {
                # A language may have no such hurtful word: its readers still get the hint
                # (in their words) when they write one in another language.
                "says": _forms(table, "says", at, required=locale == "en"),
                "instead": _text(table, "instead", at, limit=300),
                "why": _text(table, "why", at, limit=TEXT_MAX),
            }
        words.append({"key": key, "texts": texts})
    return words


# --- Writing them -----------------------------------------------------------------------------

def _apply_texts(row, text_model, wanted: dict[str, dict], fields: tuple[str, ...]) -> bool:
    """Make the row's per-locale texts equal `wanted`; True when anything changed."""
    changed = False
    have = {t.locale: t for t in row.texts}
    for locale, values in wanted.items():
        text = have.get(locale)
        if text is None:
            row.texts.append(text_model(locale=locale, **values))
            changed = True
            continue
        for name in fields:
            if getattr(text, name) != values[name]:
                setattr(text, name, values[name])
                changed = True
    return changed


def load_terms(terms: list[dict], *, replace: bool = False) -> LoadReport:
    report = LoadReport()
    existing = {
        t.key: t for t in db.session.scalars(
            select(GlossaryTerm).options(selectinload(GlossaryTerm.texts)))
    }
    fields = ("name", "also", "definition", "for_you")
    for entry in terms:
        term = existing.get(entry["key"])
        if term is None:
            term = GlossaryTerm(key=entry["key"], acronyms=entry["acronyms"], texts=[])
            _apply_texts(term, GlossaryText, entry["texts"], fields)
            db.session.add(term)
            report.added.append(entry["key"])
            continue
        if term.edited_at is not None and not replace:
            report.kept.append(entry["key"])
            continue
        changed = _apply_texts(term, GlossaryText, entry["texts"], fields)
        if term.acronyms != entry["acronyms"]:
            term.acronyms = entry["acronyms"]
            changed = True
        if term.edited_at is not None:  # --replace: the file's words are the truth again
            term.edited_at = None
            changed = True
        if changed:
            term.updated_at = utcnow()
            report.updated.append(entry["key"])
        else:
            report.unchanged.append(entry["key"])
    return report


def load_avoid_words(words: list[dict]) -> LoadReport:
    report = LoadReport()
    existing = {
        w.key: w for w in db.session.scalars(
            select(AvoidWord).options(selectinload(AvoidWord.texts)))
    }
    for entry in words:
        word = existing.get(entry["key"])
        if word is None:
            word = AvoidWord(key=entry["key"], texts=[])
            db.session.add(word)
            report.added.append(entry["key"])
            _apply_texts(word, AvoidWordText, entry["texts"], ("says", "instead", "why"))
        elif _apply_texts(word, AvoidWordText, entry["texts"], ("says", "instead", "why")):
            report.updated.append(entry["key"])
        else:
            report.unchanged.append(entry["key"])
    return report


def load_files(locales: list[str], *, replace: bool = False,
               glossary_file: Path = GLOSSARY_FILE,
               avoid_file: Path = AVOID_FILE) -> tuple[LoadReport, LoadReport]:
    """Read both files (all or nothing: a bad file changes nothing), load them, commit."""
    terms = read_glossary(glossary_file.read_text(encoding="utf-8"), locales, glossary_file)
    words = read_avoid_words(avoid_file.read_text(encoding="utf-8"), locales, avoid_file)
    term_report = load_terms(terms, replace=replace)
    word_report = load_avoid_words(words)
    if term_report.changed or word_report.changed:
        bump_glossary_version()
    db.session.commit()
    return term_report, word_report
