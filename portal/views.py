"""Pages that draw on every app: the staff dashboard and the administrator's council list."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from council.access import Role, get_council_for_staff, role_of
from council.models import Council, Meeting, Member
from facilities.corrections import new_count
from proposals.models import Commitment, Proposal

# How many of the latest meetings the dashboard shows.
DASHBOARD_MEETINGS = 6


def dashboard(request: HttpRequest, council: str) -> HttpResponse:
    """Staff home: the council's meetings with submissions and unfinished responses."""
    council_obj = get_council_for_staff(request.user, council)
    # The latest few rounds; years of history are on the meeting list.
    all_meetings = Meeting.objects.filter(council=council_obj)
    meetings = list(
        all_meetings.select_related("council")
        .with_submission_counts()
        .order_by("-year", "-half")[: DASHBOARD_MEETINGS + 1]
    )
    more_meetings = len(meetings) > DASHBOARD_MEETINGS
    meetings = meetings[:DASHBOARD_MEETINGS]
    counts = Proposal.objects.response_counts_by_meeting(meetings, today=timezone.localdate())
    for meeting in meetings:
        meeting.pending_responses, meeting.overdue_responses = counts.get(meeting.pk, (0, 0))
    # Terms that end within two months, or ended in the last two: renew them before
    # the next round opens (it invites only members in office on its start date).
    today = timezone.localdate()
    terms_ending = list(
        Member.objects.filter(council=council_obj).term_ending_around(today, TERM_WARNING_DAYS)
    )
    overdue_commitments = Commitment.objects.for_council(council_obj).made().overdue(today).count()
    return render(
        request,
        "portal/dashboard.html",
        {
            "council": council_obj,
            "overdue_commitments": overdue_commitments,
            "meetings": meetings,
            "now": timezone.now(),
            "new_corrections": new_count(council_obj),
            "today": today,
            "more_meetings": more_meetings,
            "terms_ending": terms_ending,
            "terms_ending_ids": ",".join(str(m.pk) for m in terms_ending),
        },
    )


TERM_WARNING_DAYS = 60


def council_list(request: HttpRequest) -> HttpResponse:
    """The site administrator's overview of the councils on this install."""
    if role_of(request.user) != Role.ADMIN:
        raise PermissionDenied
    councils = Council.objects.order_by("name")
    return render(request, "portal/council_list.html", {"councils": councils})
