"""The second factor's pages: enrol (QR code, backup codes), enter a code, new backup
codes, and staff resetting another account's factor (council.two_factor)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from council import two_factor
from council.access import (
    council_accounts,
    get_account_for_staff,
    get_council_for_staff,
    role_of,
)
from council.forms import ReasonForm


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_lazy("인증 코드"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_lazy("인증 앱에 보이는 6자리 숫자, 또는 백업 코드 하나를 적어 주세요."),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, type the code it shows."""
    user = request.user
    required = two_factor.required_for(user)
    if two_factor.has_factor(user) and request.method == "GET":
        return render(
            request,
            "council/two_factor_status.html",
            {"required": required, "codes_left": two_factor.backup_codes_left(user)},
        )
    device = two_factor.pending_totp(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = two_factor.confirm(request, device)
            otp_login(request, device)
            return render(
                request,
                "council/two_factor_codes.html",
                {"codes": codes, "next": _next_url(request), "enrolled": True},
            )
        form.add_error("code", _("코드가 맞지 않습니다. 앱에 보이는 지금의 6자리를 적어 주세요."))
    return render(
        request,
        "council/two_factor_setup.html",
        {
            "form": form,
            "qr": two_factor.qr_data_uri(device),
            "secret": two_factor.secret_text(device),
            "required": required,
            "next": _next_url(request),
        },
    )


def verify(request: HttpRequest) -> HttpResponse:
    """After the password: the authenticator's code (or a backup code)."""
    user = request.user
    form = CodeForm(request.POST or None)
    has_factor = two_factor.has_factor(user)
    if request.method == "POST" and has_factor and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code", _("코드가 맞지 않습니다. 시간이 지나 바뀌었다면 새 코드를 적어 주세요.")
        )
    return render(
        request,
        "council/two_factor_verify.html",
        {"form": form, "has_factor": has_factor, "next": _next_url(request)},
    )


@require_POST
def backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes (the old ones stop working); only with a factor in use."""
    if not two_factor.has_factor(request.user) or not request.user.is_verified():
        messages.error(request, _("먼저 인증 앱을 등록하고 코드를 입력해 주세요."))
        return redirect("two_factor_setup")
    codes = two_factor.new_backup_codes(request.user)
    return render(request, "council/two_factor_codes.html", {"codes": codes, "next": "/"})


def accounts(request: HttpRequest, council: str) -> HttpResponse:
    """Staff: the council's staff and reviewer accounts and whether each uses the factor."""
    council_obj = get_council_for_staff(request.user, council)
    rows = [
        {"account": account, "has_factor": two_factor.has_factor(account)}
        for account in council_accounts(council_obj).exclude(pk=request.user.pk)
    ]
    return render(
        request, "council/two_factor_accounts.html", {"council": council_obj, "rows": rows}
    )


def reset(request: HttpRequest, council: str, user_id: int) -> HttpResponse:
    """Staff reset another staff member's or reviewer's factor, with a reason."""
    council_obj, account = get_account_for_staff(request.user, council, user_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        two_factor.reset(
            request, account=account, reason=form.cleaned_data["reason"], council=council_obj
        )
        messages.success(
            request,
            _("%(name)s 님의 2단계 인증을 초기화했습니다. 다음 로그인 때 다시 등록합니다.")
            % {"name": account.get_full_name() or account.get_username()},
        )
        return redirect("council:two_factor_accounts", council_obj.slug)
    return render(
        request,
        "council/two_factor_reset.html",
        {
            "council": council_obj,
            "form": form,
            "account": account,
            "role": role_of(account),
        },
    )
