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
    assert "올바른" in page.locator("main").inner_text()
    # What the user typed is kept.
    assert page.input_value("input[name=username]") == world.member.user.username
    axe_check(page)


def test_it_shows_an_accessible_empty_login_error(page, db):
    page.goto("/accounts/login/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".invalid-feedback, .alert-danger").count() >= 1
    axe_check(page)


def test_it_shows_an_accessible_public_archive(mobile_page, world):
    page = mobile_page
    page.goto("/archive/")
    assert page.locator("h1").count() == 1
    axe_check(page)


def test_a_phone_downloads_the_compact_korean_web_font(mobile_page, db):
    page = mobile_page
    fonts: list[str] = []
    page.on(
        "response", lambda r: fonts.append(r.url.rsplit("/", 1)[-1]) if "/fonts/" in r.url else None
    )
    page.goto("/accounts/login/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans KR\"')")
    assert sorted(fonts) == ["NotoSansKR-Bold.woff2", "NotoSansKR-Regular.woff2"]
