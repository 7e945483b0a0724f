"""Who is asking, as far as the public pages need to know: the client's address.

A minimal stand-in: the address the connection came from (REMOTE_ADDR). Behind
a proxy every request shares the proxy's address, so the correction limit
then counts the proxy; a helper that honours a trusted-proxy setting replaces
this function.
"""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"
