"""Spreadsheet round trip of a department's responses (for departments working offline).

`export_department` returns (filename, content_type, bytes). The sheet carries,
in hidden locked columns, each proposal's id and the response version at
export time: on upload, a row whose response changed since then is a conflict
and is not applied. `read_upload` parses and checks the whole file first; any
malformed row makes the file rejected and nothing is changed.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, Protection

from council.models import Department, Meeting
from council.xlsx import check_xlsx_upload, safe_cell, unsafe_cell
from proposals.models import DepartmentResponse, Proposal

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = [
    "회의",
    "번호",
    "건의사항",
    "세부 내용",
    "검토 결과",
    "검토 의견",
    "상태",
    "ID",
    "검토 의견 버전",
]
COL_STATE, COL_LINES, COL_STATUS, COL_ID, COL_VERSION = 4, 5, 6, 7, 8
STATE_BY_LABEL = {str(label): value for value, label in DepartmentResponse.State.choices}
DRAFT_LABEL = str(DepartmentResponse.Status.DRAFT.label)
FINAL_LABEL = str(DepartmentResponse.Status.FINAL.label)


class UploadRejected(Exception):
    """The file is not a usable export; the message says why (Korean)."""


def _unsafe(value) -> str:
    """Cell text with safe_cell's leading apostrophe undone (export → import round-trips)."""
    return "" if value is None else str(unsafe_cell(value))


