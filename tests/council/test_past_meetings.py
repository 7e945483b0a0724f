"""Past meetings by form (real dates, no invented deadline) and attendance of
in-person and video meetings, as the result document's 참 석 line shows them."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from council.models import Meeting
from reports.document import build_result_context
from tests import factories
from tests.factories import make_open_meeting

FORM = {
    "year": "2024",
    "half": "1",
    "method": "in_person",
    "period_start": "2024-06-12",
    "period_end": "2024-06-12",
    "deadline": "",
    "invited_count": "12",
    "submitted_count": "0",
    "attended_count": "10",
    "agenda": "기관별 현황 보고\n\n방학 중 돌봄 논의\n",
}


def _record(client, **changes):
    return client.post(
        reverse("council:meeting_record", args=["geumjeong"]), {**FORM, **changes}, follow=True
    )


def test_staff_record_a_meeting_held_with_its_real_dates_and_attendance(world, client):
    client.force_login(world.staff)
    body = _record(client).content.decode()
    assert "지난 회의를 기록했습니다" in body
    meeting = Meeting.objects.get(council=world.council)
    assert meeting.recorded and meeting.status == Meeting.Status.CLOSED
    assert meeting.deadline is None  # nothing invented
    assert (meeting.period_start, meeting.period_end) == (dt.date(2024, 6, 12),) * 2
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "기관별 현황 보고",
        "방학 중 돌봄 논의",
    ]
    assert build_result_context(meeting)["doc"].attendance == "위원 12명 ▷ 참석 10명"
    assert "건의사항 입력 (지난 회의 기록)" in body  # the next step, from proposals


def test_a_written_past_meeting_counts_submitted_opinions(world, client):
    client.force_login(world.staff)
    _record(
        client,
        method="written",
        attended_count="",
        submitted_count="7",
        invited_count="10",
        deadline="2023-12-22T18:00",
    )
    meeting = Meeting.objects.get(council=world.council)
    assert meeting.deadline == dt.datetime(2023, 12, 22, 18, 0, tzinfo=factories.SEOUL)
    assert build_result_context(meeting)["doc"].attendance == "위원 10명 ▷ 의견제출 7명"


def test_it_refuses_a_meeting_not_yet_over_a_taken_half_or_missing_attendance(world, client):
    client.force_login(world.staff)
    future = dt.date.today() + dt.timedelta(days=3)
    body = _record(client, period_end=future.isoformat()).content.decode()
    assert "이미 끝난 회의만 남길 수 있습니다" in body
    body = _record(client, attended_count="").content.decode()
    assert "대면·화상 회의는 참석 위원 수를 적으세요." in body
    body = _record(client, attended_count="13").content.decode()
    assert "위원 수보다 많을 수 없습니다" in body
    assert not Meeting.objects.exists()
    _record(client)
    assert "이미 있습니다" in _record(client).content.decode()
    assert Meeting.objects.count() == 1


def test_a_recorded_meeting_gets_proposals_responses_and_its_real_publication_date(world, client):
    client.force_login(world.staff)
    _record(client)
    meeting = Meeting.objects.get(council=world.council)
    args = ["geumjeong", meeting.slug]
    response = client.post(
        reverse("proposals:proposal_new", args=args),
        {
            "category": world.council.categories.first().pk,
            "headline": "방학 중 돌봄 공백 해소",
            "details": "학교 돌봄교실 공사 기간 대책",
            "department": world.department.pk,
        },
        follow=True,
    )
    assert "1번 건의사항을 추가했습니다" in response.content.decode()
    proposal = meeting.proposals.get()
    client.post(
        reverse("proposals:response_edit", args=[*args, 1]),
        {
            "version": 0,
            "state": "partial",
            "lines": "지역아동센터 일시돌봄 연계",
            "commitments-TOTAL_FORMS": "1",
            "commitments-INITIAL_FORMS": "0",
            "commitments-0-what": "일시돌봄 안내문 배포",
            "commitments-0-department": world.department.pk,
            "commitments-0-due_date": "2024-08-31",
            "submit": "1",
        },
    )
    assert proposal.response.commitments.get().what == "일시돌봄 안내문 배포"
    publish = reverse("reports:publish", args=args)
    refused = client.post(publish, {"published_on": "2024-06-01"}, follow=True)
    assert "결과 공개일은 회의 기간 종료일부터 오늘 사이여야 합니다." in refused.content.decode()
    client.post(publish, {"published_on": "2024-06-20"})
    result = meeting.publications.get()
    assert result.published_at == dt.datetime(2024, 6, 20, 10, 0, tzinfo=factories.SEOUL)
    assert "위원 12명 ▷ 참석 10명" in result.html


def test_proposals_are_added_by_hand_only_to_recorded_meetings(world, client):
    meeting = factories.make_meeting(world.council, status=Meeting.Status.CLOSED)
    client.force_login(world.staff)
    url = reverse("proposals:proposal_new", args=["geumjeong", meeting.slug])
    body = client.post(
        url, {"category": world.council.categories.first().pk, "headline": "몰래 추가"}
    ).content.decode()
    assert "의견 취합" in body and not meeting.proposals.exists()


def test_attendance_of_an_in_person_meeting_counts_in_the_document(world, client):
    third = factories.make_member(world.council, "third")
    meeting = make_open_meeting(world.council, invite=[world.member, world.other_member, third])
    meeting.method = Meeting.Method.IN_PERSON
    meeting.save()
    client.force_login(world.staff)
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("council:attendance", args=["geumjeong", meeting.slug]) in detail
    response = client.post(
        reverse("council:attendance", args=["geumjeong", meeting.slug]),
        {"attended": [world.member.pk, third.pk]},
        follow=True,
    )
    assert "위원 3명 중 2명" in response.content.decode()
    assert build_result_context(meeting)["doc"].attendance == "위원 3명 ▷ 참석 2명"
    meeting.method = Meeting.Method.WRITTEN
    meeting.save()
    assert build_result_context(meeting)["doc"].attendance.startswith("위원 3명 ▷ 의견제출")


def test_a_recorded_meeting_shows_its_recorded_counts_not_zero(world, client):
    """The dashboard and the meeting list show 8 / 11 for a meeting recorded with
    those counts, not 0 / 0, and no tracker link (it has none) (issue 29)."""
    client.force_login(world.staff)
    _record(
        client,
        method="written",
        attended_count="",
        submitted_count="8",
        invited_count="11",
        deadline="2024-06-12T18:00",
    )
    for url in (
        reverse("portal:dashboard", args=["geumjeong"]),
        reverse("council:meeting_list", args=["geumjeong"]),
    ):
        html = client.get(url).content.decode()
        assert "8 / 11" in html, url
        assert "0 / 0" not in html, url
        assert "/opinions/" not in html, url
