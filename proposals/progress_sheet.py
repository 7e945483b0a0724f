"""Spreadsheet round trip of a department's commitment progress (추진 현황).

Like the responses' round trip (proposals/spreadsheet.py): `export_department`
returns (filename, content_type, bytes) with, in hidden columns, each
commitment's id and version at export time. The department fills in a new
status, a reason, and a dated progress note per row; `read_upload` checks the
whole file first (any bad row rejects the file, nothing is saved); rows whose
commitment changed since the export are conflicts; `apply_rows` saves all or
nothing through `record_progress`, the same rule the progress form uses.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection

from council.models import Council
from lib.dates import korean_date
from lib.errors import Refused
from lib.xlsx import RowError, UploadRejected, read_table, rejected_rows, safe_cell
from proposals.models import Commitment, CommitmentStatus, Department

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [
    ("meeting", _lazy("회의")),
    ("number", _lazy("번호")),
    ("headline", _lazy("건의사항")),
    ("what", _lazy("추진 계획")),
    ("due_date", _lazy("완료 예정일")),
    ("current", _lazy("현재 상태")),
    ("latest", _lazy("최근 추진 경과")),
    ("status", _lazy("새 상태")),
    ("reason", _lazy("사유")),
    ("note_date", _lazy("추진 경과 날짜")),
    ("note_text", _lazy("추진 경과 내용")),
    ("id", _lazy("ID")),
    ("version", _lazy("버전")),
]
EDITABLE = ("status", "reason", "note_date", "note_text")
REQUIRED = ("status", "id", "version")
NOTE_MAX = 4000
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\s*\.?\s*$")


def _text(value) -> str:
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


def parse_date(value) -> dt.date | None:
    """A date cell: an Excel date, `2024-05-20`, `2024. 5. 20.` or `2024/5/20`."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE_TEXT.match(str(value))
    if not match:
        raise ValueError(value)
    return dt.date(*(int(part) for part in match.groups()))


def meeting_label(meeting) -> str:
    """`2023년 하반기` (how sheets name a meeting of the council)."""
    return f"{meeting.year}년 {meeting.get_half_display()}"


def _commitments(council: Council, department: Department):
    return (
        Commitment.objects.made()
        .for_council(council)
        .filter(department=department)
        .with_latest_note()
        .select_related("status", "response__proposal__meeting")
        .order_by(
            "response__proposal__meeting__year",
            "response__proposal__meeting__half",
            "response__proposal__number",
            "order",
        )
    )


