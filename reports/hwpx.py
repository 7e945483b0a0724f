"""HWPX (한글) documents, built in code: the ONE module that calls python-hwpx.

python-hwpx is alpha and moves fast (its 6.x → 7.0 renamed much of the API),
so the rest of the portal never imports it. Documents are written through the
small API here — paragraphs, tables with a repeating header row, a running
header, page numbers, page setup, bytes — and swapping the library means
rewriting this module only.

Text goes in as plain text: the library escapes it as XML character data, so
markup stays literal. Callers pass text that has been through `lib.pdf.printable`
(characters the fonts lack made visible; reports.exporters and reports.letters
apply it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# 1 mm in HWPUNIT (7200 per inch).
_HWPUNIT_PER_MM = 7200 / 25.4


@dataclass(frozen=True)
class TextStyle:
    """How a paragraph looks: character size and weight, alignment, indents, spacing."""

    size: float = 10.5  # points
    bold: bool = False
    color: str | None = None  # "#RRGGBB"
    align: str = "JUSTIFY"  # LEFT, CENTER, RIGHT, JUSTIFY
    indent_mm: float = 0.0  # left indent of every line
    hanging_mm: float = 0.0  # lines after the first start this much further in (○/▷ marks)
    space_before_pt: float = 0.0
    space_after_pt: float = 0.0
    line_spacing: int = 150  # percent
    page_break_before: bool = False
    keep_with_next: bool = False
    rule: str = ""  # "" | "below" (a line under the paragraph) | "double" (above and below)


@dataclass(frozen=True)
class Line:
    """One paragraph of a table cell."""

    text: str
    style: TextStyle


Cell = Sequence[Line]


@dataclass(frozen=True)
class PageSetup:
    """A4 portrait; margins in mm. The header and footer areas sit inside top and bottom."""

    top_mm: float = 10.0
    bottom_mm: float = 10.0
    left_mm: float = 18.0
    right_mm: float = 18.0
    header_mm: float = 12.0
    footer_mm: float = 10.0

    @property
    def text_width_mm(self) -> float:
        return 210.0 - self.left_mm - self.right_mm


class HwpxBuilder:
    """Write a document top to bottom, then take its bytes with `to_bytes()`."""

    def __init__(self, page: PageSetup | None = None) -> None:
        from hwpx import HwpxDocument  # imported on first use, not at Django start-up

        self.page = page or PageSetup()
        self._doc = HwpxDocument.new()
        self._doc.page.setup(
            paper_size="A4",
            orientation="portrait",
            margin_top_mm=self.page.top_mm,
            margin_bottom_mm=self.page.bottom_mm,
            margin_left_mm=self.page.left_mm,
            margin_right_mm=self.page.right_mm,
            header_margin_mm=self.page.header_mm,
            footer_margin_mm=self.page.footer_mm,
        )
        # The blank document's one paragraph carries the section settings; it takes
        # the first text instead of leaving an empty line at the top.
        self._first = self._doc.paragraphs[0]
        self._char_ids: dict[tuple, str] = {}
        self._para_ids: dict[TextStyle, str] = {}
        self._fills: dict[str | None, str] = {}

    # --- styles ---------------------------------------------------------------------------

    def _char_id(self, style: TextStyle) -> str:
        key = (style.size, style.bold, style.color)
        if key not in self._char_ids:
            self._char_ids[key] = str(
                self._doc.styles.ensure_run(
                    bold=style.bold, size=style.size, color=style.color, base_char_pr_id="0"
                )
            )
        return self._char_ids[key]

    def _apply(self, paragraph, style: TextStyle) -> None:
        """Give `paragraph` the style's shapes, minting the paragraph shape on first use."""
        paragraph.char_pr_id_ref = self._char_id(style)
        known = self._para_ids.get(style)
        if known is not None:
            paragraph.para_pr_id_ref = known
            return
        paragraph.para_pr_id_ref = "0"
        border = None
        if style.rule == "below":
            border = {"sides": ["bottom"], "color": "#333333", "width": "0.12 mm"}
        elif style.rule == "double":
            border = {
                "sides": ["top", "bottom"],
                "color": "#333333",
                "width": "0.5 mm",
                "type": "DOUBLE_SLIM",
                "offset_mm": (0, 0, 1.5, 1.5),
            }
        self._doc.styles.apply_paragraph_format(
            paragraphs=[paragraph],
            alignment=style.align,
            line_spacing_percent=style.line_spacing,
            indent_left_mm=style.indent_mm + style.hanging_mm,
            first_line_indent_mm=-style.hanging_mm,
            spacing_before_pt=style.space_before_pt,
            spacing_after_pt=style.space_after_pt,
            keep_with_next=style.keep_with_next,
            page_break_before=style.page_break_before,
            border=border,
        )
        self._para_ids[style] = str(paragraph.para_pr_id_ref)

    def _fill_id(self, color: str | None) -> str:
        """A cell border (thin dark lines on every side), with a background `color` or none."""
        if color not in self._fills:
            self._fills[color] = str(
                self._doc.styles.ensure_border_fill(
                    border_color="#444444", border_width="0.12 mm", fill_color=color
                )
            )
        return self._fills[color]

    # --- content --------------------------------------------------------------------------

    def paragraph(self, text: str, style: TextStyle) -> None:
        if self._first is not None:
            paragraph, self._first = self._first, None
            paragraph.text = text
        else:
            paragraph = self._doc.add_paragraph(text, inherit_style=False)
        self._apply(paragraph, style)

    def table(
        self,
        *,
        header: Sequence[Line],
        rows: Sequence[Sequence[Cell]],
        widths: Sequence[int],
        header_fill: str = "#E8EDF5",
        shaded_rows: frozenset[int] = frozenset(),
        row_fill: str = "#FFFBEB",
    ) -> None:
        """A full-width table whose first row is a header row repeated on every page.

        `widths` are relative column widths; `shaded_rows` (0-based body row
        indexes) get `row_fill` as background. The table flows across pages,
        breaking between rows, never inside one.
        """
        if self._first is not None:
            self.paragraph("", TextStyle())
        columns = len(widths)
        width = round(self.page.text_width_mm * _HWPUNIT_PER_MM)
        table = self._doc.add_table(
            len(rows) + 1, columns, width=width, border_fill_id_ref=self._fill_id(None)
        )
        # Hancom never breaks a table laid out as a character across pages.
        table.set_treat_as_char(False)
        table.set_column_widths(list(widths))
        # 제목 행 반복: the table repeats its header cells' row on each page.
        table.element.set("repeatHeader", "1")
        table.element.set("pageBreak", "CELL")
        table_rows = table.rows  # once: cell(r, c) rebuilds the table's grid on every call
        header_cells = table_rows[0].cells
        for cell, line in zip(header_cells, header, strict=True):
            cell.element.set("header", "1")
            cell.element.set("borderFillIDRef", self._fill_id(header_fill))
            self._fill_cell(cell, [line])
        for index, (table_row, values) in enumerate(zip(table_rows[1:], rows, strict=True)):
            fill = self._fill_id(row_fill) if index in shaded_rows else None
            for cell, lines in zip(table_row.cells, values, strict=True):
                if fill is not None:
                    cell.element.set("borderFillIDRef", fill)
                for part in cell.element:  # text from the top of the cell, as in the PDF
                    if part.tag.endswith("}subList"):
                        part.set("vertAlign", "TOP")
                self._fill_cell(cell, lines)

    def _fill_cell(self, cell, lines: Cell) -> None:
        lines = list(lines) or [Line("", TextStyle())]
        first = cell.paragraphs[0]
        first.text = lines[0].text
        self._apply(first, lines[0].style)
        for line in lines[1:]:
            self._apply(cell.add_paragraph(line.text), line.style)

    def running_header(self, text: str, style: TextStyle, *, from_page: int = 1) -> None:
        """A header line on every page, or from page 2 on (`from_page=2`)."""
        self._doc.page.set_header(
            content=[
                {
                    "align": style.align,
                    "children": [
                        {"type": "run", "text": text, "size": style.size, "bold": style.bold}
                    ],
                }
            ]
        )
        if from_page == 2:
            self._doc.page.set_visibility(hide_first_header=True)
        elif from_page != 1:
            raise ValueError("from_page must be 1 or 2")

    def page_numbers(self, *, prefix: str = "- ", suffix: str = " -") -> None:
        """`- 3 -` centred at the foot of every page."""
        self._doc.page.set_page_number(
            target="footer", align="CENTER", position="BOTTOM_CENTER", prefix=prefix, suffix=suffix
        )

    def to_bytes(self) -> bytes:
        """The .hwpx package (the library checks it is safe to open before returning it)."""
        return self._doc.to_bytes()
