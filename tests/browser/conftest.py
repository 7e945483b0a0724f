"""Playwright against Debian's Chromium and pytest-django's live server.

Fixtures for every browser test (and the full journeys that reuse them):

- ``browser``: one headless Chromium per test session (never ``playwright install``).
- ``page`` / ``mobile_page``: a fresh context and page on the live server, desktop
  (1280×900) or a 360×740 phone; ``new_page(width=..., height=...)`` for more.
- ``login(page, username)``: signs in through the real login form.
- ``download(page, locator)``: clicks and returns the sent file's name and bytes.
- ``axe_check(page)``: runs axe-core (wcag2a, wcag2aa, wcag21aa, wcag22aa: target size too) and fails on any
  violation, listing them readably.

Locally the tests skip with a clear message when /usr/bin/chromium is missing;
with CI=true they fail instead, so CI never passes without running them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.factories import PASSWORD

CHROMIUM = Path(os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 360, "height": 740}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
AXE_SCRIPT = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")

BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    # Everything under tests/browser is a browser test, even if a module forgets pytestmark.
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _missing_browser(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} — browser tests must run in CI (CI=true).", pytrace=False)
    pytest.skip(f"{reason}; install Debian's chromium (apt-get install chromium) to run them.")


# One Playwright driver and one Chromium per test process, however many modules
# define or import the `browser` fixture (a second sync_playwright() in the same
# process fails with "using Playwright Sync API inside the asyncio loop").
_shared: dict[str, object] = {}


def shared_browser():
    """The process's Chromium, started on first use."""
    if "browser" not in _shared:
        if not CHROMIUM.exists():
            _missing_browser(f"Chromium not found at {CHROMIUM}")
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _shared["playwright"] = playwright
        _shared["browser"] = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
    return _shared["browser"]


def _close_shared_browser() -> None:
    browser = _shared.pop("browser", None)
    playwright = _shared.pop("playwright", None)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()


@pytest.fixture(scope="session")
def browser(request) -> Iterator:
    if not CHROMIUM.exists():
        _missing_browser(f"Chromium not found at {CHROMIUM}")
    started_here = "browser" not in _shared
    chromium = shared_browser()
    if started_here:
        request.addfinalizer(_close_shared_browser)
    yield chromium


@pytest.fixture
def new_page(browser, live_server, transactional_db) -> Iterator[Callable]:
    """Open a page on the live server at the given viewport; closed after the test."""
    contexts = []

    def open_page(width: int = DESKTOP["width"], height: int = DESKTOP["height"]):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            locale="ko-KR",
            timezone_id="Asia/Seoul",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console",
            lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page(**DESKTOP)


@pytest.fixture
def mobile_page(new_page):
    return new_page(**MOBILE)


def login(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form and wait for the landing page."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def _format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation.get('impact')}] {violation['id']}: {violation['help']} "
            f"({violation.get('helpUrl', '')})"
        )
        for node in violation.get("nodes", [])[:10]:
            lines.append(f"    at {', '.join(map(str, node.get('target', [])))}")
            lines.append(f"       {node.get('html', '')[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)


# axe.run() finishes through the page's timers. In a context with JavaScript disabled
# they never fire and `page.evaluate` (which has no timeout) waits forever: the survey
# browser test once hung this way. Probe the timers first, with a timeout.
TIMERS_RUN = "() => new Promise(resolve => setTimeout(() => resolve(true), 0))"


def axe_violations(page) -> list[dict]:
    """Run axe-core on the current page (evaluated, so the CSP does not block it)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(TIMERS_RUN, timeout=3000)
    except PlaywrightTimeout:
        pytest.fail(
            "axe-core needs the page's JavaScript: this context has it disabled "
            "(check a JavaScript-less page in a second context with JavaScript on).",
            pytrace=False,
        )
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return results["violations"]


def axe_check(page) -> None:
    """Fail when the current page has any WCAG 2.1 A/AA violation."""
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n" + _format_violations(violations)


def download(page, locator) -> tuple[str, bytes]:
    """Click `locator` (a link or button that sends a file); return its name and bytes."""
    with page.expect_download() as info:
        locator.click()
    result = info.value
    return result.suggested_filename, Path(result.path()).read_bytes()
