"""Trends across meetings (추이), per council and half-year: what was proposed, how
departments answered, and whether what they committed to got done.

`build_trends(council, first_year, last_year, today)` reads everything in a fixed
number of queries, however many meetings and commitments there are. The same
figures become the staff page's charts and tables (lib.charts), a frozen
agenda snapshot (lib.snapshots: plain tables) and a spreadsheet.

Definitions (also shown on the page):
- completion rate: commitments marked with a 완료-kind status out of all made
  commitments (those in a final response);
- days to completion: from the last day of the meeting that raised the proposal
  to the day the commitment was marked done; the median per half-year;
- overdue: the one rule on proposals.models.overdue_q, as of `today`.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Category, Council, Meeting
from lib.charts import Chart, bar_chart
from lib.snapshots import Snapshot, Table, make_snapshot
from lib.xlsx import finish_workbook, safe_cell
from proposals.models import Commitment, CommitmentStatus, DepartmentResponse, Proposal, overdue_q

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_YEARS = 5


@dataclass
class Rate:
    name: str
    total: int
    done: int
    dropped: int

    @property
    def rate(self) -> float | None:
        return round(100 * self.done / self.total, 1) if self.total else None


@dataclass
class Trends:
    council: Council
    first_year: int
    last_year: int
    today: dt.date
    half_years: list[str] = field(default_factory=list)  # "2023 하반기", oldest first
    categories: list[str] = field(default_factory=list)
    proposals: list[list[int]] = field(default_factory=list)  # [half-year][category]
    states: list[str] = field(default_factory=list)
    responses: list[list[int]] = field(default_factory=list)  # [half-year][state]
    by_category: list[Rate] = field(default_factory=list)
    by_department: list[Rate] = field(default_factory=list)
    median_days: list[float | None] = field(default_factory=list)  # [half-year]
    completed: list[int] = field(default_factory=list)  # [half-year]
    overdue: list[int] = field(default_factory=list)  # [half-year]

    @property
    def empty(self) -> bool:
        return not self.half_years


def _half_label(year: int, half: int) -> str:
    return f"{year} {Meeting.Half(half).label}"


def _half_years_between(first: dict, last: dict) -> list[tuple[int, int]]:
    slots, year, half = [], first["year"], first["half"]
    while (year, half) <= (last["year"], last["half"]):
        slots.append((year, half))
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    return slots


def _no_meeting_label(year: int, half: int) -> str:
    return _("%(half)s (회의 없음)") % {"half": _half_label(year, half)}


def build_trends(
    *, council: Council, first_year: int, last_year: int, today: dt.date | None = None
) -> Trends:
    today = today or timezone.localdate()
    trends = Trends(council=council, first_year=first_year, last_year=last_year, today=today)
    meetings = list(
        Meeting.objects.filter(council=council, year__gte=first_year, year__lte=last_year)
        .visible_to_members()
        .order_by("year", "half")
        .values("pk", "year", "half", "period_end")
    )
    if not meetings:
        return trends
    # Every half-year from the first meeting to the last is a slot; a half with no
    # meeting keeps its place on the axis (shown as 회의 없음), so 2023 하반기 never
    # stands next to 2026 하반기 as if nothing lay between.
    slots = _half_years_between(meetings[0], meetings[-1])
    slot_of = {key: i for i, key in enumerate(slots)}
    index = {m["pk"]: slot_of[(m["year"], m["half"])] for m in meetings}
    held = {(m["year"], m["half"]): m for m in meetings}
    trends.half_years = [
        _half_label(year, half) if (year, half) in held else _no_meeting_label(year, half)
        for year, half in slots
    ]
    period_end = {index[m["pk"]]: m["period_end"] for m in meetings}
    categories = list(Category.objects.filter(council=council).values_list("pk", "name"))
    trends.categories = [name for _pk, name in categories]
    category_index = {pk: i for i, (pk, _name) in enumerate(categories)}

    trends.proposals = [[0] * len(categories) for _slot in slots]
    for row in (
        Proposal.objects.filter(meeting__in=index)
        .values("meeting", "category")
        .annotate(n=Count("pk"))
    ):
        if row["category"] in category_index:
            trends.proposals[index[row["meeting"]]][category_index[row["category"]]] = row["n"]

    states = list(DepartmentResponse.State.choices)
    trends.states = [str(label) for _value, label in states]
    state_index = {value: i for i, (value, _label) in enumerate(states)}
    trends.responses = [[0] * len(states) for _slot in slots]
    for row in (
        DepartmentResponse.objects.final()
        .filter(proposal__meeting__in=index)
        .values("proposal__meeting", "state")
        .annotate(n=Count("pk"))
    ):
        if row["state"] in state_index:
            trends.responses[index[row["proposal__meeting"]]][state_index[row["state"]]] = row["n"]

    made = Commitment.objects.made().filter(response__proposal__meeting__in=index)
    done = Q(status__kind=CommitmentStatus.Kind.DONE)
    dropped = Q(status__kind=CommitmentStatus.Kind.DROPPED)
    trends.by_category = [
        Rate(row["response__proposal__category__name"], row["total"], row["done"], row["dropped"])
        for row in made.values(
            "response__proposal__category__name", "response__proposal__category__order"
        )
        .annotate(
            total=Count("pk"), done=Count("pk", filter=done), dropped=Count("pk", filter=dropped)
        )
        .order_by("response__proposal__category__order", "response__proposal__category__name")
    ]
    trends.by_department = [
        Rate(row["department__name"], row["total"], row["done"], row["dropped"])
        for row in made.values("department__name")
        .annotate(
            total=Count("pk"), done=Count("pk", filter=done), dropped=Count("pk", filter=dropped)
        )
        .order_by("department__name")
    ]

    days: list[list[int]] = [[] for _slot in slots]
    for meeting_id, closed_at in made.filter(done, closed_at__isnull=False).values_list(
        "response__proposal__meeting", "closed_at"
    ):
        end = period_end[index[meeting_id]]
        days[index[meeting_id]].append(max((timezone.localdate(closed_at) - end).days, 0))
    trends.median_days = [float(statistics.median(d)) if d else None for d in days]
    trends.completed = [len(d) for d in days]

    trends.overdue = [0] * len(slots)
    for meeting_id, n in (
        made.filter(overdue_q(today))
        .values("response__proposal__meeting")
        .annotate(n=Count("pk"))
        .values_list("response__proposal__meeting", "n")
    ):
        trends.overdue[index[meeting_id]] = n
    return trends


def charts(trends: Trends) -> list[Chart]:
    """The page's charts, each with its table."""
    if trends.empty:
        return []
    return [
        bar_chart(
            key="proposals",
            title=_("반기별 건의사항 (분야별)"),
            rows=list(zip(trends.half_years, trends.proposals, strict=True)),
            series=trends.categories,
            unit=_("건"),
            total_label=_("합계"),
        ),
        bar_chart(
            key="responses",
            title=_("반기별 부서 검토 결과 (최종 제출)"),
            rows=list(zip(trends.half_years, trends.responses, strict=True)),
            series=trends.states,
            unit=_("건"),
            total_label=_("합계"),
        ),
        _rate_chart("by-category", _("분야별 후속 조치 완료율"), trends.by_category),
        _rate_chart("by-department", _("부서별 후속 조치 완료율"), trends.by_department),
        bar_chart(
            key="median-days",
            title=_("완료까지 걸린 날수 (중앙값, 회의 종료일부터)"),
            rows=[(h, [d]) for h, d in zip(trends.half_years, trends.median_days, strict=True)],
            series=[_("중앙값")],
            unit=_("일"),
        ),
        bar_chart(
            key="overdue",
            title=_("기한 지난 후속 조치 (건의한 반기별)"),
            rows=[(h, [n]) for h, n in zip(trends.half_years, trends.overdue, strict=True)],
            series=[_("기한 지남")],
            unit=_("건"),
        ),
    ]


