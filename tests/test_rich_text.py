"""Safe HTML from what people write: escaping and https links."""

import re

from app.rich_text import render_text


def test_text_is_escaped():
    assert str(render_text('<b onclick="x">hi</b> & bye')) == (
        "&lt;b onclick=&#34;x&#34;&gt;hi&lt;/b&gt; &amp; bye"
    )


def test_https_links_become_safe_links_and_end_before_punctuation():
    html = str(render_text("See https://example.org/a?b=1&c=2. Thanks", links=True))
    assert html == (
        'See <a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer" '
        'class="text-link">https://example.org/a?b=1&amp;c=2</a>. Thanks'
    )


def test_a_closing_bracket_stays_outside_the_link():
    html = str(render_text("(https://example.org/x)", links=True))
    assert html.startswith('(<a href="https://example.org/x"') and html.endswith("</a>)")


def test_other_schemes_and_quotes_cannot_make_a_link_or_attribute():
    for text in ("http://example.org", "javascript:alert(1)", 'https://x.org/"onmouseover="a'):
        html = str(render_text(text, links=True))
        assert "onmouseover=" not in html.replace("&#34;onmouseover=&#34;", "")
        assert "javascript:" not in html or "<a" not in html
    assert "<a" not in str(render_text("http://example.org", links=True))


def test_without_links_a_url_stays_text():
    assert "<a" not in str(render_text("https://example.org"))


# --- Glossary marking can never turn what people write into markup ----------------------------

from html.parser import HTMLParser  # noqa: E402

from flask import g  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Every tag and attribute render_text writes; anything else came from the text.
ALLOWED = {
    "a": {"href", "rel", "class"},
    "button": {"type", "class", "popovertarget", "popovertargetaction"},
    "span": {"popover", "id", "class", "role", "aria-labelledby"},
    "strong": {"class", "id"},
}
SAFE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


class Reader(HTMLParser):
    """Collects the tags, and the text outside the popovers (what the person wrote)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[bool] = []  # per open element: is it (inside) a popover?
        self.written: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        inside = bool(self.stack and self.stack[-1]) or "popover" in attributes
        self.stack.append(inside)

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.written.append(data)

    def unknown_decl(self, data):  # pragma: no cover - only reached if markup leaked
        raise AssertionError(data)


PIECES = st.sampled_from([
    "case plan", "Case Plans", "plan del caso", "GAL", "GALs", "gal", "CASA", "casa",
    "guardian ad litem", "bio mom", "<", ">", '"', "'", "&", "&amp;", "&#34;", "<b>", "</span>",
    "<!--", "-->", "<script>alert(1)</script>", 'onclick="x"', "https://example.org/a?b=1&c=2",
    "https://x.org/\"><img src=x>", "(https://x.org/case-plan)", "\n", " ", "-", "é", "ñ",
    "Reunificación", "e\u0301", "\u2019", "\x00", "\r\n", "popovertarget=",
    # Chinese (no spaces), Arabic (the article and "and" written onto words), Vietnamese.
    "个案计划", "我们的个案计划<b>", "والمحامي", "للطفل", "خطة الحالة", "\u064e", "kế hoạch hồ sơ",
    "\u202e", "\u200f",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=24).map("".join)


@settings(deadline=None, max_examples=300,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS, links=st.booleans(),
       locale=st.sampled_from(["en", "es", "zh_Hans", "vi", "ar", "ht", "so"]))
def test_marked_text_holds_only_our_tags_and_exactly_the_words_written(app, glossary, text,
                                                                        links, locale):
    with app.test_request_context(headers={"Accept-Language": locale}):
        for name in list(g):
            g.pop(name)
        html = str(render_text(text, links=links, explain=True, id_prefix="p1"))
    reader = Reader()
    reader.feed(html)
    reader.close()
    for tag, attributes in reader.tags:
        assert tag in ALLOWED and set(attributes) <= ALLOWED[tag], (tag, attributes)
        for name in ("id", "popovertarget", "aria-labelledby"):
            if name in attributes:
                assert SAFE_ID.match(attributes[name]), attributes
        if tag == "a":
            assert attributes["href"].startswith(("https://", "/glossary#")), attributes
    assert "".join(reader.written) == text
