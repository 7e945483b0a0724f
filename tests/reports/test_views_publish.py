"""Publishing from the preview page: a warning first when responses are not final."""

from __future__ import annotations

from django.urls import reverse

from council.models import AuditEvent, Meeting
from proposals.models import DepartmentResponse
from reports.models import PublishedResult
from tests.factories import make_answered_proposal, make_result_meeting


def test_it_asks_before_publishing_with_non_final_responses(world, client):
    meeting = make_result_meeting(world.council, proposals=0)
    make_answered_proposal(meeting, 1)
    make_answered_proposal(
        meeting,
        2,
        headline="운영 시간 연장",
        response_lines="초안",
        response_status=DepartmentResponse.Status.DRAFT,
    )
    client.force_login(world.staff)
    url = reverse("reports:publish", args=[world.council.slug, meeting.slug])

    response = client.post(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "공개 전 확인" in page and "운영 시간 연장" in page and "작성 중" in page
    assert not PublishedResult.objects.exists()

    response = client.post(url, {"confirm_incomplete": "1"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "reports:preview", args=[world.council.slug, meeting.slug]
    )
    assert "회의 결과를 공개했습니다 (제1판)" in response.content.decode()
    result = PublishedResult.objects.get()
    assert "초안" not in result.html
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert AuditEvent.objects.filter(action="result_publish").count() == 1


def test_it_publishes_straight_away_when_every_response_is_final(world, client):
    meeting = make_result_meeting(world.council, proposals=2)
    client.force_login(world.staff)

    response = client.post(reverse("reports:publish", args=[world.council.slug, meeting.slug]))

    assert response.status_code == 302
    assert PublishedResult.objects.get().version == 1
    # Older versions stay downloadable by staff.
    file_response = client.get(
        reverse("reports:published_file", args=[world.council.slug, meeting.slug, 1, "xlsx"])
    )
    assert file_response.status_code == 200
    hwpx = client.get(
        reverse("reports:published_file", args=[world.council.slug, meeting.slug, 1, "hwpx"])
    )
    assert hwpx.status_code == 200 and hwpx["Content-Type"] == "application/hwp+zip"
    assert hwpx.content.startswith(b"PK")
    # The public archive offers it too, beside PDF and xlsx.
    archive = client.get(reverse("archive:detail", args=[world.council.slug, meeting.slug]))
    assert reverse("archive:file", args=[world.council.slug, meeting.slug, "hwpx"]) in (
        archive.content.decode()
    )
    public = client.get(reverse("archive:file", args=[world.council.slug, meeting.slug, "hwpx"]))
    assert public.status_code == 200 and public.content == hwpx.content


def test_it_explains_why_an_open_meeting_cannot_be_published(world, client):
    meeting = make_result_meeting(world.council, proposals=1, status=Meeting.Status.OPEN)
    client.force_login(world.staff)

    response = client.post(
        reverse("reports:publish", args=[world.council.slug, meeting.slug]), follow=True
    )

    assert "마감된 회의만 결과를 공개할 수 있습니다" in response.content.decode()
    assert not PublishedResult.objects.exists()


def test_it_does_not_let_members_publish(world, client):
    meeting = make_result_meeting(world.council, proposals=1)
    client.force_login(world.member.user)

    response = client.post(reverse("reports:publish", args=[world.council.slug, meeting.slug]))

    assert response.status_code == 403
    assert not PublishedResult.objects.exists()
