"""The staff submission tracker and opinions entered on a member's behalf."""

import datetime as dt

import pytest
from django.urls import reverse

from council.models import Opinion
from tests import factories
from tests.factories import SEOUL, make_members, make_open_meeting


def _tracker(meeting):
    return reverse("council:tracker", args=["geumjeong", meeting.slug])


def test_it_counts_who_submitted_out_of_the_invited(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member, world.other_member])
    factories.make_opinion(meeting, world.member)
    client.force_login(world.staff)
    html = client.get(_tracker(meeting)).content.decode()
    assert "1 / 2" in html
    assert "참석 대상 위원 2명 중 1명 제출" in html
    assert "김위원" in html and "이위원" in html
    assert "12. 21. 10:00" in html  # when the member submitted
    assert "미제출 위원 1명에게 독려 알림 보내기" in html


def test_it_records_and_shows_an_opinion_entered_on_behalf(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member, world.other_member])
    client.force_login(world.staff)
    url = reverse("council:opinion_on_behalf", args=["geumjeong", meeting.slug, world.member.pk])
    response = client.post(
        url,
        {
            "channel": "fax",
            "received_at_0": "2023-12-21",
            "received_at_1": "09:40",
            "behalf_note": "12. 21. 팩스 접수",
            "version": "0",
            "points-TOTAL_FORMS": "2",
            "points-INITIAL_FORMS": "0",
            "points-MIN_NUM_FORMS": "0",
            "points-MAX_NUM_FORMS": "30",
            "points-0-text": "팩스로 받은 의견",
            "points-1-text": "",
        },
        follow=True,
    )
    assert "김위원 위원의 의견서를 대리 입력했습니다" in response.content.decode()
    opinion = Opinion.objects.get(meeting=meeting, member=world.member)
    assert opinion.status == Opinion.Status.SUBMITTED
    assert opinion.channel == Opinion.Channel.FAX
    assert opinion.entered_by == world.staff
    assert opinion.behalf_note == "12. 21. 팩스 접수"
    assert opinion.received_at == dt.datetime(2023, 12, 21, 9, 40, tzinfo=SEOUL)
    # The fax arrived 12. 21. 09:40: that is when it was submitted; the typing time
    # is kept separately.
    assert opinion.submitted_at == opinion.received_at
    assert opinion.entered_at is not None and opinion.entered_at != opinion.submitted_at

    tracker_html = client.get(_tracker(meeting)).content.decode()
    assert "대리 입력" in tracker_html and "팩스" in tracker_html
    assert "12. 21. 팩스 접수" in tracker_html
    assert '<td data-label="제출 시각">2023. 12. 21. 09:40</td>' in tracker_html

    detail = reverse("council:opinion_detail", args=["geumjeong", meeting.slug, opinion.pk])
    staff_html = client.get(detail).content.decode()
    assert "팩스로 받은 의견" in staff_html and "입력: staff" in staff_html

    client.force_login(world.member.user)
    member_html = client.get(detail).content.decode()
    assert "대리 입력" in member_html and "팩스" in member_html


def test_it_refuses_on_behalf_for_a_member_not_invited(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member])
    client.force_login(world.staff)
    url = reverse(
        "council:opinion_on_behalf", args=["geumjeong", meeting.slug, world.other_member.pk]
    )
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("n", [3, 40])
def test_its_query_count_does_not_grow_with_members(client, world, n, django_assert_num_queries):
    members = make_members(world.council, n)
    meeting = make_open_meeting(world.council, invite=members)
    for member in members[: n - 1]:
        opinion = factories.make_opinion(meeting, member, ["하나", "둘"])
        opinion.channel = "paper"
        opinion.entered_by = world.staff
        opinion.save()
    client.force_login(world.staff)
    client.post(reverse("council:meeting_remind", args=["geumjeong", meeting.slug]))
    with django_assert_num_queries(TRACKER_QUERIES):
        response = client.get(_tracker(meeting))
    assert f"{n - 1} / {n}" in response.content.decode()


# The same number at 3 and at 40 members (measured: 11, with the last notice of each
# member and the unreachable ones in one query, and the notices still to be
# written), + 3 for the
# audit record of the view (the chain's head read and moved, the record:
# council.audit_chain).
TRACKER_QUERIES = 14


def _behalf_post(client, meeting, member, **extra):
    url = reverse("council:opinion_on_behalf", args=["geumjeong", meeting.slug, member.pk])
    data = {
        "channel": "fax",
        "version": "0",
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "30",
        "points-0-text": "팩스로 받은 의견",
    }
    data.update(extra)
    return client.post(url, data)


def test_a_received_time_before_the_round_opened_asks_staff_to_confirm(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member])
    meeting.opened_at = dt.datetime(2023, 12, 20, 9, 0, tzinfo=SEOUL)
    meeting.save()
    client.force_login(world.staff)
    early = {"received_at_0": "2023-12-19", "received_at_1": "16:30"}

    html = _behalf_post(client, meeting, world.member, **early).content.decode()
    assert "의견 접수를 시작한 때(2023. 12. 20. 09:00)보다 이릅니다" in html
    assert "팩스로 받은 의견" in html  # what staff typed is kept
    assert not Opinion.objects.filter(meeting=meeting).exists()

    _behalf_post(client, meeting, world.member, confirmed_before_opening="on", **early)
    opinion = Opinion.objects.get(meeting=meeting)
    assert opinion.submitted_at == dt.datetime(2023, 12, 19, 16, 30, tzinfo=SEOUL)


def test_a_received_time_after_the_deadline_needs_a_recorded_reason(client, world):
    meeting = make_open_meeting(
        world.council,
        invite=[world.member],
        deadline=dt.datetime(2023, 12, 22, 18, 0, tzinfo=SEOUL),
    )
    meeting.status = meeting.Status.CLOSED
    meeting.save()
    client.force_login(world.staff)
    late = {"received_at_0": "2023-12-23", "received_at_1": "09:10"}

    html = _behalf_post(client, meeting, world.member, **late).content.decode()
    assert "마감(2023. 12. 22. 18:00)보다 늦어 받을 수 없습니다" in html
    assert not Opinion.objects.filter(meeting=meeting).exists()

    reason = "팩스 발신 기록 12. 22. 17:58, 수신 확인이 늦음"
    _behalf_post(client, meeting, world.member, late_reason=reason, **late)
    opinion = Opinion.objects.get(meeting=meeting)
    assert opinion.late_reason == reason
    client.force_login(world.staff)
    tracker_html = client.get(_tracker(meeting)).content.decode()
    assert f"마감 후 접수 사유: {reason}" in tracker_html
