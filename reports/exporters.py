"""Exporters of the result document.

Contract: `render(meeting, *, final_only) -> (filename, content_type, bytes)`.
Views only check permission, log and send what an exporter returns; the
management command writes it to a file; publishing stores it.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Meeting
from lib.pdf import first_page_png, printable, render_pdf
from lib.xlsx import date_value, finish_workbook, safe_cell
from reports.document import build_result_context, render_document_file

Exported = tuple[str, str, bytes]

PDF_TYPE = "application/pdf"
HTML_TYPE = "text/html; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The package's own media type (its `mimetype` entry), as council.forms accepts .hwpx uploads.
HWPX_TYPE = "application/hwp+zip"


def filename_for(meeting: Meeting, extension: str, *, final_only: bool) -> str:
    """`geumjeong-2023-h2-result.pdf`; previews say so in the name."""
    kind = "result" if final_only else "result-preview"
    return f"{meeting.council.slug}-{meeting.slug}-{kind}.{extension}"


def pdf_from_context(context: dict) -> bytes:
    return render_pdf(render_document_file(context, for_pdf=True))


def html_from_context(context: dict) -> bytes:
    return render_document_file(context, for_pdf=False).encode("utf-8")


def hwpx_from_context(context: dict, *, pdf: bytes | None = None) -> bytes:
    """The document for 한글, from the same `ResultDocument` as the HTML and PDF, with a
    small picture of its first page as the package's preview: page 1 of `pdf` when the
    caller made it (publishing), else drawn from the document (reports.hwpx_preview)."""
    from reports.result_hwpx import result_hwpx

    preview = first_page_png(pdf) if pdf is not None else None
    # 한글's fonts have no emoji either
    return result_hwpx(printable(context["doc"]), preview_png=preview)


def xlsx_from_context(context: dict) -> bytes:
    """An overview sheet and a proposals sheet; every text cell neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    doc = context["doc"]
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)

    workbook = Workbook()
    overview = workbook.active
    overview.title = _("개요")
    meeting = context["meeting"]
    rows = [
        (_("제목"), doc.title),
        (_("목적"), doc.purpose),
        (_("기간"), doc.period),
        (_("방법"), doc.method),
        (_("참석"), doc.attendance),
        (_("위원 수"), doc.invited_count),
        (_("의견 제출 위원 수"), doc.submitted_count),
        (_("참석 위원 수"), "" if doc.attended_count is None else doc.attended_count),
        (_("내용"), "\n".join(doc.agenda)),
        (_("건의사항"), doc.counts_line),
    ]
    for category in doc.category_counts:
        rows.append((_("분야: %(name)s") % {"name": category.name}, category.count))
    if doc.has_carried_section:
        rows.append(
            (
                _("지난 회의 추진 현황"),
                _("대상: %(title)s 결과 공개(%(day)s) 때 추진 중이던 후속 조치, %(as_of)s 기준")
                % {
                    "title": doc.carried_from,
                    "day": doc.carried_published_on,
                    "as_of": doc.carried_as_of,
                },
            )
        )
    # Plain values for reading the file back (reports.past_import): a district's
    # earlier results come in through the file the portal itself exports.
    rows += [
        (_("연도"), meeting.year),
        (_("반기"), meeting.get_half_display()),
        (_("기간 시작일"), meeting.period_start),
        (_("기간 종료일"), meeting.period_end),
        (
            _("의견 제출 마감"),
            # A real date and time, shown as `2024. 3. 31. 18:00` (lib.xlsx.finish_workbook).
            timezone.localtime(meeting.deadline).replace(tzinfo=None) if meeting.deadline else "",
        ),
    ]
    if not doc.final_only:
        rows.append((_("비고"), _("미리보기: 최종 제출 전 검토 의견이 포함되어 있습니다.")))
    for label, value in rows:
        overview.append([safe_cell(label), safe_cell(value)])
    for cell in overview["A"]:
        cell.font = bold
        cell.alignment = wrap
    for cell in overview["B"]:
        cell.alignment = wrap
    overview.column_dimensions["A"].width = 18
    overview.column_dimensions["B"].width = 80

    sheet = workbook.create_sheet(_("건의사항"))
    header = [
        _("번호"),
        _("분야"),
        _("취합 결과"),
        _("부서 검토 의견"),
        _("담당 부서"),
        _("검토 결과"),
    ]
    if not doc.final_only:
        header.append(_("검토 의견 상태"))
    rows = []
    for row in doc.rows:
        proposal = "\n".join([f"○ {row.headline}", *(f"▷ {line}" for line in row.detail_lines)])
        response = "\n".join(f"○ {line}" for line in row.response_lines)
        values = [row.number, row.category, proposal, response, row.department, row.state]
        if not doc.final_only:
            values.append(row.response_status)
        rows.append(values)
    _table_sheet(sheet, header, rows, (6, 14, 60, 60, 14, 12, 14))

    _table_sheet(
        workbook.create_sheet(_("추진 계획")),
        [
            _("번호"),
            _("추진 계획"),
            _("담당 부서"),
            _("완료 예정일"),
            _("추진 상태"),
            _("진행률"),
            _("사유"),
        ],
        [
            [c.number, c.what, c.department, date_value(c.due_date), c.status, c.progress, c.reason]
            for c in doc.commitments
        ],
        (6, 50, 14, 12, 12, 8, 40),
    )
    carried = workbook.create_sheet(_("지난 회의 추진 현황"))
    _table_sheet(
        carried,
        [
            _("회의"),
            _("번호"),
            _("건의사항"),
            _("추진 계획"),
            _("담당 부서"),
            _("완료 예정일"),
            _("지난 회의 때 상태"),
            _("추진 상태"),
            _("진행률"),
            _("사유"),
            _("최근 추진 경과 일자"),
            _("최근 추진 경과"),
            _("지난 회의 이후"),
            _("기한 지남"),
        ],
        [
            [
                r.meeting,
                r.number,
                r.headline,
                r.what,
                r.department,
                date_value(r.due_date),
                r.status_before,
                r.status_name,
                r.progress,
                r.reason,
                date_value(r.latest_note_date),
                r.latest_note,
                r.change,
                _("예") if r.overdue else "",
            ]
            for r in doc.carried
        ],
        (12, 6, 30, 36, 14, 14, 12, 12, 8, 30, 14, 40, 24, 8),
    )

    finish_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _table_sheet(sheet, header: list, rows: list[list], widths: tuple[int, ...]) -> None:
    """A header row in bold, then the rows (every text cell neutralised), wrapped."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append([safe_cell(str(title)) for title in header])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append([safe_cell(value) for value in values])
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in sheet.iter_rows(min_row=header_row + 1):
        for cell in line:
            cell.alignment = wrap
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"


def render_pdf_export(meeting: Meeting, *, final_only: bool) -> Exported:
    context = build_result_context(meeting, final_only=final_only, spreadsheet=False)
    return filename_for(meeting, "pdf", final_only=final_only), PDF_TYPE, pdf_from_context(context)


def render_html_export(meeting: Meeting, *, final_only: bool) -> Exported:
    context = build_result_context(meeting, final_only=final_only, spreadsheet=False)
    return (
        filename_for(meeting, "html", final_only=final_only),
        HTML_TYPE,
        html_from_context(context),
    )


def render_xlsx_export(meeting: Meeting, *, final_only: bool) -> Exported:
    context = build_result_context(meeting, final_only=final_only)
    return (
        filename_for(meeting, "xlsx", final_only=final_only),
        XLSX_TYPE,
        xlsx_from_context(context),
    )


def render_hwpx_export(meeting: Meeting, *, final_only: bool) -> Exported:
    context = build_result_context(meeting, final_only=final_only)
    return (
        filename_for(meeting, "hwpx", final_only=final_only),
        HWPX_TYPE,
        hwpx_from_context(context),
    )


EXPORTERS: dict[str, Callable[..., Exported]] = {
    "pdf": render_pdf_export,
    "html": render_html_export,
    "xlsx": render_xlsx_export,
    "hwpx": render_hwpx_export,
}
