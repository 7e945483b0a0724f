"""Login, logout, landing pages, login-required default and the production guard."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.url_catalog import is_public, iter_patterns, sample_url

BASE_DIR = Path(__file__).resolve().parent.parent


def test_it_shows_the_korean_login_page(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ko">' in html
    assert "로그인" in html
    assert "아이디" in html and "사용자 이름" not in html


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("member", "/c/geumjeong/my/"),
        ("reviewer", "/c/geumjeong/review/"),
        ("staff", "/c/geumjeong/"),
        ("superuser", "/councils/"),
    ],
)
def test_it_lands_each_role_on_its_home(client, world, role, landing):
    user = world.user(role)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == landing
    assert client.get(landing).status_code == 200


def test_it_refuses_a_wrong_password_in_korean(client, world):
    response = client.post(reverse("login"), {"username": "member", "password": "wrong"})
    assert response.status_code == 200
    assert "아이디 또는 비밀번호가 맞지 않습니다" in response.content.decode()


def test_it_locks_out_after_repeated_failures(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "member", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 429
    assert "로그인이 잠시 제한되었습니다" in response.content.decode()


def test_it_logs_out_only_by_post(client, world):
    client.force_login(world.staff)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("portal:dashboard", args=["geumjeong"])).status_code == 302


def test_anonymous_requests_to_every_non_public_url_redirect_to_login(client, db):
    checked = 0
    for name, params in iter_patterns():
        if is_public(name):
            continue
        url = sample_url(name, params)
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login") + "?next="), name
        checked += 1
    assert checked >= 5


def test_cache_control_is_no_store_for_logged_in_pages(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("portal:dashboard", args=["geumjeong"]))
    assert "no-store" in response["Cache-Control"]


def test_a_user_without_a_role_is_told_so(client, db):
    from tests.factories import make_user

    client.force_login(make_user("nobody"))
    response = client.get(reverse("home"), follow=True)
    assert "역할이 지정되지 않았습니다" in response.content.decode()


def _run_check(env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_check({"DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run_check({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_debug_accepts_only_true_or_false():
    result = _run_check({"DJANGO_DEBUG": "yes"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_production_starts_with_key_and_hosts():
    result = _run_check(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "k" * 50,
            "DJANGO_ALLOWED_HOSTS": "example.org",
        }
    )
    assert result.returncode == 0, result.stderr


def test_the_login_page_says_the_session_ended_after_inactivity(client, world):
    """A browser whose session ended (its cookie names no session) is told why it sees
    the login page, and that its typed opinion is kept on the device (issue 29)."""
    client.force_login(world.member.user)
    from django.contrib.sessions.models import Session

    Session.objects.all().delete()
    response = client.get("/c/geumjeong/my/")
    assert response.status_code == 302
    assert "ended=1" in response["Location"]
    html = client.get(response["Location"]).content.decode()
    assert "한동안 사용하지 않아 안전을 위해 로그아웃되었습니다" in html
    assert "이 기기에 보관되어 있어" in html


def test_a_first_visit_to_a_page_is_not_called_an_ended_session(client, world):
    response = client.get("/c/geumjeong/my/")
    assert response.status_code == 302
    assert "ended=1" not in response["Location"]
