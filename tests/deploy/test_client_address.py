"""The client's address through a trusted proxy: login lockout and audit log.

With DJANGO_TRUSTED_PROXIES naming the proxy (here the test client's
127.0.0.1), X-Forwarded-For as nginx sets it is the visitor's address; without
it, the header is ignored, since anyone can send one.
"""

from __future__ import annotations

import ipaddress

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import RequestFactory
from django.urls import reverse

from council import audit
from council.models import AuditEvent
from lib.client import client_ip
from tests.factories import PASSWORD

PROXY = [ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.0.0.0/24")]


def _ip(meta: dict) -> str | None:
    return client_ip(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("meta", "trusted", "expected"),
    [
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}, True, "203.0.113.7"),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}, False, "127.0.0.1"),
        # Not from the proxy: the header is the visitor's own claim.
        ({"REMOTE_ADDR": "198.51.100.9", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, True, "198.51.100.9"),
        # A client-sent value before the proxies' own: read from the right.
        (
            {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7, 10.0.0.5"},
            True,
            "203.0.113.7",
        ),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "<script>"}, True, "127.0.0.1"),
        ({"REMOTE_ADDR": "127.0.0.1"}, True, "127.0.0.1"),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "2001:db8::1"}, True, "2001:db8::1"),
    ],
)
def test_client_ip(settings, meta, trusted, expected):
    settings.TRUSTED_PROXIES = PROXY if trusted else []
    assert _ip(meta) == expected


def _fail_logins(client, address: str, times: int) -> None:
    for _ in range(times):
        client.post(
            reverse("login"),
            {"username": "member", "password": "wrong"},
            headers={"x-forwarded-for": address},
        )


def test_the_lockout_follows_the_forwarded_address_behind_a_trusted_proxy(client, world, settings):
    settings.TRUSTED_PROXIES = PROXY
    _fail_logins(client, "203.0.113.7", settings.AXES_FAILURE_LIMIT)
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    locked = client.post(
        reverse("login"),
        {"username": "member", "password": PASSWORD},
        headers={"x-forwarded-for": "203.0.113.7"},
    )
    assert locked.status_code == 429
    # Another visitor behind the same proxy is not locked out with the attacker's address
    # (the account itself is locked from anywhere: tests/security/test_login_throttle.py).
    other = client.post(
        reverse("login"),
        {"username": "staff", "password": PASSWORD},
        headers={"x-forwarded-for": "198.51.100.20"},
    )
    assert other.status_code == 302


def test_without_trusted_proxies_the_header_is_ignored(client, world, settings):
    settings.TRUSTED_PROXIES = []
    # Each attempt claims a new address; all count against the real one.
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail_logins(client, f"203.0.113.{n + 1}", 1)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    locked = client.post(
        reverse("login"),
        {"username": "member", "password": PASSWORD},
        headers={"x-forwarded-for": "198.51.100.20"},
    )
    assert locked.status_code == 429


@pytest.mark.parametrize(("trusted", "expected"), [(True, "203.0.113.7"), (False, "127.0.0.1")])
def test_the_audit_log_records_the_same_address(world, settings, trusted, expected):
    settings.TRUSTED_PROXIES = PROXY if trusted else []
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    request.user = world.staff
    audit.record(request, action="pdf_download", target="결과 문서", council=world.council)
    assert AuditEvent.objects.get().ip_address == expected
