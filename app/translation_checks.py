"""Checks that gate a release: every shipped catalog complete, current, and placeholder-exact."""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from app.config import PROJECT_ROOT

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def catalogs(translations: Path) -> list[Path]:
    return sorted(translations.glob("*/LC_MESSAGES/messages.po"))


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]


def _ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, (tuple, list)) else [message.id]


def fresh_template_ids() -> set[str]:
    """Extract from the source right now, so a catalog that misses a new string is caught."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
            [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg",
             "-k", "_l", "-o", str(pot), "."],
            cwd=PROJECT_ROOT, check=True, capture_output=True,
        )
        with pot.open("rb") as f:
            ids = {_ids(m)[0] for m in read_po(f) if m.id}
    # babel.cfg's patterns are relative to the project root; a wrong path finds nothing.
    if len(ids) < 50:
        raise RuntimeError(f"extraction found only {len(ids)} strings: check babel.cfg")
    return ids


def catalog_problems(translations: Path) -> list[str]:
    problems: list[str] = []
    source_ids = fresh_template_ids()
    for po_path in catalogs(translations):
        locale = po_path.parent.parent.name
        with po_path.open("rb") as f:
            catalog = read_po(f)
        ids = set()
        for message in catalog:
            if not message.id:
                continue
            first_id = _ids(message)[0]
            ids.add(first_id)
            strings = _strings(message)
            if not all(strings):
                problems.append(f"{locale}: untranslated: {first_id!r}")
            elif message.fuzzy:
                problems.append(f"{locale}: fuzzy: {first_id!r}")
            else:
                expected = placeholders(first_id)
                for text in strings:
                    if placeholders(text) != expected:
                        problems.append(
                            f"{locale}: placeholders differ in {first_id!r}: "
                            f"{placeholders(text)} instead of {expected}"
                        )
        problems.extend(f"{locale}: missing (run make translate-update): {msgid!r}"
                        for msgid in sorted(source_ids - ids))
        problems.extend(_compiled_problems(po_path, catalog, locale))
    return problems


def _compiled_problems(po_path: Path, catalog, locale: str) -> list[str]:
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return [f"{locale}: {mo_path.name} is missing (run make translations)"]
    with mo_path.open("rb") as f:
        compiled = {(_ids(m)[0]): _strings(m) for m in read_mo(f) if m.id}
    stale = [
        _ids(m)[0] for m in catalog
        if m.id and not m.fuzzy and compiled.get(_ids(m)[0]) != _strings(m)
    ]
    return [f"{locale}: {mo_path.name} is stale (run make translations)"] if stale else []
