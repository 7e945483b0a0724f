"""The result document as HWPX (한글): valid, and saying what the HTML/PDF says, in order.

Every file here is a real python-hwpx package, checked with the library's own
validators (`hwpx-validate`, `hwpx-validate-package`) and read back with the
standard library (tests/reports/hwpx_reading.py).
"""

from __future__ import annotations

import unicodedata

from django.core.management import call_command

from council.models import Meeting
from lib.pdf import printable
from proposals.models import DepartmentResponse
from reports.document import build_result_context, render_document_fragment
from reports.exporters import EXPORTERS, HWPX_TYPE, hwpx_from_context
from tests.factories import make_answered_proposal as make_proposal
from tests.factories import make_result_meeting
from tests.reports.hwpx_reading import (
    assert_valid_hwpx,
    html_blocks,
    read_hwpx,
    run_tool,
    section_xml,
)
from tests.reports.test_document import MARKUP
from tests.reports.test_pdf import RUNNING_HEADER, assert_in_order, seed_pieces, squash


def _blocks_of_html(context: dict) -> list[str]:
    """The blocks of the page as the PDF prints it (emoji as `(이모지)`, like the HWPX).
    The running header is a print-only element: the HWPX has it as its page header."""
    printed = {**context, "doc": printable(context["doc"])}
    return html_blocks(render_document_fragment(printed), skip_classes={"rd-running-header"})


def _hwpx(context: dict, tmp_path, name="result.hwpx"):
    path = tmp_path / name
    path.write_bytes(hwpx_from_context(context))
    return path, read_hwpx(path.read_bytes())


def test_the_demo_hwpx_validates_and_has_every_seed_line_in_order(db, settings, tmp_path):
    settings.DEBUG = True
    call_command("loaddemo")
    output = tmp_path / "result.hwpx"

    call_command(
        "export_result",
        "2023-h2",
        "--council",
        "geumjeong",
        "--format",
        "hwpx",
        "--output",
        str(output),
    )

    assert_valid_hwpx(output)
    # The library's own text extraction, tables included, has the seed in order.
    extracted = run_tool("hwpx-text-extract", output, "--include-tables")
    assert extracted.returncode == 0, extracted.stderr
    assert_in_order(seed_pieces(), squash(extracted.stdout))
    # Read back independently: the same blocks as the HTML page, one to one.
    meeting = Meeting.objects.get(council__slug="geumjeong", slug="2023-h2")
    content = read_hwpx(output.read_bytes())
    assert content.blocks == _blocks_of_html(build_result_context(meeting))
    assert_in_order(seed_pieces(), squash("".join(content.blocks)))


def test_the_carried_commitments_read_as_the_html_shows_them(db, settings, tmp_path):
    """The demo's current meeting carries the 2023 meeting's commitments (section II)."""
    settings.DEBUG = True
    call_command("loaddemo")
    current = Meeting.objects.filter(council__slug="geumjeong").exclude(slug="2023-h2").get()
    context = build_result_context(current, final_only=False)
    assert context["doc"].carried, "the demo should carry the 2023 commitments"
    path, content = _hwpx(context, tmp_path)
    assert_valid_hwpx(path)
    assert "II. 지난 회의 건의사항 추진 현황" in content.page_breaks_before  # as the PDF
    assert content.blocks == _blocks_of_html(context)
    carried_table = content.tables[-1]
    assert carried_table.repeat_header


def test_the_running_header_starts_on_page_two_and_pages_are_numbered(world, tmp_path):
    meeting = make_result_meeting(world.council, proposals=2)

    _path, content = _hwpx(build_result_context(meeting), tmp_path)

    assert content.headers == [RUNNING_HEADER]
    assert content.hide_first_header  # not on the title page
    # The results start on page 2, so the header is on every page from there on.
    assert content.page_breaks_before == ["I. 개최결과"]
    assert content.footers == ["- -"]  # `- ` page number ` -`


def test_the_detail_table_repeats_its_header_row_and_keeps_rows_whole(world, tmp_path):
    meeting = make_result_meeting(world.council, proposals=3)

    _path, content = _hwpx(build_result_context(meeting), tmp_path)

    (table,) = content.tables
    assert table.repeat_header
    assert table.header[0] == [True, True, True]
    assert not any(flag for row in table.header[1:] for flag in row)
    assert table.rows[0] == [["번호"], ["취합 결과"], ["부서 검토 의견"]]
    # A flowing table (a table laid out as a character never breaks across pages),
    # broken between rows only.
    assert not table.treat_as_char
    assert table.page_break == "CELL"
    assert [row[0] for row in table.rows[1:]] == [["1"], ["2"], ["3"]]


