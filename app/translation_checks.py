"""Checks that gate a release: every shipped catalog complete, current, and placeholder-safe.

Babel does the work: its extractor reads the source, `Catalog.update` tells what a
`pybabel update` would add or drop, and `Catalog.check` runs its format checkers. Only what
Babel does not report is added here: untranslated and fuzzy entries as failures, a named
placeholder the translation leaves out, and a compiled .mo older than its .po.
"""

import copy
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from app.config import PROJECT_ROOT

# Babel's extractor skips folders named `_*` by default (".* ._" in its help), which hid
# templates/_macros/. Only dot folders (.venv, .git) and byte-code caches are skipped here.
EXTRACT_OPTIONS = ["-F", "babel.cfg", "-k", "_l", "-k", "lazy_pgettext:1c,2", "--ignore-dirs",
                   ".* __pycache__"]
NAMED_PLACEHOLDER = re.compile(r"%\((\w+)\)")
NAMED_PLACEHOLDER_TYPED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa])")
EXTRACTED_FILE = re.compile(r"^extracting messages from (\S+)", re.MULTILINE)


def extract(pot_path: Path, *extra: str) -> set[str]:
    """`pybabel extract` over the project with the options every caller shares; returns the
    files it read (from its log), so a test can compare them with what is on disk."""
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-m", "babel.messages.frontend", "extract", *EXTRACT_OPTIONS,
         *extra, "-o", str(pot_path), "."],
        cwd=PROJECT_ROOT, check=True, capture_output=True, text=True,
    )
    return set(EXTRACTED_FILE.findall(result.stdout + result.stderr))


def fresh_template() -> Catalog:
    """Extract from the source right now, so a catalog that misses a new string is caught."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        extract(pot)
        with pot.open("rb") as f:
            template = read_po(f)
    # babel.cfg's patterns are relative to the project root; a wrong path finds nothing.
    if len(template) < 50:
        raise RuntimeError(f"extraction found only {len(template)} strings: check babel.cfg")
    return template


def catalogs(translations: Path) -> list[Path]:
    return sorted(translations.glob("*/LC_MESSAGES/messages.po"))


def _first_id(message) -> str:
    return message.id[0] if isinstance(message.id, (tuple, list)) else message.id


def _text(context: str | bytes | None) -> str | None:
    """A message context as text (Babel's read_mo gives it as bytes)."""
    return context.decode() if isinstance(context, bytes) else context


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]


def catalog_problems(translations: Path) -> list[str]:
    template = fresh_template()
    problems: list[str] = []
    for po_path in catalogs(translations):
        locale = po_path.parent.parent.name
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=locale)
        problems.extend(f"{locale}: {problem}" for problem in [
            *_staleness(catalog, template),
            *_incomplete(catalog),
            *_placeholders(catalog),
            *_compiled(po_path, catalog),
        ])
    return problems


def _staleness(catalog: Catalog, template: Catalog) -> list[str]:
    """What `pybabel update` would change, found by Babel's own update on a copy."""
    updated = copy.deepcopy(catalog)
    updated.update(template, no_fuzzy_matching=True, update_header_comment=False)
    missing = sorted(_first_id(m) for m in updated if m.id and m.id not in catalog)
    gone = sorted(_first_id(m) for m in updated.obsolete.values())
    return [
        *(f"missing (run make translate-update): {msgid!r}" for msgid in missing),
        *(f"no longer in the source (run make translate-update): {msgid!r}" for msgid in gone),
    ]


def _incomplete(catalog: Catalog) -> list[str]:
    problems = []
    for message in catalog:
        if not message.id:
            continue
        # read_po gives a plural entry as many forms as the catalog's Plural-Forms (those the
        # file lacks are empty), so a missing form is caught here too (Arabic has six).
        if not all(_strings(message)):
            problems.append(f"untranslated: {_first_id(message)!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {_first_id(message)!r}")
    return problems


def _placeholders(catalog: Catalog) -> list[str]:
    # Babel checks a plural's first form against the singular msgid. That is wrong wherever the
    # first form is not "one": in Chinese and Vietnamese (one form for every number) and in
    # Arabic (its first form is "zero") it stands for many, and "%(num)d" belongs in it. So
    # plural entries are checked here against both msgids, and Babel checks the rest.
    problems = [
        f"placeholders in {_first_id(message)!r}: {error}"
        for message, errors in catalog.check() for error in errors
        if not message.pluralizable
    ]
    for message in catalog:
        if not message.id or not all(_strings(message)):
            continue
        ids = list(message.id) if message.pluralizable else [message.id]
        allowed = {p for msgid in ids for p in NAMED_PLACEHOLDER_TYPED.findall(msgid)}
        # Babel allows a translation to leave a named placeholder out; a sentence that loses
        # the child's name or a date is wrong for the reader, so it is a failure here.
        expected = set(NAMED_PLACEHOLDER.findall(ids[0]))
        for text in _strings(message):
            if lost := sorted(expected - set(NAMED_PLACEHOLDER.findall(text))):
                problems.append(
                    f"placeholders in {_first_id(message)!r}: translation leaves out {lost}"
                )
            if message.pluralizable and (
                    unknown := sorted(set(NAMED_PLACEHOLDER_TYPED.findall(text)) - allowed)):
                shown = [f"%({name}){kind}" for name, kind in unknown]
                problems.append(f"placeholders in {_first_id(message)!r}: the translation has "
                                f"{shown}, not in the English")
    return problems


def _compiled(po_path: Path, catalog: Catalog) -> list[str]:
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return [f"{mo_path.name} is missing (run make translations)"]
    with mo_path.open("rb") as f:
        # By context too: "Never" (when someone last signed in) and "Never" (how often
        # Hearth tells you) are two entries, often two different words.
        compiled = {(_text(m.context), _first_id(m)): _strings(m) for m in read_mo(f) if m.id}
    stale = [m for m in catalog if m.id and not m.fuzzy
             and compiled.get((m.context, _first_id(m))) != _strings(m)]
    return [f"{mo_path.name} is stale (run make translations)"] if stale else []
