"""Every URL pattern of the project, reversible with sample arguments.

Tests use it to prove that anonymous visitors are sent to the login page from
every non-public URL, and the access matrix uses it to prove it covers every
pattern.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# URL names anyone may open without logging in.
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "health",  # load balancers and monitoring (config/health.py)
    "set_language",
    "finder_short",
    "notice_opt_out",  # the signed opt-out link in every 문자 (council.notices)
    "notice_report",  # the provider's delivery reports (secret address)
}
PUBLIC_PREFIXES = ("archive:", "finder:")

SAMPLE_KWARGS = {
    "council": "geumjeong",
    "meeting": "2023-h2",
    "uidb64": "MQ",
    "token": "set-password",
    "code": "GJ-DH-001",
    "dong": 1,
    "secret": "x",
    "event": "round_opened",
}


def iter_patterns(resolver=None, namespace: str = "", params: tuple[str, ...] = ()):
    """Yield (qualified name, URL parameter names) for every named URL (admin left out)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        params_here = params + tuple(entry.pattern.converters)
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            ns = entry.namespace or ""
            yield from iter_patterns(entry, f"{namespace}{ns}:" if ns else namespace, params_here)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", params_here


def sample_url(name: str, params: tuple[str, ...]) -> str:
    """The URL `name` reversed with the sample value of each parameter (1 for ids)."""
    return reverse(name, kwargs={key: SAMPLE_KWARGS.get(key, 1) for key in params})


def is_public(name: str) -> bool:
    return name in PUBLIC or name.startswith(PUBLIC_PREFIXES)
