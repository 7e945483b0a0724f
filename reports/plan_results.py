"""A year of the council's work in the shape of the 지역사회보장계획 연차별 시행계획 시행결과.

The 시행결과 is evaluated on four parts: 계획의 충실성 (세부사업, 성과지표, 예산),
시행결과의 목표 달성도, 지역주민 참여도·만족도 and 시행과정의 적정성. This module
lays out the council's part of each for one year: the commitments made in the
year's rounds grouped by their 세부사업 (proposals.models.PlanProject) with their
progress and indicators, and the council's own participation figures as evidence
of 주민 참여. `build_plan_results` returns plain data; `plan_results_xlsx` and
`plan_results_hwpx` lay the same data out (reports.hwpx is the only HWPX writer).

A fixed number of queries whatever the number of rounds, proposals and commitments.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from council.models import Council, Meeting
from lib.pdf import printable_text
from lib.xlsx import finish_workbook, safe_cell
from proposals.models import (
    Commitment,
    CommitmentStatus,
    DepartmentResponse,
    Proposal,
)
from reports.exporters import HWPX_TYPE, XLSX_TYPE
from reports.hwpx import HwpxBuilder, Line, PageSetup, TextStyle

PARTS = (
    gettext_lazy("1. 계획의 충실성"),
    gettext_lazy("2. 시행결과의 목표 달성도"),
    gettext_lazy("3. 지역주민 참여도·만족도"),
    gettext_lazy("4. 시행과정의 적정성"),
)


@dataclass
class CommitmentLine:
    what: str
    proposal: str  # "2026년 상반기 3번"
    department: str
    due: str
    status: str
    indicator: str
    unit: str
    target: Decimal | None
    actual: Decimal | None
    achievement: float | None  # actual ÷ target × 100
    budget: int | None
    overdue: bool
    status_kind: str = ""


@dataclass
class ProjectBlock:
    code: str  # "" for the commitments under no 세부사업
    name: str
    commitments: list[CommitmentLine] = field(default_factory=list)

    @property
    def budget(self) -> int:
        return sum(c.budget or 0 for c in self.commitments)

    @property
    def with_indicator(self) -> int:
        return sum(1 for c in self.commitments if c.indicator)

    @property
    def completed(self) -> int:
        return sum(1 for c in self.commitments if c.status_kind == CommitmentStatus.Kind.DONE)


@dataclass
class Participation:
    rounds: int
    invited: int
    submitting: int
    proposals: int
    final_responses: int
    commitments: int
    completed: int
    in_progress: int
    overdue: int
    dropped: int

    @property
    def submission_rate(self) -> float | None:
        return round(self.submitting * 100 / self.invited, 1) if self.invited else None

    @property
    def completion_rate(self) -> float | None:
        return round(self.completed * 100 / self.commitments, 1) if self.commitments else None


@dataclass
class PlanResults:
    council: str
    council_kind: str
    district: str
    year: int
    as_of: dt.date
    projects: list[ProjectBlock]
    participation: Participation
    council_slug: str = ""  # names the files: two councils of one district share titles

    @property
    def title(self) -> str:
        return _("%(year)s년 %(district)s %(council)s 연차별 시행결과 (지역사회보장계획 연계)") % {
            "year": self.year,
            "district": self.district,
            "council": self.council_kind,
        }


def _achievement(target: Decimal | None, actual: Decimal | None) -> float | None:
    if target is None or actual is None or target == 0:
        return None
    return round(float(actual * 100 / target), 1)


def build_plan_results(*, council: Council, year: int, today: dt.date | None = None) -> PlanResults:
    """The year's figures. Rounds: the council's meetings of `year` past preparation.
    Commitments: those made (final responses) on their proposals. Overdue is judged as
    of the end of the year, or today while the year runs."""
    today = today or timezone.localdate()
    as_of = min(today, dt.date(year, 12, 31))
    meetings = list(
        Meeting.objects.filter(council=council, year=year)
        .exclude(status=Meeting.Status.DRAFT)
        .with_submission_counts()
    )
    invited = sum(
        (m.recorded_invited_count or 0) if m.recorded else m.invited_count for m in meetings
    )
    submitting = sum(
        (m.recorded_submitted_count or 0) if m.recorded else m.submitted_count for m in meetings
    )
    ids = [m.pk for m in meetings]
    counts = Proposal.objects.filter(meeting_id__in=ids).aggregate(
        proposals=Count("pk", distinct=True),
        final=Count(
            "response", filter=Q(response__status=DepartmentResponse.Status.FINAL), distinct=True
        ),
    )
    commitments = list(
        Commitment.objects.made()
        .filter(response__proposal__meeting_id__in=ids)
        .with_overdue(as_of)
        .select_related("status", "department", "plan_project", "response__proposal__meeting")
        .order_by("plan_project__code", "response__proposal__meeting__half", "order", "pk")
    )
    blocks: dict[int | None, ProjectBlock] = {}
    for c in commitments:
        project = c.plan_project
        key = project.pk if project else None
        if key not in blocks:
            blocks[key] = ProjectBlock(
                code=project.code if project else "",
                name=project.name if project else _("세부사업 미지정"),
            )
        proposal = c.response.proposal
        line = CommitmentLine(
            what=c.what,
            proposal=_("%(year)s년 %(half)s %(n)s번")
            % {
                "year": proposal.meeting.year,
                "half": proposal.meeting.get_half_display(),
                "n": proposal.number,
            },
            department=c.department.name,
            due=c.due_date.isoformat(),
            status=c.status.label,
            indicator=c.indicator,
            unit=c.unit,
            target=c.target_value,
            actual=c.actual_value,
            achievement=_achievement(c.target_value, c.actual_value),
            budget=c.budget,
            overdue=c.overdue,
            status_kind=c.status.kind,
        )
        blocks[key].commitments.append(line)
    # 세부사업 by code; the unfiled ones last.
    projects = sorted(blocks.values(), key=lambda b: (b.code == "", b.code))
    kinds = [c.status.kind for c in commitments]
    participation = Participation(
        rounds=len(meetings),
        invited=invited,
        submitting=submitting,
        proposals=counts["proposals"],
        final_responses=counts["final"],
        commitments=len(commitments),
        completed=kinds.count(CommitmentStatus.Kind.DONE),
        in_progress=kinds.count(CommitmentStatus.Kind.OPEN),
        overdue=sum(1 for c in commitments if c.overdue),
        dropped=kinds.count(CommitmentStatus.Kind.DROPPED),
    )
    return PlanResults(
        council=council.name,
        council_kind=council.title_word,
        district=council.district,
        year=year,
        as_of=as_of,
        projects=projects,
        participation=participation,
        council_slug=council.slug,
    )


# --- The tables each format lays out -----------------------------------------------------


def _num(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:,f}" if value == value.to_integral() else f"{value:,}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return f"{value:,}"


def part_tables(results: PlanResults) -> list[tuple[str, list[str], list[list[str]]]]:
    """(part heading, column titles, rows) for each of the four parts, as text."""
    p = results.participation
    plan_rows = [
        [
            b.code or "-",
            b.name,
            _num(len(b.commitments)),
            _num(b.with_indicator),
            _num(b.budget),
        ]
        for b in results.projects
    ]
    result_rows = [
        [
            b.code or "-",
            c.what,
            c.department,
            c.status + (f" · {_('기한 지남')}" if c.overdue else ""),
            c.indicator or "-",
            f"{_num(c.target)}{c.unit}" if c.target is not None else "-",
            f"{_num(c.actual)}{c.unit}" if c.actual is not None else "-",
            f"{_num(c.achievement)}%" if c.achievement is not None else "-",
        ]
        for b in results.projects
        for c in b.commitments
    ]
    participation_rows = [
        [_("회의 개최"), _("%(n)s회") % {"n": p.rounds}],
        [_("위원 (초청 연인원)"), _("%(n)s명") % {"n": p.invited}],
        [_("의견 제출 (연인원)"), _("%(n)s명") % {"n": p.submitting}],
        [_("의견 제출률"), f"{_num(p.submission_rate)}%" if p.submission_rate is not None else "-"],
        [_("건의사항"), _("%(n)s건") % {"n": p.proposals}],
        [_("부서 최종 검토 의견"), _("%(n)s건") % {"n": p.final_responses}],
    ]
    process_rows = [
        [_("후속 조치"), _("%(n)s건") % {"n": p.commitments}],
        [_("완료"), _("%(n)s건") % {"n": p.completed}],
        [_("추진 중"), _("%(n)s건") % {"n": p.in_progress}],
        [_("기한 지남"), _("%(n)s건") % {"n": p.overdue}],
        [_("추진 불가"), _("%(n)s건") % {"n": p.dropped}],
        [_("완료율"), f"{_num(p.completion_rate)}%" if p.completion_rate is not None else "-"],
    ]
    return [
        (
            str(PARTS[0]),
            [_("세부사업 코드"), _("세부사업명"), _("후속 조치"), _("성과지표"), _("예산(원)")],
            plan_rows,
        ),
        (
            str(PARTS[1]),
            [
                _("세부사업 코드"),
                _("후속 조치"),
                _("담당 부서"),
                _("추진 상태"),
                _("성과지표"),
                _("목표"),
                _("실적"),
                _("달성률"),
            ],
            result_rows,
        ),
        (str(PARTS[2]), [_("항목"), _("실적")], participation_rows),
        (str(PARTS[3]), [_("항목"), _("실적")], process_rows),
    ]


def _filename(results: PlanResults, ext: str) -> str:
    return f"{results.council_slug}-plan-results-{results.year}.{ext}"


_COUNT = re.compile(r"\d{1,3}(,\d{3})+|\d+")
_PERCENT = re.compile(r"\d+(\.\d+)?%")


def _sheet_cell(cell, text: str) -> None:
    """Put a table's text into `cell` as a spreadsheet holds it: counts and amounts as
    numbers (`320,000,000`), rates as percentages (`50.0%`), the tables' `-` (none) as an
    empty cell, every other text neutralised (`2개소`, `1회` keep their unit)."""
    if text == "-":
        cell.value = None
    elif _COUNT.fullmatch(text):
        cell.value = int(text.replace(",", ""))
        cell.number_format = "#,##0"
    elif _PERCENT.fullmatch(text):
        cell.value = float(text[:-1]) / 100
        cell.number_format = "0.0%"
    else:
        cell.value = safe_cell(text)


def plan_results_xlsx(results: PlanResults) -> tuple[str, str, bytes]:
    """One sheet per part, each headed by the document's title and the part."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCE6F2")
    for index, (heading, columns, rows) in enumerate(part_tables(results), start=1):
        sheet = workbook.create_sheet(_("%(n)s부") % {"n": index})
        sheet.append([safe_cell(results.title)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([safe_cell(heading)])
        sheet.append([safe_cell(c) for c in columns])
        for cell in sheet[3]:
            cell.font, cell.fill = bold, fill
        for row in rows:
            line = sheet.max_row + 1
            for column, text in enumerate(row, start=1):
                _sheet_cell(sheet.cell(row=line, column=column), text)
        if not rows:
            sheet.append([_("해당 없음")])
        for letter in "ABCDEFGH":
            sheet.column_dimensions[letter].width = 18
    # A4 (landscape when wide), the title, part and column titles repeated on each page.
    finish_workbook(workbook, header_rows=3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _filename(results, "xlsx"), XLSX_TYPE, buffer.getvalue()


TITLE = TextStyle(size=16, bold=True, align="CENTER", space_after_pt=6)
SUB = TextStyle(size=10, align="CENTER", space_after_pt=10)
PART = TextStyle(size=12.5, bold=True, space_before_pt=10, space_after_pt=4, keep_with_next=True)
BODY = TextStyle(size=10)
CELL_HEADER = TextStyle(size=9.5, bold=True, align="CENTER")
CELL = TextStyle(size=9.5, align="LEFT")


def plan_results_hwpx(results: PlanResults) -> tuple[str, str, bytes]:
    """The same four parts as an .hwpx document (tables with repeated header rows)."""
    out = HwpxBuilder(PageSetup(top_mm=15, bottom_mm=12, header_mm=8, footer_mm=8))
    out.page_numbers()
    out.paragraph(printable_text(results.title), TITLE)
    out.paragraph(
        printable_text(
            _("%(council)s · 기준일 %(day)s") % {"council": results.council, "day": results.as_of}
        ),
        SUB,
    )
    for heading, columns, rows in part_tables(results):
        out.paragraph(heading, PART)
        if not rows:
            out.paragraph(_("해당 없음"), BODY)
            continue
        out.table(
            header=[Line(c, CELL_HEADER) for c in columns],
            rows=[[[Line(printable_text(v), CELL)] for v in row] for row in rows],
            widths=[3 if i == 1 and len(columns) > 2 else 2 for i in range(len(columns))],
        )
    return _filename(results, "hwpx"), HWPX_TYPE, out.to_bytes(title=results.title)
