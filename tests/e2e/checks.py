"""check_page: the checks every page the browser tests reach must pass.

1. Accessibility (axe-core through axe-playwright-python): any violation with impact "serious" or
   "critical" fails, and so does any violation of a WCAG A/AA rule whatever its impact; the
   rest (best practices rated "moderate" or "minor") are printed and listed in the summary.
2. No horizontal scrolling at 360 CSS px wide, nor at 320 px (WCAG 1.4.10 Reflow's width):
   document.documentElement.scrollWidth <= document.documentElement.clientWidth.
   Regions that scroll sideways inside the page (overflow-x: auto/scroll, like the phone nav
   bar) do not fail; they are printed as notes with the controls they cut off.
3. Tap targets (rule below), measured at the page's own width and again at 360 and 320 px.
4. Text inputs, selects and textareas have a computed font-size of at least 16 px (smaller text
   makes phones zoom in when the field gets focus).
5. A full-page screenshot at phone size (390x844) in SCREENSHOT_DIR/<name>.png; pages checked
   in a desktop context also get <name>--desktop.png at their own width.
Also: an uncaught JavaScript error or a Content-Security-Policy refusal on the page fails.

Tap-target rule (WCAG 2.5.5 "Target Size (Enhanced)", 44x44 CSS px, with the spacing idea of
WCAG 2.2's 2.5.8 applied at 44 px):

* Targets are the visible `a[href]`, `button`, `input` (not type=hidden), `select`, `textarea`,
  `summary` and `[role=button]` elements. Hidden ones (display:none, visibility:hidden,
  opacity:0, zero-sized, or moved entirely off-canvas) are skipped, and so is the skip link
  (`.skip-link`) while it is not focused.
* Buttons, inputs, selects, textareas, summaries, role=button elements and links that stand on
  their own (not `display: inline`, e.g. `.button`, nav links, card links) must have a bounding
  box of at least 44 x 44 CSS px. No exception.
* Checkboxes and radios: their label also toggles them, so the target is the union of the control's
  box and its labels' boxes; it passes at 44 x 44, or with the spacing exception below.
* Inline text links (`display: inline` whose nearest non-inline ancestor is a p, li, dd, dt, td,
  th, figcaption or blockquote, with text of that block outside any target: a link inside a
  sentence) pass at 44 x 44, or with the spacing exception: a circle 44 px in diameter centred
  on the link's bounding box intersects no other target's bounding box and no other undersized
  target's circle. A link alone in its paragraph or list item is not in a sentence (WCAG 2.5.8's
  inline exception does not cover it): it must be 44 x 44 like a button.

Everything a check finds is collected first, so one AssertionError lists every problem of the
page, each with the selector or element it concerns.
"""

from __future__ import annotations

import base64
import json
import os
import re
import weakref
from dataclasses import asdict, dataclass, field
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, CDPSession, Page, expect

from tests.e2e.devices import DEVICES, NARROW_WIDTH, PHONE, REFLOW_WIDTH, Device

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = Path(os.environ.get("HEARTH_E2E_ARTIFACTS", PROJECT_ROOT / "test-artifacts"))
SCREENSHOT_DIR = ARTIFACTS_DIR / "screenshots"
FAILURE_DIR = ARTIFACTS_DIR / "failures"

MIN_TARGET = 44
MIN_INPUT_FONT_PX = 16
FAILING_IMPACTS = ("critical", "serious")
# axe rates some WCAG A/AA failures "moderate" (e.g. meta-viewport that blocks zoom): those fail
# too, whatever their impact. Best-practice rules without a WCAG tag are only listed.
FAILING_WCAG_TAGS = frozenset({"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"})

AXE = Axe()
AXE_OPTIONS = {"resultTypes": ["violations"]}


@dataclass
class ContextInfo:
    device: Device
    javascript: bool


