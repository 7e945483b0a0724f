"""현황 조사 pages: the facility's form behind its personal link (no account), and the
staff's rounds, tracker, reminders, review and results (facilities.surveys holds the rules).

The public form is reached only through a link (`surveys.get_request_for_link`: 404 for a
forged one); a link that no longer works answers 410 with the reason, and changes nothing.
Staff pages fetch their object through a `get_*_for_staff` helper on their first line.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from council.access import get_council_for_staff
from facilities import surveys
from facilities.survey_forms import MESSAGE_MAX, ReturnForm, RoundForm, SurveyAnswerForm
from facilities.survey_models import SurveyRequest, SurveyRound, SurveySubmission
from lib.downloads import file_response
from lib.errors import Refused
from lib.links import portal_url

# --- access helpers ---------------------------------------------------------------------------


def get_round_for_staff(user, council_slug: str, pk: int) -> SurveyRound:
    council = get_council_for_staff(user, council_slug)
    survey = get_object_or_404(SurveyRound, council=council, pk=pk)
    survey.council = council
    return survey


def get_request_for_staff(user, council_slug: str, pk: int) -> SurveyRequest:
    council = get_council_for_staff(user, council_slug)
    return get_object_or_404(
        SurveyRequest.objects.select_related("round", "facility"), round__council=council, pk=pk
    )


def get_submission_for_staff(user, council_slug: str, pk: int) -> SurveySubmission:
    council = get_council_for_staff(user, council_slug)
    return get_object_or_404(
        SurveySubmission.objects.select_related(
            "request__round", "request__facility__dong", "reviewed_by"
        ),
        request__round__council=council,
        pk=pk,
    )


# --- the facility's form ----------------------------------------------------------------------


def _initial(request: SurveyRequest, today) -> dict:
    values = surveys.current_values(request.facility, today)
    values["over_capacity"] = bool(values.get("over_capacity_reason"))
    values["form_nonce"] = get_random_string(24)
    return values


@login_not_required
@never_cache
def survey_form(request: HttpRequest, token: str) -> HttpResponse:
    survey_request = surveys.get_request_for_link(token)
    today = timezone.localdate()
    context = {
        "survey_request": survey_request,
        "survey": survey_request.round,
        "facility": survey_request.facility,
    }
    try:
        surveys.check_link(survey_request, today)
    except Refused as exc:
        return render(
            request,
            "facilities/surveys/link_refused.html",
            {**context, "reason": str(exc)},
            status=410,
        )
    current = surveys.current_values(survey_request.facility, today)
    context["current"] = current
    context["last_returned"] = (
        survey_request.submissions.filter(status=SurveySubmission.Status.RETURNED)
        .order_by("-reviewed_at")
        .first()
    )
    form = SurveyAnswerForm(request.POST or None, initial=_initial(survey_request, today))
    if request.method == "POST":
        try:
            if "no_change" in request.POST:
                message = (request.POST.get("message") or "")[:MESSAGE_MAX]
                surveys.confirm_unchanged(survey_request, message=message, today=today)
                return redirect("survey_done", token=token)
            if form.is_valid():
                data = form.cleaned_data
                surveys.submit(
                    survey_request,
                    values={name: data.get(name) for name in surveys.SURVEY_FIELDS},
                    message=data["message"],
                    form_nonce=data["form_nonce"],
                    today=today,
                )
                return redirect("survey_done", token=token)
        except Refused as exc:
            status = 400 if exc.code == "no_figures" else 410
            if status == 410:
                return render(
                    request,
                    "facilities/surveys/link_refused.html",
                    {**context, "reason": str(exc)},
                    status=410,
                )
            form.add_error(None, str(exc))
        return render(
            request, "facilities/surveys/form.html", {**context, "form": form}, status=400
        )
    return render(request, "facilities/surveys/form.html", {**context, "form": form})


@login_not_required
@never_cache
def survey_done(request: HttpRequest, token: str) -> HttpResponse:
    survey_request = surveys.get_request_for_link(token)
    latest = survey_request.submissions.order_by("-submitted_at", "-pk").first()
    return render(
        request,
        "facilities/surveys/done.html",
        {"survey_request": survey_request, "facility": survey_request.facility, "latest": latest},
    )


# --- staff ------------------------------------------------------------------------------------


def survey_list(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    rounds = SurveyRound.objects.filter(council=council_obj).order_by("-created_at", "-pk")[:50]
    return render(
        request, "facilities/surveys/list.html", {"council": council_obj, "rounds": rounds}
    )


def survey_new(request: HttpRequest, council: str) -> HttpResponse:
    """Choose the facilities (the dashboard's stale list arrives pre-chosen) and start."""
    council_obj = get_council_for_staff(request.user, council)
    today = timezone.localdate()
    initial = {"survey_date": today, "closes_on": today + dt.timedelta(days=14)}
    chosen = [i for i in request.GET.get("facilities", "").split(",") if i.isdigit()]
    if chosen:
        initial["facilities"] = chosen
    form = RoundForm(request.POST or None, initial=initial, council=council_obj, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        survey = surveys.start_round(
            council=council_obj,
            user=request.user,
            title=data["title"],
            survey_date=data["survey_date"],
            closes_on=data["closes_on"],
            facilities=list(data["facilities"]),
            base_url=portal_url("/"),
        )
        messages.success(
            request,
            _(
                "현황 조사를 시작했습니다. 링크는 알림으로 보냅니다(문자·전자우편, 밤에는 "
                "아침에). 보낸 상태는 아래 표에서 봅니다."
            ),
        )
        return redirect("finder_staff:survey", council=council_obj.slug, pk=survey.pk)
    return render(request, "facilities/surveys/new.html", {"council": council_obj, "form": form})


def survey_detail(request: HttpRequest, council: str, pk: int) -> HttpResponse:
    survey = get_round_for_staff(request.user, council, pk)
    rows = surveys.tracker_rows(survey)
    for row in rows:
        row["state"] = surveys.state_label(row)
        row["link"] = surveys.link_url(row["request"], portal_url("/"))
    answered = sum(1 for r in rows if r["request"].answered_at)
    return render(
        request,
        "facilities/surveys/detail.html",
        {
            "council": survey.council,
            "survey": survey,
            "rows": rows,
            "answered": answered,
            "is_open": survey.is_open(timezone.localdate()),
        },
    )


@require_POST
def survey_remind(request: HttpRequest, council: str, pk: int) -> HttpResponse:
    survey = get_round_for_staff(request.user, council, pk)
    try:
        sent = surveys.remind(survey, today=timezone.localdate(), base_url=portal_url("/"))
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("답하지 않은 %(n)s곳에 다시 알렸습니다.") % {"n": sent})
    return redirect("finder_staff:survey", council=council, pk=pk)


@require_POST
def survey_end(request: HttpRequest, council: str, pk: int) -> HttpResponse:
    survey = get_round_for_staff(request.user, council, pk)
    status = (
        SurveyRound.Status.CANCELLED
        if request.POST.get("action") == "cancel"
        else SurveyRound.Status.CLOSED
    )
    if request.POST.get("confirm") != "yes":
        messages.error(
            request, _("조사를 마감하거나 취소하려면 확인란에 체크해 주세요. 링크가 모두 닫힙니다.")
        )
        return redirect("finder_staff:survey", council=council, pk=pk)
    try:
        surveys.end_round(survey, status)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("조사를 %(state)s 처리했습니다.") % {"state": status.label})
    return redirect("finder_staff:survey", council=council, pk=pk)


