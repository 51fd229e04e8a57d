"""The browser harness itself: the guard keeps Chromium home, the audit does catch problems."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.browser import run_axe

pytestmark = pytest.mark.e2e


def test_a_request_for_another_host_is_aborted_at_once(phone):
    with pytest.raises(PlaywrightError):
        phone.page.goto("http://example.org/", timeout=5_000)
    assert phone.blocked == ["http://example.org/"]


def test_the_accessibility_audit_reports_a_known_violation(phone):
    phone.goto("/")
    phone.page.evaluate(
        """() => {
          const img = document.createElement('img');
          img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
          document.querySelector('main').append(img);
        }"""
    )
    violations = {v["id"]: v for v in run_axe(phone.page)}
    assert "image-alt" in violations
    assert violations["image-alt"]["impact"] == "critical"
