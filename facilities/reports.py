"""The 기관별 현황 report: the registry's figures as of a date, by kind and by 동 × kind.

The report is plain data (dicts and lists of numbers and strings), so that a
meeting can keep it as a frozen JSON snapshot and the page, the spreadsheet
and the snapshot all show the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext as _

from council.models import Council
from facilities.models import Facility, kind_name
from lib.dates import korean_date
from lib.snapshots import Snapshot, make_snapshot

NIGHT_THRESHOLD = dt.time(20, 0)
SNAPSHOT_SOURCE = "facility_status"


def _occupancy(enrolled: int, capacity: int) -> float | None:
    return round(enrolled * 100 / capacity, 1) if capacity else None


def status_report(*, council: Council, as_of: dt.date) -> dict:
    """Figures per kind and per 동 × kind for facilities existing on `as_of`.

    Two queries, whatever the number of facilities.
    """
    facilities = list(
        Facility.objects.filter(council=council)
        .existing_on(as_of)
        .exclude(status=Facility.Status.PLANNED, opened_on__isnull=True)
        .select_related("dong")
        .with_figures_as_of(as_of)
    )
    # Every national kind by its name on the day; 기타 only when a facility is of it.
    kinds = [
        (value, kind_name(value, on=as_of))
        for value in Facility.Kind.values
        if value != Facility.Kind.OTHER or any(f.kind == value for f in facilities)
    ]
    empty = {
        "facilities": 0,
        "capacity": 0,
        "enrolled": 0,
        "open_after_20": 0,
        "night_care": 0,
        "temporary_care": 0,
    }
    by_kind = {value: dict(empty) for value, _ in kinds}
    by_dong: dict[str, dict[str, int]] = defaultdict(lambda: {value: 0 for value, _ in kinds})
    dong_order: dict[str, int] = {}
    for facility in facilities:
        row = by_kind[facility.kind]
        row["facilities"] += 1
        row["capacity"] += facility.capacity or 0
        row["enrolled"] += facility.enrolled or 0
        row["open_after_20"] += int(
            bool(facility.closes_at and facility.closes_at >= NIGHT_THRESHOLD)
        )
        row["night_care"] += int(facility.night_care)
        row["temporary_care"] += int(facility.temporary_care)
        by_dong[facility.dong.name][facility.kind] += 1
        dong_order[facility.dong.name] = facility.dong.order
    total = dict(empty)
    for row in by_kind.values():
        for key in total:
            total[key] += row[key]
    kind_rows = [
        {
            "kind": value,
            "label": label,
            **by_kind[value],
            "occupancy": _occupancy(by_kind[value]["enrolled"], by_kind[value]["capacity"]),
        }
        for value, label in kinds
    ]
    dong_rows = [
        {
            "dong": name,
            "counts": [by_dong[name][value] for value, _ in kinds],
            "total": sum(by_dong[name].values()),
        }
        for name in sorted(by_dong, key=lambda n: (dong_order[n], n))
    ]
    return {
        "council": council.name,
        "as_of": as_of.isoformat(),
        "kinds": [label for _, label in kinds],
        "by_kind": kind_rows,
        "total": {**total, "occupancy": _occupancy(total["enrolled"], total["capacity"])},
        "by_dong": dong_rows,
        "dong_totals": [sum(row["counts"][i] for row in dong_rows) for i in range(len(kinds))]
        + [sum(row["total"] for row in dong_rows)],
    }


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value}%"


def status_tables(report: dict) -> Snapshot:
    """The report as plain tables: what the report page shows and what a meeting keeps.

    The page, the frozen agenda snapshot and the spreadsheet all start from
    `status_report`; this is the one place its tables are laid out.
    """
    as_of = dt.date.fromisoformat(report["as_of"])
    kind_columns = [
        _("유형"),
        _("기관 수"),
        _("정원"),
        _("현원"),
        _("이용률"),
        _("20시 이후 운영"),
        _("야간돌봄"),
        _("일시돌봄"),
    ]

    def kind_row(label: str, row: dict) -> list[str]:
        return [
            label,
            row["facilities"],
            row["capacity"],
            row["enrolled"],
            _percent(row["occupancy"]),
            row["open_after_20"],
            row["night_care"],
            row["temporary_care"],
        ]

    return make_snapshot(
        source=SNAPSHOT_SOURCE,
        title=_("기관별 현황"),
        as_of=as_of,
        tables=[
            {
                "caption": _("유형별 현황 (%(day)s 기준)") % {"day": korean_date(as_of)},
                "columns": kind_columns,
                "rows": [kind_row(row["label"], row) for row in report["by_kind"]],
                "footer": kind_row(_("합계"), report["total"]),
            },
            {
                "caption": _("행정동별 기관 수"),
                "columns": [_("행정동"), *report["kinds"], _("합계")],
                "rows": [[row["dong"], *row["counts"], row["total"]] for row in report["by_dong"]],
                "footer": [_("합계"), *report["dong_totals"]],
            },
        ],
        notes=[
            _(
                "기준일에 운영 중이던 시설과, 그날까지의 마지막 정원·현원 기록으로 셉니다. "
                "20시 이후 운영은 학기 중 종료 시각이 20:00 이후인 시설입니다."
            )
        ],
    )
