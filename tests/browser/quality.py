"""Accessibility (axe-core) and HTML validity (the Nu HTML Checker) for the pages the browser tests visit.

`PageRecorder` watches one Playwright page: it keeps the HTML the server sent for every page (and every
htmx fragment), notes Content-Security-Policy violations and script errors, and remembers which
pages axe has checked. The fixtures in conftest.py attach one to every page they hand out and, when
the test ends, fail it if a page it visited was never checked, the CSP was violated or a script failed;
the HTML of all tests goes to one run of the Nu checker at the end of the session (Java starts once).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag

from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
# An htmx fragment is validated inside <template>, where any element (even a table row) may stand alone.
FRAGMENT_SHELL = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>fragment</title></head><body><template>{}</template></body></html>'


def _require(path: Path) -> Path:
    if not path.exists():
        raise AssertionError(f"{path.relative_to(ROOT)} is missing: run `make test` (it runs `npm ci`)")
    return path


# --- axe-core -----------------------------------------------------------------------------------

def axe_violations(page) -> list[dict]:
    """axe's WCAG 2.1 A/AA violations on the page as it is now, every impact.

    axe is evaluated through the DevTools protocol rather than added as a <script>: that needs no
    exception to the strict Content-Security-Policy, so the page is checked exactly as users get it.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_require(AXE_JS).read_text(encoding="utf-8"))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(result => result.violations)",
        WCAG_TAGS,
    )


def format_violations(violations: list[dict], where: str) -> str:
    lines = [f"Accessibility violations on {where}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more elements")
    return "\n".join(lines)


def assert_accessible(page, *, where: str | None = None) -> None:
    """Fail on any serious or critical WCAG 2.1 A/AA violation axe finds on the page as it is now."""
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, format_violations(blocking, where or page.url)


# --- the Nu HTML Checker --------------------------------------------------------------------------

def validate_html(documents: dict[str, str]) -> dict[str, list[dict]]:
    """Errors the Nu HTML Checker finds in each document ({name: html}), in a single Java run."""
    if not documents:
        return {}
    with tempfile.TemporaryDirectory(prefix="zhirao-vnu-") as folder:
        names = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{number:04d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        completed = subprocess.run(
            ["java", "-jar", str(_require(VNU_JAR)), "--format", "json", "--stdout", "--errors-only",
             *(str(Path(folder) / file_name) for file_name in names)],
            capture_output=True, text=True, check=False, timeout=600,
        )
        try:
            messages = json.loads(completed.stdout)["messages"]
        except (json.JSONDecodeError, KeyError) as error:
            raise AssertionError(f"the Nu HTML Checker failed: {completed.stderr or completed.stdout}") from error
    errors: dict[str, list[dict]] = {}
    for message in messages:
        if message["type"] in {"error", "non-document-error"}:
            file_name = message.get("url", "").rsplit("/", 1)[-1]
            errors.setdefault(names.get(file_name, file_name or "?"), []).append(message)
    return errors


def format_html_errors(errors: dict[str, list[dict]]) -> str:
    lines = ["HTML errors found by the Nu HTML Checker (pages are validated together when the test session ends; each is named by the test that visited it):"]
    for name, messages in errors.items():
        lines.append(f"- {name}")
        for message in messages[:20]:
            lines.append(f"    line {message.get('lastLine', '?')}: {message['message']}")
            if message.get("extract"):
                lines.append(f"       …{message['extract'].strip()}…")
    return "\n".join(lines)


def assert_valid_html(html: str, *, name: str = "page") -> None:
    """Fail if the Nu HTML Checker finds an error in this one document (a Java run each: batch when you can)."""
    errors = validate_html({name: html})
    assert not errors, format_html_errors(errors)


# --- recording what a test's browser sees ---------------------------------------------------------

@dataclass
class PageRecorder:
    """What one page of a test has been sent, and which of those documents axe has checked."""

    test_name: str
    javascript: bool = True
    documents: dict[str, str] = field(default_factory=dict)   # "METHOD url (status)" -> the HTML served
    pages: list[tuple[str, str]] = field(default_factory=list)  # (url, html) of every full page, in order
    checked: set[str] = field(default_factory=set)              # HTML documents axe has seen
    problems: list[str] = field(default_factory=list)           # CSP violations, script errors
    reading: int = 0                                            # bodies being fetched right now

    def attach(self, page) -> None:
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"script error on {page.url}: {error}"))

    def _on_response(self, response) -> None:
        request = response.request
        if "text/html" not in (response.headers.get("content-type") or "") or 300 <= response.status < 400:
            return
        self.reading += 1
        try:
            html = self._body(response)
        finally:
            self.reading -= 1
        if html is None:
            return
        if request.resource_type == "document" and request.frame.parent_frame is None:
            url = urldefrag(response.url).url
            self.documents[f"{request.method} {url} ({response.status}) #{len(self.pages) + 1}"] = html
            self.pages.append((url, html))
        elif request.headers.get("hx-request") == "true":
            # A history restore fetches the whole page; a swap fetches a fragment.
            whole_page = html.lstrip()[:15].lower().startswith("<!doctype")
            self.documents[f"htmx {request.method} {response.url} ({response.status})"] = html if whole_page else FRAGMENT_SHELL.format(html)

    def _body(self, response) -> str | None:
        # The browser drops a body it no longer needs (the test already moved on); nothing to check then.
        try:
            return response.text()
        except PlaywrightError:
            return None

    def _on_console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"CSP violation: {message.text}")

    def settle(self, page) -> None:
        """Wait until the bodies of the responses already received are recorded (event handlers run
        alongside the test, so the page can be on screen before its HTML is in hand)."""
        for _ in range(200):
            if not self.reading:
                return
            page.wait_for_timeout(25)

    def current_html(self, url: str) -> str | None:
        for page_url, html in reversed(self.pages):
            if page_url == url:
                return html
        return None

    def unchecked_pages(self) -> list[tuple[str, str]]:
        seen, pending = set(self.checked), []
        for url, html in self.pages:
            if html not in seen:
                seen.add(html)
                pending.append((url, html))
        return pending


def axe_violations_of_served_html(browser, *, url: str, html: str, viewport: dict) -> list[dict]:
    """axe on a page as the server sent it, with scripts off: for pages a test left without checking
    and for tests that run with JavaScript disabled (axe itself needs a JavaScript-enabled page)."""
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.route("**/*.js", lambda route: route.abort())
        page.route(lambda candidate: urldefrag(candidate).url == url,
                   lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html))
        page.goto(url)
        return axe_violations(page)
    finally:
        context.close()
