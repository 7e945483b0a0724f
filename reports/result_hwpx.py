"""The meeting result document as HWPX (한글), from the same `ResultDocument` as the HTML/PDF.

Same content, same order as `reports/document.html`: the document is written
section by section by the functions in `SECTIONS`, each taking the builder
and the `ResultDocument`. A new section of the result document gets a writer
function here, put into `SECTIONS` where the template shows it; the helpers
below (`section_title`, `dash_item`, `marked`) give it the document's look.
`tests/reports/test_hwpx.py` compares the HWPX text with the HTML's, block by
block, so a section added to one and not the other fails there.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.document import ResultDocument, ResultRow
from reports.hwpx import Cell, HwpxBuilder, Line, TextStyle, preview_text

SectionWriter = Callable[[HwpxBuilder, ResultDocument], None]

# Styles after static/css/result-document.css (print rules).
BODY = TextStyle(size=10.5)
RUNNING_HEADER = TextStyle(size=9, align="RIGHT")
PURPOSE = TextStyle(size=11.5, align="CENTER", space_before_pt=70, space_after_pt=6)
TITLE = TextStyle(size=17, bold=True, align="CENTER", rule="double", space_after_pt=24)
SECTION_TITLE = TextStyle(
    size=13, bold=True, rule="below", space_before_pt=14, space_after_pt=8, keep_with_next=True
)
SECTION_TITLE_NEW_PAGE = TextStyle(
    size=13, bold=True, rule="below", space_after_pt=8, keep_with_next=True, page_break_before=True
)
ITEM = TextStyle(size=10.5, indent_mm=1, hanging_mm=2.5, space_after_pt=3)
SUB_ITEM = TextStyle(size=10.5, indent_mm=7, hanging_mm=2.5, space_after_pt=2)
EMPTY = TextStyle(size=10.5, space_before_pt=8)
CELL_HEADER = TextStyle(size=10, bold=True, align="CENTER", line_spacing=130)
CELL_NUMBER = TextStyle(size=10, align="CENTER", line_spacing=140)
CELL_HEADLINE = TextStyle(size=10, bold=True, hanging_mm=4, space_after_pt=3, line_spacing=140)
CELL_DETAIL = TextStyle(size=10, indent_mm=3, hanging_mm=4, space_after_pt=3, line_spacing=140)
CELL_LINE = TextStyle(size=10, hanging_mm=4, space_after_pt=3, line_spacing=140)
CELL_FLAG = TextStyle(size=10, bold=True, color="#7C2D12", space_after_pt=3, line_spacing=140)
CELL_PENDING = TextStyle(size=10, color="#444444", line_spacing=140)

# Column widths of the 상세내역 table, as the PDF's (6% | 47% | 47%).
RESULT_TABLE_WIDTHS = (6, 47, 47)


# --- helpers a section uses -------------------------------------------------------------------


def section_title(out: HwpxBuilder, text: str, *, new_page: bool = False) -> None:
    """`개 요`, `I. 개최결과`: bold, ruled below; `new_page` starts it on a new page."""
    out.paragraph(text, SECTION_TITLE_NEW_PAGE if new_page else SECTION_TITLE)


def dash_item(out: HwpxBuilder, text: str, *, level: int = 0) -> None:
    """A `- …` line of the document's lists; `level=1` for the indented sub-list."""
    out.paragraph(f"- {text}", SUB_ITEM if level else ITEM)


def marked(mark: str, text: str, style: TextStyle) -> Line:
    """A `○ …` / `▷ …` line of a table cell."""
    return Line(f"{mark} {text}", style)


def proposal_cell(row: ResultRow) -> Cell:
    return [
        marked("○", row.headline, CELL_HEADLINE),
        *(marked("▷", line, CELL_DETAIL) for line in row.detail_lines),
    ]


def response_cell(row: ResultRow, *, final_only: bool) -> Cell:
    lines: list[Line] = []
    if not final_only and not row.response_final:
        lines.append(
            Line(
                f"{_('미확정')} ({row.response_status}) — "
                f"{_('최종 제출 전이라 공개 문서에는 나오지 않습니다.')}",
                CELL_FLAG,
            )
        )
    if row.response_lines:
        lines += [marked("○", line, CELL_LINE) for line in row.response_lines]
    else:
        lines.append(Line(_("부서 검토 중"), CELL_PENDING))
    return lines


# --- the sections, in the template's order ------------------------------------------------------


def _title_block(out: HwpxBuilder, doc: ResultDocument) -> None:
    if doc.purpose_line:
        out.paragraph(doc.purpose_line, PURPOSE)
    out.paragraph(doc.title, TITLE)


def _overview(out: HwpxBuilder, doc: ResultDocument) -> None:
    section_title(out, _("개 요"))
    dash_item(out, f"{_('기 간')} : {doc.period}")
    dash_item(out, f"{_('방 법')} : {doc.method}")
    dash_item(out, f"{_('참 석')} : {doc.attendance}")
    dash_item(out, _("내 용"))
    for title in doc.agenda:
        dash_item(out, title, level=1)


