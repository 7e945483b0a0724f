"""Aggregation, proposals and department review responses."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from council.access import Role, get_council_for
from proposals.models import Proposal


def review_home(request: HttpRequest, council: str) -> HttpResponse:
    """Reviewer home: the department's proposals across meetings, due dates and status."""
    council_obj = get_council_for(request.user, council, roles={Role.REVIEWER})
    department = request.user.reviewer.department
    proposals = (
        Proposal.objects.for_department(department)
        .select_related("meeting", "category", "response")
        .order_by("-meeting__year", "-meeting__half", "number")
    )
    return render(
        request,
        "proposals/review_home.html",
        {"council": council_obj, "department": department, "proposals": proposals},
    )
