"""A log of personal-data views, downloads and exports, and of every login.

Kept for settings.AUDIT_RETENTION_DAYS (at least a year, 개인정보의 안전성
확보조치 기준), then removed by `purge_expired`, which the scheduled command runs.
Records are chained by keyed hashes (council/audit_chain.py): `verify_audit`
names one that was changed, inserted or removed. Logins and failed logins are
also in django-axes' tables (the lockout's working data, read-only in the admin);
the chained copy is a LoginRecord (`record_login`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from council.models import AuditEvent, Council, LoginRecord
from lib.client import client_ip


def record(
    request: HttpRequest,
    *,
    action: str,
    target: str,
    council: Council | None = None,
    reason: str = "",
) -> None:
    """Note that `request.user` did `action` (e.g. "pdf_download") on `target`, from
    which client address, and why (`reason`, asked before a personal-data export)."""
    user = request.user if request.user.is_authenticated else None
    record_by(
        user,
        action=action,
        target=target,
        council=council,
        ip_address=client_ip(request),
        reason=reason,
    )


def record_by(
    user,
    *,
    action: str,
    target: str,
    council: Council | None = None,
    ip_address: str | None = None,
    reason: str = "",
) -> AuditEvent:
    """The same record, written by a service inside its own transaction (the
    action and its record commit or roll back together)."""
    return AuditEvent.objects.create(
        user=user,
        council=council,
        action=action,
        target=str(target)[:200],
        ip_address=ip_address,
        reason=str(reason)[:200],
    )


def record_login(request: HttpRequest | None, *, username: str, success: bool) -> None:
    """The chained copy of a login or failed login (signals in council.apps)."""
    LoginRecord.objects.create(
        username=(username or "")[:150],
        success=success,
        ip_address=client_ip(request) if request is not None else None,
    )


def purge_expired(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Remove audit records (downloads, views, logins and failed logins) older than
    AUDIT_RETENTION_DAYS, and reset requests past their counting window."""
    from axes.models import AccessFailureLog, AccessLog

    from council.audit_chain import remove_expired
    from council.resets import purge_reset_requests

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic():
        removed = {
            "events": remove_expired(AuditEvent, cutoff),
            "login_records": remove_expired(LoginRecord, cutoff),
            "logins": AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0],
            "failed_logins": AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0],
        }
    removed["reset_requests"] = purge_reset_requests(now=now)
    return removed
