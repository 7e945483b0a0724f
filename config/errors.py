"""Korean error pages: 400, 403, 404, 405, 500 and a failed CSRF check.

Each page says what happened and what to do next, links home and to the login,
and is readable on a phone (templates/errors/). The 500 page renders without
the database and without static-manifest lookups: it is what a visitor sees
when either is broken. 403 and 404 are logged as one line (ClientErrorsOneLine).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost, PermissionDenied
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token

from lib.denials import MESSAGES as FORBIDDEN_MESSAGES

# The last resort when even an error template cannot be rendered (broken
# templates or translations): fixed Korean text, no lookups of any kind.
PLAIN_500 = (
    '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>일시적인 오류</title></head><body><h1>일시적인 오류가 발생했습니다</h1>"
    "<p>잠시 후 다시 시도해 주세요. 입력한 내용이 저장되지 않았을 수 있습니다.</p>"
    '<p><a href="/">처음 화면으로</a></p></body></html>'
)


def _links() -> dict:
    """Home and login addresses; plain fallbacks if the URLconf itself is broken."""
    try:
        return {"home_url": reverse("home"), "login_url": reverse("login")}
    except NoReverseMatch:
        return {"home_url": "/", "login_url": "/accounts/login/"}


def _render(request: HttpRequest | None, template: str, context: dict, status: int) -> HttpResponse:
    context = {
        **_links(),
        "static_url": settings.STATIC_URL,
        "site_help_contact": settings.PORTAL_HELP_CONTACT,
        "official_masthead": settings.PORTAL_OFFICIAL_MASTHEAD,
        **context,
    }
    body = loader.get_template(template).render(context, request)
    return HttpResponse(body, status=status)


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Rendered without the request's context: a 400 may come from a bad Host
    # header, which the request can no longer be asked about.
    try:
        return _render(None, "errors/400.html", {"signed_in": False}, 400)
    except Exception:  # noqa: BLE001 — the error page must not fail
        return HttpResponseBadRequest(PLAIN_500)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: says whose page it is when the access helper named the role (lib.denials)."""
    reason = None
    if isinstance(exception, PermissionDenied) and exception.args:
        text = str(exception.args[0])
        if text in {str(message) for message in FORBIDDEN_MESSAGES}:
            reason = text
    try:
        return _render(
            request, "errors/403.html", {"reason": reason, "signed_in": _signed_in(request)}, 403
        )
    except Exception:  # noqa: BLE001
        return HttpResponseForbidden(PLAIN_500)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    try:
        return _render(request, "errors/404.html", {"signed_in": _signed_in(request)}, 404)
    except Exception:  # noqa: BLE001
        return HttpResponseNotFound(PLAIN_500)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: no request context (no database: no session, user or navigation),
    and stylesheets by their plain /static/ names, which collectstatic also writes."""
    try:
        return _render(None, "errors/500.html", {"signed_in": False}, 500)
    except Exception:  # noqa: BLE001
        return HttpResponseServerError(PLAIN_500)


def _retry_url(request: HttpRequest) -> str:
    """Where "다시 시도" leads: the page the form was on (the Referer, when it is this
    site), else the address the form was sent to (most forms post to their own page)."""
    referer = request.headers.get("referer", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return _links()["home_url"]
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return request.get_full_path()


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form's security token did not match: usually a login or logout in
    another tab, or a form left open past the session. Explain, offer to retry."""
    context = {
        "retry_url": _retry_url(request),
        "signed_in": _signed_in(request),
        # Blame blocked cookies only when the browser sent none at all: a cleared or
        # expired token cookie beside a session or language cookie is not a block.
        "no_cookie": reason == "CSRF cookie not set." and not request.COOKIES,
    }
    return _render(request, "errors/csrf.html", context, 403)


class MethodNotAllowedPageMiddleware:
    """Django has no handler405: a bare HttpResponseNotAllowed gets the Korean page.

    The response keeps its headers (Allow, CSP, cache); only the body changes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not getattr(response, "streaming", False)
            and not response.content
        ):
            page = _render(request, "errors/405.html", {"signed_in": _signed_in(request)}, 405)
            response.content = page.content
            response["Content-Type"] = "text/html; charset=utf-8"
        return response


class ClientErrorsOneLine(logging.Filter):
    """Log filter: a 4xx response is logged without its traceback.

    Django logs 403 and 404 with the exception attached; a crawler or a full
    access-matrix run would otherwise fill the log with tracebacks of nothing.
    5xx keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


__all__ = [
    "MethodNotAllowedPageMiddleware",
    "ClientErrorsOneLine",
    "bad_request",
    "csrf_failure",
    "page_not_found",
    "permission_denied",
    "server_error",
]
