"""Helpers for the browser journeys: a watched tab, layout checks and axe-core audits."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import axe_playwright_python
from playwright.sync_api import Page, Request, Response

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(
    encoding="utf-8"
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


@dataclass
class Tab:
    """A page of a fresh browser context, with everything it asked of the network recorded.

    ``blocked`` lists what the routing guard refused (the page or Chromium itself tried to
    leave the machine); ``foreign`` what the *page* asked of another host.
    """

    page: Page
    origin: str
    width: int
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.page.on("request", self._on_request)
        self.page.on("requestfailed", self._on_request_failed)
        self.page.on("response", self._on_response)
        self.page.on(
            "console",
            lambda m: self.console_errors.append(m.text) if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: self.console_errors.append(f"page error: {e}"))

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_request_failed(self, request: Request) -> None:
        if request.failure == "net::ERR_ABORTED" and request.url not in self.blocked:
            return  # cancelled by Chromium because the page navigated away meanwhile
        self.failed.append(f"{request.method} {request.url}: {request.failure}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.request.method} {response.url}: HTTP {response.status}")

    def url(self, path: str) -> str:
        return self.origin + path

    def goto(self, path: str, expect_status: int = 200) -> Response:
        response = self.page.goto(self.url(path), wait_until="load")
        assert response is not None, f"no response for {path}"
        assert response.status == expect_status, (
            f"GET {path} answered {response.status}, expected {expect_status}"
        )
        return response

    # --- checks -----------------------------------------------------------------------------

    def assert_no_horizontal_scroll(self) -> None:
        sizes = self.page.evaluate(
            "() => ({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth,"
            " dir: document.documentElement.dir})"
        )
        # Phones may widen the layout viewport to fit overflowing content: compare with the
        # screen width too, so such a page cannot pass by growing innerWidth.
        limit = min(sizes["inner"], self.width)
        assert sizes["scroll"] <= limit, (
            f"{self.page.url} scrolls sideways at {self.width}px (dir={sizes['dir']}): "
            f"scrollWidth {sizes['scroll']} > {limit}; widest elements: {self.widest_elements()}"
        )

    def widest_elements(self) -> list[str]:
        """The elements that stick out of the viewport, to say what to fix."""
        return self.page.evaluate(
            """() => {
              const w = window.innerWidth, out = [];
              for (const el of document.body.querySelectorAll('*')) {
                const r = el.getBoundingClientRect();
                if (r.width && (r.right > w + 1 || r.left < -1)) {
                  const cls = el.className && typeof el.className === 'string'
                    ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
                  out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls}`
                           + ` [${Math.round(r.left)}..${Math.round(r.right)}]`);
                }
              }
              return out.slice(0, 8);
            }"""
        )

    def assert_network_clean(self, expected_failures: tuple[str, ...] = ()) -> None:
        """Every request the page made went to the app, and none failed unexpectedly."""
        foreign = [u for u in self.requests if not _same_origin(u, self.origin)]
        assert not foreign, f"the page asked other hosts: {foreign}"
        failed = [f for f in self.failed if not any(e in f for e in expected_failures)]
        assert not failed, f"requests failed: {failed}"
        errors = [e for e in self.console_errors if not _expected_console(e, expected_failures)]
        assert not errors, f"console errors: {errors}"

    def assert_accessible(self) -> None:
        """axe-core (WCAG 2.1 A and AA rules) finds nothing serious or critical."""
        violations = run_axe(self.page)
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        assert not blocking, (
            f"axe-core violations on {self.page.url} at {self.width}px:\n"
            + describe_violations(blocking)
        )


def _same_origin(url: str, origin: str) -> bool:
    return url == origin or url.startswith(origin + "/") or url.startswith("data:")


def _expected_console(message: str, expected_failures: tuple[str, ...]) -> bool:
    # Chromium logs an expected error status of the main document as "Failed to load resource".
    statuses = {e.rpartition("HTTP ")[2] for e in expected_failures if "HTTP " in e}
    return message.startswith("Failed to load resource") and any(
        f"status of {status} " in message for status in statuses
    )


def run_axe(page: Page) -> list[dict]:
    """Inject axe-core and return its violations for the WCAG 2.0/2.1 A and AA tags.

    ``page.evaluate`` runs through the DevTools protocol, so the page's strict CSP
    (``script-src 'self'``) stays on while axe runs.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    # resultTypes: details for violations only (faster); only they come back to Python.
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return page.evaluate("(o) => axe.run(document, o).then((r) => r.violations)", options)


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- [{v.get('impact')}] {v['id']}: {v['help']} ({v.get('helpUrl', '')})")
        for node in v.get("nodes", [])[:10]:
            target = json.dumps(node.get("target"), ensure_ascii=False)
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target} {node.get('html', '')[:160]}  → {summary[:300]}")
    return "\n".join(lines)
