"""Charts drawn on the server as SVG geometry: no script, no CDN, no inline style.

A :class:`Chart` is a list of shapes that already carry their coordinates
(rectangles, text, lines) plus the same figures as a table, so a chart is
never the only way to read them. One template draws every chart:
``lib/chart.html`` writes the shapes as ``<rect>``, ``<text>`` and ``<line>``
with presentation attributes (allowed by the portal's Content-Security-Policy)
and the table after it. Text is escaped by the template like any user text.

:func:`bar_chart` lays out horizontal bars, stacked when there are several
series (the trends page); :func:`nice_max`, :func:`axis` and :func:`legend` are
the parts the 돌봄 공백 charts combine with reference lines and flagged bars.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# Dark enough for white text and distinct for colour-blind readers (Okabe–Ito based).
PALETTE = ["#0b4f8a", "#c05600", "#1f7a4d", "#8a3b8a", "#5b6470", "#9a6a00"]
INK = "#212529"
MUTED = "#344054"
GRID = "#d0d5dd"


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    color: str
    title: str = ""  # a tooltip
    kind: str = "rect"


@dataclass
class Text:
    x: float
    y: float
    text: str
    color: str = INK
    anchor: str = "start"
    size: int = 13
    bold: bool = False
    # A white outline under the letters: a value label stays readable where a
    # reference line or a grid line runs through it.
    halo: bool = False
    kind: str = "text"


@dataclass
class Line:
    x1: float
    x2: float
    y1: float
    y2: float
    color: str = GRID
    width: float = 1
    dashed: bool = False
    kind: str = "line"


@dataclass
class Chart:
    key: str  # an id for aria references
    title: str
    width: int
    height: int
    shapes: list[Rect | Text | Line] = field(default_factory=list)
    summary: str = ""  # the SVG's description, for a screen reader
    note: str = ""  # a line under the chart (what a mark means)
    # The accessible table: column headers (the first names the row labels) and rows.
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    fold_table: bool = False  # the table behind a <details>
    empty: bool = False


def text_width(text: str) -> float:
    """Rough width at 13 px: Hangul and other wide characters 13 px, the rest 8 px."""
    return sum(13 if ord(char) > 0x2E80 else 8 for char in text)


def legend(series: list[str], colors: list[str], *, width: int, top: float) -> list:
    """Swatch and name per series, flowed onto lines that fit `width`; returns the shapes
    and, as the last item, the height they take."""
    shapes: list = []
    x, line = 8.0, 0
    for index, name in enumerate(series):
        advance = 18 + text_width(name) + 16
        if x + advance > width and x > 8:
            x, line = 8.0, line + 1
        y = top + line * 20
        shapes.append(Rect(x, y, 12, 12, colors[index % len(colors)]))
        shapes.append(Text(x + 18, y + 11, name))
        x += advance
    height = (line + 1) * 20 + 4 if series else 0
    return [*shapes, height]


def nice_max(value: float) -> tuple[float, float]:
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


def axis(
    top: float, step: float, *, x_of, plot_top: float, plot_bottom: float, label_y: float
) -> list:
    """Vertical grid lines with their values, from 0 to `top` every `step`."""
    shapes: list = []
    value = 0.0
    while value <= top + 1e-9:
        x = x_of(value)
        shapes.append(Line(x, x, plot_top, plot_bottom))
        shapes.append(Text(x, label_y, f"{value:g}", color=MUTED, anchor="middle"))
        value += step
    return shapes


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}{unit}"
    return f"{int(value)}{unit}"


def _short(label: str, limit: int = 9) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


WIDTH = 440
LABEL_WIDTH = 112
VALUE_ROOM = 52
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 12


def _table(
    rows: list[tuple[str, list[float | None]]],
    totals: list[float],
    series: list[str],
    unit: str,
    total_label: str,
) -> tuple[list[str], list[list[str]]]:
    table_rows = []
    for (label, values), total in zip(rows, totals, strict=True):
        cells = [label, *(_fmt(v, unit) for v in values)]
        if len(series) > 1:
            cells.append(_fmt(total, unit))
        table_rows.append(cells)
    columns = [*series, *([total_label] if len(series) > 1 else [])]
    return columns, table_rows


def bar_chart(
    *,
    key: str,
    title: str,
    rows: list[tuple[str, list[float | None]]],
    series: list[str],
    unit: str = "",
    max_value: float | None = None,
    total_label: str = "",
    table: tuple[list[str], list[list[str]]] | None = None,
    row_header: str | None = None,
) -> Chart:
    """Horizontal bars, one per row; a row's values are stacked in `series` order.

    `max_value` fixes the scale (100 for percentages); otherwise the largest row
    total fills the width. The table has a column per series and, when there
    are several, a total column named `total_label`; `table` (columns after the
    first, rows) replaces it when the chart shows a figure derived from others.
    """
    totals = [sum(v or 0 for v in values) for _label, values in rows]
    scale_max = max_value or max(totals, default=0) or 1
    plot = WIDTH - LABEL_WIDTH - VALUE_ROOM
    *shapes, legend_room = legend(series, PALETTE, width=WIDTH, top=TOP) if len(series) > 1 else [0]
    for index, (label, values) in enumerate(rows):
        y = TOP + legend_room + index * ROW_HEIGHT
        text_y = y + BAR_HEIGHT - 4
        shapes.append(Text(LABEL_WIDTH - 6, text_y, _short(label), anchor="end"))
        shapes.append(Line(LABEL_WIDTH, LABEL_WIDTH, y, text_y + 8, color="#6b7280"))
        x = float(LABEL_WIDTH)
        for series_index, value in enumerate(values):
            if not value:
                continue
            width = plot * value / scale_max
            name = series[series_index] if series_index < len(series) else ""
            tip = f"{label} · {name}: {_fmt(value, unit)}"
            color = PALETTE[series_index % len(PALETTE)]
            shapes.append(Rect(round(x, 2), y, round(max(width, 1.0), 2), BAR_HEIGHT, color, tip))
            x += width
        has_value = any(v is not None for v in values)
        total = _fmt(totals[index], unit) if has_value else "-"
        shapes.append(Text(round(x + 6, 2), text_y, total))
    columns, table_rows = table or _table(rows, totals, series, unit, total_label)
    return Chart(
        key=key,
        title=title,
        width=WIDTH,
        height=TOP * 2 + legend_room + max(len(rows), 1) * ROW_HEIGHT,
        shapes=shapes,
        columns=[_("구분") if row_header is None else row_header, *columns],
        rows=table_rows,
        empty=not rows or not any(totals),
    )


def reference_labels(
    marks: list[tuple[float, str, str]], *, y: float, width: float, gap: float = 6.0
) -> list[Text]:
    """Labels of vertical reference lines, side by side and never over one another.

    `marks` are (x, label, colour). Marks further apart than their labels are
    centred on their lines; two that would overlap are set apart: the left one
    ends left of its line, the right one starts right of its line.
    """
    ordered = sorted(marks, key=lambda m: m[0])
    texts: list[Text] = []
    for index, (x, label, color) in enumerate(ordered):
        half = text_width(label) / 2
        near_left = (
            index > 0
            and x - ordered[index - 1][0] < half + text_width(ordered[index - 1][1]) / 2 + gap
        )
        near_right = (
            index + 1 < len(ordered)
            and ordered[index + 1][0] - x < half + text_width(ordered[index + 1][1]) / 2 + gap
        )
        if near_right:
            anchor, at = "end", x - gap / 2
        elif near_left:
            anchor, at = "start", x + gap / 2
        else:
            anchor, at = "middle", min(max(x, half + 2), width - half - 2)
        texts.append(Text(round(at, 1), y, label, color, anchor, halo=True))
    return texts
