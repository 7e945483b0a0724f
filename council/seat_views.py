"""A person on several councils: their open rounds on one page, and moving between seats."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import audit, seats
from council.access import council_of, get_council_for_admin, home_url_for, role_of
from council.forms import StaffSeatForm
from lib.errors import Refused


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


def staff_seat_add(request: HttpRequest, council: str) -> HttpResponse:
    """The administrator gives an existing login a staff seat on this council (one login,
    several councils: /my/councils/): the person is named first and confirmed, then
    the seat is made (council.seats.add_staff_for_login) and audited.

    The administrator, not the council's staff: it creates a staff account (which only
    the administrator does, with the council), and the person's home council is another
    council's, whose staff this council's staff do not manage."""
    council_obj = get_council_for_admin(request.user, council)
    form = StaffSeatForm(request.POST or None)
    person = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["login"]
        try:
            person = seats.login_for_seat(council_obj, text, seat=_("구청 담당자"))
            name = form.cleaned_data["name"] or person.get_full_name() or person.username
            if request.POST.get("confirm") == "1":
                seat = seats.add_staff_for_login(
                    council=council_obj, login_username=person.username, name=name
                )
        except Refused as exc:
            form.add_error("login", str(exc))
            person = None
        else:
            if request.POST.get("confirm") == "1":
                audit.record(
                    request,
                    action="staff_seat_add",
                    target=f"{person.username} → {seat.username}",
                    council=council_obj,
                )
                messages.success(
                    request,
                    _("%(name)s 님이 %(login)s 로그인으로 %(council)s의 구청 담당자 일도 봅니다.")
                    % {"name": name, "login": person.username, "council": council_obj.name},
                )
                return redirect("council_list")
    home = council_of(person) if person else None
    return render(
        request,
        "council/staff_seat_form.html",
        {
            "council": council_obj,
            "form": form,
            "person": person,
            "person_home": home,
            "person_role": role_of(person).label if person and role_of(person) else "",
            "seat_name": (form.cleaned_data.get("name") or "") if form.is_bound else "",
        },
    )
