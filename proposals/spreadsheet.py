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
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection

from council.models import Meeting
from lib import imports
from lib.errors import Refused
from lib.xlsx import UploadRejected, finish_workbook, rejected_rows, safe_cell
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
    ("due", _lazy("회신 기한")),  # for the reader: the request letter's date, per proposal
    ("id", _lazy("ID")),
    ("version", _lazy("검토 의견 버전")),
]
EDITABLE = ("state", "lines", "status")
REQUIRED = ("state", "lines", "status", "id", "version")


def _text(value) -> str:
    """A cell as text, "" when empty (read_table has already undone safe_cell)."""
    return "" if value is None else str(value)


def sheet_filename(meeting: Meeting, department: Department) -> str:
    """`2023-h2-아동청소년과-검토의견.xlsx`: also the name the request letter's 붙임 gives."""
    return f"{meeting.slug}-{department.name}-검토의견.xlsx"


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
                proposal.due_date,
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
    for letter, width in zip("ABCDEFGH", (24, 6, 40, 50, 14, 50, 12, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["I"].hidden = True
    sheet.column_dimensions["J"].hidden = True
    finish_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return sheet_filename(meeting, department), CONTENT_TYPE, buffer.getvalue()


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

    @property
    def state_label(self) -> str:
        return _state_label(self.state)

    @property
    def old_state_label(self) -> str:
        return _state_label(self.old_state)


def _state_label(value: str) -> str:
    """The 검토 결과 as the sheet and the pages write it ("" for none)."""
    return str(DepartmentResponse.State(value).label) if value else ""


def _columns() -> list[imports.Column]:
    """The columns read back (the others are for the reader), each with its cell rule."""
    header = {key: str(title) for key, title in COLUMNS}
    broken = _("ID 또는 버전 열이 비었거나 바뀌었습니다.")
    return [
        imports.IntegerColumn("id", header["id"], required=True, message=broken),
        imports.IntegerColumn("version", header["version"], required=True, message=broken),
        imports.ChoiceColumn(
            "state",
            header["state"],
            required=True,
            choices={str(label): value for value, label in DepartmentResponse.State.choices},
        ),
        imports.TextColumn("lines", header["lines"], required=True),
        imports.ChoiceColumn(
            "status",
            header["status"],
            required=True,
            choices={str(label): value for value, label in DepartmentResponse.Status.choices},
            message=_("상태 열의 값을 알 수 없습니다."),
        ),
    ]


def read_upload(upload: UploadedFile) -> list[dict]:
    """The file's rows as text (read: nothing is checked against the meeting yet)."""
    return imports.read_xlsx_rows(upload, _columns(), max_rows=settings.XLSX_MAX_ROWS)


class _Judge:
    """The meeting's proposals, loaded once, and the rules of one row."""

    def __init__(self, meeting: Meeting, department: Department | None):
        self.department = department
        self.proposals = {
            p.pk: p
            for p in Proposal.objects.filter(meeting=meeting).select_related(
                "response", "department"
            )
        }
        self.columns = _columns()
        self.seen: set[int] = set()

    def row(self, raw) -> RowChange:
        cells = imports.clean_row(self.columns, raw)
        id_header, pk = self.columns[0].header, cells["id"]
        proposal = self.proposals.get(pk)
        if proposal is None or (self.department and proposal.department_id != self.department.pk):
            raise imports.RowProblem(id_header, _("이 회의·부서의 건의사항이 아닙니다."))
        if pk in self.seen:
            raise imports.RowProblem(id_header, _("같은 건의사항이 두 번 있습니다."))
        self.seen.add(pk)
        lines = cells["lines"]
        final = cells["status"] == DepartmentResponse.Status.FINAL
        if final and (not lines or not cells["state"]):
            raise imports.RowProblem(
                self.columns[4].header, _("최종 제출에는 검토 결과와 검토 의견이 필요합니다.")
            )
        response = getattr(proposal, "response", None)
        change = RowChange(
            proposal_id=pk,
            number=proposal.number,
            headline=proposal.headline,
            baseline_version=cells["version"],
            state=cells["state"],
            lines=lines,
            final=final,
        )
        _compare(change, response)
        as_staff = self.department is None
        if change.changed and response and not response.may_be_rewritten_by(as_staff=as_staff):
            raise imports.RowProblem(
                self.columns[3].header,
                _("최종 제출된 검토 의견은 보완 요청을 받은 뒤에 고칠 수 있습니다."),
            )
        return change


def judge_upload(
    *, rows: list[dict], meeting: Meeting, department: Department | None
) -> list[RowChange]:
    """Every row against the meeting as it is now (nothing is saved). `department` limits
    a reviewer.

    Any malformed row rejects the whole file (UploadRejected with every row's
    problem); rows whose response changed since the export are kept, marked as
    conflicts, for the preview.
    """
    result, errors = imports.judge_each(rows, _Judge(meeting, department).row)
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
        raise imports.ConflictsRemain(
            _("내려받은 뒤 바뀐 검토 의견이 있어 아무것도 반영하지 않았습니다.")
        )
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
                raise imports.ConflictsRemain(
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


class ResponseSheetImporter(imports.RoundTripImporter):
    """A department's edited export of a meeting's responses (lib.imports). Staff may
    apply the rows that do not conflict (`skip_conflicts`)."""

    kind = "responses_import"

    def read(self, data) -> list[dict]:
        return read_upload(data["file"])

    def judge_rows(self, payload: list[dict]) -> list[RowChange]:
        return judge_upload(rows=payload, meeting=self.owner, department=self.department)

    def write(self, rows: list[RowChange], *, user, skip_conflicts: bool) -> int:
        return apply_rows(
            rows=rows, meeting=self.owner, user=user, **self.write_kwargs(skip_conflicts)
        )

    def applied(self, result: tuple[int, int]) -> tuple[str, str]:
        from proposals.views.common import meeting_kwargs

        saved, skipped = result
        if skipped:
            message = _(
                "검토 의견 %(saved)d건을 반영했습니다. 바뀐 %(skipped)d건은 그대로 두었습니다."
            ) % {"saved": saved, "skipped": skipped}
        else:
            message = _("검토 의견 %(saved)d건을 반영했습니다.") % {"saved": saved}
        if self.as_staff:
            return message, reverse("proposals:response_list", kwargs=meeting_kwargs(self.owner))
        return message, reverse(
            "proposals:review_home", kwargs={"council": self.owner.council.slug}
        )
