"""The result preview uses the compact web font; the TrueType files are for the PDF only."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login
from tests.factories import make_result_meeting

pytestmark = pytest.mark.browser


def test_the_result_preview_downloads_only_the_woff2_fonts(page, world):
    meeting = make_result_meeting(world.council)
    fonts: list[str] = []
    page.on(
        "response",
        lambda r: fonts.append(r.url.rsplit("/", 1)[-1]) if "/fonts/" in r.url else None,
    )
    login(page, world.staff.username)
    page.goto(f"/c/{world.council.slug}/meetings/{meeting.slug}/result/")
    page.wait_for_load_state("networkidle")
    assert "회의 결과" in page.locator("h1").inner_text()
    assert fonts and all(name.endswith(".woff2") for name in fonts), fonts
