"""How long glossary marking takes for a page of 50 messages (run by hand).

    .venv/bin/python scripts/bench_marking.py

Loads the real app/data glossary into a throwaway SQLite database, adds made-up terms until
there are 120 (so the figure holds for the full glossary of ~90 terms and more), then renders
50 messages of about 300 characters each, in English and Spanish, full of terms, as one page
does: one request, `render_text(..., links=True, explain=True)` per message. Prints the median
and worst of 30 pages, with the matcher already compiled (every request but the first after a
change), and the time to compile it. Aim (issue 15): a page of 50 messages in a few ms.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import g

from app import create_app
from app.extensions import db
from app.glossary import loading
from app.glossary.cache import current_glossary
from app.models.glossary import bump_glossary_version
from app.rich_text import render_text

TERMS = 120
MESSAGES = 50
PAGES = 30
LINES = [
    "Hi Dana, the case plan review is on Monday. The GAL and the CASA will be there too. ",
    "Rosa dice: el plan del caso cambió, y la reunificación familiar sigue siendo la meta. ",
    "Reminder: supervised family time moves to 4pm https://meet.example.org/abc?x=1 ok? ",
    "Thanks! Mia loved the park. Leo slept well. We talked with the caseworker about school. ",
]


def made_up_terms(count: int) -> list[dict]:
    return [{
        "key": f"made-up-{n}", "acronyms": [f"MU{n}"],
        "texts": {loc: {"name": f"made up term {n} {loc}", "also": [f"other form {n} {loc}"],
                        "definition": "A short plain definition.", "for_you": "You can ask."}
                  for loc in ("en", "es")},
    } for n in range(count)]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"ENV_NAME": "testing",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite"})
        with app.app_context():
            db.create_all()
            real = loading.read_glossary(loading.GLOSSARY_FILE.read_text(), ["en", "es"])
            loading.load_terms(real + made_up_terms(TERMS - len(real)))
            bump_glossary_version()
            db.session.commit()
            messages = [(LINES[n % 4] + LINES[(n + 1) % 4] + LINES[(n + 2) % 4])[:300]
                        for n in range(MESSAGES)]

            with app.test_request_context():
                started = time.perf_counter()
                glossary = current_glossary()
                compiled_ms = (time.perf_counter() - started) * 1000
            times, marks = [], 0
            for _page in range(PAGES):
                with app.test_request_context(headers={"Accept-Language": "es"}):
                    for name in list(g):
                        g.pop(name)
                    started = time.perf_counter()
                    html = [str(render_text(text, links=True, explain=True, id_prefix=f"m{n}"))
                            for n, text in enumerate(messages)]
                    times.append((time.perf_counter() - started) * 1000)
                    marks = sum(h.count('class="term"') for h in html)
            db.drop_all()
    print(f"{len(glossary.terms)} terms; {MESSAGES} messages of ~300 characters; "
          f"{marks} terms marked per page")
    print(f"compile the matcher: {compiled_ms:.1f} ms (once per process and change)")
    print(f"mark a page: median {statistics.median(times):.2f} ms, "
          f"worst {max(times):.2f} ms over {PAGES} pages (incl. the one freshness query)")


if __name__ == "__main__":
    main()
