"""Department reviewers hear of their work through the council outbox:
proposals routed to their department (a scheduled job: one notice whenever the
number routed to them changes, not one per proposal while staff aggregate) and
a response returned for revision (at once, in the return's transaction)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse

from council.models import Meeting
from council.notices.outbox import Recipient, absolute, tell_meeting
from proposals.models import Department, DepartmentResponse, Proposal


def _reviewers(department: Department) -> list[Recipient]:
    return [
        Recipient(user=r.user, variables={"name": r.name})
        for r in department.reviewers.select_related("user")
    ]


def _tell(event: str, key: str, meeting: Meeting, department: Department, variables, now) -> int:
    """Queue `event` for the department's reviewers; how many notices were written."""
    variables = {"department": department.name, **variables}
    return tell_meeting(event, key, meeting, _reviewers(department), variables, now)


def response_returned(*, response: DepartmentResponse, now: dt.datetime) -> int:
    proposal = response.proposal
    meeting = proposal.meeting
    department = proposal.department
    if department is None:
        return 0
    path = reverse(
        "proposals:response_edit", args=[meeting.council.slug, meeting.slug, proposal.number]
    )
    variables = {
        "proposal": f"{proposal.number}. {proposal.headline}"[:60],
        "reason": response.return_comment[:200],
        "link": absolute(path),
    }
    key = f"response_returned:{response.pk}:{response.version}"
    return _tell("response_returned", key, meeting, department, variables, now)


def routed_job(*, now: dt.datetime, base_url: str) -> str:
    """For `send_reminders`: tell each department how many proposals of a meeting
    taking responses are routed to it, again only when that number changed."""
    queued = 0
    meetings = Meeting.objects.filter(
        status__in=[Meeting.Status.CLOSED, Meeting.Status.PUBLISHED], recorded=False
    ).select_related("council")
    for meeting in meetings:
        if not meeting.accepts_responses(now):
            continue
        counts = (
            Proposal.objects.filter(meeting=meeting, department__isnull=False)
            .values("department")
            .annotate(n=Count("id"))
        )
        for row in counts:
            department = Department.objects.get(pk=row["department"])
            variables = {
                "meeting": meeting.title,
                "count": row["n"],
                "link": absolute(reverse("proposals:review_home", args=[meeting.council.slug])),
            }
            key = f"proposals_routed:{meeting.pk}:{department.pk}:{row['n']}"
            queued += _tell("proposals_routed", key, meeting, department, variables, now)
    return f"queued {queued} routing notice(s)"
