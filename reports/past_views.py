"""Importing a past meeting from its result spreadsheet: upload and preview, then apply."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from council import audit
from council.access import get_council_for_staff
from council.forms import DATE_WIDGET
from council.models import Category
from lib import uploads
from lib.errors import Refused
from lib.xlsx import UploadRejected
from proposals.models import Department
from reports import past_import as importer

PENDING_KIND = "past_meeting_import"


class PastImportForm(forms.Form):
    file = forms.FileField(
        label=_lazy("결과 엑셀(xlsx) 파일"),
        help_text=_lazy("포털에서 내려받은 회의 결과 파일(공개본)을 올립니다."),
    )
    published_on = forms.DateField(
        label=_lazy("결과 공개일"),
        widget=DATE_WIDGET,
        help_text=_lazy("그 회의 결과를 실제로 공개한 날입니다. 이 날짜로 공개된 것으로 남습니다."),
    )


def past_import(request: HttpRequest, council: str) -> HttpResponse:
    """Upload a result spreadsheet; show what would be recorded (nothing saved yet)."""
    council_obj = get_council_for_staff(request.user, council)
    plan = None
    rejected: UploadRejected | None = None
    if request.method == "POST":
        form = PastImportForm(request.POST, request.FILES)
        if form.is_valid():
            uploads.forget(request, kind=PENDING_KIND)
            try:
                plan = importer.read_result_file(
                    upload=form.cleaned_data["file"],
                    council=council_obj,
                    published_on=form.cleaned_data["published_on"],
                )
            except UploadRejected as exc:
                rejected = exc
                form.add_error("file", str(exc))
            else:
                uploads.keep(
                    request, kind=PENDING_KIND, scope=str(council_obj.pk), payload=plan.as_dict()
                )
    else:
        form = PastImportForm(initial={"published_on": timezone.localdate()})
    categories = dict(Category.objects.filter(council=council_obj).values_list("pk", "name"))
    departments = dict(Department.objects.filter(council=council_obj).values_list("pk", "name"))
    return render(
        request,
        "reports/past_import.html",
        {
            "council": council_obj,
            "form": form,
            "plan": plan,
            "rejected": rejected,
            "proposal_rows": [
                {
                    "item": p,
                    "category": categories.get(p.category_id, ""),
                    "department": departments.get(p.department_id, ""),
                    "commitments": [c for c in plan.commitments if c.number == p.number],
                }
                for p in plan.proposals
            ]
            if plan
            else [],
            "department_names": departments,
        },
    )


@require_POST
def past_import_apply(request: HttpRequest, council: str) -> HttpResponse:
    """Record and publish the previewed meeting, all or nothing."""
    council_obj = get_council_for_staff(request.user, council)
    stored = uploads.take(request, kind=PENDING_KIND, scope=str(council_obj.pk))
    if not stored:
        messages.error(request, _("먼저 파일을 올려 미리보기를 확인하세요."))
        return redirect("reports:past_import", council=council_obj.slug)
    plan = importer.MeetingPlan.from_dict(stored)
    try:
        result = importer.apply_plan(plan=plan, council=council_obj, user=request.user)
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("reports:past_import", council=council_obj.slug)
    audit.record(request, action="past_meeting_import", target=str(result), council=council_obj)
    messages.success(
        request,
        _("%(title)s 회의를 가져와 %(day)s 공개로 기록했습니다.")
        % {"title": plan.title, "day": plan.published_on},
    )
    return redirect(result.meeting.get_absolute_url())
