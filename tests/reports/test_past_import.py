"""Past meetings from the portal's own result spreadsheet: the round trip, carried
progress, the page, and bad input (a Korean row error, nothing imported)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from council.models import Meeting
from lib.xlsx import UploadRejected
from proposals import commitment_services as cs
from proposals import services as ps
from proposals.models import Commitment, CommitmentStatus, DepartmentResponse
from reports import past_import
from reports.exporters import render_xlsx_export
from tests import factories
from tests.factories import make_result_meeting

SEOUL = factories.SEOUL


def _at(y, m, d, hour=10):
    return dt.datetime(y, m, d, hour, tzinfo=SEOUL)


@pytest.fixture
def target(world):
    """An empty council of the same district, with the same categories and departments."""
    council = factories.make_council("geumjeong-archive", "금정구")
    for department in world.council.departments.all():
        factories.make_department(council, department.name)
    staff = factories.make_staff(council, "archive-staff")
    return council, staff


def _meeting_with_commitments(world, *, year=2023, half=2, when=None):
    when = when or _at(2024, 1, 15)
    meeting = make_result_meeting(world.council, proposals=3, year=year, half=half)
    meeting.proposals.update(department=world.department)
    for proposal in meeting.proposals.order_by("number"):
        DepartmentResponse.objects.filter(proposal=proposal).delete()
        if proposal.number == 3:
            continue  # no response yet: the document says 부서 검토 중
        ps.save_response(
            proposal=proposal,
            version=0,
            state="partial" if proposal.number == 1 else "long_term",
            lines=f"{proposal.number}번 첫째 의견\n둘째 의견",
            final=True,
            user=world.staff,
            as_staff=True,
            commitments=[
                cs.CommitmentInput(
                    f"{proposal.number}번 추진 계획", world.department, dt.date(2024, 6, 30)
                ),
                cs.CommitmentInput("학교 안내", world.other_department, dt.date(2024, 9, 30)),
            ],
            now=when,
        )
    return meeting


def _status(council, name):
    return CommitmentStatus.objects.get(council=council, name=name)


def _values(content: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def _file(content: bytes, name="result.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _import(content, council, user, published_on=dt.date(2024, 1, 22)):
    return _plan(content, council, published_on)[0](user)


def _plan(content, council, published_on):
    """Read and judge through the importer; returns (apply, plan)."""
    importer = past_import.PastMeetingImporter(council)
    payload = importer.read({"file": _file(content), "published_on": published_on})
    plan = importer.judge(payload).detail

    def apply(user):
        return importer.apply(payload, user=user, options={})[0]

    return apply, plan


def test_export_import_into_an_empty_council_export_again_is_equal(world, target):
    meeting = _meeting_with_commitments(world)
    first = Commitment.objects.filter(response__proposal__meeting=meeting).first()
    cs.record_progress(
        commitment=first,
        version=1,
        status=_status(world.council, "장기 검토"),
        reason="예산 미확보",
        user=world.reviewer,
        as_staff=False,
        now=_at(2024, 1, 18),
    )
    _name, _type, exported = render_xlsx_export(meeting, final_only=True)
    council, staff = target

    result = _import(exported, council, staff)

    imported = result.meeting
    assert imported.council == council and imported.recorded and imported.is_published
    assert imported.deadline == meeting.deadline  # the real one, nothing invented
    assert result.published_at == _at(2024, 1, 22)
    _name, _type, again = render_xlsx_export(imported, final_only=True)
    assert _values(again) == _values(exported)
    statuses = list(
        Commitment.objects.filter(response__proposal__meeting=imported)
        .order_by("response__proposal__number", "order")
        .values_list("what", "department__name", "status__name", "reason")
    )
    assert statuses[0] == ("1번 추진 계획", "아동청소년과", "장기 검토", "예산 미확보")
    assert len(statuses) == 4


def test_importing_meetings_in_order_carries_their_progress(world, target):
    a = _meeting_with_commitments(world)
    b = _meeting_with_commitments(world, year=2024, half=1, when=_at(2024, 7, 10))
    a_commitments = list(Commitment.objects.filter(response__proposal__meeting=a).order_by("pk"))
    from tests.reports.test_carried import _publish

    _publish(a, _at(2024, 1, 22))
    _, _, a_file = render_xlsx_export(a, final_only=True)
    cs.record_progress(
        commitment=a_commitments[0],
        version=1,
        status=_status(world.council, "완료"),
        note_date=dt.date(2024, 3, 4),
        note_text="개소",
        user=world.reviewer,
        as_staff=False,
        now=_at(2024, 3, 4),
    )
    cs.record_progress(
        commitment=a_commitments[1],
        version=1,
        note_date=dt.date(2024, 5, 20),
        note_text="교육청 협의",
        user=world.staff,
        as_staff=True,
        now=_at(2024, 5, 20),
    )
    _publish(b, _at(2024, 7, 22))
    _, _, b_file = render_xlsx_export(b, final_only=True)
    source_rows = _values(b_file)["지난 회의 추진 현황"]
    assert len(source_rows) == 1 + 4

    council, staff = target
    _import(a_file, council, staff, dt.date(2024, 1, 22))
    result = _import(b_file, council, staff, dt.date(2024, 7, 22))

    imported_a = Commitment.objects.filter(
        response__proposal__meeting__council=council, response__proposal__meeting__year=2023
    ).order_by("response__proposal__number", "order")
    assert imported_a[0].status.name == "완료"
    assert list(imported_a[0].notes.values_list("date", "text")) == [(dt.date(2024, 3, 4), "개소")]
    assert list(imported_a[1].notes.values_list("text", flat=True)) == ["교육청 협의"]
    _, _, again = render_xlsx_export(result.meeting, final_only=True)
    assert _values(again)["지난 회의 추진 현황"] == source_rows


def _edited(content: bytes, sheet: str, row: int, column: int, value) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    workbook[sheet].cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rejected(content, council) -> list[str]:
    with pytest.raises(UploadRejected) as rejected:
        _plan(content, council, dt.date(2024, 7, 22))
    assert "아무것도 반영하지 않았습니다" in str(rejected.value)
    return [str(e) for e in rejected.value.errors]


def test_an_unknown_meeting_is_a_row_error_and_nothing_is_imported(world, target):
    a = _meeting_with_commitments(world)
    from tests.reports.test_carried import _publish

    _publish(a, _at(2024, 1, 22))
    b = _meeting_with_commitments(world, year=2024, half=1, when=_at(2024, 7, 10))
    _, _, b_file = render_xlsx_export(b, final_only=True)
    council, _staff = target
    errors = _rejected(b_file, council)
    assert errors[0] == (
        "2행 [회의]: 이 협의체에 ‘2023년 하반기’ 회의가 없습니다. "
        "그 회의의 결과 파일을 먼저 가져오세요."
    )
    assert not Meeting.objects.filter(council=council).exists()


def test_a_duplicate_proposal_number_is_a_row_error(world, target):
    _, _, exported = render_xlsx_export(_meeting_with_commitments(world), final_only=True)
    council, _staff = target
    errors = _rejected(_edited(exported, "건의사항", 3, 1, 1), council)
    assert errors[0] == "3행 [번호]: 1번 건의사항이 두 번 있습니다."
    # The left-out row's commitments then point at a proposal the file lacks.
    assert errors[1:] == [
        f"{row}행 [번호]: 검토 의견이 있는 2번 건의사항이 ‘건의사항’ 시트에 없습니다."
        for row in (4, 5)
    ]
    assert not Meeting.objects.filter(council=council).exists()


def test_a_commitment_for_a_department_that_does_not_exist_is_a_row_error(world, target):
    _, _, exported = render_xlsx_export(_meeting_with_commitments(world), final_only=True)
    council, _staff = target
    errors = _rejected(_edited(exported, "추진 계획", 2, 3, "없는과"), council)
    assert errors == [
        "2행 [담당 부서]: ‘없는과’ 부서가 이 협의체에 없습니다. 담당 부서를 먼저 등록하세요."
    ]
    assert not Meeting.objects.filter(council=council).exists()
    assert not Commitment.objects.filter(department__council=council).exists()


def test_a_preview_file_or_a_meeting_already_there_is_refused(world, target):
    meeting = _meeting_with_commitments(world)
    _, _, preview = render_xlsx_export(meeting, final_only=False)
    _, _, exported = render_xlsx_export(meeting, final_only=True)
    assert any("미리보기 파일입니다" in e for e in _rejected(preview, target[0]))
    assert any("이미 있습니다" in e for e in _rejected(exported, world.council))


def test_the_page_previews_then_records_and_publishes(world, target, client):
    _, _, exported = render_xlsx_export(_meeting_with_commitments(world), final_only=True)
    council, staff = target
    client.force_login(staff)
    url = reverse("reports:past_import", args=[council.slug])
    preview = client.post(
        url, {"file": _file(exported), "published_on": "2024-01-22"}
    ).content.decode()
    assert "2023년 하반기" in preview and "1번 추진 계획" in preview
    # Dates as everywhere in the portal, not as the file stores them.
    assert "2023. 12. 20.(수) ~ 12. 22.(금)" in preview and "2024. 1. 22.(월)" in preview
    assert "2023-12-20" not in preview
    assert not Meeting.objects.filter(council=council).exists()
    response = client.post(reverse("reports:past_import_apply", args=[council.slug]), follow=True)
    assert "회의를 가져와 2024. 1. 22.(월) 공개로 기록했습니다." in response.content.decode()
    meeting = Meeting.objects.get(council=council)
    assert meeting.is_published and meeting.publications.get().published_at == _at(2024, 1, 22)
    archive = client.get(reverse("archive:detail", args=[council.slug, meeting.slug]))
    assert "1번 추진 계획" in archive.content.decode()  # the live timeline below
