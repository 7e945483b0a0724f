"""The demo's meetings: the seed's meeting replayed through the services at its
real dates (to the published result and the commitments' progress), and a
meeting of the current half taking opinions now."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from council.models import (
    AgendaItem,
    Meeting,
    OpinionPoint,
)
from council.services import agenda as agenda_services
from council.services import meetings as meeting_services
from council.services import opinions as opinion_services
from facilities.reports import status_report, status_tables
from lib.dates import korean_datetime
from portal.demo.seed import (
    AGENDA,
    COMMITMENTS,
    CURRENT_AGENDA,
    CURRENT_POINTS,
    DEPARTMENT,
    POINTS,
    PROGRESS,
    PROPOSALS,
    SEOUL,
    SNAPSHOT_AS_OF,
)
from proposals import commitment_services
from proposals import services as proposal_services
from proposals.models import Commitment, CommitmentStatus, Department, DepartmentResponse
from reports.services import publish_meeting


def current_meeting_dates(today: dt.date) -> dict:
    """The open meeting's year, half and dates relative to the day the demo is loaded."""
    year, half = today.year, Meeting.Half.FIRST if today.month <= 6 else Meeting.Half.SECOND
    if (year, half) == (2023, Meeting.Half.SECOND):  # the seed's meeting holds that half
        year, half = 2024, Meeting.Half.FIRST
    start = today - dt.timedelta(days=1)
    end = today + dt.timedelta(days=3)
    deadline = dt.datetime.combine(end, dt.time(18, 0), tzinfo=SEOUL)
    half_label = "상반기" if half == Meeting.Half.FIRST else "하반기"
    return {
        "year": year,
        "half": half,
        "start": start,
        "end": end,
        "deadline": deadline,
        "deadline_text": korean_datetime(deadline, weekday=True),
        "title": f"{year}년 {half_label} 회의",
    }


def _agenda(meeting: Meeting, items, *, snapshot_as_of: dt.date) -> list[AgendaItem]:
    agenda = [
        agenda_services.save_agenda_item(item=AgendaItem(meeting=meeting, kind=kind, title=title))
        for kind, title in items
    ]
    report = status_report(council=meeting.council, as_of=snapshot_as_of)
    agenda_services.attach_snapshot(
        item=agenda[0], snapshot=status_tables(report), as_of=snapshot_as_of
    )
    return agenda


