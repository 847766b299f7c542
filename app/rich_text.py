"""What a person wrote, made into safe HTML: every character escaped, `https` links clickable.

Matching runs on the raw text and every piece of it is escaped on its own, so the only tags in
the result are the ones written here; nothing a person types can become markup. Line breaks are
kept by CSS (`white-space: pre-wrap` on the element that holds the text), not by adding tags.
"""

import re

from markupsafe import Markup, escape

# Only https: a plain-http or javascript: link stays text. A link ends at white space, a quote
# or an angle bracket; punctuation that usually ends a sentence is not part of it (below).
_LINK = re.compile(r"https://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?"


def render_text(text: str, *, links: bool = False) -> Markup:
    """`text` as HTML to put inside an element; with `links`, https addresses become links."""
    if not links:
        return escape(text)
    out: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        url = _trim(match.group())
        start, end = match.start(), match.start() + len(url)
        out.append(escape(text[position:start]))
        out.append(
            Markup('<a href="{0}" rel="noopener noreferrer" class="text-link">{0}</a>').format(url)
        )
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)


def _trim(url: str) -> str:
    """Leave off a sentence's closing punctuation, and a closing bracket the link did not open."""
    while url and url[-1] in _TRAILING:
        url = url[:-1]
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return url
