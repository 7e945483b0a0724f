"""Issue 13, case 8: login lockout per account AND per client address, the client
address taken through the trusted proxy, and a warning before the lockout."""

from __future__ import annotations

import ipaddress

import pytest
from axes.models import AccessFailureLog
from django.test import RequestFactory
from django.urls import reverse

from lib.client import client_ip
from tests.factories import PASSWORD, make_member

LOGIN = reverse("login")


def _login(client, username, password="wrong-password", **meta):
    return client.post(LOGIN, {"username": username, "password": password}, **meta)


def test_a_second_address_cannot_log_into_a_locked_account(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "member", REMOTE_ADDR="203.0.113.1")
    response = _login(client, "member", PASSWORD, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429
    assert "로그인이 잠시 제한되었습니다" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_accounts_is_locked_out(client, world, settings):
    """The probe: 48 wrong passwords over 12 accounts from one address, no lockout."""
    accounts = [make_member(world.council).user.username for _ in range(12)]
    statuses = [
        _login(client, accounts[i % 12], REMOTE_ADDR="203.0.113.7").status_code
        for i in range(settings.AXES_FAILURE_LIMIT)
    ]
    # Refused with the form until the limit; the failure that reaches it locks out.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    # The address is locked for every account, even with the right password.
    response = _login(client, "member", PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert "지금 접속한 곳에서의 로그인이 30분 동안 제한되었습니다" in response.content.decode()
    # Another address still signs in to an account nobody attacked.
    assert _login(client, "staff", PASSWORD, REMOTE_ADDR="198.51.100.9").status_code == 302


def test_behind_the_proxy_one_client_cannot_lock_out_everyone(client, world, settings):
    """Every request comes from the proxy (127.0.0.1); the client is in X-Forwarded-For."""
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1")]
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "reviewer", **attacker)
    assert _login(client, "reviewer", PASSWORD, **attacker).status_code == 429
    # Another client behind the same proxy signs in to another account.
    other = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    assert _login(client, "staff", PASSWORD, **other).status_code == 302
    # The audit records the client, not the proxy.
    addresses = set(AccessFailureLog.objects.values_list("ip_address", flat=True))
    assert addresses == {"203.0.113.66"}


def test_it_says_how_many_tries_remain_from_the_third_failure(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 5
    html = [_login(client, "member").content.decode() for _ in range(4)]
    assert "번 실패했습니다" not in html[0] and "번 실패했습니다" not in html[1]
    assert "로그인에 3번 실패했습니다. 2번 더 실패하면" in html[2]
    assert "30분 동안 제한됩니다" in html[2]
    assert "로그인에 4번 실패했습니다. 1번 더 실패하면" in html[3]


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        ([], "192.0.2.1", "203.0.113.5", "192.0.2.1"),  # no proxy: the header is ignored
        (["127.0.0.1"], "127.0.0.1", "203.0.113.5", "203.0.113.5"),
        (["127.0.0.1"], "127.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # forged left
        (["127.0.0.1", "10.0.0.2"], "127.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (["127.0.0.1"], "127.0.0.1", "not-an-address", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_client_ip_trusts_only_the_proxies_entries(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network(p) for p in proxies]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
