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


def test_the_page_reads_well_and_prints_only_the_document(world, client):
    """h1 and h2 differ, the tables have captions, `개 요` is read as 개요, and a print
    stylesheet hides everything around the document (issue 25, items 6 and 9)."""
    import re

    from django.contrib.staticfiles import finders

    meeting = make_result_meeting(world.council, proposals=1)
    publish_meeting(meeting=meeting, user=world.staff)
    page = client.get(reverse("archive:detail", args=[world.council.slug, meeting.slug]))
    html = page.content.decode()

    def text(pattern: str) -> str:
        return re.sub(r"<[^>]+>", "", re.search(pattern, html, re.S)[1]).strip()

    h1, h2 = text(r"<h1[^>]*>(.*?)</h1>"), text(r"<h2[^>]*>(.*?)</h2>")
    assert h1 and h2 and h1 != h2 and h2 not in h1
    assert "건의사항 상세내역" in text(r"<caption[^>]*>(.*?)</caption>")
    assert 'aria-label="개요">개 요</h3>' in html
    link = re.search(
        r'<link rel="stylesheet" href="([^"]+archive-print[^"]*)" media="print">', html
    )
    assert link
    css = open(finders.find("css/archive-print.css"), encoding="utf-8").read()
    assert "@media print" in css and "main > :not(.result-document)" in css