def export_department(*, meeting: Meeting, department: Department) -> tuple[str, str, bytes]:
    proposals = (
        Proposal.objects.filter(meeting=meeting, department=department)
        .select_related("response")
        .order_by("number")
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "검토 의견"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for p in proposals:
        response = getattr(p, "response", None)
        ws.append(
            [
                safe_cell(meeting.title),
                p.number,
                safe_cell(p.headline),
                safe_cell(p.details),
                response.get_state_display() if response and response.state else "",
                safe_cell(response.lines) if response else "",
                response.get_status_display() if response else DRAFT_LABEL,
                p.pk,
                response.version if response else 0,
            ]
        )
    # Only the response columns may be edited; the baseline columns are hidden and locked.
    ws.protection.sheet = True
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index in (COL_STATE, COL_LINES, COL_STATUS):
            row[index].protection = Protection(locked=False)
    for letter, width in zip("ABCDEFG", (24, 6, 40, 50, 14, 50, 12), strict=True):
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["H"].hidden = True
    ws.column_dimensions["I"].hidden = True
    buffer = io.BytesIO()
    wb.save(buffer)
    filename = f"{meeting.slug}-{department.name}-검토의견.xlsx"
    return filename, CONTENT_TYPE, buffer.getvalue()


def check_upload(upload: UploadedFile) -> None:
    """Refuse anything but a plain, reasonably sized .xlsx before openpyxl reads it."""
    try:
        check_xlsx_upload(upload)
    except ValidationError as exc:
        raise UploadRejected(" ".join(exc.messages)) from exc


@dataclass
class RowChange:
    """One row of the upload compared with the database."""

    proposal_id: int
    number: int
    headline: str
    baseline_version: int
    state: str
    lines: str
    final: bool
    old_state: str = ""
    old_lines: str = ""
    old_status: str = ""
    conflict: bool = False
    changed: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def read_upload(
    *, upload: UploadedFile, meeting: Meeting, department: Department | None
) -> list[RowChange]:
    """Parse an upload into rows (nothing is saved). `department` limits a reviewer."""
    check_upload(upload)
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise UploadRejected(
            _("파일을 읽을 수 없습니다. 내려받은 xlsx 파일인지 확인하세요.")
        ) from exc
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    if not rows or [str(c or "").strip() for c in rows[0][: len(HEADERS)]] != HEADERS:
        raise UploadRejected(_("첫 줄의 열 제목이 내려받은 파일과 다릅니다."))
    proposals = {
        p.pk: p
        for p in Proposal.objects.filter(meeting=meeting).select_related("response", "department")
    }
    result: list[RowChange] = []
    errors: list[str] = []
    seen: set[int] = set()
    for line_no, raw in enumerate(rows[1:], start=2):
        row = list(raw) + [None] * (len(HEADERS) - len(raw))
        if all(v in (None, "") for v in row):
            continue
        try:
            pk = int(row[COL_ID])
            baseline = int(row[COL_VERSION])
        except (TypeError, ValueError):
            errors.append(
                _("%(line)d행: ID 또는 버전 열이 비었거나 바뀌었습니다.") % {"line": line_no}
            )
            continue
        proposal = proposals.get(pk)
        if proposal is None or (department and proposal.department_id != department.pk):
            errors.append(_("%(line)d행: 이 회의·부서의 건의사항이 아닙니다.") % {"line": line_no})
            continue
        if pk in seen:
            errors.append(_("%(line)d행: 같은 건의사항이 두 번 있습니다.") % {"line": line_no})
            continue
        seen.add(pk)
        state_label = _unsafe(row[COL_STATE]).strip()
        if state_label and state_label not in STATE_BY_LABEL:
            errors.append(
                _("%(line)d행: 검토 결과는 %(choices)s 중 하나여야 합니다.")
                % {"line": line_no, "choices": ", ".join(STATE_BY_LABEL)}
            )
            continue
        status_label = _unsafe(row[COL_STATUS]).strip()
        if status_label not in (
            "",
            DRAFT_LABEL,
            FINAL_LABEL,
            str(DepartmentResponse.Status.RETURNED.label),
        ):
            errors.append(_("%(line)d행: 상태 열의 값을 알 수 없습니다.") % {"line": line_no})
            continue
        lines = _unsafe(row[COL_LINES]).replace("\r\n", "\n").strip()
        state = STATE_BY_LABEL.get(state_label, "")
        final = status_label == FINAL_LABEL
        if final and (not lines or not state):
            errors.append(
                _("%(line)d행: 최종 제출에는 검토 결과와 검토 의견이 필요합니다.")
                % {"line": line_no}
            )
            continue
        response = getattr(proposal, "response", None)
        change = RowChange(
            proposal_id=pk,
            number=proposal.number,
            headline=proposal.headline,
            baseline_version=baseline,
            state=state,
            lines=lines,
            final=final,
        )
        _compare(change, response)
        if (
            department is not None
            and change.changed
            and response is not None
            and response.status == DepartmentResponse.Status.FINAL
        ):
            errors.append(
                _("%(line)d행: 최종 제출된 검토 의견은 보완 요청을 받은 뒤에 고칠 수 있습니다.")
                % {"line": line_no}
            )
            continue
        result.append(change)
    if errors:
        raise UploadRejected(" ".join(errors))
    if not result:
        raise UploadRejected(_("반영할 행이 없습니다."))
    return result


def _compare(change: RowChange, response: DepartmentResponse | None) -> None:
    current_version = response.version if response else 0
    change.old_state = response.state if response else ""
    change.old_lines = response.lines.strip() if response else ""
    change.old_status = response.status if response else ""
    change.conflict = current_version != change.baseline_version
    new_status = (
        DepartmentResponse.Status.FINAL if change.final else DepartmentResponse.Status.DRAFT
    )
    if response and response.status == DepartmentResponse.Status.RETURNED and not change.final:
        new_status = response.status
    change.changed = (
        change.state != change.old_state
        or change.lines != change.old_lines
        or (response is not None and new_status != response.status)
        or (response is None and bool(change.lines or change.state))
    )


@transaction.atomic
def apply_rows(*, rows: list[RowChange], meeting: Meeting, user, as_staff: bool) -> int:
    """Apply the changed, non-conflicting rows, all or nothing; return how many were saved.

    Versions are checked again under lock: a response saved between the preview
    and the apply is a conflict too and is left alone.
    """
    from proposals.services import StaleVersion, save_response

    saved = 0
    for change in rows:
        if change.conflict or not change.changed:
            continue
        proposal = Proposal.objects.get(pk=change.proposal_id, meeting=meeting)
        response = DepartmentResponse.objects.filter(proposal=proposal).first()
        follow_ups = []
        if response:
            from proposals.services import FollowUpData

            follow_ups = [FollowUpData(f.text, f.due_date) for f in response.follow_ups.all()]
        try:
            save_response(
                proposal=proposal,
                version=change.baseline_version,
                state=change.state,
                lines=change.lines,
                follow_ups=follow_ups,
                final=change.final,
                user=user,
                as_staff=as_staff,
            )
        except StaleVersion:
            change.conflict = True
            continue
        saved += 1
    return saved