def replay_seed_meeting(council, members, categories, department, staff_user) -> Meeting:
    """The seed's written meeting, from opening to the published result, at its real dates."""
    meeting = Meeting.objects.create(
        council=council,
        year=2023,
        half=Meeting.Half.SECOND,
        method=Meeting.Method.WRITTEN,
        period_start=dt.date(2023, 12, 20),
        period_end=dt.date(2023, 12, 22),
        deadline=dt.datetime(2023, 12, 22, 18, 0, tzinfo=SEOUL),
    )
    agenda = _agenda(meeting, AGENDA, snapshot_as_of=SNAPSHOT_AS_OF)
    meeting_services.open_meeting(
        meeting=meeting, now=dt.datetime(2023, 12, 20, 9, 0, tzinfo=SEOUL)
    )
    points_by_member: dict[str, list] = {}
    for username, category, agenda_index, text in POINTS:
        points_by_member.setdefault(username, []).append(
            opinion_services.PointInput(
                text=text,
                category=categories[category] if category else None,
                agenda_item=agenda[agenda_index],
            )
        )
    for username, point_inputs in points_by_member.items():
        opinion_services.save_opinion(
            meeting=meeting,
            member=members[username],
            points=point_inputs,
            submit=True,
            entered_by=members[username].user,
            send_copy=False,  # no mail from the demo
            now=dt.datetime(2023, 12, 21, 15, 0, tzinfo=SEOUL),
        )
    meeting_services.close_meeting(meeting=meeting, now=meeting.deadline)
    meeting.refresh_from_db()

    # The points in the order they were given above (POINTS indexes refer to it).
    saved = {
        (p.opinion.member.user.username, p.text): p
        for p in OpinionPoint.objects.filter(opinion__meeting=meeting).select_related(
            "opinion__member__user"
        )
    }
    points = [saved[(username, text)] for username, _c, _a, text in POINTS]
    for category, headline, point_indexes, response_lines in PROPOSALS:
        proposal = proposal_services.create_proposal(
            meeting=meeting,
            points=[points[i] for i in point_indexes],
            headline=headline,
            category=categories[category],
        )
        proposal = proposal_services.update_proposal(
            proposal=proposal,
            version=proposal.version,
            category=proposal.category,
            headline=proposal.headline,
            details=proposal.details,
            department=department,
            due_date=dt.date(2024, 1, 19),
            source_points=proposal.source_points.all(),
        )
        departments = {d.name: d for d in Department.objects.filter(council=council)}
        commitments = [
            commitment_services.CommitmentInput(
                what=what, department=departments[name], due_date=due_date
            )
            for what, name, due_date in COMMITMENTS.get(proposal.number, [])
        ]
        proposal_services.save_response(
            proposal=proposal,
            version=0,
            state=DepartmentResponse.State.PARTIAL,
            lines="\n".join(response_lines),
            commitments=commitments,
            final=True,
            user=staff_user,
            as_staff=True,
            now=dt.datetime(2024, 1, 15, 10, 0, tzinfo=SEOUL),
        )
    publish_meeting(
        meeting=meeting, user=staff_user, now=dt.datetime(2024, 1, 22, 10, 0, tzinfo=SEOUL)
    )
    return meeting


def load_commitments(meeting: Meeting, staff_user: User, reviewer_user: User) -> None:
    """The seed meeting's commitments move on between the meetings: notes and status
    changes at their real dates, by the department's reviewer or (for a department
    without one) by staff on its behalf."""
    statuses = {s.name: s for s in CommitmentStatus.objects.filter(council=meeting.council)}
    for number, index, day, status_name, reason, note in sorted(PROGRESS, key=lambda p: p[2]):
        commitment = Commitment.objects.filter(response__proposal__meeting=meeting).get(
            response__proposal__number=number, order=index + 1
        )
        as_staff = commitment.department.name != DEPARTMENT
        commitment_services.record_progress(
            commitment=commitment,
            version=commitment.version,
            status=statuses[status_name] if status_name else None,
            reason=reason,
            note_date=day,
            note_text=note,
            user=staff_user if as_staff else reviewer_user,
            as_staff=as_staff,
            now=dt.datetime.combine(day, dt.time(16, 0), tzinfo=SEOUL),
        )


def open_current_meeting(council, members, categories, today: dt.date) -> Meeting:
    dates = current_meeting_dates(today)
    meeting = Meeting.objects.create(
        council=council,
        year=dates["year"],
        half=dates["half"],
        method=Meeting.Method.WRITTEN,
        period_start=dates["start"],
        period_end=dates["end"],
        deadline=dates["deadline"],
    )
    agenda = _agenda(meeting, CURRENT_AGENDA, snapshot_as_of=today)
    opened = dt.datetime.combine(dates["start"], dt.time(9, 0), tzinfo=SEOUL)
    meeting_services.open_meeting(meeting=meeting, now=opened)
    for hours, (username, category, agenda_index, text, submit) in enumerate(
        CURRENT_POINTS, start=2
    ):
        opinion_services.save_opinion(
            meeting=meeting,
            member=members[username],
            points=[
                opinion_services.PointInput(
                    text=text,
                    category=categories[category] if category else None,
                    agenda_item=agenda[agenda_index],
                )
            ],
            submit=submit,
            entered_by=members[username].user,
            send_copy=False,  # no mail from the demo
            now=opened + dt.timedelta(hours=hours),
        )
    return meeting