def export_department(*, council: Council, department: Department) -> tuple[str, str, bytes]:
    """The department's commitments (open ones and closed ones), one row each."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("추진 현황"))
    ws.append([str(header) for _key, header in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for c in _commitments(council, department):
        proposal = c.response.proposal
        latest = (
            f"{korean_date(c.latest_note_date)} {c.latest_note_text}".strip()
            if c.latest_note_date
            else ""
        )
        ws.append(
            [
                meeting_label(proposal.meeting),
                proposal.number,
                safe_cell(proposal.headline),
                safe_cell(c.what),
                korean_date(c.due_date),
                safe_cell(c.status.label),
                safe_cell(latest),
                safe_cell(c.status.name),
                safe_cell(c.reason),
                "",
                "",
                c.pk,
                c.version,
            ]
        )
    keys = [k for k, _h in COLUMNS]
    ws.protection.sheet = True
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for key in EDITABLE:
            row[keys.index(key)].protection = Protection(locked=False)
    for letter, width in zip(
        "ABCDEFGHIJK", (14, 6, 30, 36, 14, 14, 36, 14, 30, 14, 40), strict=True
    ):
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["L"].hidden = True
    ws.column_dimensions["M"].hidden = True
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = timezone.localdate().isoformat()
    return f"{department.name}-추진현황-{stamp}.xlsx", CONTENT_TYPE, buffer.getvalue()


@dataclass
class ProgressChange:
    """One row of the upload compared with the database."""

    commitment_id: int
    label: str
    what: str
    baseline_version: int
    old_status: str
    status_id: int | None  # the new status; None when it stays
    status_name: str
    reason: str
    note_date: str  # ISO, or "" for the day it is applied
    note_text: str
    conflict: bool = False
    changed: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def read_upload(
    *, upload: UploadedFile, council: Council, department: Department | None
) -> list[ProgressChange]:
    """Parse an upload into rows (nothing saved). `department` limits a reviewer.

    Any malformed row rejects the whole file with every row's problem; rows whose
    commitment changed since the export are kept, marked as conflicts.
    """
    table = read_table(
        upload,
        headers={str(header): key for key, header in COLUMNS},
        required=REQUIRED,
        max_rows=settings.XLSX_MAX_ROWS,
    )
    scope = Commitment.objects.made().for_council(council)
    if department is not None:
        scope = scope.filter(department=department)
    commitments = {
        c.pk: c for c in scope.select_related("status", "response__proposal__meeting", "department")
    }
    statuses = {s.name: s for s in CommitmentStatus.objects.filter(council=council)}
    header = {key: str(title) for key, title in COLUMNS}
    today = timezone.localdate()
    as_staff = department is None
    rows: list[ProgressChange] = []
    errors: list[RowError] = []
    seen: set[int] = set()
    for line, row in table.rows:
        try:
            pk = int(row["id"])
            baseline = int(row["version"])
        except (TypeError, ValueError):
            errors.append(
                RowError(line, header["id"], _("ID 또는 버전 열이 비었거나 바뀌었습니다."))
            )
            continue
        commitment = commitments.get(pk)
        if commitment is None:
            errors.append(RowError(line, header["id"], _("이 부서의 후속 조치가 아닙니다.")))
            continue
        if pk in seen:
            errors.append(RowError(line, header["id"], _("같은 후속 조치가 두 번 있습니다.")))
            continue
        seen.add(pk)
        status_name = _text(row["status"])
        status = statuses.get(status_name) if status_name else commitment.status
        if status is None:
            errors.append(
                RowError(
                    line,
                    header["status"],
                    _("%(choices)s 중 하나여야 합니다.") % {"choices": ", ".join(statuses)},
                )
            )
            continue
        reason = _text(row.get("reason"))
        note_text = _text(row.get("note_text"))
        try:
            note_date = parse_date(row.get("note_date"))
        except (ValueError, TypeError):
            errors.append(RowError(line, header["note_date"], _("날짜는 2024-05-20처럼 적으세요.")))
            continue
        if note_date and note_date > today:
            errors.append(
                RowError(line, header["note_date"], _("추진 경과 날짜는 오늘 이후일 수 없습니다."))
            )
            continue
        if len(note_text) > NOTE_MAX:
            errors.append(
                RowError(
                    line, header["note_text"], _("%(max)s자 이내로 적으세요.") % {"max": NOTE_MAX}
                )
            )
            continue
        new_status = status if status.pk != commitment.status_id else None
        if new_status is not None:
            refusal = commitment.may_change_status_to(new_status, as_staff=as_staff)
            if refusal:
                errors.append(RowError(line, header["status"], str(refusal)))
                continue
        if status.needs_reason and not reason:
            errors.append(
                RowError(
                    line,
                    header["reason"],
                    _("‘%(status)s’(으)로 두려면 사유를 적으세요.") % {"status": status.name},
                )
            )
            continue
        proposal = commitment.response.proposal
        change = ProgressChange(
            commitment_id=pk,
            label=f"{meeting_label(proposal.meeting)} {proposal.number}번",
            what=commitment.what,
            baseline_version=baseline,
            old_status=commitment.status.name,
            status_id=new_status.pk if new_status else None,
            status_name=status.name,
            reason=reason if status.needs_reason else "",
            note_date=note_date.isoformat() if note_date else "",
            note_text=note_text,
        )
        change.conflict = commitment.version != baseline
        change.changed = bool(
            new_status is not None
            or note_text
            or (status.needs_reason and reason != commitment.reason)
        )
        rows.append(change)
    if errors:
        raise rejected_rows(errors)
    if not any(row.changed for row in rows):
        raise UploadRejected(_("반영할 변경이 없습니다."), code="no_rows")
    return rows


class ConflictsRemain(Refused):
    """Rows changed since the export: nothing is applied unless the user chose so."""


@transaction.atomic
def apply_rows(
    *,
    rows: list[ProgressChange],
    council: Council,
    user,
    as_staff: bool,
    department: Department | None = None,
    skip_conflicts: bool = False,
) -> int:
    """Apply the changed rows, all or nothing; return how many were saved."""
    from lib.errors import StaleVersion
    from proposals.commitment_services import record_progress

    if not skip_conflicts and any(change.conflict for change in rows):
        raise ConflictsRemain(_("내려받은 뒤 바뀐 후속 조치가 있어 아무것도 반영하지 않았습니다."))
    scope = Commitment.objects.made().for_council(council)
    if department is not None:
        scope = scope.filter(department=department)
    saved = 0
    for change in rows:
        if change.conflict or not change.changed:
            continue
        commitment = scope.filter(pk=change.commitment_id).first()
        if commitment is None:
            raise Refused(
                _("“%(what)s”의 담당 부서나 상태가 바뀌어 아무것도 반영하지 않았습니다.")
                % {"what": change.what}
            )
        status = (
            CommitmentStatus.objects.get(council=council, pk=change.status_id)
            if change.status_id
            else None
        )
        try:
            record_progress(
                commitment=commitment,
                version=change.baseline_version,
                status=status,
                reason=change.reason,
                note_date=dt.date.fromisoformat(change.note_date) if change.note_date else None,
                note_text=change.note_text,
                user=user,
                as_staff=as_staff,
            )
        except StaleVersion:
            if not skip_conflicts:
                raise ConflictsRemain(
                    _(
                        "미리보기 뒤에 “%(what)s”가 바뀌어 아무것도 반영하지 않았습니다. "
                        "파일을 다시 올려 주세요."
                    )
                    % {"what": change.what}
                ) from None
            change.conflict = True
            continue
        saved += 1
    return saved
