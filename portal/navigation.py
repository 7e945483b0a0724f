"""What the apps above `council` put on council's pages, in the order each page shows it.

`council` imports no other app (tests/test_architecture.py), so it cannot name
the aggregation page, a facility report or the published result on its own
pages. This module, at the top of the stack, lists them instead — pretix lists
its own menu the same way in `control/navigation.py`. `council.extensions`
reads it through `settings.COUNCIL_PAGE_ASSEMBLY`; nothing registers anything at
start-up (only the account roles are registered, in each app's `ready()`).

To learn which buttons a council page shows, read this file top to bottom: each
tuple is in the order of the page, and adding a button means adding a line here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from council.extensions import (
    CouncilLink,
    MeetingLink,
    MemberNotesProvider,
    ScheduledJob,
    SnapshotSource,
)
from council.models import Meeting
from facilities import notices as facility_notices
from facilities.gaps import gap_report, gap_tables
from facilities.reports import status_report, status_tables
from proposals import commitment_services, member_notes
from proposals import notices as proposal_notices
from proposals import services as proposal_services
from reports import jobs, member_results, trends
from reports.forms import YearRangeForm


def _recorded_and_aggregating(meeting: Meeting) -> bool:
    return meeting.recorded and meeting.allows_aggregation()


# The meeting page (council:meeting_detail): the staff buttons, left to right,
# each shown when its Meeting rule says so.
MEETING_LINKS = (
    MeetingLink(
        _("건의사항 입력 (지난 회의 기록)"), "proposals:proposal_new", _recorded_and_aggregating
    ),
    MeetingLink(_("의견 취합"), "proposals:aggregate", Meeting.accepts_responses),
    MeetingLink(_("부서 검토 의견"), "proposals:response_list", Meeting.accepts_responses),
    MeetingLink(_("부서 검토 협조 요청 공문"), "reports:letters", Meeting.accepts_responses),
    MeetingLink(_("회의 결과 미리보기·공개"), "reports:preview", Meeting.has_result_preview),
)


def _facility_status(council, data):
    as_of = data["as_of"]
    return status_tables(status_report(council=council, as_of=as_of)), as_of


def _care_gaps(council, data):
    as_of = data["as_of"]
    return gap_tables(gap_report(council=council, as_of=as_of)), as_of


def _commitment_trends(council, data):
    made = trends.build_trends(
        council=council, first_year=data["first_year"], last_year=data["last_year"]
    )
    return trends.snapshot(made), made.today


# The meeting page, under each agenda item: "attach a frozen report" buttons
# (one attach page, council:agenda_snapshot, serves them all by key).
SNAPSHOT_SOURCES = (
    SnapshotSource("facility_status", _("기관별 현황 첨부"), _facility_status),
    SnapshotSource("care_gaps", _("돌봄 공백 현황 첨부"), _care_gaps),
    SnapshotSource(
        "commitment_trends", _("건의사항 추진 추이 첨부"), _commitment_trends, form=YearRangeForm
    ),
)

# Other council pages: the extra staff links, by page.
COUNCIL_LINKS = (CouncilLink("meeting_list", _("결과 파일로 가져오기"), "reports:past_import"),)

# 내 회의 (council:my_meetings): notes under each meeting, and the member page they link to.
MEMBER_NOTES = (
    MemberNotesProvider(
        "commitments",
        member_notes.notes_for,
        _("건의사항 추진 현황·알림 설정"),
        "proposals:member_follow_ups",
    ),
)

# A member's opinion page and 내 회의, once the result is public: what became of
# each point, and where to read the result.
POINT_OUTCOMES = (member_results.point_outcomes,)
RESULT_LINKS = (member_results.result_links,)

# manage.py send_reminders (cron): other apps' scheduled work, in the order it runs.
SCHEDULED_JOBS = (
    ScheduledJob("commitment_reminders", commitment_services.reminders_job),
    # Notices to departments when proposals are routed to them, and staff's daily
    # digest of the public's correction requests (council.notices outbox).
    ScheduledJob("proposals_routed", proposal_notices.routed_job),
    ScheduledJob("corrections_digest", facility_notices.digest_job),
)

# Work that keeps a closed round closed: a later deadline is refused once
# any of these answers yes (council.services.meetings.extend_deadline).
AGGREGATION_STARTED = (proposal_services.aggregation_started,)

# manage.py send_notices (the worker; send_reminders too): long work each round.
WORKER_TASKS = (jobs.worker_task,)
