"""The portal's own address in what leaves the site: e-mailed links, the flyer's QR
code and printed short link, the request letters' reply address.

Always settings.PORTAL_BASE_URL, never the request's Host header: a request sent
with a forged Host (or through a wrong proxy setting) must not put another site's
address into a mail or onto paper (issue 24, item 10).
"""

from __future__ import annotations

from django.conf import settings


def portal_url(path: str = "/") -> str:
    """`path` on the portal's public address (PORTAL_BASE_URL)."""
    return settings.PORTAL_BASE_URL.rstrip("/") + "/" + path.lstrip("/")
