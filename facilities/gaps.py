"""돌봄 공백 현황: per 동, school-age children against the places the registry holds.

Like the 기관별 현황 (facilities.reports), the report is plain data (numbers,
strings, ISO dates), so the page, the spreadsheet, the charts and a meeting's
frozen snapshot all show the same figures. Five queries whatever the number of
동 and facilities: the council's thresholds, the population month, its figures,
the 동 and the facilities with their latest figures.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from council.models import Council, Dong
from facilities.models import Facility, GapSettings, PopulationDataset, PopulationFigure
from lib import charts
from lib.dates import korean_date, korean_month, korean_time
from lib.snapshots import Snapshot, make_snapshot

SNAPSHOT_SOURCE = "care_gaps"
FLAG_LOW = "low_places"
FLAG_NO_EVENING = "no_evening"


def _per_100(places: int, children: int | None) -> float | None:
    if not children:
        return None
    return round(places * 100 / children, 1)


def _latest_time(facility: Facility) -> dt.time | None:
    """How late the facility cares for children on a school day (night care counts)."""
    times = [t for t in (facility.closes_at,) if t]
    if facility.night_care and facility.night_care_until:
        times.append(facility.night_care_until)
    return max(times) if times else None


# Grade bands (학년군) and the ages that stand for them in the 주민등록 population.
GRADE_BANDS = (
    # key, label, grades low..high, ages low..high
    ("g12", "초1–2", 1, 2, 7, 8),
    ("g3", "초3", 3, 3, 9, 9),
    ("g46", "초4–6", 4, 6, 10, 12),
)
TIME_BANDS = ("term_after", "late", "vacation_day", "saturday")


def time_band_labels(settings) -> list[str]:
    """The time bands as the page names them, with the settings' times."""
    return [
        _("학기 중 %(t)s 이후") % {"t": korean_time(settings.after_school_from)},
        _("학기 중 %(t)s 이후") % {"t": korean_time(settings.late_from)},
        _("방학 중 낮 (%(a)s–%(b)s)")
        % {
            "a": korean_time(settings.vacation_day_from),
            "b": korean_time(settings.vacation_day_to),
        },
        _("토요일"),
    ]


def open_in(facility: Facility, band: str, settings) -> bool:
    """Whether the facility cares for children in a time band (its recorded hours; for
    records that only say 방학 중 돌봄 or 토요 돌봄 without hours, the flag)."""
    if band in ("term_after", "late"):
        latest = _latest_time(facility)
        start = settings.after_school_from if band == "term_after" else settings.late_from
        return latest is not None and latest > start
    if band == "vacation_day":
        opens, closes = facility.vacation_opens_at, facility.vacation_closes_at
        if opens and closes:
            return opens < settings.vacation_day_to and closes > settings.vacation_day_from
        return facility.vacation_care
    opens, closes = facility.saturday_opens_at, facility.saturday_closes_at
    if opens and closes:
        return True
    return facility.saturday_care


def _grade_rows(dongs, figures, facilities, settings) -> tuple[list[dict], dict]:
    """Per 동 and in total: children per grade band, and per grade band and time band the
    places (정원) of the facilities open then that take those grades, the number of such
    facilities and the children left without a place (children − places, not below 0)."""
    places = {
        d.pk: [[{"places": 0, "facilities": 0} for _t in TIME_BANDS] for _g in GRADE_BANDS]
        for d in dongs
    }
    for f in facilities:
        bands = [open_in(f, band, settings) for band in TIME_BANDS]
        for g, (_key, _label, low, high, _a, _b) in enumerate(GRADE_BANDS):
            if not f.takes_grades(low, high):
                continue
            for t, is_open in enumerate(bands):
                if is_open:
                    cell = places[f.dong_id][g][t]
                    cell["places"] += f.capacity or 0
                    cell["facilities"] += 1

    def finish(children: list[int | None], cells) -> list[list[dict]]:
        return [
            [
                {
                    **cell,
                    "uncovered": max(children[g] - cell["places"], 0)
                    if children[g] is not None
                    else None,
                }
                for cell in cells[g]
            ]
            for g in range(len(GRADE_BANDS))
        ]

    rows = []
    for dong in dongs:
        figure = figures.get(dong.pk)
        children = [figure.children(a, b) if figure else None for *_x, a, b in GRADE_BANDS]
        rows.append(
            {
                "dong": dong.name,
                "children": children,
                "children_total": sum(children) if figure else None,
                "cells": finish(children, places[dong.pk]),
            }
        )
    with_figures = [r for r in rows if r["children_total"] is not None]
    total_children = [
        sum(r["children"][g] for r in with_figures) if with_figures else None
        for g in range(len(GRADE_BANDS))
    ]
    total_cells = [
        [
            {
                "places": sum(places[d.pk][g][t]["places"] for d in dongs),
                "facilities": sum(places[d.pk][g][t]["facilities"] for d in dongs),
            }
            for t in range(len(TIME_BANDS))
        ]
        for g in range(len(GRADE_BANDS))
    ]
    total = {
        "dong": _("구 전체"),
        "children": total_children,
        "children_total": sum(total_children) if with_figures else None,
        "cells": finish(total_children, total_cells),
    }
    return rows, total


