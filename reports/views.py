"""Staff views of the result document: preview at any stage, downloads, publishing."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from council import audit
from council.access import get_meeting_for_staff
from lib.downloads import file_response
from reports import jobs
from reports.access import get_published_result_for_staff
from reports.carried import carried_source
from reports.document import build_result_context, render_document_fragment
from reports.exporters import EXPORTERS, HWPX_TYPE, PDF_TYPE, XLSX_TYPE
from reports.models import DocumentJob
from reports.services import PublishError, publish_meeting, read_published_file

STORED_FORMATS = {
    "pdf": PDF_TYPE,
    "xlsx": XLSX_TYPE,
    "hwpx": HWPX_TYPE,
}


@require_GET
def preview(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    context = build_result_context(meeting_obj, final_only=False, spreadsheet=False)
    publications = list(
        meeting_obj.publications.select_related("published_by", "carried_from__council").order_by(
            "-version"
        )
    )
    return render(
        request,
        "reports/preview.html",
        {
            **context,
            "document_html": render_document_fragment(context),
            "publications": publications,
            "can_publish": meeting_obj.can_publish(),
            "asks_publication_date": meeting_obj.recorded,
            "today": timezone.localdate(),
            "is_published": meeting_obj.is_published,
            "non_final_rows": context["doc"].non_final_rows,
            "carried_source": carried_source(context["carried"], publications),
        },
    )


@require_GET
def preview_file(request: HttpRequest, council: str, meeting: str, fmt: str) -> HttpResponse:
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    if fmt not in EXPORTERS:
        raise Http404
    filename, content_type, content = EXPORTERS[fmt](meeting_obj, final_only=False)
    audit.record(
        request,
        action=f"result_preview_{fmt}",
        target=f"{meeting_obj} ({filename})",
        council=meeting_obj.council,
    )
    return file_response(filename, content_type, content)


def _published_moment(request: HttpRequest, meeting) -> dt.datetime | None:
    """A meeting recorded after the fact is published at its real publication date
    (10:00 that day, Asia/Seoul), which staff give; others now."""
    if not meeting.recorded:
        return None
    try:
        day = dt.date.fromisoformat(request.POST.get("published_on", ""))
    except ValueError:
        raise PublishError(_("결과를 실제로 공개한 날짜를 적으세요.")) from None
    if day > timezone.localdate() or day < meeting.period_end:
        raise PublishError(_("결과 공개일은 회의 기간 종료일부터 오늘 사이여야 합니다."))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


@require_POST
def publish(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    preview_url = reverse("reports:preview", args=[council, meeting])
    try:
        moment = _published_moment(request, meeting_obj)
    except PublishError as error:
        messages.error(request, str(error))
        return redirect(preview_url)
    context = build_result_context(meeting_obj, final_only=False, now=moment, spreadsheet=False)
    non_final = context["doc"].non_final_rows
    if non_final and request.POST.get("confirm_incomplete") != "1":
        # Ask first: the published document will leave these responses out.
        return render(
            request,
            "reports/publish_confirm.html",
            {
                **context,
                "non_final_rows": non_final,
                "preview_url": preview_url,
                "published_on": request.POST.get("published_on", ""),
            },
        )
    if meeting_obj.proposals.count() >= settings.RESULT_PUBLISH_IN_WORKER_FROM:
        # A long document: the worker publishes it; the page shows its progress.
        job, _joined = jobs.request_document(
            meeting=meeting_obj, user=request.user, kind=DocumentJob.Kind.PUBLISH, moment=moment
        )
        audit.record(
            request,
            action="result_publish",
            target=f"{meeting_obj} (작업 {job.pk})",
            council=meeting_obj.council,
        )
        return redirect("reports:document_job", meeting_obj.council.slug, meeting_obj.slug, job.pk)
    try:
        result = publish_meeting(meeting=meeting_obj, user=request.user, now=moment)
    except PublishError as error:
        messages.error(request, str(error))
        return redirect(preview_url)
    audit.record(
        request,
        action="result_publish",
        target=f"{meeting_obj} v{result.version}",
        council=meeting_obj.council,
    )
    messages.success(
        request,
        _("회의 결과를 공개했습니다 (제%(version)s판). 공개 자료실에서 누구나 볼 수 있습니다.")
        % {"version": result.version},
    )
    return redirect(preview_url)


@require_GET
def published_file(
    request: HttpRequest, council: str, meeting: str, version: int, fmt: str
) -> HttpResponse:
    result = get_published_result_for_staff(request.user, council, meeting, version)
    if fmt == "html":
        audit.record(
            request,
            action=f"result_v{result.version}_html",
            target=str(result),
            council=result.meeting.council,
        )
        return render(
            request,
            "reports/published_version.html",
            {
                "result": result,
                "meeting": result.meeting,
                # Safe to mark: PublishedResult.html was produced by our own template
                # (reports/document.html), which escaped every value; it is never user HTML.
                "document_html": mark_safe(result.html),  # noqa: S308
            },
        )
    if fmt not in STORED_FORMATS:
        raise Http404
    try:
        content = read_published_file(result, fmt)
    except PublishError as error:
        messages.error(request, str(error))
        return redirect("reports:preview", council, meeting)
    audit.record(
        request,
        action=f"result_v{result.version}_{fmt}",
        target=str(result),
        council=result.meeting.council,
    )
    filename = getattr(result, fmt).name.rsplit("/", 1)[-1]
    return file_response(filename, STORED_FORMATS[fmt], content)