def test_the_preview_says_what_the_preview_page_says(world, tmp_path):
    meeting = make_result_meeting(world.council, proposals=0)
    make_proposal(meeting, 1, headline="최종 의견", details="첫째 줄\n둘째 줄")
    make_proposal(
        meeting, 2, response_lines="작성 중 의견", response_status=DepartmentResponse.Status.DRAFT
    )
    make_proposal(meeting, 3, headline="아직 답이 없음", response_lines=None)

    preview = build_result_context(meeting, final_only=False)
    path, content = _hwpx(preview, tmp_path)

    assert_valid_hwpx(path)
    assert content.blocks == _blocks_of_html(preview)
    rows = content.tables[0].rows
    assert rows[1][1] == ["○ 최종 의견", "▷ 첫째 줄", "▷ 둘째 줄"]
    assert rows[2][2] == [
        "미확정 (작성 중) — 최종 제출 전이라 공개 문서에는 나오지 않습니다.",
        "○ 작성 중 의견",
    ]
    assert rows[3][2] == [
        "미확정 (검토 의견 없음) — 최종 제출 전이라 공개 문서에는 나오지 않습니다.",
        "부서 검토 중",
    ]
    # The published version leaves the draft out, as the PDF does.
    published = build_result_context(meeting, final_only=True)
    _path, final = _hwpx(published, tmp_path, "final.hwpx")
    assert final.blocks == _blocks_of_html(published)
    assert final.tables[0].rows[2][2] == ["부서 검토 중"]


def test_a_meeting_without_proposals_gives_a_valid_document_saying_so(world, tmp_path):
    meeting = make_result_meeting(world.council, proposals=0)

    context = build_result_context(meeting)
    path, content = _hwpx(context, tmp_path)

    assert_valid_hwpx(path)
    assert content.tables == []
    assert "취합된 건의사항이 없습니다." in content.blocks
    assert content.blocks == _blocks_of_html(context)


def test_it_keeps_markup_literal_korean_unaltered_and_replaces_emoji_as_the_pdf(world, tmp_path):
    council = world.council
    council.purpose = MARKUP[0] + " 해소"
    council.save()
    meeting = make_result_meeting(council, proposals=0)
    meeting.agenda_items.update(title=MARKUP[2])
    korean = "돌봄 공백 해소를 위한 야간·주말 운영 — ‘금빛아이 꿈마당’ ①"
    decomposed = unicodedata.normalize("NFD", "한글 자모")
    make_proposal(
        meeting,
        1,
        headline="좋아요 👍 " + MARKUP[1],
        details="\n".join([*MARKUP, korean, decomposed]),
        response_lines="\n".join([*MARKUP, "완료 🎉"]),
    )

    context = build_result_context(meeting)
    path, content = _hwpx(context, tmp_path)

    assert_valid_hwpx(path)
    assert content.blocks == _blocks_of_html(context)
    proposal, response = content.tables[0].rows[1][1:]
    assert proposal[0] == "○ 좋아요 (이모지) " + " ".join(MARKUP[1].split())
    assert proposal[1:] == [f"▷ {' '.join(raw.split())}" for raw in [*MARKUP, korean, decomposed]]
    assert proposal[-1] == "▷ " + decomposed  # not recomposed, not altered
    assert response[-1] == "○ 완료 (이모지)"
    assert f"- {MARKUP[2]}" in content.blocks
    xml = section_xml(path.read_bytes())
    assert "<script>" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt;" in xml
    assert "👍" not in xml and "🎉" not in xml


def test_the_exporter_contract_and_the_command(world, tmp_path):
    meeting = make_result_meeting(world.council, proposals=1)

    filename, content_type, content = EXPORTERS["hwpx"](meeting, final_only=True)
    assert (filename, content_type) == ("geumjeong-2023-h2-result.hwpx", HWPX_TYPE)
    assert content.startswith(b"PK") and b"application/hwp+zip" in content[:100]
    preview_name = EXPORTERS["hwpx"](meeting, final_only=False)[0]
    assert preview_name == "geumjeong-2023-h2-result-preview.hwpx"

    output = tmp_path / "out.hwpx"
    call_command(
        "export_result",
        meeting.slug,
        "--format",
        "hwpx",
        "--output",
        str(output),
        "--council",
        world.council.slug,
    )
    assert (
        read_hwpx(output.read_bytes()).blocks[1] == "2023년 하반기 금정구 지역돌봄협의체 회의 결과"
    )
