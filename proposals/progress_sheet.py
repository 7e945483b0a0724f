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
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection

from council.models import Council
from lib import imports
from lib.dates import korean_date
from lib.errors import Refused
from lib.korean import particle
from lib.xlsx import UploadRejected, finish_workbook, rejected_rows, safe_cell
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
                c.due_date,
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
    finish_workbook(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = timezone.localdate().isoformat()
    # The council first: one 구청 department serves several councils (돌봄, 통합지원, …).
    name = f"{council.name}-{department.name}-추진현황-{stamp}.xlsx"
    return name, CONTENT_TYPE, buffer.getvalue()


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


class DateColumn(imports.Column):
    def clean(self, text: str) -> dt.date | None:
        try:
            day = parse_date(text)
        except (ValueError, TypeError):
            raise ValidationError(_("날짜는 2024-05-20처럼 적으세요.")) from None
        if day and day > timezone.localdate():
            raise ValidationError(_("추진 경과 날짜는 오늘 이후일 수 없습니다."))
        return day


def _columns(council: Council) -> list[imports.Column]:
    """The columns read back (the others are for the reader), each with its cell rule."""
    header = {key: str(title) for key, title in COLUMNS}
    broken = _("ID 또는 버전 열이 비었거나 바뀌었습니다.")
    statuses = {s.name: s for s in CommitmentStatus.objects.filter(council=council)}
    return [
        imports.IntegerColumn("id", header["id"], required=True, message=broken),
        imports.IntegerColumn("version", header["version"], required=True, message=broken),
        imports.ChoiceColumn("status", header["status"], required=True, choices=statuses),
        imports.TextColumn("reason", header["reason"]),
        DateColumn("note_date", header["note_date"]),
        imports.TextColumn("note_text", header["note_text"], max_length=NOTE_MAX),
    ]


def read_upload(upload: UploadedFile, council: Council) -> list[dict]:
    """The file's rows as text (read: nothing is checked against the commitments yet)."""
    return imports.read_xlsx_rows(upload, _columns(council), max_rows=settings.XLSX_MAX_ROWS)


class _Judge:
    """The department's commitments, loaded once, and the rules of one row."""

    def __init__(self, council: Council, department: Department | None):
        scope = Commitment.objects.made().for_council(council)
        if department is not None:
            scope = scope.filter(department=department)
        self.commitments = {
            c.pk: c
            for c in scope.select_related("status", "response__proposal__meeting", "department")
        }
        self.columns = _columns(council)
        self.header = {c.key: c.header for c in self.columns}
        self.as_staff = department is None
        self.seen: set[int] = set()

    def _commitment(self, pk: int) -> Commitment:
        commitment = self.commitments.get(pk)
        if commitment is None:
            raise imports.RowProblem(self.header["id"], _("이 부서의 후속 조치가 아닙니다."))
        if pk in self.seen:
            raise imports.RowProblem(self.header["id"], _("같은 후속 조치가 두 번 있습니다."))
        self.seen.add(pk)
        return commitment

    def _status(self, commitment: Commitment, cells: dict) -> CommitmentStatus:
        status = cells.get("status") or commitment.status
        if status.pk != commitment.status_id:
            refusal = commitment.may_change_status_to(status, as_staff=self.as_staff)
            if refusal:
                raise imports.RowProblem(self.header["status"], str(refusal))
        if status.needs_reason and not cells.get("reason"):
            raise imports.RowProblem(
                self.header["reason"],
                _("‘%(status)s’%(ro)s 두려면 사유를 적으세요.")
                % {"status": status.name, "ro": particle(status.name, "(으)로")},
            )
        return status

    def row(self, raw) -> ProgressChange:
        cells = imports.clean_row(self.columns, raw)
        commitment = self._commitment(cells["id"])
        status = self._status(commitment, cells)
        new_status = status if status.pk != commitment.status_id else None
        reason = cells.get("reason", "") if status.needs_reason else ""
        note_text = cells.get("note_text", "")
        proposal = commitment.response.proposal
        note_date = cells.get("note_date")
        return ProgressChange(
            commitment_id=commitment.pk,
            label=f"{meeting_label(proposal.meeting)} {proposal.number}번",
            what=commitment.what,
            baseline_version=cells["version"],
            old_status=commitment.status.name,
            status_id=new_status.pk if new_status else None,
            status_name=status.name,
            reason=reason,
            note_date=note_date.isoformat() if note_date else "",
            note_text=note_text,
            conflict=commitment.version != cells["version"],
            changed=bool(
                new_status is not None
                or note_text
                or (status.needs_reason and reason != commitment.reason)
            ),
        )


def judge_upload(
    *, rows: list[dict], council: Council, department: Department | None
) -> list[ProgressChange]:
    """Every row against the commitments as they are now (nothing saved). `department`
    limits a reviewer.

    Any malformed row rejects the whole file with every row's problem; rows whose
    commitment changed since the export are kept, marked as conflicts.
    """
    changes, errors = imports.judge_each(rows, _Judge(council, department).row)
    if errors:
        raise rejected_rows(errors)
    if not any(row.changed for row in changes):
        raise UploadRejected(_("반영할 변경이 없습니다."), code="no_rows")
    return changes


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
        raise imports.ConflictsRemain(
            _("내려받은 뒤 바뀐 후속 조치가 있어 아무것도 반영하지 않았습니다.")
        )
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
                raise imports.ConflictsRemain(
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


class ProgressSheetImporter(imports.RoundTripImporter):
    """A department's edited commitment/progress export (lib.imports). The user may
    apply the rows that do not conflict (`skip_conflicts`)."""

    kind = "progress_import"

    def read(self, data) -> list[dict]:
        return read_upload(data["file"], self.owner)

    def judge_rows(self, payload: list[dict]) -> list[ProgressChange]:
        return judge_upload(rows=payload, council=self.owner, department=self.department)

    def write(self, rows: list[ProgressChange], *, user, skip_conflicts: bool) -> int:
        return apply_rows(
            rows=rows, council=self.owner, user=user, **self.write_kwargs(skip_conflicts)
        )

    def applied(self, result: tuple[int, int]) -> tuple[str, str]:
        saved, skipped = result
        if skipped:
            message = _(
                "추진 현황 %(saved)d건을 반영했습니다. 바뀐 %(skipped)d건은 그대로 두었습니다."
            ) % {"saved": saved, "skipped": skipped}
        else:
            message = _("추진 현황 %(saved)d건을 반영했습니다.") % {"saved": saved}
        return message, reverse("proposals:commitment_board", kwargs={"council": self.owner.slug})
