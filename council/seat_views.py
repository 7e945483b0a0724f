"""A person on several councils: their open rounds on one page, and moving between seats."""

from __future__ import annotations

from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from council import audit, seats
from council.access import council_of, home_url_for


def my_councils(request: HttpRequest) -> HttpResponse:
    """Every council the signed-in person sits on, and the rounds taking opinions in them."""
    accounts = seats.accounts_of(request.user)
    return render(
        request,
        "council/my_councils.html",
        {
            "menu": seats.seat_menu(accounts),
            "current_id": request.user.pk,
            "rounds": seats.open_rounds(accounts),
        },
    )


@require_POST
def switch_seat(request: HttpRequest, account: int) -> HttpResponse:
    """Become another of the person's accounts (404 for anyone else's)."""
    target = seats.may_switch(current=request.user, target_id=account, session=request.session)
    if target is None:
        raise Http404
    person = seats.accounts_of(request.user)[0]
    menu = request.session.get(seats.SESSION_SEATS)
    login(request, target, backend="council.backends.RoleAwareModelBackend")
    request.session[seats.SESSION_LOGIN] = person.pk
    if menu:
        request.session[seats.SESSION_SEATS] = menu
    council = council_of(target)
    audit.record(
        request,
        action="seat_switch",
        target=council.name if council else target.username,
        council=council,
    )
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(home_url_for(target))
