"""Compile one messages.po into its messages.mo: `python scripts/compile_catalog.py PO MO`.

Not `pybabel compile`: its check pairs a plural entry's first form with the English singular,
which refuses "%(num)d" where a language's first form stands for many numbers (Chinese and
Vietnamese have one form for all; Arabic's first is "zero"). The release gate
(app/translation_checks.py, `flask translate check`) checks every form against both English
msgids instead; this only writes the file, as setup.py does for the wheel.
"""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def compile_catalog(po_path: Path, mo_path: Path) -> None:
    locale = po_path.parent.parent.name
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=locale)
    untranslated = [m.id for m in catalog if m.id and not all(
        m.string if isinstance(m.string, (list, tuple)) else [m.string])]
    with mo_path.open("wb") as mo_file:
        write_mo(mo_file, catalog)
    print(f"{po_path}: {len(catalog)} messages, {len(untranslated)} untranslated -> {mo_path}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.splitlines()[0])
    compile_catalog(Path(sys.argv[1]), Path(sys.argv[2]))
