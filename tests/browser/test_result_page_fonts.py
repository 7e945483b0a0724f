"""The result preview downloads no font: the page uses the system's Korean font; the
TrueType files are for the PDF only."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login
from tests.factories import make_result_meeting

pytestmark = pytest.mark.browser


def test_the_result_preview_downloads_no_font(page, world):
    meeting = make_result_meeting(world.council)
    fonts: list[str] = []
    page.on(
        "response",
        lambda r: fonts.append(r.url) if r.request.resource_type == "font" else None,
    )
    login(page, world.staff.username)
    page.goto(f"/c/{world.council.slug}/meetings/{meeting.slug}/result/")
    page.wait_for_load_state("networkidle")
    assert "회의 결과" in page.locator("h1").inner_text()
    assert fonts == []
