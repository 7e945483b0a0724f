"""Commitments that feed the 지역사회보장계획: 세부사업 and indicators on a commitment, and
the year's results in the plan's four parts as spreadsheet and HWPX, read back."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lib.errors import Refused
from proposals.models import PlanProject
from proposals.plan_services import PlanFields, set_plan_fields
from reports.plan_results import build_plan_results, plan_results_hwpx, plan_results_xlsx
from tests import factories
from tests.reports.hwpx_reading import read_hwpx

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def year(world):
    meeting = factories.make_result_meeting(world.council, proposals=3, invited=3, submitted=2)
    p1, p2, p3 = meeting.proposals.order_by("number")
    done = factories.make_commitment(p1, what="센터 개소", status="완료")
    late = factories.make_commitment(
        p1, what="야간돌봄 확대", status="추진 중", due_date=dt.date(2023, 10, 1)
    )
    factories.make_commitment(p2, what="부지 확보", status="추진 불가", reason="예산 없음")
    set_plan_fields(
        commitment=done,
        fields=PlanFields(
            project_code="1-1-01",
            project_name="다함께돌봄센터 확충",
            indicator="개소 수",
            unit="개소",
            target_value=Decimal(2),
            actual_value=Decimal(1),
            budget=300_000_000,
        ),
    )
    set_plan_fields(commitment=late, fields=PlanFields(project_code="1-1-01", budget=20_000_000))
    # Not the year's: a 2024 round, and a draft response's commitment.
    later = factories.make_result_meeting(world.council, proposals=1, year=2024, half=1)
    factories.make_commitment(later.proposals.get(), what="2024년 일")
    return world


def test_the_same_code_is_kept_per_council_and_bad_fields_are_refused(year):
    other = factories.make_result_meeting(year.other_council, proposals=1)
    theirs = factories.make_commitment(other.proposals.get(), what="해운대 사업")
    set_plan_fields(
        commitment=theirs, fields=PlanFields(project_code="1-1-01", project_name="해운대 돌봄")
    )
    projects = PlanProject.objects.filter(code="1-1-01").order_by("council__slug")
    assert [(p.council.slug, p.name) for p in projects] == [
        ("geumjeong", "다함께돌봄센터 확충"),
        ("haeundae", "해운대 돌봄"),
    ]
    with pytest.raises(Refused, match="‘다함께돌봄센터 확충’ 세부사업입니다"):
        set_plan_fields(
            commitment=year.council.meetings.get(year=2023)
            .proposals.first()
            .response.commitments.first(),
            fields=PlanFields(project_code="1-1-01", project_name="다른 이름"),
        )
    with pytest.raises(Refused, match="성과지표도 적어 주세요"):
        set_plan_fields(commitment=theirs, fields=PlanFields(target_value=Decimal(3)))


def test_the_year_in_four_parts(year):
    results = build_plan_results(council=year.council, year=2023, today=TODAY)
    assert results.title == "2023년 금정구 지역돌봄협의체 연차별 시행결과 (지역사회보장계획 연계)"
    assert [(b.code, b.name, len(b.commitments)) for b in results.projects] == [
        ("1-1-01", "다함께돌봄센터 확충", 2),
        ("", "세부사업 미지정", 1),
    ]
    project = results.projects[0]
    assert project.budget == 320_000_000 and project.with_indicator == 1
    opened = project.commitments[0]
    assert (opened.what, opened.achievement, opened.status) == ("센터 개소", 50.0, "완료 (100%)")
    assert project.commitments[1].overdue  # due 2023-10-01, no note since
    p = results.participation
    assert (p.rounds, p.invited, p.submitting, p.proposals, p.final_responses) == (1, 3, 2, 3, 3)
    assert (p.commitments, p.completed, p.in_progress, p.overdue, p.dropped) == (3, 1, 1, 1, 1)
    assert p.submission_rate == 66.7 and p.completion_rate == 33.3


def test_the_spreadsheet_and_the_hwpx_read_back(year):
    results = build_plan_results(council=year.council, year=2023, today=TODAY)
    name, _type, content = plan_results_xlsx(results)
    assert name == f"{year.council.slug}-plan-results-2023.xlsx"
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["1부", "2부", "3부", "4부"]
    for sheet in book.worksheets:  # printed on A4, fitted to the width, titles repeated
        assert sheet.page_setup.paperSize == 9 and sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$3"
        # No `'-` for "none": an empty cell (the tables' `-`).
        assert all(c != "'-" for r in sheet.iter_rows(values_only=True) for c in r)
    first = [tuple(r) for r in book["1부"].iter_rows(values_only=True)]
    assert first[1] == ("1. 계획의 충실성", None, None, None, None)
    # Counts and the budget are numbers a clerk can sum.
    assert first[3] == ("1-1-01", "다함께돌봄센터 확충", 2, 1, 320000000)
    assert book["1부"]["E4"].number_format == "#,##0"
    second = [tuple(r) for r in book["2부"].iter_rows(values_only=True)]
    assert second[3] == (
        "1-1-01",
        "센터 개소",
        "교육지원과",  # the council's first department by name
        "완료 (100%)",
        "개소 수",
        "2개소",
        "1개소",
        0.5,  # shown as 50.0%
    )
    assert book["2부"]["H4"].number_format == "0.0%"
    assert "기한 지남" in second[4][3]
    third = dict(r[:2] for r in book["3부"].iter_rows(min_row=4, values_only=True))
    assert third["회의 개최"] == "1회" and third["의견 제출 (연인원)"] == "2명"
    fourth = dict(r[:2] for r in book["4부"].iter_rows(min_row=4, values_only=True))
    assert (fourth["완료"], fourth["기한 지남"], fourth["추진 불가"]) == ("1건", "1건", "1건")

    _name, _type, package = plan_results_hwpx(results)
    hwpx = read_hwpx(package)
    blocks = [" ".join(b.split()) for b in hwpx.blocks]
    order = [
        blocks.index("1. 계획의 충실성"),
        blocks.index("2. 시행결과의 목표 달성도"),
        blocks.index("3. 지역주민 참여도·만족도"),
        blocks.index("4. 시행과정의 적정성"),
    ]
    assert order == sorted(order)
    assert "다함께돌봄센터 확충" in blocks and "320,000,000" in blocks and "50.0%" in blocks
    assert blocks[0] == results.title
    # 한글's open dialog: the package names the document and previews its opening text.
    archive = zipfile.ZipFile(io.BytesIO(package))
    preview = archive.read("Preview/PrvText.txt").decode("utf-8")
    assert preview.startswith(results.title) and "1. 계획의 충실성" in preview
    assert results.title in archive.read("Contents/content.hpf").decode("utf-8")


def test_the_page_and_downloads_cost_the_same_queries_for_more_commitments(year, client):
    client.force_login(year.staff)
    url = reverse("reports:plan_results", args=[year.council.slug])
    page = client.get(url, {"year": "2023"})
    assert "다함께돌봄센터 확충" in page.content.decode()
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"year": "2023"})
    meeting = year.council.meetings.get(year=2023)
    for number in range(4, 12):
        proposal = factories.make_answered_proposal(meeting, number)
        for k in range(3):
            commitment = factories.make_commitment(proposal, what=f"추가 {number}-{k}")
            set_plan_fields(
                commitment=commitment,
                fields=PlanFields(project_code=f"2-{number}", project_name=f"사업 {number}"),
            )
    factories.make_result_meeting(year.council, proposals=2, year=2023, half=1)
    with CaptureQueriesContext(connection) as large:
        assert "사업 11" in client.get(url, {"year": "2023"}).content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    download = client.get(
        reverse("reports:plan_results_file", args=[year.council.slug, 2023, "hwpx"])
    )
    assert download["Content-Disposition"].startswith("attachment;")
    assert read_hwpx(download.content).blocks[0].startswith("2023년 금정구")
    assert (
        client.get(
            reverse("reports:plan_results_file", args=[year.council.slug, 2023, "pdf"])
        ).status_code
        == 404
    )


def test_staff_file_a_commitment_under_a_project_on_its_page(year, client):
    commitment = (
        year.council.meetings.get(year=2023).proposals.get(number=2).response.commitments.get()
    )
    client.force_login(year.staff)
    url = reverse("proposals:commitment_plan", args=[year.council.slug, commitment.pk])
    bad = client.post(url, {"project_code": "9-9", "indicator": "", "target_value": "-1"})
    assert "새 세부사업 코드이면 세부사업명을 적어 주세요." in bad.content.decode()
    response = client.post(
        url,
        {
            "project_code": "9-9",
            "project_name": "부지 확보 사업",
            "indicator": "확보 면적",
            "unit": "㎡",
            "target_value": "500",
            "actual_value": "0",
            "budget": "0",
        },
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.plan_project.name == "부지 확보 사업"
    assert (commitment.target_value, commitment.actual_value, commitment.budget) == (500, 0, 0)
    detail = client.get(response["Location"]).content.decode()
    assert "9-9 부지 확보 사업" in detail
