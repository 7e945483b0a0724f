"""Staff pages for the member roster: list, add, edit (with history), end a term, resend link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from council import audit, lockout, seats
from council.access import (
    council_accounts,
    get_account_for_staff,
    get_council_for_staff,
    get_member_for_staff,
    role_of,
    role_select_related,
)
from council.forms import (
    EndTermForm,
    MemberAddForm,
    MemberForm,
    ReasonForm,
    RenewTermsForm,
    RosterUploadForm,
)
from council.kinds import make_up
from council.models import Member
from council.roster_import import RosterImporter, template_workbook
from council.services import roster as roster_services
from lib import imports
from lib.dates import korean_date
from lib.downloads import file_response
from lib.errors import Refused
from lib.links import portal_url

ROSTER_PAGE_SIZE = 50
STATUS_LABELS = {"active": _lazy("임기 중"), "ended": _lazy("임기 종료"), "all": _lazy("전체")}


def _base_url(request: HttpRequest) -> str:
    return portal_url("/")


def roster_list(request: HttpRequest, council: str) -> HttpResponse:
    """The roster, current members first; `?status=ended` shows those whose term ended."""
    council_obj = get_council_for_staff(request.user, council)
    today = timezone.localdate()
    status = request.GET.get("status", "active")
    members = Member.objects.filter(council=council_obj).select_related(
        "user__seat_of__login", "contact"
    )
    if status == "ended":
        members = members.ended_by(today)
    elif status != "all":
        status = "active"
        members = members.not_ended_by(today)
    page = Paginator(members.order_by("role", "name", "pk"), ROSTER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # The council's staff and department reviewers (담당 공무원·검토 부서), so that a
    # locked one can be unlocked here too; a seat is locked through its login.
    accounts = list(
        council_accounts(council_obj).select_related(*role_select_related(), "seat_of__login")
    )
    # Accounts locked after repeated wrong passwords: shown with an unlock link.
    locks = lockout.locked_usernames(
        [m.user.username for m in page.object_list] + [_login(a).username for a in accounts]
    )
    for member in page.object_list:
        member.locked_until = locks.get(member.user.username)
    account_rows = [
        {
            "account": account,
            "login": _login(account).username,
            "role": role_of(account).label,
            "department": account.reviewer.department.name if hasattr(account, "reviewer") else "",
            "locked_until": locks.get(_login(account).username),
            "is_self": account.pk == request.user.pk,
        }
        for account in accounts
    ]
    # Names and e-mail addresses of every member on the page: a personal-data view.
    audit.record(
        request,
        action="roster_view",
        target=_("위원 명단 (%(status)s, %(page)s쪽)")
        % {"status": STATUS_LABELS[status], "page": page.number},
        council=council_obj,
    )
    return render(
        request,
        "council/roster_list.html",
        {
            "council": council_obj,
            "page": page,
            "status": status,
            "make_up": make_up(council_obj, today),
            "account_rows": account_rows,
        },
    )


def _login(account):
    """The account a person signs in with (and is locked out of): a seat's login."""
    seat = getattr(account, "seat_of", None)
    return seat.login if seat is not None else account