def population_for(council: Council, as_of: dt.date, month: dt.date | None = None):
    """The population month the report uses: the one asked for, else the latest
    month on or before `as_of` (so a frozen report can be made again)."""
    datasets = PopulationDataset.objects.filter(council=council)
    if month is not None:
        return datasets.filter(month=month).first()
    return datasets.filter(month__lte=as_of).order_by("-month").first()


def gap_report(
    *, council: Council, as_of: dt.date, month: dt.date | None = None, settings=None
) -> dict:
    """Per 동: children of the set ages, 정원/현원/대기 by kind, places per 100 children,
    evening and night care, vacation capacity, temporary care, and the flags."""
    settings = settings or GapSettings.for_council(council)
    dataset = population_for(council, as_of, month)
    figures = (
        {f.dong_id: f for f in PopulationFigure.objects.filter(dataset=dataset)}
        if dataset is not None
        else {}
    )
    dongs = list(Dong.objects.filter(council=council).order_by("order", "name"))
    facilities = list(
        Facility.objects.filter(council=council)
        .existing_on(as_of)
        .exclude(status=Facility.Status.PLANNED, opened_on__isnull=True)
        .with_figures_as_of(as_of)
    )
    kinds = [(value, str(label)) for value, label in Facility.Kind.choices]
    ages = (settings.age_from, settings.age_to)

    def empty() -> dict:
        return {
            "kinds": {value: {"capacity": 0, "enrolled": 0, "waiting": 0} for value, _l in kinds},
            "capacity": 0,
            "enrolled": 0,
            "waiting": 0,
            "facilities": 0,
            "evening": 0,
            "night": 0,
            "vacation_capacity": 0,
            "temporary": 0,
            "temporary_spare": 0,
            "no_figures": 0,
            "dates": [],
        }

    by_dong = {d.pk: empty() for d in dongs}
    for f in facilities:
        row = by_dong[f.dong_id]
        row["facilities"] += 1
        capacity, enrolled, waiting = f.capacity or 0, f.enrolled or 0, f.waiting or 0
        if f.figures_as_of is None:
            row["no_figures"] += 1
        else:
            row["dates"].append(f.figures_as_of)
        kind = row["kinds"][f.kind]
        kind["capacity"] += capacity
        kind["enrolled"] += enrolled
        kind["waiting"] += waiting
        row["capacity"] += capacity
        row["enrolled"] += enrolled
        row["waiting"] += waiting
        latest = _latest_time(f)
        if latest and latest > settings.evening_after:
            row["evening"] += 1
        if latest and latest >= settings.night_until:
            row["night"] += 1
        if f.vacation_care:
            row["vacation_capacity"] += capacity
        if f.temporary_care:
            row["temporary"] += 1
            row["temporary_spare"] += f.temporary_spare

    children_total = sum(
        figures[d.pk].children(*ages) for d in dongs if d.pk in figures
    )  # only 동 with figures count towards the district's own ratio
    capacity_with_children = sum(by_dong[d.pk]["capacity"] for d in dongs if d.pk in figures)
    district_ratio = _per_100(capacity_with_children, children_total)
    if settings.min_places is not None:
        threshold = float(settings.min_places)
    elif district_ratio is not None:
        threshold = round(district_ratio * (100 - settings.margin) / 100, 1)
    else:
        threshold = None

    rows = []
    for dong in dongs:
        data = by_dong[dong.pk]
        figure = figures.get(dong.pk)
        children = figure.children(*ages) if figure else None
        per_100 = _per_100(data["capacity"], children)
        flags = []
        if threshold is not None and children and per_100 is not None and per_100 < threshold:
            flags.append(FLAG_LOW)
        if settings.flag_no_evening and not data["evening"]:
            flags.append(FLAG_NO_EVENING)
        dates = data.pop("dates")
        rows.append(
            {
                "dong": dong.name,
                "code": dong.code or "",
                "children": children,
                **data,
                "kinds": [data["kinds"][value] for value, _l in kinds],
                "per_100": per_100,
                "figures_from": min(dates).isoformat() if dates else None,
                "figures_to": max(dates).isoformat() if dates else None,
                "flags": flags,
            }
        )
    total = empty()
    total.pop("dates")
    for row in rows:
        for key in total:
            if key == "kinds":
                continue
            total[key] += row[key]
    total["kinds"] = [
        {
            name: sum(row["kinds"][i][name] for row in rows)
            for name in ("capacity", "enrolled", "waiting")
        }
        for i in range(len(kinds))
    ]
    total["children"] = children_total if figures else None
    total["per_100"] = district_ratio
    all_dates = [r[k] for r in rows for k in ("figures_from", "figures_to") if r[k]]
    grade_rows, grade_total = _grade_rows(dongs, figures, facilities, settings)
    return {
        "council": council.name,
        "district": council.district,
        "as_of": as_of.isoformat(),
        "month": dataset.month.isoformat() if dataset else None,
        "region_name": dataset.region_name if dataset else "",
        "ages": list(ages),
        "kinds": [label for _v, label in kinds],
        "settings": {
            "margin": settings.margin,
            "min_places": settings.min_places,
            "flag_no_evening": settings.flag_no_evening,
            "evening_after": korean_time(settings.evening_after),
            "night_until": korean_time(settings.night_until),
        },
        "rows": rows,
        "total": total,
        "district_ratio": district_ratio,
        "threshold": threshold,
        "flagged": sum(1 for r in rows if r["flags"]),
        # Grade bands × time bands (초3 아동, 18:00 이후 …): see _grade_rows.
        "grades": {
            "bands": [label for _k, label, *_rest in GRADE_BANDS],
            "ages": [[a, b] for *_rest, a, b in GRADE_BANDS],
            "times": time_band_labels(settings),
            "rows": grade_rows,
            "total": grade_total,
            "policy": {
                "after_school_from": korean_time(settings.after_school_from),
                "late_from": korean_time(settings.late_from),
                "vacation_day": [
                    korean_time(settings.vacation_day_from),
                    korean_time(settings.vacation_day_to),
                ],
                "source": settings.policy_source,
                "date": settings.policy_date.isoformat(),
            },
        },
        "figures_from": min(all_dates) if all_dates else None,
        "figures_to": max(all_dates) if all_dates else None,
    }


