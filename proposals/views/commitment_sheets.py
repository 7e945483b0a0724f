"""Commitment progress by spreadsheet, per department: export, upload and preview, apply."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from council import audit
from council.access import counts_as_staff
from lib import imports
from lib.downloads import file_response
from proposals import progress_sheet
from proposals.access import department_of, get_council_for_commitments
from proposals.forms import ProgressUploadForm
from proposals.models import Department


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


def _importer(request: HttpRequest, council) -> progress_sheet.ProgressSheetImporter:
    return progress_sheet.ProgressSheetImporter(
        council, department=department_of(request.user), as_staff=counts_as_staff(request.user)
    )


def commitment_import(request: HttpRequest, council: str) -> HttpResponse:
    """Upload an edited export; show per row what would change (nothing saved yet)."""
    council_obj = get_council_for_commitments(request.user, council)
    department = department_of(request.user)
    step = imports.upload_step(request, _importer(request, council_obj), ProgressUploadForm)
    rows = step.preview.rows if step.preview else []
    return render(
        request,
        "proposals/commitment_import.html",
        {
            "council": council_obj,
            "form": step.form,
            "rows": [r for r in rows if r.changed or r.conflict],
            "rejected": step.rejected,
            "applicable": step.preview.changes if step.preview else 0,
            "conflicts": step.preview.conflicts if step.preview else 0,
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
    return imports.confirm_step(request, _importer(request, council_obj), back=back)