def member_add(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    form = MemberAddForm(
        request.POST or None,
        instance=Member(council=council_obj),
        initial={"term_start": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        seat = {key: data[key] for key in MEMBER_FIELDS}
        if data["existing_login"]:
            try:
                member = seats.add_member_for_login(
                    council=council_obj, login_username=data["existing_login"], **seat
                )
            except Refused as exc:
                form.add_error("existing_login", str(exc))
                return _member_form(request, council_obj, form)
            messages.success(
                request,
                _("%(name)s 위원을 등록했습니다. %(login)s 로그인으로 이 협의체도 봅니다.")
                % {"name": member.name, "login": data["existing_login"]},
            )
            return redirect("council:roster", council_obj.slug)
        member = roster_services.add_member(
            council=council_obj,
            email=data["email"],
            username=data["username"],
            base_url=_base_url(request),
            **seat,
        )
        messages.success(
            request,
            _(
                "%(name)s 위원을 등록하고 비밀번호 설정 링크를 %(email)s 로 보냈습니다. (아이디: %(username)s)"
            )
            % {"name": member.name, "email": member.user.email, "username": member.user.username},
        )
        return redirect("council:roster", council_obj.slug)
    return _member_form(request, council_obj, form)


# What a new member's seat is made of, whether with a new login or an existing one.
MEMBER_FIELDS = ("name", "role", "affiliation", "sector", "term_start", "term_end")


def _member_form(request: HttpRequest, council_obj, form) -> HttpResponse:
    return render(
        request,
        "council/member_form.html",
        {"council": council_obj, "form": form, "member": None},
    )


def member_edit(request: HttpRequest, council: str, member_id: int) -> HttpResponse:
    member = get_member_for_staff(request.user, council, member_id)
    audit.record(request, action="member_view", target=member.name, council=member.council)
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            member.user.email = form.cleaned_data["email"]
            member.user.first_name = member.name
            member.user.save(update_fields=["email", "first_name"])
        messages.success(request, _("%(name)s 위원 정보를 저장했습니다.") % {"name": member.name})
        return redirect("council:roster", member.council.slug)
    history = member.history.select_related("history_user").order_by("-history_date")[:30]
    return render(
        request,
        "council/member_form.html",
        {"council": member.council, "form": form, "member": member, "history": history},
    )


def member_end_term(request: HttpRequest, council: str, member_id: int) -> HttpResponse:
    """A confirmation page with the end date; POST ends the term."""
    member = get_member_for_staff(request.user, council, member_id)
    form = EndTermForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            roster_services.end_term(member=member, term_end=form.cleaned_data["term_end"])
        except ValidationError as exc:
            form.add_error("term_end", exc)
        else:
            messages.success(
                request,
                _("%(name)s 위원의 임기를 %(date)s 자로 종료했습니다.")
                % {"name": member.name, "date": korean_date(member.term_end)},
            )
            return redirect("council:roster", member.council.slug)
    return render(
        request,
        "council/member_end_term.html",
        {"council": member.council, "form": form, "member": member},
    )


def members_renew(request: HttpRequest, council: str) -> HttpResponse:
    """연임: extend several members' terms to one new end date in one save.

    `?ids=3,5,8` ticks those members (the meeting page and the dashboard link
    here with the members whose terms ended or are ending)."""
    council_obj = get_council_for_staff(request.user, council)
    today = timezone.localdate()
    candidates = Member.objects.filter(council=council_obj).renewal_candidates(today)
    initial = {}
    ids = [int(i) for i in request.GET.get("ids", "").split(",") if i.strip().isdigit()]
    if ids:
        initial["members"] = [m.pk for m in candidates if m.pk in ids]
    form = RenewTermsForm(request.POST or None, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["members"])
        try:
            count = roster_services.renew_terms(
                members=chosen, term_end=form.cleaned_data["term_end"]
            )
        except ValidationError as exc:
            form.add_error("term_end", exc)
        else:
            messages.success(
                request,
                _(
                    "위원 %(n)d명의 임기를 %(date)s까지 연장했습니다 (연임). 위원별 변경 이력에 남았습니다."
                )
                % {"n": count, "date": korean_date(form.cleaned_data["term_end"])},
            )
            return redirect("council:roster", council_obj.slug)
    chosen = {str(v) for v in (form["members"].value() or [])}
    rows = [
        {
            "member": member,
            "checked": str(member.pk) in chosen,
            "ended": member.term_ended_by(today),
        }
        for member in candidates
    ]
    return render(
        request,
        "council/members_renew.html",
        {"council": council_obj, "form": form, "rows": rows, "today": today},
    )


@require_POST
def member_resend_link(request: HttpRequest, council: str, member_id: int) -> HttpResponse:
    member = get_member_for_staff(request.user, council, member_id)
    if seats.is_seat(member.user):
        messages.error(
            request,
            _("%(name)s 위원은 다른 협의체와 같은 로그인을 씁니다. 그 로그인의 비밀번호를 씁니다.")
            % {"name": member.name},
        )
    elif not member.user.email:
        messages.error(request, _("전자우편 주소가 없어 링크를 보낼 수 없습니다."))
    else:
        roster_services.send_set_password_link(member=member, base_url=_base_url(request))
        messages.success(
            request,
            _("%(name)s 위원에게 비밀번호 설정 링크를 다시 보냈습니다.") % {"name": member.name},
        )
    return redirect(reverse("council:roster", args=[member.council.slug]))


def member_unlock(request: HttpRequest, council: str, member_id: int) -> HttpResponse:
    """Lift the lock on a member's account (after repeated wrong passwords), with a
    reason that goes to the audit log."""
    member = get_member_for_staff(request.user, council, member_id)
    person = _("%(name)s 위원") % {"name": member.name}
    return _unlock(request, member.council, member.user, person)


def account_unlock(request: HttpRequest, council: str, user_id: int) -> HttpResponse:
    """The same for another staff or department reviewer account of the council."""
    council_obj, account = get_account_for_staff(request.user, council, user_id)
    person = f"{account.get_full_name() or account.username} ({role_of(account).label})"
    return _unlock(request, council_obj, _login(account), person)


def _unlock(request: HttpRequest, council_obj, user, person: str) -> HttpResponse:
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lockout.unlock_account(
            request, user=user, reason=form.cleaned_data["reason"], council=council_obj
        )
        messages.success(
            request, _("%(person)s 계정의 로그인 제한을 풀었습니다.") % {"person": person}
        )
        return redirect("council:roster", council_obj.slug)
    return render(
        request,
        "council/member_unlock.html",
        {
            "council": council_obj,
            "form": form,
            "person": person,
            "locked_until": lockout.locked_usernames([user.username]).get(user.username),
        },
    )


def roster_template(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    filename, content_type, content = template_workbook(council=council_obj)
    return file_response(filename, content_type, content)


def roster_import(request: HttpRequest, council: str) -> HttpResponse:
    """명단 가져오기: upload → preview of every row (lib.imports) → confirm."""
    council_obj = get_council_for_staff(request.user, council)
    importer = RosterImporter(council_obj, base_url=_base_url(request))
    step = imports.upload_step(request, importer, RosterUploadForm)
    preview = step.preview
    return render(
        request,
        "council/roster_import.html",
        {
            "council": council_obj,
            "form": step.form,
            "results": preview.rows if preview else None,
            "summary": preview.counts if preview else None,
            "can_apply": bool(preview and preview.can_apply),
        },
    )


@require_POST
def roster_import_confirm(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    importer = RosterImporter(council_obj, base_url=_base_url(request))
    back = reverse("council:roster_import", args=[council_obj.slug])
    return imports.confirm_step(request, importer, back=back)
