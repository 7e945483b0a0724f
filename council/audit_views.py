"""The staff's audit log: logins (django-axes) and downloads/exports (AuditEvent).

One page per council, newest first. Logins are matched to the council through
the usernames of its staff, members and reviewers; failed logins for names
that belong to nobody are not shown here (the site administrator sees them in
the admin). The three sources are merged in the database with a UNION, so the
page costs the same few queries whatever the number of rows.
"""

from __future__ import annotations

import re

from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Concat
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from council.access import get_council_for_staff
from council.models import AuditEvent, Council

PAGE_SIZE = 50
COLUMNS = ("at", "kind", "who", "target", "ip")

KIND_LABELS = {
    "login": _("로그인 성공"),
    "login_failed": _("로그인 실패"),
    "login_locked": _("로그인 실패(잠김)"),
    "attachment_download": _("회의 자료 내려받기"),
    "facility_export": _("돌봄시설 목록 내보내기"),
    "facility_report_xlsx": _("기관별 현황 엑셀 내려받기"),
    "facility_template": _("돌봄시설 등록 양식 내려받기"),
    "care_gaps_xlsx": _("돌봄 공백 현황 엑셀 내려받기"),
    "proposals_xlsx_export": _("검토 의견 엑셀 내보내기"),
    "request_letter_hwpx": _("검토 협조 요청 공문 내려받기 (HWPX)"),
    "request_letter_pdf": _("검토 협조 요청 공문 내려받기 (PDF)"),
    "request_letter_zip": _("검토 협조 요청 공문과 붙임 내려받기 (zip)"),
    "letter_settings": _("공문 설정 저장"),
    "request_letters_zip": _("검토 협조 요청 공문 모두 내려받기 (zip)"),
    "result_publish": _("회의 결과 공개"),
    "roster_view": _("위원 명단 열람"),
    "member_view": _("위원 정보 열람"),
    "archive_view": _("공개된 회의 결과 보기"),
    "archive_pdf": _("공개된 회의 결과 내려받기 (PDF)"),
    "archive_xlsx": _("공개된 회의 결과 내려받기 (엑셀)"),
    "archive_hwpx": _("공개된 회의 결과 내려받기 (HWPX)"),
    "progress_note_download": _("추진 경과 첨부 내려받기"),
    "progress_xlsx_export": _("추진 현황 엑셀 내보내기"),
    "past_meeting_import": _("지난 회의 결과 가져오기"),
    "trends_xlsx": _("건의사항 추진 추이 엑셀 내려받기"),
    "plan_results_export": _("지역사회보장계획 연차별 시행결과 내려받기"),
    "seat_switch": _("다른 협의체로 옮김 (같은 로그인)"),
    "staff_seat_add": _("다른 협의체 로그인에 구청 담당자 자리 추가"),
    "correction_list_view": _("정정 요청 목록 열람"),
    "correction_view": _("정정 요청 열람"),
    "tracker_view": _("의견 제출 현황 열람"),
    "opinion_view": _("위원 의견서 열람"),
    "attendance_view": _("참석 기록 열람"),
    "deadline_extend": _("의견 제출 마감 연장"),
    "account_unlock": _("계정 로그인 제한 해제"),
    "two_factor_enrol": _("2단계 인증 등록"),
    "two_factor_reset": _("2단계 인증 초기화"),
}
_RESULT_DOWNLOAD = re.compile(r"^result_(preview|v(\d+))_([a-z]+)$")


def label_for(kind: str) -> str:
    """A Korean label for an audit action; unknown actions show their code."""
    if kind in KIND_LABELS:
        return str(KIND_LABELS[kind])
    match = _RESULT_DOWNLOAD.match(kind)
    if match:
        fmt = match.group(3).upper()
        if match.group(1) == "preview":
            return _("회의 결과 미리보기 내려받기 (%(fmt)s)") % {"fmt": fmt}
        return _("공개된 회의 결과 내려받기 (제%(version)s판, %(fmt)s)") % {
            "version": match.group(2),
            "fmt": fmt,
        }
    return kind


LOGIN_KINDS = ("login", "login_failed", "login_locked")


def council_usernames(council: Council):
    """Usernames of everyone who belongs to `council` (a subquery, not a list)."""
    return User.objects.filter(
        Q(staff__council=council)
        | Q(member__council=council)
        | Q(reviewer__department__council=council)
    ).values("username")


def audit_rows(council: Council):
    """Logins and downloads of `council` as one queryset of dicts, newest first."""
    text = CharField()
    usernames = council_usernames(council)
    successes = (
        AccessLog.objects.filter(username__in=usernames)
        .annotate(
            at=F("attempt_time"),
            kind=Value("login", output_field=text),
            who=F("username"),
            target=Value("", output_field=text),
            ip=F("ip_address"),
        )
        .values(*COLUMNS)
        .order_by()
    )
    failures = (
        AccessFailureLog.objects.filter(username__in=usernames)
        .annotate(
            at=F("attempt_time"),
            kind=Case(
                When(locked_out=True, then=Value("login_locked")),
                default=Value("login_failed"),
                output_field=text,
            ),
            who=F("username"),
            target=Value("", output_field=text),
            ip=F("ip_address"),
        )
        .values(*COLUMNS)
        .order_by()
    )
    events = (
        AuditEvent.objects.filter(council=council)
        .annotate(
            at_=F("at"),
            kind=F("action"),
            who=F("user__username"),
            target_=Case(
                When(reason="", then=F("target")),
                default=Concat(F("target"), Value(" — 사유: "), F("reason")),
                output_field=text,
            ),
            ip=F("ip_address"),
        )
        .values("at_", "kind", "who", "target_", "ip")
        .order_by()
    )
    return successes.union(failures, events, all=True).order_by("-at")


def _names_by_username(usernames: set[str]) -> dict[str, str]:
    """The person's name for each username, in one query per page."""
    names: dict[str, str] = {}
    users = User.objects.filter(username__in=usernames).select_related(
        "staff", "member", "reviewer"
    )
    for user in users:
        for role in ("staff", "member", "reviewer"):
            person = getattr(user, role, None)
            if person is not None:
                names[user.username] = person.name
                break
    return names


def audit_log(request: HttpRequest, council: str) -> HttpResponse:
    """Staff only: who signed in (or failed to), and who downloaded or exported what."""
    council_obj = get_council_for_staff(request.user, council)
    page = Paginator(audit_rows(council_obj), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [dict(zip(COLUMNS, values, strict=True)) for values in _values(page.object_list)]
    names = _names_by_username({row["who"] for row in rows if row["who"]})
    for row in rows:
        row["name"] = names.get(row["who"] or "", "")
        row["label"] = label_for(row["kind"])
        row["is_login"] = row["kind"] in LOGIN_KINDS
        row["failed"] = row["kind"] in ("login_failed", "login_locked")
    return render(
        request,
        "council/audit_log.html",
        {"council": council_obj, "page": page, "rows": rows},
    )


def _values(object_list) -> list[tuple]:
    # A union's dict keys come from its first part; read rows positionally.
    return [tuple(row.values()) for row in object_list]
