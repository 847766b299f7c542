"""A page's HTML as the tests compare it: without the <bdi> (or, in the record's lines, the
Unicode isolates U+2068 ... U+2069) around what people typed.

Pages isolate names, titles and reasons inside their sentences (`<bdi>Dana</bdi> took back a
message`), so an English name reads right in an Arabic sentence (tests/test_typed_text_direction.py
checks that). A test about something else compares the sentence a person reads: "Dana took back
a message". Only the tags the app writes go: typed text that looks like a tag is escaped, and stays.
"""

import re

_ISOLATE = re.compile(r'<bdi(?: lang="[A-Za-z-]+")?>|</bdi>|\u2068|\u2069')


def as_read(page) -> str:
    """`page`: a test client response, or its HTML (str or bytes)."""
    if hasattr(page, "get_data"):
        page = page.get_data(as_text=True)
    if isinstance(page, bytes):
        page = page.decode()
    return _ISOLATE.sub("", page)
