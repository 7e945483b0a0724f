"""The public archive: published results for anyone, nothing else, no member's opinion."""

from __future__ import annotations

from django.urls import reverse

from council.models import Meeting
from reports.services import publish_meeting
from tests.factories import make_result_meeting


def test_it_lists_published_results_by_year_for_anonymous_visitors(world, client):
    published = make_result_meeting(world.council, proposals=1, year=2023)
    publish_meeting(meeting=published, user=world.staff)
    make_result_meeting(world.council, proposals=1, year=2024, half=1)  # not published

    response = client.get(reverse("archive:index"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "2023년 하반기 금정구 지역돌봄협의체 회의 결과" in page
    assert "2024년 상반기" not in page
    assert reverse("archive:file", args=[world.council.slug, "2023-h2", "pdf"]) in page
    assert reverse("archive:file", args=[world.council.slug, "2023-h2", "xlsx"]) in page


def test_it_shows_the_latest_version_without_members_opinions(world, client):
    meeting = make_result_meeting(world.council, proposals=1)
    publish_meeting(meeting=meeting, user=world.staff)
    meeting.proposals.update(headline="두 번째 판의 제목")
    publish_meeting(meeting=meeting, user=world.staff)

    response = client.get(reverse("archive:detail", args=[world.council.slug, meeting.slug]))
    pdf = client.get(reverse("archive:file", args=[world.council.slug, meeting.slug, "pdf"]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "두 번째 판의 제목" in page and "제2판" in page
    # The factories' opinion points say this; they must never be public.
    assert "위원 개인 의견" not in page
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_it_hides_meetings_that_are_not_published(world, client):
    meeting = make_result_meeting(world.council, proposals=1)
    publish_meeting(meeting=meeting, user=world.staff)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CLOSED)

    for url in (
        reverse("archive:detail", args=[world.council.slug, meeting.slug]),
        reverse("archive:file", args=[world.council.slug, meeting.slug, "pdf"]),
        reverse("archive:detail", args=[world.council.slug, "2031-h1"]),
    ):
        assert client.get(url).status_code == 404
    assert (
        "공개된 회의 결과가 아직 없습니다." in client.get(reverse("archive:index")).content.decode()
    )
