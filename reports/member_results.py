"""What members see of a published result on the council's pages (council.extensions).

Once a meeting's result is published, members reach it from 내 회의 and the
meeting page, and see next to each of their own points which proposal it went
into and the department's answer. Before publication nothing is shown: the
proposals and responses are the secretariat's work in progress.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from council.models import Meeting, Opinion
from proposals.models import DepartmentResponse, Proposal


def result_links(meeting: Meeting) -> list[dict[str, str]]:
    if not meeting.is_published:
        return []
    return [
        {
            "label": _("회의 결과 보기"),
            "url": reverse("archive:detail", args=[meeting.council.slug, meeting.slug]),
        }
    ]


def point_outcomes(opinion: Opinion) -> dict[int, dict] | None:
    """Point id → the proposal(s) it went into and their final response; None before
    the result is published."""
    if not opinion.meeting.is_published:
        return None
    final = DepartmentResponse.objects.final()
    proposals = (
        Proposal.objects.filter(source_points__opinion=opinion)
        .prefetch_related(Prefetch("response", queryset=final))
        .prefetch_related("source_points")
        .distinct()
        .order_by("number")
    )
    outcomes: dict[int, dict] = {}
    for proposal in proposals:
        response = getattr(proposal, "response", None)
        entry = {
            "number": proposal.number,
            "headline": proposal.headline,
            "state": response.get_state_display() if response and response.state else "",
            "response": response.response_lines if response else [],
        }
        for point in proposal.source_points.all():
            if point.opinion_id == opinion.pk:
                outcomes.setdefault(point.pk, {"proposals": []})["proposals"].append(entry)
    return outcomes
