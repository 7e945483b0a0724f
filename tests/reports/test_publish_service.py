"""`publish_meeting`: versions that never change once stored."""

from __future__ import annotations

import hashlib

import pytest
from django.http import Http404

from council.models import Meeting
from proposals.models import DepartmentResponse, Proposal
from reports.models import PublishedResult
from reports.services import PublishError, publish_meeting, read_published_file
from tests.factories import make_answered_proposal, make_result_meeting
from tests.reports.hwpx_reading import read_hwpx


def test_it_publishes_versions_and_never_changes_a_stored_one(world):
    meeting = make_result_meeting(world.council, proposals=0)
    make_answered_proposal(meeting, 1, headline="처음 제목")
    make_answered_proposal(
        meeting, 2, response_lines="작성 중 의견", response_status=DepartmentResponse.Status.DRAFT
    )

    v1 = publish_meeting(meeting=meeting, user=world.staff)
    v1_pdf = read_published_file(v1, "pdf")
    v1_xlsx = read_published_file(v1, "xlsx")
    v1_hwpx = read_published_file(v1, "hwpx")

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert v1.version == 1 and v1.published_by == world.staff
    assert v1.pdf_sha256 == hashlib.sha256(v1_pdf).hexdigest()
    assert v1.xlsx_sha256 == hashlib.sha256(v1_xlsx).hexdigest()
    assert v1.hwpx_sha256 == hashlib.sha256(v1_hwpx).hexdigest()
    assert v1.hwpx.name.endswith("geumjeong-2023-h2-result.hwpx")
    v1_blocks = read_hwpx(v1_hwpx).blocks
    assert "○ 처음 제목" in v1_blocks and "○ 작성 중 의견" not in v1_blocks
    assert "처음 제목" in v1.html and "작성 중 의견" not in v1.html

    Proposal.objects.filter(meeting=meeting, number=1).update(headline="고친 제목")
    v2 = publish_meeting(meeting=meeting, user=world.staff)

    v1.refresh_from_db()
    assert v2.version == 2
    assert "고친 제목" in v2.html and "고친 제목" not in v1.html
    assert read_published_file(v1, "pdf") == v1_pdf
    assert read_published_file(v1, "xlsx") == v1_xlsx
    assert read_published_file(v1, "hwpx") == v1_hwpx
    assert "○ 고친 제목" in read_hwpx(read_published_file(v2, "hwpx")).blocks
    assert v1.pdf_sha256 == hashlib.sha256(v1_pdf).hexdigest()
    assert v2.pdf_sha256 != v1.pdf_sha256
    assert v1.pdf.name != v2.pdf.name
    assert list(meeting.publications.values_list("version", flat=True)) == [2, 1]


def test_it_refuses_a_meeting_still_taking_opinions(world):
    meeting = make_result_meeting(world.council, proposals=1, status=Meeting.Status.OPEN)

    with pytest.raises(PublishError, match="마감"):
        publish_meeting(meeting=meeting, user=world.staff)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN
    assert not PublishedResult.objects.exists()


def test_a_version_published_before_hwpx_existed_has_no_hwpx_to_serve(world):
    meeting = make_result_meeting(world.council, proposals=1)
    result = publish_meeting(meeting=meeting, user=world.staff)
    result.hwpx.storage.delete(result.hwpx.name)
    PublishedResult.objects.filter(pk=result.pk).update(hwpx="", hwpx_sha256="")
    result.refresh_from_db()

    with pytest.raises(Http404):
        read_published_file(result, "hwpx")
    assert read_published_file(result, "pdf").startswith(b"%PDF")


def test_it_notices_a_stored_file_that_was_altered(world):
    meeting = make_result_meeting(world.council, proposals=1)
    result = publish_meeting(meeting=meeting, user=world.staff)
    with result.xlsx.open("wb") as handle:
        handle.write(b"tampered")

    with pytest.raises(PublishError):
        read_published_file(result, "xlsx")
