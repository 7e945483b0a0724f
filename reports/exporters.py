"""Exporters of the result document.

Contract: `render(meeting, *, final_only) -> (filename, content_type, bytes)`.
Views only check permission, log and send what an exporter returns; the
management command writes it to a file; publishing stores it.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.utils.translation import gettext as _

from council.models import Meeting
from council.pdf import render_pdf
from council.xlsx import safe_cell
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


def hwpx_from_context(context: dict) -> bytes:
    """The document for 한글, from the same `ResultDocument` as the HTML and PDF."""
    from reports.result_hwpx import result_hwpx

    return result_hwpx(context["doc"])


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
    rows = [
        (_("제목"), doc.title),
        (_("목적"), doc.purpose),
        (_("기간"), doc.period),
        (_("방법"), doc.method),
        (_("참석"), doc.attendance),
        (_("위원 수"), doc.invited_count),
        (_("의견 제출 위원 수"), doc.submitted_count),
        (_("내용"), "\n".join(doc.agenda)),
        (_("건의사항"), doc.counts_line),
    ]
    for category in doc.category_counts:
        rows.append((_("분야: %(name)s") % {"name": category.name}, category.count))
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
    header = [_("번호"), _("분야"), _("취합 결과"), _("부서 검토 의견")]
    if not doc.final_only:
        header.append(_("검토 의견 상태"))
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = bold
    for row in doc.rows:
        proposal = "\n".join([f"○ {row.headline}", *(f"▷ {line}" for line in row.detail_lines)])
        response = "\n".join(f"○ {line}" for line in row.response_lines)
        values = [row.number, row.category, proposal, response]
        if not doc.final_only:
            values.append(row.response_status)
        sheet.append([safe_cell(value) for value in values])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = wrap
    for column, width in zip("ABCDE", (6, 14, 60, 60, 14), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_pdf_export(meeting: Meeting, *, final_only: bool) -> Exported:
    context = build_result_context(meeting, final_only=final_only)
    return filename_for(meeting, "pdf", final_only=final_only), PDF_TYPE, pdf_from_context(context)


def render_html_export(meeting: Meeting, *, final_only: bool) -> Exported:
    context = build_result_context(meeting, final_only=final_only)
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
