"""The error pages on a 360 px phone in Chromium: readable, no sideways scrolling, axe-clean.

Set PORTAL_SCREENSHOT_DIR to keep the screenshots for a look.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import (  # noqa: F401  (fixtures used by name)
    axe_check,
    browser,
    mobile_page,
    new_page,
)

pytestmark = pytest.mark.browser

PAGES = [
    ("/no-such-page/", 404, "페이지를 찾을 수 없습니다"),
    ("/__test__/boom/", 500, "일시적인 오류가 발생했습니다"),
    ("/__test__/forbidden/", 403, "이 화면을 볼 권한이 없습니다"),
    ("/__test__/post-only/", 405, "이 방법으로는 열 수 없는 주소입니다"),
]


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.deploy.error_urls"


@pytest.mark.parametrize(("path", "status", "heading"), PAGES)
def test_error_page_on_a_phone(mobile_page, path, status, heading, tmp_path):  # noqa: F811
    response = mobile_page.goto(path)
    assert response.status == status
    assert mobile_page.get_by_role("heading", level=1).inner_text() == heading
    assert mobile_page.evaluate("() => document.documentElement.scrollWidth") <= 360
    # The stylesheets loaded (Bootstrap's navbar colour, the portal font).
    assert "Noto Sans KR" in mobile_page.evaluate(
        "() => getComputedStyle(document.body).fontFamily"
    )
    home = mobile_page.get_by_role("link", name="처음 화면으로")
    assert home.is_visible()
    box = home.bounding_box()
    assert box["width"] > 300  # a full-width button on a phone
    axe_check(mobile_page)
    keep = os.environ.get("PORTAL_SCREENSHOT_DIR")
    target = Path(keep) if keep else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    mobile_page.screenshot(path=str(target / f"error-{status}-360.png"), full_page=True)
