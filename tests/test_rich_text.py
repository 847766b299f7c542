"""Safe HTML from what people write: escaping and https links."""

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