def _rate_chart(key: str, title: str, rates: list[Rate]) -> Chart:
    """Completion rates (0–100 %) of the groups in `rates`, with their table."""
    return bar_chart(
        key=key,
        title=title,
        rows=[(r.name, [r.rate]) for r in rates],
        series=[_("완료율")],
        unit="%",
        max_value=100,
        table=(_rate_columns(), _rate_rows(rates)),
    )


def _rate_columns() -> list[str]:
    return [_("후속 조치"), _("완료"), _("추진 불가"), _("완료율")]


def _rate_rows(rates: list[Rate]) -> list[list[str]]:
    return [
        [
            r.name,
            str(r.total),
            str(r.done),
            str(r.dropped),
            "-" if r.rate is None else f"{r.rate:.1f}%",
        ]
        for r in rates
    ]


def tables(trends: Trends) -> list[Table]:
    """The figures as plain tables (the snapshot and the spreadsheet)."""
    if trends.empty:
        return []
    rate_columns = [_("구분"), *_rate_columns()]
    return [
        {
            "caption": _("반기별 건의사항 (분야별)"),
            "columns": [_("반기"), *trends.categories, _("합계")],
            "rows": [
                [h, *map(str, counts), str(sum(counts))]
                for h, counts in zip(trends.half_years, trends.proposals, strict=True)
            ],
            "footer": None,
        },
        {
            "caption": _("반기별 부서 검토 결과 (최종 제출)"),
            "columns": [_("반기"), *trends.states, _("합계")],
            "rows": [
                [h, *map(str, counts), str(sum(counts))]
                for h, counts in zip(trends.half_years, trends.responses, strict=True)
            ],
            "footer": None,
        },
        {
            "caption": _("분야별 후속 조치 완료율"),
            "columns": rate_columns,
            "rows": _rate_rows(trends.by_category),
            "footer": None,
        },
        {
            "caption": _("부서별 후속 조치 완료율"),
            "columns": rate_columns,
            "rows": _rate_rows(trends.by_department),
            "footer": None,
        },
        {
            "caption": _("반기별 완료·기한 지남"),
            "columns": [_("반기"), _("완료"), _("완료까지 날수 (중앙값)"), _("기한 지남")],
            "rows": [
                [h, str(c), "-" if d is None else f"{d:g}", str(o)]
                for h, c, d, o in zip(
                    trends.half_years,
                    trends.completed,
                    trends.median_days,
                    trends.overdue,
                    strict=True,
                )
            ],
            "footer": None,
        },
    ]