# --- The tables: what the page, the spreadsheet and a meeting's snapshot lay out ----


def _month_text(report: dict) -> str:
    if not report["month"]:
        return _("인구 자료 없음")
    return korean_month(dt.date.fromisoformat(report["month"]))


def _day(value: str | None) -> str:
    return korean_date(dt.date.fromisoformat(value)) if value else "-"


def flag_labels(flags: list[str]) -> list[str]:
    labels = {FLAG_LOW: _("정원 부족"), FLAG_NO_EVENING: _("저녁 돌봄 없음")}
    return [labels[f] for f in flags]


def main_columns(report: dict) -> list[str]:
    settings = report["settings"]
    return [
        _("행정동"),
        _("학령 아동 %(a)s–%(b)s세 (%(month)s)")
        % {"a": report["ages"][0], "b": report["ages"][1], "month": _month_text(report)},
        _("정원"),
        _("현원"),
        _("대기"),
        _("아동 100명당 정원"),
        _("%(time)s 이후 운영") % {"time": settings["evening_after"]},
        _("%(time)s까지 운영") % {"time": settings["night_until"]},
        _("방학 중 정원"),
        _("일시돌봄 (여유 인원)"),
        _("정원·현원 기록일"),
        _("표시"),
    ]


def main_values(row: dict) -> list:
    """One 동 (or the total) in `main_columns` order, numbers as numbers."""
    if row.get("figures_from") and row["figures_from"] != row.get("figures_to"):
        dates = f"{_day(row['figures_from'])} ~ {_day(row['figures_to'])}"
    else:
        dates = _day(row.get("figures_from"))
    return [
        row["children"],
        row["capacity"],
        row["enrolled"],
        row["waiting"],
        row["per_100"],
        row["evening"],
        row["night"],
        row["vacation_capacity"],
        f"{row['temporary']} ({row['temporary_spare']})",
        dates,
        ", ".join(flag_labels(row.get("flags", []))),
    ]


