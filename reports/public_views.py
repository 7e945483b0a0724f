"""The public archive of published results: no login, latest version only.

Only published meetings appear; anything else is 404. The stored document
shows proposals and department responses, never a member's own opinion.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from council import audit
from council.access import is_staff_of
from lib.downloads import file_response
from proposals.models import Commitment, ProgressNote
from reports.access import get_public_result, published_meetings
from reports.services import PublishError, read_published_file
from reports.views import STORED_FORMATS

PER_PAGE = 30


@login_not_required
@require_GET
def archive_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(published_meetings(), PER_PAGE).get_page(request.GET.get("page"))
    entries = []
    for meeting in page.object_list:
        latest = meeting.publications.all()[0]
        entries.append({"meeting": meeting, "latest": latest})
    return render(request, "reports/archive_index.html", {"page": page, "entries": entries})


@login_not_required
@require_GET
def archive_detail(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    result = get_public_result(council, meeting)
    _record_staff(request, result, action="archive_view")
    return render(
        request,
        "reports/archive_detail.html",
        {
            "result": result,
            "meeting": result.meeting,
            # Live, below the frozen document: where each published proposal's
            # commitments stand now, with their timelines.
            "follow_ups": _follow_ups(result.meeting),
            "today": timezone.localdate(),
            # Safe to mark: PublishedResult.html was produced by our own template
            # (reports/document.html), which escaped every value; it is never user HTML.
            "document_html": mark_safe(result.html),  # noqa: S308
        },
    )


def _follow_ups(meeting) -> list[dict]:
    """The meeting's public commitments grouped by proposal, each with its timeline."""
    commitments = list(
        Commitment.objects.public()
        .filter(response__proposal__meeting=meeting)
        .with_overdue()
        .select_related("status", "department", "response__proposal")
        .order_by("response__proposal__number", "order", "pk")
    )
    notes: dict[int, list[ProgressNote]] = {}
    for note in ProgressNote.objects.filter(commitment__in=commitments).select_related("status"):
        notes.setdefault(note.commitment_id, []).append(note)
    groups: list[dict] = []
    for c in commitments:
        proposal = c.response.proposal
        if not groups or groups[-1]["proposal"].pk != proposal.pk:
            groups.append({"proposal": proposal, "commitments": []})
        groups[-1]["commitments"].append({"commitment": c, "notes": notes.get(c.pk, [])})
    return groups


@login_not_required
@require_GET
def archive_file(request: HttpRequest, council: str, meeting: str, fmt: str) -> HttpResponse:
    result = get_public_result(council, meeting)
    if fmt not in STORED_FORMATS:
        raise Http404
    try:
        content = read_published_file(result, fmt)
    except PublishError:
        # A stored file that no longer matches its checksum is never served.
        raise Http404 from None
    _record_staff(request, result, action=f"archive_{fmt}")
    filename = getattr(result, fmt).name.rsplit("/", 1)[-1]
    return file_response(filename, STORED_FORMATS[fmt], content)


def _record_staff(request: HttpRequest, result, *, action: str) -> None:
    """The public needs no record; the council's staff (and administrators) get one,
    like every other staff download."""
    if request.user.is_authenticated and is_staff_of(request.user, result.meeting.council):
        audit.record(request, action=action, target=str(result), council=result.meeting.council)
