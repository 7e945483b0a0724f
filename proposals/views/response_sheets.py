"""The departments' spreadsheet round trip: export, upload and preview, apply."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import audit
from council.access import counts_as_staff
from lib import uploads
from lib.downloads import file_response
from lib.errors import Refused
from lib.xlsx import UploadRejected
from proposals import spreadsheet
from proposals.access import (
    department_of,
    get_department_for,
    get_meeting_for_responses,
)
from proposals.forms import UploadForm
from proposals.models import Department, DepartmentResponse
from proposals.views.common import meeting_kwargs

PENDING_KIND = "responses_import"


def export_xlsx(request: HttpRequest, council: str, meeting: str, department: int) -> HttpResponse:
    """A department's proposals of a meeting with their response columns, as xlsx."""
    meeting_obj = get_meeting_for_responses(request.user, council, meeting)
    department_obj = get_department_for(request.user, meeting_obj, department)
    filename, content_type, content = spreadsheet.export_department(
        meeting=meeting_obj, department=department_obj
    )
    audit.record(
        request,
        action="proposals_xlsx_export",
        target=f"{meeting_obj.slug} {department_obj.name}",
        council=meeting_obj.council,
    )
    return file_response(filename, content_type, content)


def _scope(request: HttpRequest, meeting) -> str:
    """Whose preview it is: one meeting, and the reviewer's department if any."""
    department = department_of(request.user)
    return f"{meeting.pk}:{department.pk if department else 'staff'}"


def import_xlsx(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Upload an edited export; show per row what would change (nothing saved yet)."""
    meeting_obj = get_meeting_for_responses(request.user, council, meeting)
    department = department_of(request.user)
    rows = None
    rejected: UploadRejected | None = None
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            uploads.forget(request, kind=PENDING_KIND)
            try:
                rows = spreadsheet.read_upload(
                    upload=form.cleaned_data["file"], meeting=meeting_obj, department=department
                )
            except UploadRejected as exc:
                rejected = exc
                form.add_error("file", str(exc))
            else:
                uploads.keep(
                    request,
                    kind=PENDING_KIND,
                    scope=_scope(request, meeting_obj),
                    payload=[r.as_dict() for r in rows],
                )
    else:
        form = UploadForm()
    conflicts = sum(1 for r in rows or [] if r.conflict)
    return render(
        request,
        "proposals/import.html",
        {
            "council": meeting_obj.council,
            "meeting": meeting_obj,
            "form": form,
            "rows": rows,
            "rejected": rejected,
            "state_labels": dict(DepartmentResponse.State.choices),
            "applicable": sum(1 for r in rows or [] if r.changed and not r.conflict),
            "conflicts": conflicts,
            "departments": Department.objects.filter(council=meeting_obj.council)
            if department is None
            else [department],
        },
    )


@require_POST
def import_apply(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Apply the previewed upload, all or nothing.

    While rows conflict nothing is applied, unless the user ticked "apply the
    other rows" on the preview (`skip_conflicts`).
    """
    meeting_obj = get_meeting_for_responses(request.user, council, meeting)
    back = reverse("proposals:import_xlsx", kwargs=meeting_kwargs(meeting_obj))
    stored = uploads.take(request, kind=PENDING_KIND, scope=_scope(request, meeting_obj))
    if not stored:
        messages.error(request, _("먼저 파일을 올려 미리보기를 확인하세요."))
        return redirect(back)
    rows = [spreadsheet.RowChange(**row) for row in stored]
    try:
        saved = spreadsheet.apply_rows(
            rows=rows,
            meeting=meeting_obj,
            user=request.user,
            as_staff=counts_as_staff(request.user),
            department=department_of(request.user),
            skip_conflicts=request.POST.get("skip_conflicts") == "1",
        )
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect(back)
    skipped = sum(1 for r in rows if r.conflict)
    if skipped:
        messages.success(
            request,
            _("검토 의견 %(saved)d건을 반영했습니다. 바뀐 %(skipped)d건은 그대로 두었습니다.")
            % {"saved": saved, "skipped": skipped},
        )
    else:
        messages.success(request, _("검토 의견 %(saved)d건을 반영했습니다.") % {"saved": saved})
    if counts_as_staff(request.user):
        return redirect("proposals:response_list", **meeting_kwargs(meeting_obj))
    return redirect("proposals:review_home", council=meeting_obj.council.slug)
