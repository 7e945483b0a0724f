"""Spreadsheet round trip of a department's responses (for departments working offline).

`export_department` returns (filename, content_type, bytes). The sheet carries,
in hidden locked columns, each proposal's id and the response version at
export time. `read_upload` parses and checks the whole file first: any
malformed row rejects the file and nothing is changed; a row whose response
changed since the export is a conflict, shown in the preview. `apply_rows`
writes all the rows or none: while a conflict remains it writes nothing,
unless staff choose to apply the other rows and leave the conflicting ones.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection

from council.models import Meeting
from lib.errors import Refused
from lib.xlsx import RowError, UploadRejected, read_table, rejected_rows, safe_cell
from proposals.models import Department, DepartmentResponse, Proposal

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# (key, header): the header is what the department sees; the key what the code reads.
COLUMNS = [
    ("meeting", _lazy("회의")),
    ("number", _lazy("번호")),
    ("headline", _lazy("건의사항")),
    ("details", _lazy("세부 내용")),
    ("state", _lazy("검토 결과")),
    ("lines", _lazy("검토 의견")),
    ("status", _lazy("상태")),
    ("id", _lazy("ID")),
    ("version", _lazy("검토 의견 버전")),
]
EDITABLE = ("state", "lines", "status")
REQUIRED = ("state", "lines", "status", "id", "version")


def _text(value) -> str:
    """A cell as text, "" when empty (read_table has already undone safe_cell)."""
    return "" if value is None else str(value)


def export_department(*, meeting: Meeting, department: Department) -> tuple[str, str, bytes]:
    proposals = (
        Proposal.objects.filter(meeting=meeting, department=department)
        .select_related("response")
        .order_by("number")
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("검토 의견"))
    sheet.append([str(header) for _key, header in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for proposal in proposals:
        response = getattr(proposal, "response", None)
        sheet.append(
            [
                safe_cell(meeting.title),
                proposal.number,
                safe_cell(proposal.headline),
                safe_cell(proposal.details),
                response.get_state_display() if response and response.state else "",
                safe_cell(response.lines) if response else "",
                response.get_status_display()
                if response
                else str(DepartmentResponse.Status.DRAFT.label),
                proposal.pk,
                response.version if response else 0,
            ]
        )
    # The sheet is protected and only the response columns are unlocked for editing; the
    # id and version columns, which the upload is checked against, are also hidden.
    sheet.protection.sheet = True
    editable = [index for index, (key, _header) in enumerate(COLUMNS) if key in EDITABLE]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index in editable:
            row[index].protection = Protection(locked=False)
    for letter, width in zip("ABCDEFG", (24, 6, 40, 50, 14, 50, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["H"].hidden = True
    sheet.column_dimensions["I"].hidden = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    filename = f"{meeting.slug}-{department.name}-검토의견.xlsx"
    return filename, CONTENT_TYPE, buffer.getvalue()


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
    conflict: bool = False
    changed: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def read_upload(
    *, upload: UploadedFile, meeting: Meeting, department: Department | None
) -> list[RowChange]:
    """Parse an upload into rows (nothing is saved). `department` limits a reviewer.

    Any malformed row rejects the whole file (UploadRejected with every row's
    problem); rows whose response changed since the export are kept, marked as
    conflicts, for the preview.
    """
    table = read_table(
        upload,
        headers={str(header): key for key, header in COLUMNS},
        required=REQUIRED,
        max_rows=settings.XLSX_MAX_ROWS,
    )
    proposals = {
        p.pk: p
        for p in Proposal.objects.filter(meeting=meeting).select_related("response", "department")
    }
    states = {str(label): value for value, label in DepartmentResponse.State.choices}
    statuses = {str(label): value for value, label in DepartmentResponse.Status.choices}
    header = {key: str(title) for key, title in COLUMNS}
    result: list[RowChange] = []
    errors: list[RowError] = []
    seen: set[int] = set()
    for line_no, row in table.rows:
        try:
            pk = int(row["id"])
            baseline = int(row["version"])
        except (TypeError, ValueError):
            errors.append(
                RowError(line_no, header["id"], _("ID 또는 버전 열이 비었거나 바뀌었습니다."))
            )
            continue
        proposal = proposals.get(pk)
        if proposal is None or (department and proposal.department_id != department.pk):
            errors.append(RowError(line_no, header["id"], _("이 회의·부서의 건의사항이 아닙니다.")))
            continue
        if pk in seen:
            errors.append(RowError(line_no, header["id"], _("같은 건의사항이 두 번 있습니다.")))
            continue
        seen.add(pk)
        state_label = _text(row["state"]).strip()
        if state_label and state_label not in states:
            errors.append(
                RowError(
                    line_no,
                    header["state"],
                    _("%(choices)s 중 하나여야 합니다.") % {"choices": ", ".join(states)},
                )
            )
            continue
        status_label = _text(row["status"]).strip()
        if status_label and status_label not in statuses:
            errors.append(RowError(line_no, header["status"], _("상태 열의 값을 알 수 없습니다.")))
            continue
        lines = _text(row["lines"]).replace("\r\n", "\n").strip()
        state = states.get(state_label, "")
        final = statuses.get(status_label) == DepartmentResponse.Status.FINAL
        if final and (not lines or not state):
            errors.append(
                RowError(
                    line_no,
                    header["status"],
                    _("최종 제출에는 검토 결과와 검토 의견이 필요합니다."),
                )
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
            change.changed
            and response is not None
            and not response.may_be_rewritten_by(as_staff=department is None)
        ):
            errors.append(
                RowError(
                    line_no,
                    header["lines"],
                    _("최종 제출된 검토 의견은 보완 요청을 받은 뒤에 고칠 수 있습니다."),
                )
            )
            continue
        result.append(change)
    if errors:
        raise rejected_rows(errors)
    if not result:
        raise UploadRejected(_("반영할 행이 없습니다."), code="no_rows")
    return result


def _compare(change: RowChange, response: DepartmentResponse | None) -> None:
    current_version = response.version if response else 0
    change.old_state = response.state if response else ""
    change.old_lines = response.lines.strip() if response else ""
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


class ConflictsRemain(Refused):
    """Rows changed since the export: the file is not applied unless staff choose so."""


@transaction.atomic
def apply_rows(
    *,
    rows: list[RowChange],
    meeting: Meeting,
    user,
    as_staff: bool,
    department: Department | None = None,
    skip_conflicts: bool = False,
) -> int:
    """Apply the changed rows, all or nothing; return how many were saved.

    While any row conflicts (its response changed since the export, or between
    the preview and now) nothing is written, unless `skip_conflicts` says the
    user chose to apply the other rows and leave those as they are. A reviewer
    (`department`) writes only proposals still routed to their department.
    """
    from lib.errors import StaleVersion
    from proposals.services import save_response

    if not skip_conflicts and any(change.conflict for change in rows):
        raise ConflictsRemain(_("내려받은 뒤 바뀐 검토 의견이 있어 아무것도 반영하지 않았습니다."))
    saved = 0
    for change in rows:
        if change.conflict or not change.changed:
            continue
        proposal = Proposal.objects.get(pk=change.proposal_id, meeting=meeting)
        if department is not None and proposal.department_id != department.pk:
            raise Refused(
                _("%(number)s번 건의사항의 담당 부서가 바뀌어 아무것도 반영하지 않았습니다.")
                % {"number": change.number}
            )
        try:
            save_response(
                proposal=proposal,
                version=change.baseline_version,
                state=change.state,
                lines=change.lines,
                final=change.final,
                user=user,
                as_staff=as_staff,
            )
        except StaleVersion:
            if not skip_conflicts:
                # Changed between the preview and now: all or nothing still holds.
                raise ConflictsRemain(
                    _(
                        "미리보기 뒤에 %(number)s번 검토 의견이 바뀌어 아무것도 반영하지 "
                        "않았습니다. 파일을 다시 올려 주세요."
                    )
                    % {"number": change.number}
                ) from None
            change.conflict = True
            continue
        saved += 1
    return saved
