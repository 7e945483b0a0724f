from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url


class NoStoreForUsersMiddleware:
    """Pages shown to a logged-in user carry personal data: never cache them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response


class SessionEndedMiddleware:
    """Say why the login page appeared: a browser that still sends a session cookie
    but has no session (ended after inactivity) is sent to the login page with
    `ended=1`, and the page says so and that typed opinions are kept on the device."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        location = response.get("Location", "")
        if (
            response.status_code == 302
            and location.startswith(resolve_url(settings.LOGIN_URL))
            and "next=" in location  # sent to log in for a page, not after logging out
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and not request.user.is_authenticated
        ):
            response["Location"] = location + ("&" if "?" in location else "?") + "ended=1"
        return response
