"""Bar charts drawn on the server as SVG geometry (no script, no CDN, no inline style).

`bar_chart(...)` returns a `Chart` whose bars and labels already carry their
coordinates; `reports/includes/bar_chart.html` writes them as `<rect>` and
`<text>` elements with presentation attributes (allowed by the portal's
Content-Security-Policy) and the same figures as a table, so every chart can
be read without seeing it. The charts here are plain horizontal bars, stacked
when there are several series: a library would bring a script layer and
inline styles for no gain.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Dark enough for white text and distinct for colour-blind readers (Okabe–Ito based).
PALETTE = ["#0b4f8a", "#c05600", "#1f7a4d", "#8a3b8a", "#5b6470", "#9a6a00"]
WIDTH = 440
LABEL_WIDTH = 112
VALUE_ROOM = 52
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 12


@dataclass
class Segment:
    x: float
    width: float
    color: str
    value: float
    series: str


@dataclass
class Bar:
    label: str
    y: float
    text_y: float
    segments: list[Segment]
    total_text: str
    total_x: float


@dataclass
class Chart:
    key: str  # an id for aria references
    title: str
    unit: str
    series: list[str]
    legend: list[dict]
    bars: list[Bar]
    height: int
    width: int = WIDTH
    # The accessible table: column headers and one row per bar.
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty: bool = False


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}{unit}"
    return f"{int(value)}{unit}"


def _text_width(text: str) -> float:
    """Rough width at 13 px: Hangul and other wide characters 13 px, the rest 8 px."""
    return sum(13 if ord(char) > 0x2E80 else 8 for char in text)


def _legend(series: list[str]) -> list[dict]:
    """Swatch and name per series, flowed onto lines that fit the chart's width."""
    items, x, line = [], 8.0, 0
    for index, name in enumerate(series):
        advance = 18 + _text_width(name) + 16
        if x + advance > WIDTH and x > 8:
            x, line = 8.0, line + 1
        items.append(
            {
                "name": name,
                "color": PALETTE[index % len(PALETTE)],
                "x": x,
                "text_x": x + 18,
                "y": TOP + line * 20,
                "text_y": TOP + line * 20 + 11,
                "line": line,
            }
        )
        x += advance
    return items


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
    bars: list[Bar] = []
    for index, (label, values) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        x = float(LABEL_WIDTH)
        segments = []
        for series_index, value in enumerate(values):
            if not value:
                continue
            width = plot * value / scale_max
            segments.append(
                Segment(
                    x=round(x, 2),
                    width=round(max(width, 1.0), 2),
                    color=PALETTE[series_index % len(PALETTE)],
                    value=value,
                    series=series[series_index] if series_index < len(series) else "",
                )
            )
            x += width
        has_value = any(v is not None for v in values)
        bars.append(
            Bar(
                label=label,
                y=y,
                text_y=y + BAR_HEIGHT - 4,
                segments=segments,
                total_text=_fmt(totals[index], unit) if has_value else "-",
                total_x=round(x + 6, 2),
            )
        )
    table_rows = []
    for (label, values), total in zip(rows, totals, strict=True):
        cells = [label, *(_fmt(v, unit) for v in values)]
        if len(series) > 1:
            cells.append(_fmt(total, unit))
        table_rows.append(cells)
    columns = [*series]
    if len(series) > 1:
        columns.append(total_label)
    if table is not None:
        columns, table_rows = table
    legend = _legend(series) if len(series) > 1 else []
    legend_room = (max(item["line"] for item in legend) + 1) * 20 + 4 if legend else 0
    for bar in bars:
        bar.y += legend_room
        bar.text_y += legend_room
    return Chart(
        key=key,
        title=title,
        unit=unit,
        series=series,
        legend=legend,
        bars=bars,
        height=TOP * 2 + legend_room + max(len(rows), 1) * ROW_HEIGHT,
        columns=columns,
        rows=table_rows,
        empty=not rows or not any(totals),
    )