@dataclass
class PageEvents:
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@dataclass
class PageReport:
    """What check_page found on one page; kept for the run's summary and axe-report.json."""

    name: str
    url: str
    device: str
    javascript: bool
    screenshots: list[str] = field(default_factory=list)
    failing_violations: list[dict] = field(default_factory=list)
    other_violations: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


# Filled by the fixtures in conftest.py, which create every context and page.
CONTEXTS: weakref.WeakKeyDictionary[BrowserContext, ContextInfo] = weakref.WeakKeyDictionary()
EVENTS: weakref.WeakKeyDictionary[Page, PageEvents] = weakref.WeakKeyDictionary()
REPORTS: list[PageReport] = []
_USED_NAMES: set[str] = set()


def register_context(context: BrowserContext, device: Device, javascript: bool) -> None:
    CONTEXTS[context] = ContextInfo(device=device, javascript=javascript)


def watch_page(page: Page) -> None:
    """Record uncaught errors and console errors (CSP refusals are console errors)."""
    events = PageEvents()
    EVENTS[page] = events
    page.on("pageerror", lambda error: events.page_errors.append(f"{page.url}: {error}"))

    def on_console(message) -> None:
        if message.type == "error":
            where = message.location or {}
            source = ""
            if where.get("url"):
                source = f" (from {where['url']}:{where.get('lineNumber')})"
            events.console_errors.append(f"{page.url}: {message.text}{source}")

    page.on("console", on_console)


def context_info(page: Page) -> ContextInfo:
    info = CONTEXTS.get(page.context)
    if info is None:  # a context made elsewhere: guess from the viewport, assume JavaScript on
        width = (page.viewport_size or {}).get("width", PHONE.width)
        return ContextInfo(device=PHONE if width < 768 else DEVICES["desktop"], javascript=True)
    return info


# ---------------------------------------------------------------------------------------------
# The layout checks run in the page. They use locator.evaluate, which (unlike page.evaluate)
# also works in a context with JavaScript disabled.

