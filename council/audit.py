"""A log of downloads and personal-data exports (logins are logged by django-axes)."""

from __future__ import annotations

from django.http import HttpRequest

from council.client import client_ip
from council.models import AuditEvent, Council


def record(
    request: HttpRequest, *, action: str, target: str, council: Council | None = None
) -> None:
    """Note that `request.user` did `action` (e.g. "pdf_download") on `target`."""
    user = request.user if request.user.is_authenticated else None
    AuditEvent.objects.create(
        user=user,
        council=council,
        action=action,
        target=target[:200],
        ip_address=client_ip(request),
    )
