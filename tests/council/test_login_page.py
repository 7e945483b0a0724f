"""The login page in the words of Korean public sites (issue 14, item 8)."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import PASSWORD


def test_it_names_the_council_and_asks_for_the_id(client, world):
    # Two councils on this install: no single name to show.
    html = client.get(reverse("login")).content.decode()
    assert "아이디" in html and "사용자 이름" not in html
    assert "금정구 지역돌봄협의체" not in html
    world.other_council.delete()
    html = client.get(reverse("login")).content.decode()
    assert "금정구 지역돌봄협의체" in html


def test_a_wrong_password_gets_one_plain_sentence(client, world):
    response = client.post(reverse("login"), {"username": "member", "password": "wrong"})
    html = response.content.decode()
    assert "아이디 또는 비밀번호가 맞지 않습니다" in html
    assert "두 필드" not in html and "사용자 이름" not in html
    assert "번 더 실패하면" not in html  # no countdown after one failure


def test_after_the_third_failure_it_says_how_many_tries_are_left(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(2):
        client.post(reverse("login"), {"username": "member", "password": "wrong"})
    html = client.post(reverse("login"), {"username": "member", "password": "wrong"}).content
    html = html.decode()
    assert (
        "로그인에 3번 실패했습니다. 2번 더 실패하면 이 계정의 로그인이 "
        "30분 동안 제한됩니다." in html
    )
    html = client.post(reverse("login"), {"username": "member", "password": "wrong"}).content
    assert "1번 더 실패하면" in html.decode()
    # Another account has its own count, from the same address too (an address only
    # counts when it sprays: tests/security/test_login_throttle.py).
    html = client.post(reverse("login"), {"username": "member2", "password": "wrong"}).content
    assert "번 더 실패하면" not in html.decode()


def test_a_blank_form_says_what_is_missing(client, db):
    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert "아이디와 비밀번호를 모두 입력해 주세요." in html


def test_logging_out_says_so_on_the_login_page(client, world):
    client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    response = client.post(
        reverse("logout"), {"next": reverse("login") + "?logged_out=1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("login") + "?logged_out=1"
    assert "로그아웃했습니다." in response.content.decode()


def test_the_reset_form_speaks_plainly(client, db):
    html = client.get(reverse("password_reset")).content.decode()
    assert "비밀번호 찾기" in html
    assert "등록한 전자우편 주소" in html
    assert "재설정 링크 받기" in html
