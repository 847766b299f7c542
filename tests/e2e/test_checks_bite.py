"""check_page must fail when a page is broken: break a clean page in the live DOM and watch it fail.

Nothing in the app is changed: each test loads a page that passes, breaks it in the browser
(page.evaluate / locator.evaluate), and expects check_page to raise with a message that names
the problem. Run with `-s` to read the messages.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.checks import check_page


def open_clean_sign_in_page(open_page, name, *, javascript=True):
    page = open_page("phone", javascript=javascript)
    page.goto("/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    check_page(page, f"bite-{name}-0-clean")  # passes: whatever fails next is our doing
    return page


def test_overflow_at_360px_fails(open_page):
    page = open_clean_sign_in_page(open_page, "overflow")
    # 380px fits the 390px phone but not the 360px one: only the 360px measurement catches it.
    page.locator("main").evaluate(
        """main => {
            const wide = document.createElement('div');
            wide.id = 'too-wide';
            wide.textContent = 'A table that does not wrap';
            wide.style.width = '380px';
            main.append(wide);
        }"""
    )
    with pytest.raises(AssertionError, match=r"horizontal scroll at 360px wide") as failure:
        check_page(page, "bite-overflow-1-broken")
    message = str(failure.value)
    assert "div#too-wide" in message
    print(message)


def test_missing_label_fails(open_page):
    page = open_clean_sign_in_page(open_page, "label")
    page.locator("label[for=identifier]").evaluate("label => label.removeAttribute('for')")
    with pytest.raises(AssertionError, match=r"axe label \(critical\)") as failure:
        check_page(page, "bite-label-1-broken")
    assert "#identifier" in str(failure.value)
    print(failure.value)


def test_missing_label_fails_without_javascript(open_page):
    """The no-JS path (axe on a snapshot of the DOM) bites too."""
    page = open_clean_sign_in_page(open_page, "label-nojs", javascript=False)
    page.locator("label[for=password]").evaluate("label => label.removeAttribute('for')")
    with pytest.raises(AssertionError, match=r"axe label \(critical\)") as failure:
        check_page(page, "bite-label-nojs-1-broken")
    assert "#password" in str(failure.value)
    print(failure.value)


def test_small_tap_target_and_small_input_text_fail(open_page):
    page = open_clean_sign_in_page(open_page, "target")
    page.locator("main").evaluate(
        """main => {
            const button = document.createElement('button');
            button.id = 'tiny';
            button.textContent = 'x';
            button.style.minHeight = '0';
            button.style.padding = '0';
            main.append(button);
            document.getElementById('identifier').style.fontSize = '14px';
        }"""
    )
    with pytest.raises(AssertionError) as failure:
        check_page(page, "bite-target-1-broken")
    message = str(failure.value)
    assert "small tap target" in message and "button#tiny" in message
    assert "small text input" in message and "input#identifier" in message
    assert "font-size 14px" in message
    print(message)


def test_javascript_error_fails(open_page):
    page = open_clean_sign_in_page(open_page, "jserror")
    page.evaluate("() => { setTimeout(() => { throw new Error('boom from the test'); }, 0); }")
    with pytest.raises(AssertionError, match=r"JavaScript error: .*boom from the test") as failure:
        check_page(page, "bite-jserror-1-broken")
    print(failure.value)


def test_content_cut_off_without_a_scrollbar_fails(open_page):
    """overflow-x: hidden on the page hides the scrollbar, not the problem."""
    page = open_clean_sign_in_page(open_page, "clipped")
    page.locator("main").evaluate(
        """main => {
            document.documentElement.classList.add('clip-test');
            const sheet = new CSSStyleSheet();
            sheet.replaceSync('html.clip-test, html.clip-test body { overflow-x: hidden; }');
            document.adoptedStyleSheets = [sheet];
            const wide = document.createElement('p');
            wide.id = 'cut-off';
            wide.textContent = 'A sentence that runs past the edge';
            wide.style.width = '600px';
            main.append(wide);
        }"""
    )
    with pytest.raises(AssertionError, match=r"content cut off at 360px wide") as failure:
        check_page(page, "bite-clipped-1-broken")
    assert "p#cut-off" in str(failure.value)
    print(failure.value)


def test_a_wcag_failure_rated_moderate_still_fails(open_page):
    """axe calls a viewport that blocks zooming "moderate"; it is a WCAG AA failure all the same."""
    page = open_clean_sign_in_page(open_page, "zoom")
    page.locator("head").evaluate(
        """head => head.querySelector('meta[name=viewport]')
            .setAttribute('content', 'width=device-width, initial-scale=1, user-scalable=no')"""
    )
    with pytest.raises(AssertionError, match=r"axe meta-viewport") as failure:
        check_page(page, "bite-zoom-1-broken")
    print(failure.value)


def test_overflow_at_320px_fails(open_page):
    """WCAG's reflow width: 340px fits a 360px phone (with the page's padding) but not 320px."""
    page = open_clean_sign_in_page(open_page, "reflow")
    page.locator("main").evaluate(
        """main => {
            const wide = document.createElement('div');
            wide.id = 'too-wide-for-320';
            wide.textContent = 'A row of buttons that does not wrap';
            wide.style.width = '330px';
            main.append(wide);
        }"""
    )
    with pytest.raises(AssertionError, match=r"horizontal scroll at 320px wide") as failure:
        check_page(page, "bite-reflow-1-broken")
    message = str(failure.value)
    assert "div#too-wide-for-320" in message
    assert "at 360px wide" not in message
    print(message)


def test_a_link_alone_in_its_paragraph_is_a_tap_target_not_inline_text(open_page):
    """The spacing exception is for links inside a sentence, not for a link that is the whole
    paragraph (like "1 person is waiting for your approval" on a family's home page)."""
    page = open_clean_sign_in_page(open_page, "alone")
    page.locator("main").evaluate(
        """main => {
            const p = document.createElement('p');
            p.style.marginBlock = '3rem';
            const link = document.createElement('a');
            link.id = 'in-a-sentence';
            link.href = '/sign-in';
            link.textContent = 'our guide';
            p.append('Please read ', link, ' before you start.');
            main.prepend(p);
        }"""
    )
    check_page(page, "bite-alone-1-in-a-sentence")  # passes: the inline exception still holds
    page.locator("main").evaluate(
        """main => {
            const p = document.createElement('p');
            p.className = 'notice';
            p.style.marginBlock = '3rem';
            const link = document.createElement('a');
            link.id = 'alone';
            link.href = '/sign-in';
            link.textContent = '1 person is waiting for your approval';
            p.append(link);
            main.prepend(p);
        }"""
    )
    with pytest.raises(AssertionError, match=r"small tap target") as failure:
        check_page(page, "bite-alone-2-broken")
    message = str(failure.value)
    assert "a#alone" in message and "a link on its own, not in a sentence" in message
    assert "in-a-sentence" not in message
    print(message)
