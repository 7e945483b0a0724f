"""Issue 24, item 2: staff, reviewers and administrators need a one-time code after
their password before any personal-data page (outside the exempt networks);
members may enrol and are never asked; enrolment by QR code, backup codes, staff
reset another account's factor with a reason (audited)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from council.models import AuditEvent
from tests.factories import PASSWORD

OUTSIDE = {"REMOTE_ADDR": "203.0.113.50"}


@pytest.fixture(autouse=True)
def _nobody_exempt(settings):
    settings.TWO_FACTOR_EXEMPT_NETWORKS = []


def _login(client, username):
    response = client.post(
        reverse("login"), {"username": username, "password": PASSWORD}, **OUTSIDE
    )
    assert response.status_code == 302
    return response


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _enrol(client) -> tuple[TOTPDevice, list[str]]:
    page = client.get(reverse("two_factor_setup"), **OUTSIDE)
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html and 'id="two-factor-secret"' in html
    device = TOTPDevice.objects.get(confirmed=False)
    done = client.post(reverse("two_factor_setup"), {"code": _code(device)}, **OUTSIDE)
    assert done.status_code == 200
    listing = done.content.decode().split('id="backup-codes"')[1].split("</ul>")[0]
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", listing)
    device.refresh_from_db()
    assert device.confirmed
    return device, codes


PERSONAL_PAGES = [
    ("staff", "council:roster", True),
    ("staff", "council:audit_log", True),
    ("staff", "portal:dashboard", True),
    ("superuser", "council:roster", True),
]


@pytest.mark.parametrize(("username", "page", "with_council"), PERSONAL_PAGES)
def test_staff_cannot_reach_personal_data_with_a_password_alone(
    client, world, username, page, with_council
):
    name = {"superuser": "root"}.get(username, username)
    _login(client, name)
    url = reverse(page, args=[world.council.slug] if with_council else [])
    response = client.get(url, **OUTSIDE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    # The admin too.
    assert client.get("/admin/council/member/", **OUTSIDE)["Location"].startswith(
        reverse("two_factor_setup")
    )


def test_a_reviewer_enrols_then_enters_a_code_at_each_login(client, world, settings):
    # django-otp makes a device wait 1 s, 2 s, 4 s … after each wrong code; a wrong code
    # here would otherwise hold up the backup code typed right after it.
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
    _login(client, "reviewer")
    home = reverse("proposals:review_home", args=[world.council.slug])
    assert client.get(home, **OUTSIDE).status_code == 302
    device, codes = _enrol(client)
    assert len(codes) == 10
    assert client.get(home, **OUTSIDE).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor_enrol").count() == 1
    # Next login: the code is asked for, a wrong one is refused, a backup code works once.
    client.post(reverse("logout"), **OUTSIDE)
    _login(client, "reviewer")
    redirect = client.get(home, **OUTSIDE)
    assert redirect["Location"].startswith(reverse("two_factor_verify"))
    wrong = client.post(reverse("two_factor_verify"), {"code": "000000", "next": home}, **OUTSIDE)
    assert wrong.status_code == 200 and "코드가 맞지 않습니다" in wrong.content.decode()
    assert client.get(home, **OUTSIDE).status_code == 302
    ok = client.post(reverse("two_factor_verify"), {"code": codes[0], "next": home}, **OUTSIDE)
    assert ok.status_code == 302 and ok["Location"] == home
    assert client.get(home, **OUTSIDE).status_code == 200
    assert StaticToken.objects.count() == 9  # that backup code is spent


def test_the_exempt_network_needs_no_code(client, world, settings):
    settings.TWO_FACTOR_EXEMPT_NETWORKS = [ipaddress.ip_network("10.20.0.0/16")]
    client.post(
        reverse("login"), {"username": "staff", "password": PASSWORD}, REMOTE_ADDR="10.20.3.4"
    )
    roster = reverse("council:roster", args=[world.council.slug])
    assert client.get(roster, REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get(roster, **OUTSIDE).status_code == 302


def test_members_are_never_asked_but_may_enrol(client, world):
    _login(client, "member")
    home = reverse("council:my_meetings", args=[world.council.slug])
    assert client.get(home, **OUTSIDE).status_code == 200
    _enrol(client)
    assert client.get(home, **OUTSIDE).status_code == 200
    assert (
        "인증 앱이 등록되어 있습니다"
        in client.get(reverse("two_factor_setup"), **OUTSIDE).content.decode()
    )


def test_staff_reset_another_accounts_factor_with_a_reason(client, world):
    device = TOTPDevice.objects.create(user=world.reviewer, name="a", confirmed=True)
    _login(client, "staff")
    _enrol(client)
    accounts = client.get(
        reverse("council:two_factor_accounts", args=[world.council.slug]), **OUTSIDE
    ).content.decode()
    assert "reviewer" in accounts and "등록됨" in accounts
    url = reverse("council:two_factor_reset", args=[world.council.slug, world.reviewer.pk])
    assert client.post(url, {"reason": ""}, **OUTSIDE).status_code == 200
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert client.post(url, {"reason": "휴대전화 분실(전화 확인)"}, **OUTSIDE).status_code == 302
    assert not TOTPDevice.objects.filter(user=world.reviewer).exists()
    event = AuditEvent.objects.get(action="two_factor_reset")
    assert event.reason == "휴대전화 분실(전화 확인)" and event.user == world.staff
    # Not one's own, not another council's.
    own = reverse("council:two_factor_reset", args=[world.council.slug, world.staff.pk])
    assert client.get(own, **OUTSIDE).status_code == 404
    other = reverse(
        "council:two_factor_reset", args=[world.council.slug, world.other_council_staff.pk]
    )
    assert client.get(other, **OUTSIDE).status_code == 404


def test_next_never_leaves_the_site(client, world):
    _login(client, "staff")
    device, _ = _enrol(client)
    client.post(reverse("logout"), **OUTSIDE)
    _login(client, "staff")
    # A code is used once: the next one comes 30 seconds later.
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=31), tick=True):
        response = client.post(
            reverse("two_factor_verify"),
            {"code": _code(device), "next": "https://evil.example/"},
            **OUTSIDE,
        )
    assert response.status_code == 302 and response["Location"] == "/"
