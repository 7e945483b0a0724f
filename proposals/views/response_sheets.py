"""The departments' spreadsheet round trip: export, upload and preview, apply."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from council import audit
from council.access import counts_as_staff
from lib import imports
from lib.downloads import file_response
from proposals import spreadsheet
from proposals.access import (
    department_of,
    get_department_for,
    get_meeting_for_responses,
)
from proposals.forms import UploadForm
from proposals.models import Department
from proposals.views.common import meeting_kwargs


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


def _importer(request: HttpRequest, meeting) -> spreadsheet.ResponseSheetImporter:
    return spreadsheet.ResponseSheetImporter(
        meeting, department=department_of(request.user), as_staff=counts_as_staff(request.user)
    )


def import_xlsx(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Upload an edited export; show per row what would change (nothing saved yet)."""
    meeting_obj = get_meeting_for_responses(request.user, council, meeting)
    department = department_of(request.user)
    step = imports.upload_step(request, _importer(request, meeting_obj), UploadForm)
    preview = step.preview
    return render(
        request,
        "proposals/import.html",
        {
            "council": meeting_obj.council,
            "meeting": meeting_obj,
            "form": step.form,
            "rows": preview.rows if preview else None,
            "rejected": step.rejected,
            "applicable": preview.changes if preview else 0,
            "conflicts": preview.conflicts if preview else 0,
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
    return imports.confirm_step(request, _importer(request, meeting_obj), back=back)