def kind_columns(report: dict) -> list[str]:
    columns = [_("행정동")]
    for label in report["kinds"]:
        columns += [
            _("%(kind)s 정원") % {"kind": label},
            _("%(kind)s 현원") % {"kind": label},
            _("%(kind)s 대기") % {"kind": label},
        ]
    return columns


def kind_values(row: dict) -> list[int]:
    return [k[name] for k in row["kinds"] for name in ("capacity", "enrolled", "waiting")]


def notes(report: dict) -> list[str]:
    settings = report["settings"]
    if settings["min_places"] is not None:
        rule = _("아동 100명당 정원이 %(n)s석보다 적은 동") % {"n": settings["min_places"]}
    else:
        rule = _(
            "아동 100명당 정원이 구 전체 비율(%(ratio)s)보다 %(margin)s%% 이상 낮은 동 "
            "(%(threshold)s 미만)"
        ) % {
            "ratio": _text(report["district_ratio"]),
            "margin": settings["margin"],
            "threshold": _text(report["threshold"]),
        }
    if settings["flag_no_evening"]:
        rule += _(", %(time)s 이후 운영하는 시설이 없는 동") % {"time": settings["evening_after"]}
    lines = [
        _(
            "학령 아동: %(region)s 주민등록 연령별 인구 %(month)s 기준, %(a)s–%(b)s세. "
            "시설: %(day)s에 운영 중인 시설과 그날까지의 마지막 정원·현원 기록(%(range)s)."
        )
        % {
            "region": report["region_name"] or report["district"],
            "month": _month_text(report),
            "a": report["ages"][0],
            "b": report["ages"][1],
            "day": _day(report["as_of"]),
            "range": (
                f"{_day(report['figures_from'])} ~ {_day(report['figures_to'])}"
                if report["figures_from"]
                else _("기록 없음")
            ),
        },
        _("표시 기준: %(rule)s.") % {"rule": rule},
        _(
            "저녁·야간 운영은 학기 중 종료 시각 또는 야간돌봄 종료 시각으로 셉니다. "
            "방학 중 정원은 방학 중 돌봄을 하는 시설의 정원입니다."
        ),
    ]
    return lines


