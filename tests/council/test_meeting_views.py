"""Staff meeting pages: create/edit while draft, agenda, snapshot, open and close."""

import datetime as dt

import time_machine
from django.urls import reverse

from council.models import AgendaItem, Meeting
from tests import factories
from tests.factories import SEOUL, make_draft_meeting


def test_it_creates_a_meeting_with_a_deadline_in_seoul_time(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("council:meeting_create", args=["geumjeong"]),
        {
            "year": "2030",
            "half": "1",
            "method": "written",
            "period_start": "2030-06-10",
            "period_end": "2030-06-12",
            "deadline_0": "2030-06-12",
            "deadline_1": "18:00",
        },
    )
    meeting = Meeting.objects.get(council=world.council, year=2030)
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.slug == "2030-h1"
    assert meeting.status == Meeting.Status.DRAFT
    assert meeting.deadline == dt.datetime(2030, 6, 12, 18, 0, tzinfo=SEOUL)


def test_it_refuses_a_second_meeting_for_the_same_half_and_a_reversed_period(client, world):
    make_draft_meeting(world.council)
    client.force_login(world.staff)
    response = client.post(
        reverse("council:meeting_create", args=["geumjeong"]),
        {
            "year": "2023",
            "half": "2",
            "method": "written",
            "period_start": "2023-12-22",
            "period_end": "2023-12-20",
            "deadline_0": "2023-12-22",
            "deadline_1": "18:00",
        },
    )
    html = response.content.decode()
    assert "같은 연도·반기의 회의가 이미 있습니다" in html
    assert "기간 종료일은 시작일보다 빠를 수 없습니다" in html


def test_it_edits_only_a_draft(client, world):
    meeting = make_draft_meeting(world.council)
    client.force_login(world.staff)
    url = reverse("council:meeting_edit", args=["geumjeong", meeting.slug])
    assert client.get(url).status_code == 200
    meeting.status = Meeting.Status.OPEN
    meeting.save()
    response = client.get(url, follow=True)
    assert "준비 중인 회의만 고칠 수 있습니다" in response.content.decode()


def test_it_adds_moves_and_deletes_agenda_items(client, world):
    meeting = make_draft_meeting(world.council)
    client.force_login(world.staff)
    client.post(
        reverse("council:agenda_add", args=["geumjeong", meeting.slug]),
        {"kind": "discussion", "title": "운영방향 논의", "body": "첫 줄\n둘째 줄"},
    )
    second = AgendaItem.objects.get(title="운영방향 논의")
    assert second.order == 2
    client.post(
        reverse("council:agenda_move", args=["geumjeong", meeting.slug, second.pk]),
        {"direction": "up"},
    )
    assert [i.title for i in meeting.agenda_items.all()] == [
        "운영방향 논의",
        "금정구 초등돌봄 기관별 현황",
    ]
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "논의" in html and "첫 줄\n둘째 줄" in html
    client.post(reverse("council:agenda_delete", args=["geumjeong", meeting.slug, second.pk]))
    assert not AgendaItem.objects.filter(pk=second.pk).exists()


def test_it_attaches_a_frozen_facility_snapshot(client, world):
    meeting = make_draft_meeting(world.council)
    item = meeting.agenda_items.get()
    client.force_login(world.staff)
    client.post(
        reverse(
            "council:agenda_snapshot", args=["geumjeong", meeting.slug, item.pk, "facility_status"]
        ),
        {"as_of": "2023-12-01"},
    )
    item.refresh_from_db()
    assert item.snapshot_as_of == dt.date(2023, 12, 1)
    assert item.snapshot["as_of"] == "2023-12-01"
    assert item.snapshot["tables"][0]["caption"] == "유형별 현황 (2023. 12. 1. 기준)"
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "기관별 현황 (2023. 12. 1. 기준)" in html


def test_it_opens_and_closes_by_buttons_with_korean_messages(client, world):
    meeting = make_draft_meeting(world.council, deadline=dt.datetime(2099, 1, 1, tzinfo=SEOUL))
    client.force_login(world.staff)
    response = client.post(
        reverse("council:meeting_open", args=["geumjeong", meeting.slug]), follow=True
    )
    assert "참석 대상 위원 2명이 확정되었습니다" in response.content.decode()
    response = client.post(
        reverse("council:meeting_close", args=["geumjeong", meeting.slug]), follow=True
    )
    assert "의견 접수를 마감했습니다" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED


def test_it_explains_why_a_meeting_cannot_open(client, world):
    meeting = make_draft_meeting(world.council, deadline=dt.datetime(2020, 1, 1, tzinfo=SEOUL))
    client.force_login(world.staff)
    response = client.post(
        reverse("council:meeting_open", args=["geumjeong", meeting.slug]), follow=True
    )
    assert "마감 시각이 이미 지났습니다" in response.content.decode()


def test_the_meeting_page_shows_members_a_link_to_their_opinion(client, world):
    deadline = dt.datetime(2099, 1, 1, tzinfo=SEOUL)
    meeting = factories.make_meeting(world.council, invite=[world.member], deadline=deadline)
    with time_machine.travel(dt.datetime(2098, 12, 31, tzinfo=SEOUL), tick=False):
        client.force_login(world.member.user)
        html = client.get(meeting.get_absolute_url()).content.decode()
    assert "내 의견서" in html
    assert reverse("council:my_opinion", args=["geumjeong", meeting.slug]) in html


def test_keep_alive_answers_204(client, world):
    client.force_login(world.member.user)
    assert client.get(reverse("council:keep_alive", args=["geumjeong"])).status_code == 204


def test_it_shows_korean_dates_with_a_one_letter_weekday(client, world):
    meeting = factories.make_meeting(
        world.council, deadline=dt.datetime(2023, 12, 22, 18, 0, tzinfo=SEOUL)
    )
    client.force_login(world.staff)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "2023. 12. 20.(수) ~ 12. 22.(금)" in html
    assert "2023. 12. 22.(금) 18:00" in html


def test_a_closed_meeting_leads_staff_to_aggregation_responses_and_the_result(client, world):
    meeting = factories.make_meeting(world.council, status=Meeting.Status.CLOSED)
    links = [
        reverse("proposals:aggregate", args=["geumjeong", meeting.slug]),
        reverse("proposals:response_list", args=["geumjeong", meeting.slug]),
        reverse("reports:preview", args=["geumjeong", meeting.slug]),
    ]
    client.force_login(world.staff)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert all(link in html for link in links)
    client.force_login(world.member.user)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert not any(link in html for link in links)


def test_an_unknown_report_cannot_be_attached(client, world):
    meeting = make_draft_meeting(world.council)
    item = meeting.agenda_items.get()
    client.force_login(world.staff)
    url = reverse("council:agenda_snapshot", args=["geumjeong", meeting.slug, item.pk, "nope"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"as_of": "2023-12-01"}).status_code == 404
    item.refresh_from_db()
    assert item.snapshot is None


def test_a_draft_meeting_offers_no_result_preview(client, world):
    """Nothing to preview or publish before the round opens (issue 29)."""
    meeting = make_draft_meeting(world.council)
    client.force_login(world.staff)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "회의 결과 미리보기·공개" not in html
    opened = factories.make_open_meeting(world.council, invite=[world.member], year=2031)
    assert "회의 결과 미리보기·공개" in client.get(opened.get_absolute_url()).content.decode()