LAYOUT_JS = r"""
(_root, opts) => {
  const MIN = opts.min, R = opts.min / 2;
  const doc = document.documentElement;
  const out = {width: doc.clientWidth, targets: [], fonts: [], overflow: null, counted: 0};

  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    else if (el.getAttribute('name')) s += '[name="' + el.getAttribute('name') + '"]';
    if (el.classList.length) s += '.' + [...el.classList].join('.');
    if (el.tagName === 'INPUT') s += '[type=' + (el.getAttribute('type') || 'text') + ']';
    if (el.getAttribute('href')) s += '[href="' + el.getAttribute('href') + '"]';
    const text = (el.getAttribute('aria-label')
      || (el.matches('input, select, textarea') ? el.value : el.innerText) || '')
      .trim().replace(/\s+/g, ' ').slice(0, 50);
    if (text) s += ' "' + text + '"';
    return s;
  };
  const shown = (el) => {
    if (el.matches('input[type=hidden]')) return false;
    if (el.classList.contains('skip-link') && document.activeElement !== el) return false;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    if (r.bottom + window.scrollY <= 0 || r.right + window.scrollX <= 0) return false;
    return true;
  };
  const box = (el) => el.getBoundingClientRect();
  const size = (r) => Math.round(r.width * 10) / 10 + 'x' + Math.round(r.height * 10) / 10;
  const union = (rects) => {
    const l = Math.min(...rects.map(r => r.left)), t = Math.min(...rects.map(r => r.top));
    const rr = Math.max(...rects.map(r => r.right)), b = Math.max(...rects.map(r => r.bottom));
    return {left: l, top: t, right: rr, bottom: b, width: rr - l, height: b - t};
  };
  const bigEnough = (r) => r.width >= MIN - 0.01 && r.height >= MIN - 0.01;
  const centre = (r) => ({x: r.left + r.width / 2, y: r.top + r.height / 2});
  const circleHitsRect = (c, r) => {
    const dx = Math.max(r.left - c.x, 0, c.x - r.right);
    const dy = Math.max(r.top - c.y, 0, c.y - r.bottom);
    return dx * dx + dy * dy < R * R - 0.01;
  };
  const blockAncestor = (el) => {
    let p = el.parentElement;
    while (p && getComputedStyle(p).display === 'inline') p = p.parentElement;
    return p;
  };
  const SELECTOR = 'a[href], button, input, select, textarea, summary, [role=button]';
  const TEXT_BLOCKS = 'p, li, dd, dt, td, th, figcaption, blockquote';
  // In a sentence: the block holds words that belong to no target (this link or another).
  const inSentence = (el, block) => {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!/[\p{L}\p{N}]/u.test(n.textContent)) continue;
      const owner = n.parentElement && n.parentElement.closest(SELECTOR);
      if (!owner || !block.contains(owner)) return true;
    }
    return false;
  };
  const isInlineTextLink = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const block = blockAncestor(el);
    return !!block && block.matches(TEXT_BLOCKS) && inSentence(el, block);
  };

  const targets = [...document.querySelectorAll(SELECTOR)].filter(shown);
  out.counted = targets.length;
  const info = targets.map((el) => {
    const isToggle = el.matches('input[type=checkbox], input[type=radio]');
    const own = isToggle ? [...(el.labels || [])].filter(shown) : [];
    const r = isToggle ? union([box(el), ...own.map(box)]) : box(el);
    return {el, r, own, isToggle, inline: isInlineTextLink(el), small: !bigEnough(r)};
  });
  for (const t of info) {
    if (!t.small) continue;
    const kind = t.isToggle ? 'toggle' : t.inline ? 'inline' : 'strict';
    const alone = t.el.tagName === 'A' && getComputedStyle(t.el).display === 'inline';
    const need = kind === 'strict'
      ? (alone ? 'a link on its own, not in a sentence: ' : '') + 'needs at least 44x44 CSS px'
      : 'needs 44x44 CSS px, or a clear 44px-diameter circle around it (spacing exception)';
    if (kind !== 'strict') {
      const c = centre(t.isToggle ? box(t.el) : t.r);
      const conflicts = info.filter((o) => o !== t
        && !o.el.contains(t.el) && !t.el.contains(o.el) && !t.own.includes(o.el)
        && (circleHitsRect(c, o.r)
            || (o.small && Math.hypot(c.x - centre(o.r).x, c.y - centre(o.r).y) < MIN - 0.01)));
      if (!conflicts.length) continue;
      out.targets.push(describe(t.el) + ' is ' + size(t.r) + ' CSS px and too close to '
        + describe(conflicts[0].el) + ' (' + need + ')');
      continue;
    }
    out.targets.push(describe(t.el) + ' is ' + size(t.r) + ' CSS px (' + need + ')');
  }

  const TEXTUAL = 'textarea, select, input:not([type]), input[type=text], input[type=email], '
    + 'input[type=password], input[type=search], input[type=tel], input[type=url], '
    + 'input[type=number], input[type=date], input[type=datetime-local], input[type=month], '
    + 'input[type=time], input[type=week]';
  for (const el of targets) {
    if (!el.matches(TEXTUAL)) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < opts.minFont) out.fonts.push(describe(el) + ' has font-size ' + px + 'px (needs >= '
      + opts.minFont + 'px)');
  }

  if (opts.overflow) {
    const sw = doc.scrollWidth, cw = doc.clientWidth;
    // Content past the right edge is a problem even when it does not scroll: clipped by
    // overflow: hidden, or fixed, it is simply cut off. Inside a sideways scroller it is fine.
    const inScroller = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    const wide = [...document.body.querySelectorAll('*')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > cw + 0.5 && (sw > cw || (shown(el) && !inScroller(el)));
    });
    if (sw > cw || wide.length) {
      // Name the outermost culprits: those whose parent does not overflow too.
      // Fixed elements (the phone's bottom nav) stretch along with an overflow: list them last.
      const fixed = (el) => getComputedStyle(el).position === 'fixed';
      const outer = wide.filter((el) => !wide.includes(el.parentElement))
        .sort((a, b) => fixed(a) - fixed(b)).slice(0, 5)
        .map((el) => describe(el) + (fixed(el) ? ' (position: fixed)' : '') + ' reaches '
          + Math.round(el.getBoundingClientRect().right) + 'px');
      out.overflow = {scrollWidth: sw, clientWidth: cw, culprits: outer};
    }
    // Regions that scroll sideways inside the page (allowed, but reported as notes).
    out.scrollers = [...document.body.querySelectorAll('*')].filter((el) => {
      const style = getComputedStyle(el);
      return ['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1
        && shown(el);
    }).map((el) => {
      const r = el.getBoundingClientRect();
      const cut = targets.filter((t) => el.contains(t)).filter((t) => {
        const b = t.getBoundingClientRect();
        return b.right > r.right + 0.5 || b.left < r.left - 0.5;
      }).map(describe);
      return describe(el).split(' "')[0] + ' scrolls sideways (scrollWidth ' + el.scrollWidth
        + 'px > ' + el.clientWidth + 'px)' + (cut.length ? '; cut off at its edge: '
        + cut.join(', ') : '');
    });
  }
  return out;
}
"""


