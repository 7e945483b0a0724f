"""Each event tells the people it concerns: publishing, department routing and
returns, commitments (tests/proposals), the correction digest."""

from __future__ import annotations

import datetime as dt

from django.core import mail

from council.notices import events as notice_events
from council.notices import worker
from council.notices.models import Notice
from facilities.models import CorrectionRequest
from facilities.notices import digest_job
from proposals import notices as proposal_notices
from proposals import services as proposal_services
from reports.services import publish_meeting
from tests import factories
from tests.factories import SEOUL, make_result_meeting
from tests.notices.support import DAY


def test_publishing_tells_every_invited_member_once_with_where_their_points_went(world):
    meeting = make_result_meeting(world.council, invited=3, submitted=2)
    publish_meeting(meeting=meeting, user=world.staff, now=DAY)
    publish_meeting(meeting=meeting, user=world.staff, now=DAY)  # a second version
    assert notice_events.expand_broadcasts(now=DAY) == 3
    notices = Notice.objects.filter(event="result_published")
    assert notices.count() == meeting.invitations.count() == 3
    assert f"/meetings/{meeting.slug}/my-opinion/" in notices.first().body
    assert "내 의견이 어디에 반영되었는지" in notices.first().body


def test_a_returned_response_tells_the_department_s_reviewers(world):
    meeting = factories.make_closed_meeting(world.council)
    proposal = factories.make_answered_proposal(meeting, department=world.department)
    proposal_services.return_response(proposal=proposal, comment="예산 근거를 적어 주세요")
    [notice] = Notice.objects.filter(event="response_returned")
    assert notice.user == world.reviewer and notice.to == world.reviewer.email
    assert "예산 근거를 적어 주세요" in notice.body and "/response/" in notice.body


def test_routing_tells_each_department_when_its_count_changes(world):
    meeting = factories.make_closed_meeting(world.council)
    factories.make_proposal(meeting, department=world.department)
    factories.make_proposal(meeting, department=world.department)
    now = dt.datetime(2099, 1, 5, 10, 0, tzinfo=SEOUL)
    proposal_notices.routed_job(now=now, base_url="")
    proposal_notices.routed_job(now=now, base_url="")  # nothing changed: nothing more
    [notice] = Notice.objects.filter(event="proposals_routed")
    assert notice.user == world.reviewer and "2건" in notice.body
    factories.make_proposal(meeting, department=world.department)
    proposal_notices.routed_job(now=now, base_url="")
    assert Notice.objects.filter(event="proposals_routed").count() == 2


def test_staff_get_one_daily_digest_of_correction_requests(world):
    facility = factories.make_facility(world.council, name="부곡다함께돌봄센터")
    for hour in (9, 15):
        CorrectionRequest.objects.create(
            facility=facility,
            message="운영 시간이 바뀌었습니다",
            client_key="k",
            created_at=dt.datetime(2099, 1, 4, hour, 0, tzinfo=SEOUL),
        )
    morning = dt.datetime(2099, 1, 5, 0, 10, tzinfo=SEOUL)
    assert digest_job(now=morning, base_url="") == "queued 1 correction digest(s)"
    assert (
        digest_job(now=morning + dt.timedelta(hours=3), base_url="")
        == "queued 0 correction digest(s)"
    )
    [notice] = Notice.objects.filter(event="corrections_digest")
    assert notice.user == world.staff
    assert "2건" in notice.body and "부곡다함께돌봄센터" in notice.body
    worker.drain(now=morning)
    assert [m.to for m in mail.outbox] == [[world.staff.email]]
