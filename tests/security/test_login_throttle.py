"""Issue 13, case 8 and issue 24, item 1: the account locks on its own failures; an
address is only slowed when it sprays over many accounts; the client address is
taken through the trusted proxy; a warning before the lockout."""

from __future__ import annotations

import datetime as dt
import ipaddress

import pytest
from axes.models import AccessFailureLog
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

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


def test_the_room_case_everyone_with_the_right_password_gets_in(client, world, settings):
    """Issue 24, item 1: 12 members in one room behind one address; 8 typos spread
    over 4 of them. Everyone who then types the right password gets in."""
    room = {"REMOTE_ADDR": "203.0.113.40"}
    members = [make_member(world.council).user.username for _ in range(12)]
    for typo in range(8):
        assert _login(client, members[typo % 4], **room).status_code == 200
    for username in members:
        response = _login(client, username, PASSWORD, **room)
        assert response.status_code == 302, username
        client.post(reverse("logout"))


def test_a_member_without_failures_gets_in_from_a_busy_address(client, world, settings):
    """Another member's five typos lock only that member's account."""
    office = {"REMOTE_ADDR": "203.0.113.41"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "other_member", **office)
    assert _login(client, "other_member", PASSWORD, **office).status_code == 429
    assert _login(client, "member", PASSWORD, **office).status_code == 302


def test_a_sprayer_is_slowed_with_a_growing_wait(client, world, settings):
    """One address, 30 accounts, one wrong password each: after failures on 5+ accounts
    and 20+ failures the address must wait, and the wait doubles per failure."""
    from council import lockout

    sprayer = {"REMOTE_ADDR": "203.0.113.66"}
    accounts = [make_member(world.council).user.username for _ in range(30)]
    statuses = [_login(client, username, **sprayer).status_code for username in accounts]
    assert statuses[: settings.LOGIN_SPRAY_FAILURES] == [200] * settings.LOGIN_SPRAY_FAILURES
    assert set(statuses[settings.LOGIN_SPRAY_FAILURES :]) == {429}
    # Refused attempts are not checked: 20 failures stored, no account locked.
    assert AccessFailureLog.objects.filter(ip_address="203.0.113.66").count() == 20
    assert not lockout.locked_usernames(accounts)
    # Even the right password waits while the address sprays.
    response = _login(client, "member", PASSWORD, **sprayer)
    assert response.status_code == 429
    assert "잠시 뒤에 다시 시도해 주세요" in response.content.decode()
    assert int(response["Retry-After"]) <= settings.LOGIN_SPRAY_BASE_DELAY_SECONDS + 1
    # The wait grows with each further failure, up to the cap.
    base = settings.LOGIN_SPRAY_BASE_DELAY_SECONDS
    assert lockout.address_delay(20).total_seconds() == base
    assert lockout.address_delay(21).total_seconds() == 2 * base
    assert lockout.address_delay(23).total_seconds() == 8 * base
    assert lockout.address_delay(99).total_seconds() == settings.LOGIN_SPRAY_MAX_DELAY_SECONDS
    # After the wait it may try again, and a failure then makes the next wait longer.
    later = timezone.now() + dt.timedelta(seconds=base + 1)
    assert lockout.address_retry_at("203.0.113.66", now=later) is None
    failure = AccessFailureLog.objects.create(
        username=accounts[0], ip_address="203.0.113.66", user_agent="t"
    )
    AccessFailureLog.objects.filter(pk=failure.pk).update(attempt_time=later)
    retry = lockout.address_retry_at("203.0.113.66", now=later)
    assert retry == later + dt.timedelta(seconds=2 * base)
    # Other addresses are untouched.
    assert _login(client, "staff", PASSWORD, REMOTE_ADDR="198.51.100.9").status_code == 302


def test_one_account_from_many_addresses_is_locked(client, world, settings):
    world.council.contact_name = "복지정책과 돌봄팀"
    world.council.contact_phone = "051-519-4321"
    world.council.save()
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "member", REMOTE_ADDR=f"203.0.113.{100 + i}")
    response = _login(client, "member", PASSWORD, REMOTE_ADDR="198.51.100.77")
    assert response.status_code == 429
    html = response.content.decode()
    # Until when, and whom to call: the council's own contact.
    assert "까지 이 계정의 로그인이 제한되었습니다" in html
    assert "051-519-4321" in html and "복지정책과 돌봄팀" in html


def test_staff_see_the_lock_on_the_roster_and_lift_it_with_a_reason(client, world, settings):
    from council.models import AuditEvent

    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "member", REMOTE_ADDR="203.0.113.9")
    client.force_login(world.staff)
    roster = client.get(reverse("council:roster", args=[world.council.slug])).content.decode()
    assert "로그인 제한" in roster
    unlock = reverse("council:member_unlock", args=[world.council.slug, world.member.pk])
    assert unlock in roster
    # No reason: refused, still locked.
    assert client.post(unlock, {"reason": " "}).status_code == 200
    assert client.post(unlock, {"reason": "본인 전화 확인"}).status_code == 302
    event = AuditEvent.objects.get(action="account_unlock")
    assert event.reason == "본인 전화 확인" and event.user == world.staff
    client.post(reverse("logout"))
    assert _login(client, "member", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


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