def _layout(page: Page, *, overflow: bool) -> dict:
    return page.locator("html").evaluate(
        LAYOUT_JS, {"min": MIN_TARGET, "minFont": MIN_INPUT_FONT_PX, "overflow": overflow}
    )


# ---------------------------------------------------------------------------------------------
# axe-core


def _axe_violations(page: Page) -> list[dict]:
    """axe-core's violations on the page as it is now.

    axe (570 KB) is put into the page only if this document does not have it yet: a page
    checked again after an htmx swap keeps the axe of its first check, already warmed up.
    axe.run starts from a clean cache every time, so what it finds is the same.
    """
    if not page.evaluate("() => typeof window.axe === 'object' && typeof axe.run === 'function'"):
        page.evaluate(AXE.axe_script)
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def _run_axe(page: Page, info: ContextInfo) -> list[dict]:
    if info.javascript:
        return _axe_violations(page)
    return _run_axe_on_snapshot(page, info)


# One inspector page per browser, device and viewport size, kept for the whole run (see below).
_INSPECTORS: dict[tuple[int, str, int, int], Page] = {}
SCRIPT_URL = re.compile(r".*\.js(\?.*)?$")


def _inspector(page: Page, info: ContextInfo) -> Page:
    browser = page.context.browser
    viewport = page.viewport_size or {"width": info.device.width, "height": info.device.height}
    key = (id(browser), info.device.name, viewport["width"], viewport["height"])
    inspector = _INSPECTORS.get(key)
    if inspector is None or inspector.is_closed():
        context = browser.new_context(**(info.device.context_options() | {"viewport": viewport}))
        inspector = context.new_page()
        inspector.route(SCRIPT_URL, lambda route: route.abort())
        _INSPECTORS[key] = inspector
    return inspector