def survey_xlsx(request: HttpRequest, council: str, pk: int) -> HttpResponse:
    survey = get_round_for_staff(request.user, council, pk)
    return file_response(*surveys.results_workbook(survey))


@require_POST
def survey_revoke(request: HttpRequest, council: str, pk: int) -> HttpResponse:
    survey_request = get_request_for_staff(request.user, council, pk)
    if request.POST.get("action") == "reissue":
        surveys.reissue(survey_request, base_url=portal_url("/"))
        messages.success(request, _("새 링크를 만들어 보냈습니다. 이전 링크는 쓸 수 없습니다."))
    else:
        surveys.revoke(survey_request)
        messages.success(request, _("링크를 중지했습니다."))
    return redirect("finder_staff:survey", council=council, pk=survey_request.round_id)


def submission_detail(request: HttpRequest, council: str, pk: int) -> HttpResponse:
    submission = get_submission_for_staff(request.user, council, pk)
    return _submission_page(request, submission, ReturnForm())


def _submission_page(request, submission, form, status=200):
    return render(
        request,
        "facilities/surveys/submission.html",
        {
            "council": submission.request.round.council,
            "submission": submission,
            "rows": surveys.comparison(submission, timezone.localdate()),
            "form": form,
            "can_review": submission.status == SurveySubmission.Status.WAITING,
        },
        status=status,
    )


@require_POST
def submission_approve(request: HttpRequest, council: str, pk: int) -> HttpResponse:
    submission = get_submission_for_staff(request.user, council, pk)
    try:
        surveys.approve(submission, user=request.user)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("승인했습니다. 시설 정보와 정원·현원 기록에 반영했습니다."))
    return redirect("finder_staff:survey", council=council, pk=submission.request.round_id)


@require_POST
def submission_return(request: HttpRequest, council: str, pk: int) -> HttpResponse:
    submission = get_submission_for_staff(request.user, council, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _submission_page(request, submission, form, status=400)
    try:
        surveys.return_submission(submission, user=request.user, reason=form.cleaned_data["reason"])
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("반려했습니다. 시설은 같은 링크로 다시 보낼 수 있습니다."))
    return redirect("finder_staff:survey", council=council, pk=submission.request.round_id)
