"""Commitment progress by spreadsheet, per department: export, upload and preview, apply."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import audit
from council.access import counts_as_staff
from lib import uploads
from lib.downloads import file_response
from lib.errors import Refused
from lib.xlsx import UploadRejected
from proposals import progress_sheet
from proposals.access import department_of, get_council_for_commitments
from proposals.forms import ProgressUploadForm
from proposals.models import Department

PENDING_KIND = "progress_import"


def commitment_export(request: HttpRequest, council: str, department: int) -> HttpResponse:
    """A department's commitments with their progress columns, as xlsx."""
    council_obj = get_council_for_commitments(request.user, council)
    department_obj = get_object_or_404(Department, council=council_obj, pk=department)
    own = department_of(request.user)
    if own is not None and own.pk != department_obj.pk:
        raise Http404
    filename, content_type, content = progress_sheet.export_department(
        council=council_obj, department=department_obj
    )
    audit.record(
        request,
        action="progress_xlsx_export",
        target=department_obj.name,
        council=council_obj,
    )
    return file_response(filename, content_type, content)


def _scope(request: HttpRequest, council) -> str:
    department = department_of(request.user)
    return f"{council.pk}:{department.pk if department else 'staff'}"


def commitment_import(request: HttpRequest, council: str) -> HttpResponse:
    """Upload an edited export; show per row what would change (nothing saved yet)."""
    council_obj = get_council_for_commitments(request.user, council)
    department = department_of(request.user)
    rows = None
    rejected: UploadRejected | None = None
    if request.method == "POST":
        form = ProgressUploadForm(request.POST, request.FILES)
        if form.is_valid():
            uploads.forget(request, kind=PENDING_KIND)
            try:
                rows = progress_sheet.read_upload(
                    upload=form.cleaned_data["file"], council=council_obj, department=department
                )
            except UploadRejected as exc:
                rejected = exc
                form.add_error("file", str(exc))
            else:
                uploads.keep(
                    request,
                    kind=PENDING_KIND,
                    scope=_scope(request, council_obj),
                    payload=[r.as_dict() for r in rows],
                )
    else:
        form = ProgressUploadForm()
    return render(
        request,
        "proposals/commitment_import.html",
        {
            "council": council_obj,
            "form": form,
            "rows": [r for r in rows or [] if r.changed or r.conflict],
            "rejected": rejected,
            "applicable": sum(1 for r in rows or [] if r.changed and not r.conflict),
            "conflicts": sum(1 for r in rows or [] if r.conflict),
            "departments": Department.objects.filter(council=council_obj)
            if department is None
            else [department],
        },
    )


@require_POST
def commitment_import_apply(request: HttpRequest, council: str) -> HttpResponse:
    """Apply the previewed upload, all or nothing (conflicts only skipped on request)."""
    council_obj = get_council_for_commitments(request.user, council)
    back = reverse("proposals:commitment_import", kwargs={"council": council_obj.slug})
    stored = uploads.take(request, kind=PENDING_KIND, scope=_scope(request, council_obj))
    if not stored:
        messages.error(request, _("먼저 파일을 올려 미리보기를 확인하세요."))
        return redirect(back)
    rows = [progress_sheet.ProgressChange(**row) for row in stored]
    try:
        saved = progress_sheet.apply_rows(
            rows=rows,
            council=council_obj,
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
            _("추진 현황 %(saved)d건을 반영했습니다. 바뀐 %(skipped)d건은 그대로 두었습니다.")
            % {"saved": saved, "skipped": skipped},
        )
    else:
        messages.success(request, _("추진 현황 %(saved)d건을 반영했습니다.") % {"saved": saved})
    return redirect("proposals:commitment_board", council=council_obj.slug)
