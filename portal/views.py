"""Pages that draw on every app: the staff dashboard and the administrator's council list."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from council.access import Role, get_council_for_staff, role_of
from council.models import Council, Meeting, Member
from council.services.roster import set_password_url
from council.setup import create_council, mail_server_configured, send_staff_link
from facilities.corrections import new_count
from facilities.freshness import stale_summary
from lib import compiled
from lib.errors import Refused
from lib.korean import particle
from lib.links import portal_url
from portal.forms import NewCouncilForm
from proposals.models import Proposal, overdue_commitments_query

# How many of the latest meetings the dashboard shows.
DASHBOARD_MEETINGS = 6


def dashboard(request: HttpRequest, council: str) -> HttpResponse:
    """Staff home: the council's meetings with submissions and unfinished responses."""
    council_obj = get_council_for_staff(request.user, council)
    today = timezone.localdate()
    # The latest few rounds; years of history are on the meeting list. This page's
    # questions are asked on every visit: their SQL is compiled once (lib.compiled).
    meetings = compiled.instances(latest_meetings_query, council_obj.pk, DASHBOARD_MEETINGS + 1)
    more_meetings = len(meetings) > DASHBOARD_MEETINGS
    meetings = meetings[:DASHBOARD_MEETINGS]
    counts = Proposal.objects.response_counts_by_meeting(meetings, today=today)
    for meeting in meetings:
        meeting.council = council_obj  # their addresses name it: no join to load it again
        meeting.pending_responses, meeting.overdue_responses = counts.get(meeting.pk, (0, 0))
    # Terms that end within two months, or ended in the last two: renew them before
    # the next round opens (it invites only members in office on its start date).
    terms_ending = compiled.instances(terms_ending_query, council_obj.pk, today)
    overdue_commitments = compiled.count(overdue_commitments_query, council_obj.pk, today)
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
            "stale": stale_summary(council_obj, today),
        },
    )


TERM_WARNING_DAYS = 60


def latest_meetings_query(council_id: int, limit: int) -> QuerySet[Meeting]:
    """The council's latest `limit` meetings with their submission counts."""
    return (
        Meeting.objects.filter(council_id=council_id)
        .with_submission_counts()
        .order_by("-year", "-half")[:limit]
    )


def terms_ending_query(council_id: int, today: dt.date) -> QuerySet[Member]:
    return Member.objects.filter(council_id=council_id).term_ending_around(today, TERM_WARNING_DAYS)


def council_list(request: HttpRequest) -> HttpResponse:
    """The site administrator's overview of the councils on this install."""
    if role_of(request.user) != Role.ADMIN:
        raise PermissionDenied
    councils = Council.objects.order_by("name")
    return render(request, "portal/council_list.html", {"councils": councils})


def council_create(request: HttpRequest) -> HttpResponse:
    """새 협의체: the council, its default categories and its first staff account, whose
    one-time set-password link is e-mailed (or shown here when no mail server is set)."""
    if role_of(request.user) != Role.ADMIN:
        raise PermissionDenied
    form = NewCouncilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            council, staff = create_council(data=form.new_council())
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            base_url = portal_url("/")
            if mail_server_configured():
                send_staff_link(staff=staff, base_url=base_url)
                messages.success(
                    request,
                    _("%(council)s%(p)s 만들고 %(name)s 님에게 비밀번호 설정 링크를 보냈습니다.")
                    % {
                        "council": council.name,
                        "p": particle(council.name, "을/를"),
                        "name": staff.name,
                    },
                )
            else:
                messages.warning(
                    request,
                    _(
                        "%(council)s%(p)s 만들었습니다. 메일 서버가 설정되지 않아 링크를 보내지 "
                        "못했습니다. %(name)s 님에게 이 일회용 링크를 직접 전해 주세요: %(url)s"
                    )
                    % {
                        "council": council.name,
                        "p": particle(council.name, "을/를"),
                        "name": staff.name,
                        "url": set_password_url(user=staff.user, base_url=base_url),
                    },
                )
            return redirect("council_list")
    return render(request, "portal/council_form.html", {"form": form})
