"""Importing a past meeting from its result spreadsheet: upload and preview, then apply."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from council import audit
from council.access import get_council_for_staff
from council.forms import DATE_WIDGET
from council.models import Category
from lib import imports
from proposals.models import Department
from reports import past_import as importer


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
    step = imports.upload_step(
        request,
        importer.PastMeetingImporter(council_obj),
        PastImportForm,
        initial={"published_on": timezone.localdate()},
    )
    plan = step.preview.detail if step.preview else None
    categories = dict(Category.objects.filter(council=council_obj).values_list("pk", "name"))
    departments = dict(Department.objects.filter(council=council_obj).values_list("pk", "name"))
    return render(
        request,
        "reports/past_import.html",
        {
            "council": council_obj,
            "form": step.form,
            "plan": plan,
            "rejected": step.rejected,
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

    def audited(result) -> None:
        published, _plan = result
        audit.record(
            request, action="past_meeting_import", target=str(published), council=council_obj
        )

    back = reverse("reports:past_import", kwargs={"council": council_obj.slug})
    return imports.confirm_step(
        request, importer.PastMeetingImporter(council_obj), back=back, after=audited
    )
