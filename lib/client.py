"""The visitor's address, as the login lockout (django-axes) and the audit log see it."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(address in network for network in settings.TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address.

    REMOTE_ADDR, unless the request came from a proxy named in
    settings.TRUSTED_PROXIES (DJANGO_TRUSTED_PROXIES): then the X-Forwarded-For
    header is read from the right, skipping trusted proxies, and the first
    other address is the client. Without trusted proxies the header is ignored,
    since anyone can send it. A header that is not a list of addresses is ignored.
    """
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    if not settings.TRUSTED_PROXIES or not _trusted(remote):
        return str(remote)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    addresses = [_address(hop) for hop in hops]
    if not addresses or any(address is None for address in addresses):
        return str(remote)
    for address in reversed(addresses):
        if not _trusted(address):
            return str(address)
    return str(addresses[0])