def _results(out: HwpxBuilder, doc: ResultDocument) -> None:
    section_title(out, _("I. 개최결과"), new_page=True)
    dash_item(out, f"{_('건의사항')} : {doc.counts_line}")
    dash_item(out, _("상세내역"))
    if not doc.rows:
        out.paragraph(_("취합된 건의사항이 없습니다."), EMPTY)
        return
    out.table(
        header=[
            Line(_("번호"), CELL_HEADER),
            Line(_("취합 결과"), CELL_HEADER),
            Line(_("부서 검토 의견"), CELL_HEADER),
        ],
        rows=[
            [
                [Line(str(row.number), CELL_NUMBER)],
                proposal_cell(row),
                response_cell(row, final_only=doc.final_only),
            ]
            for row in doc.rows
        ],
        widths=RESULT_TABLE_WIDTHS,
        shaded_rows=frozenset(
            index
            for index, row in enumerate(doc.rows)
            if not doc.final_only and not row.response_final
        ),
    )


# Column widths of the carried-commitments table, as the PDF's.
CARRIED_TABLE_WIDTHS = (14, 40, 22, 24)


def _carried(out: HwpxBuilder, doc: ResultDocument) -> None:
    """II. 지난 회의 건의사항 추진 현황: the commitments carried from the previous meeting."""
    if not doc.has_carried_section:
        return
    section_title(out, _("II. 지난 회의 건의사항 추진 현황"), new_page=True)  # as the PDF
    dash_item(
        out,
        _("대상 : %(title)s 결과 공개(%(published)s) 때 추진 중이던 후속 조치")
        % {"title": doc.carried_from, "published": doc.carried_published_on},
    )
    dash_item(
        out,
        ngettext(
            "현황 : %(day)s 기준 %(counter)s건 (완료·추진 불가는 이번에 한 번 더 싣고 다음부터 뺍니다)",
            "현황 : %(day)s 기준 %(counter)s건 (완료·추진 불가는 이번에 한 번 더 싣고 다음부터 뺍니다)",
            len(doc.carried),
        )
        % {"day": doc.carried_as_of, "counter": len(doc.carried)},
    )
    if not doc.carried:
        out.paragraph(_("지난 회의에서 추진 중이던 후속 조치가 없습니다."), EMPTY)
        return
    rows = []
    for row in doc.carried:
        status = [Line(row.status + (f" {_('기한 지남')}" if row.overdue else ""), CELL_HEADLINE)]
        status.append(Line(f"{_('지난 회의 이후')}: {row.change}", CELL_LINE))
        if row.reason:
            status.append(Line(f"{_('사유')}: {row.reason}", CELL_LINE))
        if row.closed:
            status.append(Line(_("종결: 다음 회의부터 싣지 않음"), CELL_LINE))
        note = (
            [Line(row.latest_note_date, CELL_LINE), Line(row.latest_note, CELL_LINE)]
            if row.latest_note_date
            else [Line(_("기록된 추진 경과 없음"), CELL_PENDING)]
        )
        rows.append(
            [
                [Line(f"{row.meeting} {_('%(n)s번') % {'n': row.number}}", CELL_NUMBER)],
                [
                    marked("○", row.headline, CELL_HEADLINE),
                    marked("▶", row.what, CELL_DETAIL),
                    Line(f"{row.department} · {_('완료 예정')} {row.due_date}", CELL_LINE),
                ],
                status,
                note,
            ]
        )
    out.table(
        header=[
            Line(_("회의·번호"), CELL_HEADER),
            Line(_("건의사항 및 추진 계획"), CELL_HEADER),
            Line(_("추진 상태"), CELL_HEADER),
            Line(_("최근 추진 경과"), CELL_HEADER),
        ],
        rows=rows,
        widths=CARRIED_TABLE_WIDTHS,
    )


SECTIONS: list[SectionWriter] = [_title_block, _overview, _results, _carried]


def opening_lines(doc: ResultDocument) -> list[str]:
    """The first page's text (title block and 개요), for 한글's preview text."""
    return [
        doc.purpose_line,
        doc.title,
        _("개요"),
        f"- {_('기간')} : {doc.period}",
        f"- {_('방법')} : {doc.method}",
        f"- {_('참석')} : {doc.attendance}",
        f"- {_('내용')}",
        *(f" - {title}" for title in doc.agenda),
    ]


def result_hwpx(doc: ResultDocument, *, preview_png: bytes | None = None) -> bytes:
    """The result document as an .hwpx package: A4, header from page 2, `- n -` page numbers;
    `preview_png` is a small picture of page 1 for 한글's open dialog."""
    out = HwpxBuilder()
    out.running_header(doc.running_header, RUNNING_HEADER, from_page=2)
    out.page_numbers()
    for write in SECTIONS:
        write(out, doc)
    return out.to_bytes(
        title=doc.title, preview_text=preview_text(opening_lines(doc)), preview_png=preview_png
    )
