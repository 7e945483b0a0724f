"""The pages of a document job: ask for it, watch it, take the file."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from council import audit
from council.access import get_meeting_for_staff
from lib.downloads import stored_file_response
from reports import jobs
from reports.models import DocumentJob


@require_POST
def document_prepare(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Queue the preview PDF (or join the one being made) and show its progress."""
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    job, _joined = jobs.request_document(
        meeting=meeting_obj, user=request.user, kind=DocumentJob.Kind.PREVIEW_PDF
    )
    return redirect("reports:document_job", meeting_obj.council.slug, meeting_obj.slug, job.pk)


@require_GET
def document_job(request: HttpRequest, council: str, meeting: str, job_id: int) -> HttpResponse:
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    job = get_object_or_404(DocumentJob, meeting=meeting_obj, pk=job_id)
    return render(
        request,
        "reports/document_job.html",
        {"council": meeting_obj.council, "meeting": meeting_obj, "job": job},
    )


@require_GET
def document_job_file(
    request: HttpRequest, council: str, meeting: str, job_id: int
) -> HttpResponse:
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    job = get_object_or_404(DocumentJob, meeting=meeting_obj, pk=job_id)
    if job.state != DocumentJob.State.DONE or not job.file:
        raise Http404
    audit.record(
        request,
        action="result_preview_pdf",
        target=f"{meeting_obj} ({job.filename})",
        council=meeting_obj.council,
    )
    return stored_file_response(
        request, job.file, filename=job.filename, content_type="application/pdf"
    )
