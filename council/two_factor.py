"""A second factor (TOTP, through django-otp) for the people who handle personal data.

Staff, department reviewers and administrators must enrol an authenticator app
and enter its one-time code after their password before any page (the 개인정보의
안전성 확보조치 기준 asks for it when personal data is reached from outside);
a client address in TWO_FACTOR_EXEMPT_NETWORKS (PORTAL_2FA_EXEMPT_NETWORKS, e.g.
the 구청's internal network) is exempt. Members may enrol; they are never asked to.
Backup codes (django-otp's static tokens) stand in for a lost phone; staff reset
another staff member's or reviewer's factor with a reason (audited).
"""

from __future__ import annotations

import ipaddress

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from council import audit
from council.access import Role, council_of, role_of
from lib.client import client_ip

REQUIRED_ROLES = {Role.STAFF, Role.REVIEWER, Role.ADMIN}
BACKUP_CODES = 10
# Pages a signed-in person without the second factor may still open.
OPEN_PAGES = {"two_factor_setup", "two_factor_verify", "logout"}


def required_for(user) -> bool:
    return role_of(user) in REQUIRED_ROLES


def exempt_address(request: HttpRequest) -> bool:
    address = client_ip(request)
    if address is None:
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in settings.TWO_FACTOR_EXEMPT_NETWORKS)


def pending_totp(user) -> TOTPDevice:
    """The authenticator being enrolled (unconfirmed), made on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)


def secret_text(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with BACKUP_CODES fresh ones (shown once)."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, name="backup")
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def confirm(request: HttpRequest, device: TOTPDevice) -> list[str]:
    """The first correct code confirms the enrolment: backup codes, and audited."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_backup_codes(device.user)
        audit.record(
            request,
            action="two_factor_enrol",
            target=device.user.get_username(),
            council=council_of(device.user),
        )
    return codes


def has_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def reset(request: HttpRequest, *, account, reason: str, council=None) -> int:
    """Remove every device of `account` (they enrol again at their next login)."""
    with transaction.atomic():
        removed = 0
        for device in devices_for_user(account, confirmed=None):
            device.delete()
            removed += 1
        audit.record(
            request,
            action="two_factor_reset",
            target=account.get_full_name() or account.get_username(),
            council=council,
            reason=reason,
        )
    return removed


class RequireSecondFactorMiddleware:
    """After django-otp's OTPMiddleware: staff, reviewers and administrators who have
    not entered a one-time code this session (outside the exempt networks) are sent
    to enrol or to enter one; public pages (login_not_required) stay open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not getattr(view_func, "login_required", True):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_PAGES:
            return None
        if not required_for(user) or user.is_verified() or exempt_address(request):
            return None
        page = "two_factor_verify" if has_factor(user) else "two_factor_setup"
        return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
