"""The department reviewer's home: their proposals across meetings."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from council.access import Role, get_council_for
from council.models import Meeting
from proposals.models import Commitment, Proposal
from proposals.views.common import response_rows

# The reviewer home lists this many open commitments; the board has them all.
COMMITMENTS_SHOWN = 20


def review_home(request: HttpRequest, council: str) -> HttpResponse:
    """Reviewer home: the department's proposals across meetings, due dates and status."""
    council_obj = get_council_for(request.user, council, roles={Role.REVIEWER})
    department = request.user.reviewer.department
    proposals = (
        Proposal.objects.for_department(department)
        .with_overdue()
        .filter(Meeting.visible_q("meeting__"))
        .select_related("meeting__council", "category", "response")
        .order_by("-meeting__year", "-meeting__half", "number")
    )
    page = Paginator(proposals, 50).get_page(request.GET.get("page"))
    rows = response_rows(page)
    meetings = (
        Meeting.objects.filter(proposals__department=department)
        .select_related("council")
        .visible_to_members()
        .distinct()
    )
    # Between meetings the reviewer's work is the department's open commitments:
    # the overdue ones (no progress note since their due date) first.
    open_commitments = list(
        Commitment.objects.made()
        .open()
        .filter(department=department)
        .with_overdue()
        .select_related("status", "response__proposal__meeting")
        .order_by("-overdue", "due_date", "pk")[:COMMITMENTS_SHOWN]
    )
    return render(
        request,
        "proposals/review_home.html",
        {
            "council": council_obj,
            "department": department,
            "open_commitments": open_commitments,
            "rows": rows,
            "page": page,
            "meetings": meetings,
        },
    )
