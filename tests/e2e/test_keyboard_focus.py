"""Keyboard users on a phone-sized screen: no focused control may hide entirely (WCAG 2.4.11).

On phones the main navigation is fixed to the bottom of the screen. When Tab moves focus to a
control, the browser scrolls it just into view, which can put it right under that bar. For each
page we press Tab through every control (as a keyboard or switch user would) and check that some
part of the focused element can actually be seen, i.e. is the topmost element at that point.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.ui import CASEWORKER, resume_session

MAX_TABS = 80

# Which part of the focused element is on top, sampled on a 5x3 grid inside its box.
VISIBLE_PART_JS = r"""
(_root) => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  const describe = () => {
    let s = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
    const text = (el.getAttribute('aria-label')
      || (el.matches('input, select, textarea') ? el.value : el.innerText) || '')
      .trim().replace(/\s+/g, ' ').slice(0, 40);
    return text ? s + ' "' + text + '"' : s;
  };
  let seen = 0, total = 0, cover = null;
  for (const fx of [0.1, 0.3, 0.5, 0.7, 0.9]) {
    for (const fy of [0.2, 0.5, 0.8]) {
      total++;
      const x = r.left + r.width * fx, y = r.top + r.height * fy;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && (hit === el || el.contains(hit))) seen++;
      else if (hit && !cover) {
        const c = hit.closest('nav, header, footer, [role=dialog]') || hit;
        cover = c.tagName.toLowerCase() + (c.className ? '.' + [...c.classList].join('.') : '');
      }
    }
  }
  return {element: describe(), seen, total, cover, top: Math.round(r.top),
          bottom: Math.round(r.bottom), viewport: innerHeight, scrollY: Math.round(scrollY)};
}
"""


def hidden_focus_stops(page: Page) -> list[str]:
    """Tab from the top of the page until focus leaves it; list each focus stop that is hidden."""
    page.locator("body").evaluate("() => { scrollTo(0, 0); document.activeElement?.blur(); }")
    problems: list[str] = []
    seen_elements: list[str] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = page.locator("html").evaluate(VISIBLE_PART_JS)
        if state is None or (seen_elements and state["element"] == seen_elements[0]):
            break
        seen_elements.append(state["element"])
        if state["seen"] == 0:
            problems.append(
                f"{page.url}: focused {state['element']} is entirely hidden"
                + (f" behind {state['cover']}" if state["cover"] else " (off screen)")
                + f" (its box spans y={state['top']}..{state['bottom']} in a "
                f"{state['viewport']}px-high viewport)"
            )
    assert seen_elements, f"{page.url}: Tab never focused anything"
    return problems


@pytest.mark.parametrize("width", [390, 360])
def test_focused_controls_are_not_hidden_behind_the_bottom_nav(open_page, width):
    page = open_page("phone")
    page.set_viewport_size({"width": width, "height": 740 if width == 360 else 844})
    problems: list[str] = []

    page.goto("/sign-in")
    problems += hidden_focus_stops(page)

    resume_session(page, CASEWORKER)
    for link in ("Create a family",):
        page.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(link)
        problems += hidden_focus_stops(page)

    page.goto("/families")
    page.get_by_role("link", name="The Rivera family", exact=True).click()
    page.get_by_role("navigation").get_by_role("link", name="People").click()
    expect(page).to_have_url(re.compile(r"/people$"))
    problems += hidden_focus_stops(page)

    page.get_by_role("link", name="Invite someone").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Invite someone")
    problems += hidden_focus_stops(page)

    page.get_by_role("navigation").get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    problems += hidden_focus_stops(page)

    if problems:
        pytest.fail(
            f"{len(problems)} focus stop(s) entirely hidden at {width}px wide "
            "(WCAG 2.2 SC 2.4.11 Focus Not Obscured):\n- " + "\n- ".join(problems)
        )
