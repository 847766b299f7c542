"""Browser-suite fixtures: one live server and one Chromium per run, fresh contexts per test.

* `live_server`: the real portal (gunicorn, HEARTH_CONFIG=development) on a free 127.0.0.1 port,
  with its own SQLite database and demo data in a temporary folder (see server.py).
* `open_page(device="phone", javascript=True)`: a page in a new browser context, i.e. another
  phone or computer with its own cookies. "phone" is 390x844, mobile, touch, Android Chrome;
  "desktop" is 1280x800.
* `page` / `desktop_page`: shortcuts for the two devices.
* `check(page, name)`: run check_page and keep going; all problems fail the test at its end, so
  one bad page does not hide the rest of a journey. Tests that want check_page to raise on the
  spot call tests.e2e.checks.check_page directly.

After the run, the terminal summary prints the screenshot folder and the axe results per page,
and test-artifacts/axe-report.json keeps the details. A failing test leaves a screenshot of each
of its pages in test-artifacts/failures/.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e import checks
from tests.e2e.devices import CHROMIUM_ARGS, CHROMIUM_EXECUTABLE, DEVICES
from tests.e2e.server import LiveServer, start_server

expect.set_options(timeout=10_000)

PAGE_PROBLEMS = pytest.StashKey[list[str]]()


@pytest.fixture(scope="session", autouse=True)
def _fresh_artifacts() -> None:
    """Start each run with empty screenshot folders, so they show exactly this run."""
    for folder in (checks.SCREENSHOT_DIR, checks.FAILURE_DIR):
        if folder.is_dir():
            for png in folder.glob("*.png"):
                png.unlink(missing_ok=True)  # another xdist worker may be emptying it too
        folder.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    server = start_server()
    yield server
    server.stop()
    try:
        shutil.copyfile(server.log_path, checks.ARTIFACTS_DIR / "server.log")
    finally:
        server.cleanup()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_EXECUTABLE, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium: Browser, live_server: LiveServer, request) -> Iterator[Callable[..., Page]]:
    contexts = []
    pages: list[Page] = []

    def _open(device: str = "phone", *, javascript: bool = True) -> Page:
        profile = DEVICES[device]
        context = chromium.new_context(
            base_url=live_server.base_url, java_script_enabled=javascript,
            **profile.context_options(),
        )
        context.set_default_timeout(15_000)
        context.set_default_navigation_timeout(20_000)
        checks.register_context(context, profile, javascript)
        contexts.append(context)
        new_page = context.new_page()
        checks.watch_page(new_page)
        pages.append(new_page)
        return new_page

    yield _open

    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        checks.FAILURE_DIR.mkdir(parents=True, exist_ok=True)
        stem = checks.screenshot_name(request.node.nodeid.split("::", 1)[-1])
        for number, failed_page in enumerate(pages, start=1):
            if failed_page.is_closed():
                continue
            try:
                failed_page.screenshot(
                    path=str(checks.FAILURE_DIR / f"{stem}--page{number}.png"),
                    full_page=True, caret="initial",
                )
            except Exception as error:  # a failed screenshot must not hide the test's failure
                print(f"Could not save a failure screenshot: {error}")
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page) -> Page:
    return open_page("phone")


@pytest.fixture
def desktop_page(open_page) -> Page:
    return open_page("desktop")


@pytest.fixture
def check(request) -> Callable[[Page, str], checks.PageReport | None]:
    problems = request.node.stash.setdefault(PAGE_PROBLEMS, [])

    def _check(page: Page, name: str) -> checks.PageReport | None:
        try:
            return checks.check_page(page, name)
        except AssertionError as error:
            problems.append(str(error))
            return None

    return _check


# pytest-xdist hands the tests out in the order they were collected, and a run ends when its last
# test does: the longest journeys (20-35 s each, measured with --durations) go first, so the
# short tests fill the workers up evenly at the end instead of one long test running alone.
# Not test_password_recovery (about 20 s): it changes Marcus's and Chris's passwords on its
# worker's server for the rest of the run, so it must come after the tests that sign them in
# with the demo password (test_about_me, test_events, test_messages), as collected.
LONGEST_FIRST = (
    "test_people.py::test_joining_confirming_declining_and_restoring",
    "test_caseworker_console.py::test_review_queue_then_open_family",
    "test_roles.py::test_caseworker_pages",
    "test_messages.py::test_correct_take_back_and_report_in_place_while_the_thread_polls",
    "test_about_me.py::test_a_parent_writes_bedtime_and_rosa_reads_it_in_spanish",
    "test_photos.py::test_a_kin_caregiver_shares_a_photo_in_spanish_and_mom_sees_it",
    "test_without_javascript.py::test_invite_join_approve_without_javascript",
    "test_journeys.py::test_invite_join_approve_then_spanish_and_sign_out",
    "test_messages.py::test_two_people_see_each_others_messages_within_the_poll_interval",
    "test_console_pages.py::test_caseworker_console_pages",
    "test_family_time.py::test_dana_asks_sam_approves_and_dana_sees_it_planned",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.nodeid.split("tests/e2e/", 1)[-1].split("[", 1)[0]
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the rest keep their order


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    result = yield
    problems = item.stash.get(PAGE_PROBLEMS, [])
    if problems:
        raise AssertionError(
            f"{len(problems)} page(s) failed check_page:\n\n" + "\n\n".join(problems)
        )
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    problems = item.stash.get(PAGE_PROBLEMS, [])
    own_failure = call.excinfo is not None and "failed check_page:" in str(call.excinfo.value)
    if report.when == "call" and problems and report.failed and not own_failure:
        # The test failed on its own; still show what the page checks found before that.
        report.sections.append(("check_page problems", "\n\n".join(problems)))
    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not checks.REPORTS:
        return
    write = terminalreporter.write_line
    terminalreporter.section("browser checks (tests/e2e)")
    shots = sorted(p.name for p in checks.SCREENSHOT_DIR.glob("*.png"))
    write(f"Screenshots ({len(shots)}): {checks.SCREENSHOT_DIR}")
    failures = sorted(p.name for p in checks.FAILURE_DIR.glob("*.png"))
    if failures:
        write(f"Failure screenshots ({len(failures)}): {checks.FAILURE_DIR}")
    report_path = checks.ARTIFACTS_DIR / "axe-report.json"
    checks.write_json_report(report_path)
    write(f"axe details: {report_path}")
    write("axe violations per page (impact: rule ids); other problems counted. "
          "bite-*-broken pages are broken on purpose (test_checks_bite.py):")
    for page_report in checks.REPORTS:
        by_impact: dict[str, list[str]] = {}
        for v in page_report.failing_violations + page_report.other_violations:
            by_impact.setdefault(v["impact"], []).append(v["id"])
        axe = "; ".join(f"{impact}: {', '.join(ids)}" for impact, ids in sorted(by_impact.items()))
        others = len(page_report.problems) - len(page_report.failing_violations)
        status = "ok  " if page_report.passed else "FAIL"
        write(f"  {status} {page_report.name:<48} axe: {axe or 'none'}"
              + (f"; +{others} layout/JS problem(s)" if others else "")
              + (f"; {len(page_report.notes)} note(s)" if page_report.notes else ""))
