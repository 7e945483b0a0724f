"""Bar charts of the 돌봄 공백 report, laid out on the server as plain geometry.

The template (`facilities/gaps/includes/bar_chart.html`) draws each chart as
inline SVG from these numbers — no script, no CDN — and prints the same values
as a table beside it, so the chart is never the only way to read them.
"""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

from facilities.gaps import FLAG_LOW

WIDTH = 360
LABEL_W = 80
VALUE_W = 52
ROW_H = 24
BAR_H = 14
TOP = 30
BOTTOM = 26
PLOT_W = WIDTH - LABEL_W - VALUE_W - 8


def _nice_max(value: float) -> tuple[float, float]:
    """A round axis maximum at or above `value`, and its tick step (≤ 5 ticks)."""
    if value <= 0:
        return 10.0, 5.0
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude / 2
        top = math.ceil(value / step) * step
        if top / step <= 5:
            return float(top), float(step)
    return float(value), float(value)


def _x(value: float, top: float) -> float:
    return round(LABEL_W + PLOT_W * min(value, top) / top, 1)


def _label_x(x: float) -> float:
    """Keep a centred label of a reference line inside the drawing."""
    return min(max(x, 48.0), WIDTH - 48.0)


def _ticks(top: float, step: float, height: float) -> list[dict]:
    ticks = []
    value = 0.0
    while value <= top + 1e-9:
        ticks.append(
            {"x": _x(value, top), "label": f"{value:g}", "y": round(height - BOTTOM + 16, 1)}
        )
        value += step
    return ticks


def _number(value: float | int | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return f"{value:,}"


def places_chart(report: dict) -> dict:
    """아동 100명당 정원 per 동, flagged 동 marked, with the district ratio and the threshold."""
    rows = report["rows"]
    values = [r["per_100"] or 0 for r in rows]
    refs = [v for v in (report["district_ratio"], report["threshold"]) if v is not None]
    top, step = _nice_max(max(values + refs + [1]))
    height = TOP + ROW_H * len(rows) + BOTTOM
    bars = []
    for index, row in enumerate(rows):
        y = TOP + ROW_H * index
        value = row["per_100"]
        low = FLAG_LOW in row["flags"]
        bars.append(
            {
                "label": row["dong"],
                "label_y": y + BAR_H - 2,
                "y": y + 1,
                "x": LABEL_W,
                "w": round(_x(value or 0, top) - LABEL_W, 1),
                "h": BAR_H,
                "value": _number(value) if row["children"] else _("인구 없음"),
                "value_x": round(_x(value or 0, top) + 4, 1),
                "flagged": low,
                "mark": _("기준 미달") if low else "",
            }
        )
    lines = []
    if report["district_ratio"] is not None:
        lines.append(
            {
                "x": _x(report["district_ratio"], top),
                "label_x": _label_x(_x(report["district_ratio"], top)),
                "label": _("구 전체 %(v)s") % {"v": _number(report["district_ratio"])},
                "kind": "ratio",
                "label_y": 12,
            }
        )
    if report["threshold"] is not None:
        lines.append(
            {
                "x": _x(report["threshold"], top),
                "label_x": _label_x(_x(report["threshold"], top)),
                "label": _("기준 %(v)s") % {"v": _number(report["threshold"])},
                "kind": "threshold",
                "label_y": 24,
            }
        )
    low = [r["dong"] for r in rows if FLAG_LOW in r["flags"]]
    described = [r for r in rows if r["per_100"] is not None]
    lowest = min(described, key=lambda r: r["per_100"]) if described else None
    summary = _("아동 100명당 정원을 동별 가로 막대로 보여 줍니다.")
    if lowest:
        summary += " " + _("가장 낮은 동은 %(dong)s(%(v)s)입니다.") % {
            "dong": lowest["dong"],
            "v": _number(lowest["per_100"]),
        }
    if report["district_ratio"] is not None:
        summary += " " + _("구 전체 비율 %(r)s, 표시 기준 %(t)s.") % {
            "r": _number(report["district_ratio"]),
            "t": _number(report["threshold"]),
        }
    summary += " " + (
        _("기준에 못 미치는 동: %(list)s.") % {"list": ", ".join(low)}
        if low
        else _("기준에 못 미치는 동은 없습니다.")
    )
    return {
        "id": "chart-places",
        "title": _("아동 100명당 정원"),
        "summary": summary,
        "width": WIDTH,
        "height": height,
        "label_w": LABEL_W,
        "plot_top": TOP - 4,
        "plot_bottom": height - BOTTOM + 2,
        "bars": bars,
        "series": [],
        "lines": lines,
        "ticks": _ticks(top, step, height),
        "table_columns": [_("행정동"), _("아동 100명당 정원"), _("표시")],
        "table_rows": [
            [r["dong"], _number(r["per_100"]), _("기준 미달") if FLAG_LOW in r["flags"] else ""]
            for r in rows
        ],
    }


def demand_chart(report: dict) -> dict:
    """School-age children and places (정원) side by side per 동."""
    rows = report["rows"]
    top, step = _nice_max(max([r["children"] or 0 for r in rows] + [r["capacity"] for r in rows]))
    half = BAR_H // 2 + 1
    height = TOP + ROW_H * len(rows) + BOTTOM
    bars = []
    for index, row in enumerate(rows):
        y = TOP + ROW_H * index
        children = row["children"] or 0
        bars.append(
            {
                "label": row["dong"],
                "label_y": y + BAR_H - 2,
                "pairs": [
                    {
                        "kind": "children",
                        "y": y,
                        "w": round(_x(children, top) - LABEL_W, 1),
                        "h": half - 1,
                        "value": _number(row["children"]),
                        "value_x": round(_x(children, top) + 4, 1),
                        "value_y": y + half - 2,
                    },
                    {
                        "kind": "capacity",
                        "y": y + half,
                        "w": round(_x(row["capacity"], top) - LABEL_W, 1),
                        "h": half - 1,
                        "value": _number(row["capacity"]),
                        "value_x": round(_x(row["capacity"], top) + 4, 1),
                        "value_y": y + 2 * half - 2,
                    },
                ],
            }
        )
    ages = report["ages"]
    return {
        "id": "chart-demand",
        "title": _("학령 아동과 정원"),
        "summary": _(
            "동별로 학령 아동(%(a)s–%(b)s세, 위 막대)과 돌봄시설 정원(아래 막대)을 나란히 보여 줍니다."
        )
        % {"a": ages[0], "b": ages[1]},
        "width": WIDTH,
        "height": height,
        "label_w": LABEL_W,
        "plot_top": TOP - 4,
        "plot_bottom": height - BOTTOM + 2,
        "bars": bars,
        "series": [
            {"kind": "children", "label": _("학령 아동"), "x": LABEL_W},
            {"kind": "capacity", "label": _("정원"), "x": LABEL_W + 110},
        ],
        "lines": [],
        "ticks": _ticks(top, step, height),
        "table_columns": [_("행정동"), _("학령 아동"), _("정원")],
        "table_rows": [[r["dong"], _number(r["children"]), _number(r["capacity"])] for r in rows],
    }