def _text(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def gap_tables(report: dict) -> Snapshot:
    """The report as plain tables (the page, the frozen agenda snapshot)."""
    as_of = dt.date.fromisoformat(report["as_of"])
    main = main_columns(report)
    return make_snapshot(
        source=SNAPSHOT_SOURCE,
        title=_("돌봄 공백 현황"),
        as_of=as_of,
        tables=[
            {
                "caption": _("행정동별 돌봄 공백 (%(day)s 기준, 인구 %(month)s)")
                % {"day": korean_date(as_of), "month": _month_text(report)},
                "columns": main,
                "rows": [
                    [row["dong"], *[_text(v) for v in main_values(row)]] for row in report["rows"]
                ],
                "footer": [
                    _("구 전체"),
                    *[
                        _text(v)
                        for v in main_values(
                            {
                                **report["total"],
                                "flags": [],
                                "figures_from": report["figures_from"],
                                "figures_to": report["figures_to"],
                            }
                        )
                    ],
                ],
            },
            {
                "caption": _("유형별 정원·현원·대기 (%(day)s 기준)") % {"day": korean_date(as_of)},
                "columns": kind_columns(report),
                "rows": [
                    [row["dong"], *[_text(v) for v in kind_values(row)]] for row in report["rows"]
                ],
                "footer": [_("구 전체"), *[_text(v) for v in kind_values(report["total"])]],
            },
            grade_table(report),
        ],
        notes=[*notes(report), grade_note(report)],
    )


def grade_table(report: dict) -> dict:
    """The district's grade bands × time bands: 정원 (돌봄받지 못하는 아동)."""
    grades = report["grades"]
    total = grades["total"]
    return {
        "caption": _("학년군·시간대별 정원 (돌봄받지 못하는 아동), 구 전체"),
        "columns": [_("학년군"), _("아동"), *grades["times"]],
        "rows": [
            [
                band,
                _text(total["children"][g]),
                *[
                    f"{_text(cell['places'])} ({_text(cell['uncovered'])})"
                    for cell in total["cells"][g]
                ],
            ]
            for g, band in enumerate(grades["bands"])
        ],
        "footer": None,
    }


def grade_note(report: dict) -> str:
    policy = report["grades"]["policy"]
    return _(
        "학년군·시간대: 초1–2 7–8세, 초3 9세, 초4–6 10–12세. 그 시간에 운영하고 그 학년을 받는 "
        "시설의 정원. 기준: %(source)s (%(date)s), 초1–2는 %(t)s까지 학교."
    ) % {
        "source": policy["source"],
        "date": _day(policy["date"]),
        "t": policy["after_school_from"],
    }


# --- the report's two charts (drawn by lib/chart.html) ---------------------------------------

CHART_WIDTH = 360
_LABEL_W = 80
_VALUE_W = 52
_ROW_H = 24
_BAR_H = 14
_CHART_TOP = 30
_CHART_BOTTOM = 26
_PLOT_W = CHART_WIDTH - _LABEL_W - _VALUE_W - 8
_LOW, _LOW_INK, _BAR = "#b42318", "#912018", "#2e6bb0"
_CHILDREN, _PLACES = "#9cb8d8", "#1d4f8c"


def _chart_x(value: float, top: float) -> float:
    return round(_LABEL_W + _PLOT_W * min(value, top) / top, 1)


def _chart_number(value: float | int | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return f"{value:,}"


def _chart_frame(key: str, title: str, rows: list, top: float, step: float) -> charts.Chart:
    height = _CHART_TOP + _ROW_H * len(rows) + _CHART_BOTTOM
    return charts.Chart(
        key=key,
        title=title,
        width=CHART_WIDTH,
        height=height,
        shapes=charts.axis(
            top,
            step,
            x_of=lambda v: _chart_x(v, top),
            plot_top=_CHART_TOP - 4,
            plot_bottom=height - _CHART_BOTTOM + 2,
            label_y=round(height - _CHART_BOTTOM + 16, 1),
        ),
        fold_table=True,
    )


def _places_summary(report: dict) -> str:
    rows = report["rows"]
    low = [r["dong"] for r in rows if FLAG_LOW in r["flags"]]
    described = [r for r in rows if r["per_100"] is not None]
    lowest = min(described, key=lambda r: r["per_100"]) if described else None
    summary = _("아동 100명당 정원을 동별 가로 막대로 보여 줍니다.")
    if lowest:
        summary += " " + _("가장 낮은 동은 %(dong)s(%(v)s)입니다.") % {
            "dong": lowest["dong"],
            "v": _chart_number(lowest["per_100"]),
        }
    if report["district_ratio"] is not None:
        summary += " " + _("구 전체 비율 %(r)s, 표시 기준 %(t)s.") % {
            "r": _chart_number(report["district_ratio"]),
            "t": _chart_number(report["threshold"]),
        }
    return (
        summary
        + " "
        + (
            _("기준에 못 미치는 동: %(list)s.") % {"list": ", ".join(low)}
            if low
            else _("기준에 못 미치는 동은 없습니다.")
        )
    )


def places_chart(report: dict) -> charts.Chart:
    """아동 100명당 정원 per 동, flagged 동 marked, with the district ratio and the threshold."""
    rows = report["rows"]
    references = [(report["district_ratio"], "ratio"), (report["threshold"], "threshold")]
    values = [r["per_100"] or 0 for r in rows] + [v for v, _k in references if v is not None]
    top, step = charts.nice_max(max([*values, 1]))
    chart = _chart_frame("places", _("아동 100명당 정원"), rows, top, step)
    # Reference lines first: the bars and their value labels (with a white halo) are
    # drawn over them, so a line never crosses a number.
    labels = {"ratio": _("구 전체 %(v)s"), "threshold": _("기준 %(v)s")}
    marks = []
    for value, kind in references:
        if value is None:
            continue
        x = _chart_x(value, top)
        ink = _LOW if kind == "threshold" else "#101828"
        chart.shapes.append(
            charts.Line(
                x, x, _CHART_TOP - 4, chart.height - _CHART_BOTTOM + 2, ink, 1.5, kind == "ratio"
            )
        )
        text_ink = _LOW_INK if kind == "threshold" else "#101828"
        marks.append((x, labels[kind] % {"v": _chart_number(value)}, text_ink))
    chart.shapes += charts.reference_labels(marks, y=16, width=CHART_WIDTH)
    for index, row in enumerate(rows):
        y = _CHART_TOP + _ROW_H * index
        low = FLAG_LOW in row["flags"]
        end = _chart_x(row["per_100"] or 0, top)
        value = _chart_number(row["per_100"]) if row["children"] else _("인구 없음")
        ink = _LOW_INK if low else "#101828"
        chart.shapes += [
            charts.Text(_LABEL_W - 6, y + _BAR_H - 2, row["dong"], ink, "end", bold=low),
            charts.Rect(_LABEL_W, y + 1, round(end - _LABEL_W, 1), _BAR_H, _LOW if low else _BAR),
            charts.Text(
                round(end + 4, 1),
                y + _BAR_H - 2,
                value + (" *" if low else ""),
                _LOW_INK if low else charts.MUTED,
                bold=low,
                halo=True,
            ),
        ]
    chart.summary = _places_summary(report)
    chart.note = _(
        "* 표시와 붉은 막대: 기준에 못 미치는 동. 점선: 구 전체 비율, 붉은 선: 표시 기준."
    )
    chart.columns = [_("행정동"), _("아동 100명당 정원"), _("표시")]
    chart.rows = [
        [r["dong"], _chart_number(r["per_100"]), _("기준 미달") if FLAG_LOW in r["flags"] else ""]
        for r in rows
    ]
    return chart


def demand_chart(report: dict) -> charts.Chart:
    """School-age children and places (정원) side by side per 동."""
    rows = report["rows"]
    top, step = charts.nice_max(
        max([r["children"] or 0 for r in rows] + [r["capacity"] for r in rows])
    )
    chart = _chart_frame("demand", _("학령 아동과 정원"), rows, top, step)
    half = _BAR_H // 2 + 1
    for x, color, label in (
        (_LABEL_W, _CHILDREN, _("학령 아동")),
        (_LABEL_W + 110, _PLACES, _("정원")),
    ):
        chart.shapes += [
            charts.Rect(x, 4, 12, 12, color),
            charts.Text(x + 16, 14, label, "#101828"),
        ]
    for index, row in enumerate(rows):
        y = _CHART_TOP + _ROW_H * index
        chart.shapes.append(
            charts.Text(_LABEL_W - 6, y + _BAR_H - 2, row["dong"], "#101828", "end")
        )
        for offset, value, color in (
            (0, row["children"], _CHILDREN),
            (half, row["capacity"], _PLACES),
        ):
            end = _chart_x(value or 0, top)
            chart.shapes += [
                charts.Rect(_LABEL_W, y + offset, round(end - _LABEL_W, 1), half - 1, color),
                charts.Text(
                    round(end + 4, 1),
                    y + offset + half - 2,
                    _chart_number(value),
                    charts.MUTED,
                    size=11,
                ),
            ]
    ages = report["ages"]
    chart.summary = _(
        "동별로 학령 아동(%(a)s–%(b)s세, 위 막대)과 돌봄시설 정원(아래 막대)을 나란히 보여 줍니다."
    ) % {"a": ages[0], "b": ages[1]}
    chart.columns = [_("행정동"), _("학령 아동"), _("정원")]
    chart.rows = [
        [r["dong"], _chart_number(r["children"]), _chart_number(r["capacity"])] for r in rows
    ]
    return chart