def snapshot(trends: Trends) -> Snapshot:
    return make_snapshot(
        source="commitment_trends",
        title=_("건의사항 추진 추이 (%(first)s~%(last)s년)")
        % {"first": trends.first_year, "last": trends.last_year},
        as_of=trends.today,
        tables=tables(trends),
        notes=[
            _("완료율: 최종 제출된 검토 의견의 후속 조치 가운데 ‘완료’된 비율"),
            _("완료까지 날수: 건의한 회의의 종료일부터 완료로 기록된 날까지"),
            _("기한 지남: 완료 예정일이 지났고 그 뒤 추진 경과가 없는 후속 조치"),
        ],
    )


def export_xlsx(trends: Trends) -> tuple[str, str, bytes]:
    """The trends' tables, one sheet each; every text cell neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    names = [_("건의사항"), _("검토 결과"), _("분야별 완료율"), _("부서별 완료율"), _("완료·기한")]
    for name, table in zip(names, tables(trends), strict=False):
        sheet = workbook.create_sheet(name)
        sheet.append([safe_cell(table["caption"])])
        sheet["A1"].font = Font(bold=True)
        sheet.append([safe_cell(c) for c in table["columns"]])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table["rows"]:
            sheet.append([_number_or_text(cell) for cell in row])
        sheet.column_dimensions["A"].width = 18
    if not workbook.sheetnames:
        sheet = workbook.create_sheet(_("추이"))
        sheet.append([_("해당 기간에 회의가 없습니다.")])
    finish_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    filename = f"{trends.council.slug}-trends-{trends.first_year}-{trends.last_year}.xlsx"
    return filename, XLSX_TYPE, buffer.getvalue()


def _number_or_text(value: str):
    """Counts go into the sheet as numbers, everything else as (safe) text."""
    if value.isdigit():
        return int(value)
    return safe_cell(value)
