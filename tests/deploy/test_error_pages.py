"""Korean error pages with DEBUG off: 400, 403, 404, 405, 500 and a failed CSRF check."""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client, RequestFactory
from django.urls import reverse

from config.errors import ClientErrorsOneLine, server_error
from config.logs import RepeatsOncePerMinute
from tests.conftest import client_for
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _debug_off(settings):
    # What production runs: DEBUG off, so Django calls the handlers in config/errors.py.
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.deploy.error_urls"


VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def _page(response) -> str:
    assert response["Content-Type"].startswith("text/html"), response["Content-Type"]
    html = response.content.decode()
    assert '<html lang="ko">' in html
    assert VIEWPORT in html
    assert f'href="{reverse("home")}"' in html
    return html


def test_it_shows_a_korean_404_with_a_way_back(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = _page(response)
    assert "페이지를 찾을 수 없습니다" in html
    assert f'href="{reverse("login")}"' in html
    assert "Not Found" not in html


def test_it_tells_a_member_whose_page_a_staff_page_is(client, world):
    client_for(client, world.member.user)
    response = client.get(reverse("portal:dashboard", args=[world.council.slug]))
    assert response.status_code == 403
    html = _page(response)
    assert "이 화면을 볼 권한이 없습니다" in html
    assert "구청 담당자만 볼 수 있는 화면입니다." in html
    # Signed in: no login button, the way on is the home page.
    assert f'href="{reverse("login")}"' not in html


def test_it_tells_staff_the_opinion_form_is_for_members(client, world):
    from tests.factories import make_open_meeting

    meeting = make_open_meeting(world.council, invite=[world.member])
    client_for(client, world.staff)
    response = client.get(reverse("council:my_opinion", args=[world.council.slug, meeting.slug]))
    assert response.status_code == 403
    assert "위원만 볼 수 있는 화면입니다." in response.content.decode()


def test_it_never_shows_other_text_a_permission_denied_carries(client, db):
    response = client.get("/__test__/forbidden/")
    assert response.status_code == 403
    html = _page(response)
    assert "이 화면을 볼 권한이 없습니다" in html
    assert "internal" not in html and "can_publish" not in html
    assert "로그인한 뒤에 다시 열어 주세요." in html


def test_another_council_gets_404_not_a_hint(client, world):
    client_for(client, world.other_council_staff)
    response = client.get(reverse("portal:dashboard", args=[world.council.slug]))
    assert response.status_code == 404
    assert "구청 담당자만" not in response.content.decode()


def test_it_shows_a_korean_400_for_a_bad_request_and_a_bad_host(client, db):
    response = client.get("/__test__/bad/")
    assert response.status_code == 400
    assert "요청을 처리할 수 없습니다" in _page(response)
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "요청을 처리할 수 없습니다" in _page(response)


def test_it_shows_a_korean_405_and_keeps_the_allow_header(client, world):
    client_for(client, world.staff)
    response = client.get(reverse("logout"))
    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    html = _page(response)
    assert "이 방법으로는 열 수 없는 주소입니다" in html
    assert "Content-Security-Policy" in response.headers


def test_it_shows_a_korean_500(db):
    client = Client(raise_request_exception=False)
    response = client.get("/__test__/boom/")
    assert response.status_code == 500
    html = _page(response)
    assert "일시적인 오류가 발생했습니다" in html
    assert "RuntimeError" not in html and "a bug in a view" not in html


def test_the_500_page_needs_no_database_and_no_static_manifest(
    settings, tmp_path, django_db_blocker
):
    # A manifest storage with no manifest: any {% static %} lookup would raise.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with pytest.raises(ValueError, match="Missing staticfiles manifest"):
        staticfiles_storage.url("css/errors.css")
    with django_db_blocker.block():
        response = server_error(RequestFactory().get("/anything/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "일시적인 오류가 발생했습니다" in html
    assert VIEWPORT in html
    assert 'href="/static/css/errors.css"' in html
    assert 'href="/static/vendor/bootstrap/bootstrap.min.css"' in html


def test_a_csrf_failure_after_a_login_in_another_tab_explains_and_offers_a_retry(world):
    browser = Client(enforce_csrf_checks=True)
    login_url = reverse("login")
    first_tab = browser.get(login_url).content.decode()
    old_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', first_tab).group(1)
    # Second tab: the member logs in; Django rotates the CSRF secret at login.
    second_tab = browser.get(login_url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', second_tab).group(1)
    response = browser.post(
        login_url,
        {"username": "member", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    # First tab: the old form is sent.
    response = browser.post(
        login_url,
        {"username": "member", "password": PASSWORD, "csrfmiddlewaretoken": old_token},
    )
    assert response.status_code == 403
    html = _page(response)
    assert "보안 확인이 만료되어 처리하지 못했습니다" in html
    assert "다른 탭이나 창에서 로그인·로그아웃을 했거나" in html
    assert f'href="{login_url}">다시 시도</a>' in html
    assert "DEBUG" not in html


def test_403_and_404_are_logged_as_one_line_and_500_with_its_traceback(client, world):
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, ClientErrorsOneLine) for f in h.filters)
    )
    # A 500 earlier in this process (within the minute) would only be counted now.
    for log_filter in handler.filters:
        if isinstance(log_filter, RepeatsOncePerMinute):
            log_filter.forget()
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        client.get("/no-such-page/")
        client_for(client, world.member.user)
        client.get(reverse("portal:dashboard", args=[world.council.slug]))
        # Each line starts with its time and offset (config/logs.py), then the message.
        stamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0900 WARNING django\.request: "
        lines = stream.getvalue().splitlines()
        assert all(re.match(stamp, line) for line in lines), lines
        assert [re.sub(stamp, "", line) for line in lines] == [
            "Not Found: /no-such-page/",
            f"Forbidden (Permission denied): /c/{world.council.slug}/",
        ]
        Client(raise_request_exception=False).get("/__test__/boom/")
        assert "Traceback" in stream.getvalue()
        assert "RuntimeError: a bug in a view" in stream.getvalue()
    finally:
        handler.setStream(old)


def test_the_csrf_retry_goes_back_to_the_form_page_not_to_a_post_only_address(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.staff)
    form_page = "http://testserver/c/geumjeong/meetings/2023-h2/result/"
    response = browser.post(
        "/c/geumjeong/meetings/2023-h2/result/publish/",
        {"csrfmiddlewaretoken": "stale"},
        headers={"referer": form_page},
    )
    assert response.status_code == 403
    assert f'href="{form_page}">다시 시도</a>' in response.content.decode()
    # A referer from elsewhere is never offered.
    response = browser.post(
        "/c/geumjeong/meetings/2023-h2/result/publish/",
        {"csrfmiddlewaretoken": "stale"},
        headers={"referer": "https://evil.example/phish"},
    )
    html = response.content.decode()
    assert "evil.example" not in html
    assert 'href="/c/geumjeong/meetings/2023-h2/result/publish/">다시 시도</a>' in html


def test_a_cleared_token_cookie_is_not_blamed_on_blocked_cookies(world):
    """The browser keeps its session and language cookies but lost the CSRF cookie
    (cleared, expired): the page says the check expired, not that cookies are blocked."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.member.user)
    page = browser.get(reverse("password_change")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    del browser.cookies["csrftoken"]
    response = browser.post(reverse("password_change"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 403
    html = _page(response)
    assert "쿠키를 막고" not in html
    assert "보안 확인이 만료되어 처리하지 못했습니다" in html


def test_a_browser_that_sends_no_cookie_at_all_is_told_about_cookies(world):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("login"), {"username": "member", "password": "x"})
    assert response.status_code == 403
    assert "이 브라우저가 쿠키를 막고 있어" in _page(response)
