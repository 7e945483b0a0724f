"""The pages anyone can open: login (also with errors) and the public archive."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_check

pytestmark = pytest.mark.browser


def test_it_shows_an_accessible_login_page(page, db):
    page.goto("/accounts/login/")
    assert page.locator("h1").inner_text() == "로그인"
    axe_check(page)


def test_it_shows_an_accessible_login_error(mobile_page, world):
    page = mobile_page
    page.goto("/accounts/login/")
    page.fill("input[name=username]", world.member.user.username)
    page.fill("input[name=password]", "wrong-password")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "아이디 또는 비밀번호가 맞지 않습니다" in page.locator("main").inner_text()
    # What the user typed is kept.
    assert page.input_value("input[name=username]") == world.member.user.username
    axe_check(page)


def test_it_shows_an_accessible_empty_login_error(page, db):
    page.goto("/accounts/login/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".form-hint-invalid, .alert-danger").count() >= 1
    axe_check(page)


def test_it_shows_an_accessible_public_archive(mobile_page, world):
    page = mobile_page
    page.goto("/archive/")
    assert page.locator("h1").count() == 1
    axe_check(page)


def test_a_phone_downloads_no_web_font_and_shows_korean_in_its_own(mobile_page, db):
    page = mobile_page
    fonts: list[str] = []
    page.on(
        "response",
        lambda r: fonts.append(r.url) if r.request.resource_type == "font" else None,
    )
    page.goto("/accounts/login/")
    page.wait_for_load_state("networkidle")
    assert fonts == []
    # The system font draws Hangul: 로그인 is as wide as the fallback box would not be.
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Malgun Gothic" in family and "Apple SD Gothic Neo" in family


def test_printing_a_public_result_prints_the_document_alone(page, world, tmp_path):
    """Chromium's print of the archive page (print media, as Ctrl+P): the document's title,
    개요 and table, without the top bar, breadcrumb, download buttons or footer (issue 25)."""
    import re
    import subprocess

    from reports.document import build_result_context
    from reports.services import publish_meeting
    from tests.factories import make_result_meeting

    meeting = make_result_meeting(world.council, proposals=1)
    publish_meeting(meeting=meeting, user=world.staff)
    page.goto(f"/archive/{world.council.slug}/{meeting.slug}/")
    screen = page.locator("body").inner_text()
    for part in ("PDF 내려받기", "본문 바로가기", "지역돌봄협의체 포털"):
        assert part in screen  # on the screen …
    path = tmp_path / "printed.pdf"
    path.write_bytes(page.pdf(format="A4"))
    printed = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    squashed = re.sub(r"\s+", "", printed)
    doc = build_result_context(meeting)["doc"]
    assert re.sub(r"\s+", "", doc.purpose_line) in squashed
    assert "개요" in squashed and "취합결과" in squashed and "부서검토의견" in squashed
    # Chromium has no running elements: the PDF's header from page 2 would print once,
    # above the title on page 1.
    assert re.sub(r"\s+", "", doc.running_header) not in squashed
    for part in ("PDF 내려받기", "본문 바로가기", "지역돌봄협의체 포털", "회의 결과 공개"):
        assert re.sub(r"\s+", "", part) not in squashed, part  # … not on paper
