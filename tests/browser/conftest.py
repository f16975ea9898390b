"""Playwright driving Debian's Chromium (/usr/bin/chromium); the browser build is never downloaded.

Every page a browser test gets from `browse` (or `phone_page`, `desk_page`) is checked without the test
asking: each HTML page the server sends is validated by the Nu HTML Checker (once, for the whole
session) and checked by axe-core for WCAG 2.1 A/AA violations of impact serious or critical; a
Content-Security-Policy violation or a script error fails the test too. Call `check_screen(page, name)`
to check the page as it is at that moment (after htmx has changed it) and save a screenshot.
"""

import hashlib
import os
from pathlib import Path

import pytest

from tests.browser.quality import (
    BLOCKING_IMPACTS,
    PageRecorder,
    assert_accessible,
    axe_violations_of_served_html,
    format_html_errors,
    format_violations,
    validate_html,
)

# Playwright's sync API runs an event loop in the test thread; the live server's database
# access from that same thread is safe here because the test does nothing concurrently.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 800}
_RECORDERS: dict = {}  # Playwright page -> its PageRecorder


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Lets `browse` know whether the test body passed, so a failed test is not buried in follow-up noise.
    report = yield
    if report.when == "call":
        item.zhirao_call_failed = report.failed
    return report


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def html_checker():
    """HTML documents ({name: html}) to validate in one run of the Nu HTML Checker when the session ends."""
    documents: dict[str, str] = {}
    yield documents
    unique, seen = {}, set()
    for name, html in documents.items():
        digest = hashlib.sha256(html.encode()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            unique[name] = html
    errors = validate_html(unique)
    if errors:
        pytest.fail(format_html_errors(errors), pytrace=False)


@pytest.fixture
def browse(chromium, html_checker, request):
    """`browse(viewport=PHONE, javascript=True)` opens a new browser (own cookies) and returns its page."""
    opened = []

    def open_page(*, viewport=PHONE, javascript=True, locale="zh-CN", **context_options):
        phone = viewport["width"] < 800
        context = chromium.new_context(
            viewport=viewport, locale=locale, java_script_enabled=javascript, accept_downloads=True,
            device_scale_factor=2 if phone else 1, is_mobile=phone, has_touch=phone, **context_options,
        )
        page = context.new_page()
        recorder = PageRecorder(request.node.nodeid, javascript=javascript)
        recorder.attach(page)
        _RECORDERS[page] = recorder
        opened.append((context, page, recorder))
        return page

    yield open_page

    problems = []
    for context, page, recorder in opened:
        for name, html in recorder.documents.items():
            html_checker[f"{recorder.test_name} · {name}"] = html
        problems += recorder.problems
        if not getattr(request.node, "zhirao_call_failed", False):
            for url, html in recorder.unchecked_pages():
                violations = axe_violations_of_served_html(chromium, url=url, html=html, viewport=page.viewport_size)
                blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
                if blocking:
                    problems.append(format_violations(blocking, f"{url} (as served, scripts off)"))
        del _RECORDERS[page]
        context.close()
    if problems and not getattr(request.node, "zhirao_call_failed", False):
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def phone_page(browse):
    return browse(viewport=PHONE)


@pytest.fixture
def desk_page(browse):
    return browse(viewport=DESK)


def check_screen(page, name: str | None = None) -> None:
    """axe on the page as it is now (WCAG 2.1 A/AA, serious/critical fail) and, given a name, a screenshot."""
    recorder = _RECORDERS.get(page)
    if recorder is None:
        raise AssertionError("check_screen() needs a page from the browse, phone_page or desk_page fixture")
    url = page.url.split("#", 1)[0]
    page.wait_for_load_state()
    recorder.settle(page)
    html = recorder.current_html(url)
    if recorder.javascript:
        assert_accessible(page)
    else:
        assert html is not None, f"no HTML was served for {url}"
        violations = axe_violations_of_served_html(page.context.browser, url=url, html=html, viewport=page.viewport_size)
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, format_violations(blocking, url)
    if html is not None:
        recorder.checked.add(html)
    if name:
        screenshot(page, name)


def screenshot(page, name: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