def _run_axe_on_snapshot(page: Page, info: ContextInfo) -> list[dict]:
    """axe needs JavaScript (page.evaluate hangs, and timers never fire, in a no-JS context).

    So for a no-JS page we load the exact DOM it shows into a JavaScript-enabled page of the same
    device and size, at the same URL (so CSS and links resolve alike), with every script request
    blocked so nothing (htmx) changes the DOM, and run axe there. That inspector page is made
    once per device and size and reused: each snapshot is a new document in it (through
    about:blank when the inspector shows that address already, since one that differs only by
    its #fragment would not load the new snapshot).
    """
    html = page.content()
    url = page.url
    inspector = _inspector(page, info)

    def serve_snapshot(route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    if inspector.url.split("#", 1)[0] == url.split("#", 1)[0]:
        inspector.goto("about:blank")
    inspector.route(url, serve_snapshot)
    try:
        inspector.goto(url)
        return _axe_violations(inspector)
    finally:
        inspector.unroute(url, serve_snapshot)


def _summarise(violation: dict) -> dict:
    return {
        "id": violation["id"],
        "impact": violation.get("impact"),
        "help": violation.get("help"),
        "helpUrl": violation.get("helpUrl"),
        "tags": violation.get("tags", []),
        "nodes": [
            {
                "target": node.get("target"),
                "html": (node.get("html") or "")[:200],
                "failureSummary": node.get("failureSummary"),
            }
            for node in violation.get("nodes", [])
        ],
    }


def _describe_violation(v: dict) -> str:
    lines = [f"axe {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)]"]
    for node in v["nodes"][:5]:
        summary = (node.get("failureSummary") or "").replace("\n", " / ")
        lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html']}")
        if summary:
            lines.append(f"       {summary}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def screenshot_name(name: str) -> str:
    clean = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-")
    if not clean:
        raise ValueError(f"Unusable screenshot name {name!r}")
    return clean


_CDP_SESSIONS: weakref.WeakKeyDictionary[Page, CDPSession] = weakref.WeakKeyDictionary()

FULL_PAGE_SIZE_JS = """() => document.fonts.ready.then(() => {
  const b = document.body, d = document.documentElement;
  return {width: Math.max(b.scrollWidth, d.scrollWidth, b.offsetWidth, d.offsetWidth,
                          b.clientWidth, d.clientWidth),
          height: Math.max(b.scrollHeight, d.scrollHeight, b.offsetHeight, d.offsetHeight,
                           b.clientHeight, d.clientHeight)};
})"""


def _full_page_png(page: Page, path: Path) -> None:
    """The picture page.screenshot(full_page=True, caret="initial") takes, the same pixels (what
    Playwright 1.65 sends Chromium, after the same wait for fonts and the same page size), but
    PNG-encoded with Chromium's fast settings (Page.captureScreenshot's optimizeForSpeed): the
    file is about a quarter bigger, and the browser spends about 0.1 s less on each of the
    ~400 screenshots of a run. Playwright has no option for it."""
    session = _CDP_SESSIONS.get(page)
    if session is None:
        session = _CDP_SESSIONS[page] = page.context.new_cdp_session(page)
    size = page.locator("html").evaluate(FULL_PAGE_SIZE_JS)
    viewport = page.viewport_size or size
    fits = size["width"] <= viewport["width"] and size["height"] <= viewport["height"]
    shot = session.send("Page.captureScreenshot", {
        "format": "png", "optimizeForSpeed": True, "captureBeyondViewport": not fits,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
    })
    if not fits and context_info(page).device.has_touch:
        # Capturing beyond the viewport turns touch emulation off; Playwright turns it back on.
        session.send("Emulation.setTouchEmulationEnabled", {"enabled": True})
    path.write_bytes(base64.b64decode(shot["data"]))


def _wait_until_settled(page: Page) -> None:
    """Let an htmx request, swap or settle finish (works with JavaScript on or off)."""
    busy = page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
    expect(busy).to_have_count(0)
    page.wait_for_load_state("load")


def _report_overflow(report: PageReport, shot: str, width: int, layout: dict) -> None:
    for note in layout.get("scrollers", []):
        report.notes.append(f"at {width}px wide: {note}")
        print(f"[check_page {shot}] note: at {width}px wide: {note}")
    overflow = layout["overflow"]
    if not overflow:
        return
    culprits = "; ".join(overflow["culprits"]) or "(no element found)"
    if overflow["scrollWidth"] > overflow["clientWidth"]:
        report.problems.append(
            f"horizontal scroll at {width}px wide: document scrollWidth "
            f"{overflow['scrollWidth']}px > clientWidth {overflow['clientWidth']}px; "
            f"wider than the screen: {culprits}"
        )
    else:
        report.problems.append(
            f"content cut off at {width}px wide (past the right edge, "
            f"no scroll to reach it): {culprits}"
        )


def check_page(page: Page, name: str) -> PageReport:
    """Run every check on the page as it is now; raise one AssertionError listing all problems.

    `name` names the screenshot (<name>.png) and the page in the run's summary; use each name
    once per run.
    """
    shot = screenshot_name(name)
    if shot in _USED_NAMES:
        raise ValueError(f"check_page name {shot!r} was already used in this run")
    _USED_NAMES.add(shot)

    info = context_info(page)
    _wait_until_settled(page)
    report = PageReport(name=shot, url=page.url, device=info.device.name,
                        javascript=info.javascript)
    original = dict(page.viewport_size or {"width": info.device.width,
                                           "height": info.device.height})
    problems = report.problems

    # 1. axe-core, at the page's own size.
    for violation in map(_summarise, _run_axe(page, info)):
        if violation["impact"] in FAILING_IMPACTS or FAILING_WCAG_TAGS & set(violation["tags"]):
            report.failing_violations.append(violation)
            problems.append(_describe_violation(violation))
        else:
            report.other_violations.append(violation)
    for violation in report.other_violations:
        print(f"[check_page {shot}] not failing: {_describe_violation(violation)}")

    try:
        # 3+4. Targets and font sizes at the page's own width.
        seen: dict[str, list[int]] = {}
        own = _layout(page, overflow=original["width"] in (NARROW_WIDTH, REFLOW_WIDTH))
        for message in own["targets"] + own["fonts"]:
            seen.setdefault(message, []).append(own["width"])

        # 5. Screenshots, before the resizing below, so the page is as the test left it (and
        # a phone page needs no resizing for its own). caret="initial": Playwright's default
        # caret hiding leaves style="" on inputs, which htmx can carry into swapped content,
        # where the CSP (style-src 'self') refuses it: a false alarm made by the test itself.
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        if original["width"] > PHONE.width:
            path = SCREENSHOT_DIR / f"{shot}--desktop.png"
            _full_page_png(page, path)
            report.screenshots.append(path.name)
        phone = {"width": PHONE.width, "height": PHONE.height}
        if original != phone:
            page.set_viewport_size(phone)
        path = SCREENSHOT_DIR / f"{shot}.png"
        _full_page_png(page, path)
        report.screenshots.insert(0, path.name)

        # 2. Overflow (and targets again) at 360 px and at 320 px.
        for width in (NARROW_WIDTH, REFLOW_WIDTH):
            layout = own
            if original["width"] != width:
                page.set_viewport_size({"width": width, "height": original["height"]})
                layout = _layout(page, overflow=True)
                for message in layout["targets"] + layout["fonts"]:
                    seen.setdefault(message, []).append(layout["width"])
            _report_overflow(report, shot, width, layout)
        for message, widths in seen.items():
            kind = "small text input" if "font-size" in message else "small tap target"
            problems.append(f"{kind} at {'/'.join(map(str, widths))}px wide: {message}")
    finally:
        if page.viewport_size != original:
            page.set_viewport_size(original)

    events = EVENTS.get(page)
    if events:
        problems.extend(f"JavaScript error: {error}" for error in events.page_errors)
        refusals = [e for e in events.console_errors if "Content Security Policy" in e]
        problems.extend(f"Content-Security-Policy refusal: {e}" for e in refusals)
        report.console_errors = [e for e in events.console_errors if e not in refusals]
        events.page_errors.clear()
        events.console_errors.clear()

    REPORTS.append(report)
    if problems:
        raise AssertionError(
            f"check_page({shot!r}) found {len(problems)} problem(s) on {report.url} "
            f"({report.device}, JavaScript {'on' if report.javascript else 'off'}):\n- "
            + "\n- ".join(problems)
        )
    return report


def write_json_report(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(r) for r in REPORTS], indent=2, ensure_ascii=False))
