"""The 기관별 현황 report: the registry's figures as of a date, by kind and by 동 × kind.

The report is plain data (dicts and lists of numbers and strings), so that a
meeting can keep it as a frozen JSON snapshot and the page, the spreadsheet
and the snapshot all show the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from council.models import Council
from facilities.models import Facility

NIGHT_THRESHOLD = dt.time(20, 0)


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
    kinds = [(value, str(label)) for value, label in Facility.Kind.choices]
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
    for f in facilities:
        row = by_kind[f.kind]
        row["facilities"] += 1
        row["capacity"] += f.capacity or 0
        row["enrolled"] += f.enrolled or 0
        row["open_after_20"] += int(bool(f.closes_at and f.closes_at >= NIGHT_THRESHOLD))
        row["night_care"] += int(f.night_care)
        row["temporary_care"] += int(f.temporary_care)
        by_dong[f.dong.name][f.kind] += 1
        dong_order[f.dong.name] = f.dong.order
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
