"""The client's address, as the portal sees it behind its trusted proxies.

Behind the documented TLS proxy every request comes from the proxy's address;
the proxy appends the address it saw to X-Forwarded-For. Only the entries our
own proxies wrote can be trusted: with `settings.TRUSTED_PROXY_COUNT` proxies
in front of the portal, the client is the entry that many places from the
right. Anything to its left was written by the client and is ignored. With no
trusted proxy (the default) the header is ignored altogether.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address (login throttling, audit records)."""
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if not forwarded:
        return remote
    # The proxy nearest the portal wrote the last entry; `proxies` of them wrote
    # the last `proxies` entries, the outermost one the client's address.
    entry = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return _valid(entry) or remote
