"""Helpers shared by the proposals pages."""

from __future__ import annotations

from council.models import Meeting
from proposals.models import Proposal


def proposal_kwargs(proposal: Proposal) -> dict:
    return {
        "council": proposal.meeting.council.slug,
        "meeting": proposal.meeting.slug,
        "number": proposal.number,
    }


def meeting_kwargs(meeting: Meeting) -> dict:
    return {"council": meeting.council.slug, "meeting": meeting.slug}


def response_rows(proposals) -> list[dict]:
    """Each proposal with its response (or None) and whether it is overdue.

    The proposals come from a queryset with `Proposal.objects.with_overdue()`.
    """
    return [
        {"proposal": p, "response": getattr(p, "response", None), "overdue": p.overdue}
        for p in proposals
    ]
