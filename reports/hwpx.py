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

`to_bytes()` then finishes the package the way 한글 writes its own files
(`finish_package`): every paragraph shape breaks Korean between words
(`breakNonLatinWord="KEEP_WORD"`, 한글's 어절, not BREAK_WORD, its 글자); the
running header and the footer are written once, as controls (the library also
copies them into `secPr`); the page number is the footer's own `- n -` (the
library adds a second 쪽 번호 control); `Preview/PrvText.txt` holds the opening
text and `Preview/PrvImage.png` a small picture of page 1 when the caller has
one (lib.pdf.first_page_png; otherwise the library's blank page stays);
the package metadata names the document and when it was made, and its manifest
names the version part (`version.xml`, which the library writes as 한글 does).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from lib.dates import utc_stamp

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

    def to_bytes(
        self, *, title: str = "", preview_text: str = "", preview_png: bytes | None = None
    ) -> bytes:
        """The .hwpx package (the library checks it is safe to open before returning it),
        finished as 한글 writes it (see `finish_package`)."""
        return finish_package(
            self._doc.to_bytes(), title=title, preview_text=preview_text, preview_png=preview_png
        )


# --- finishing the package ------------------------------------------------------------------

_HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"
# What the library writes twice or adds: header/footer copies inside secPr, the 쪽 번호 control.
_SECPR_COPIES = ("header", "headerApply", "footer", "footerApply")
PREVIEW_CHARS = 1024  # 한글 keeps about this much of the opening text


def _section(xml: bytes) -> bytes:
    from lxml import etree

    root = etree.fromstring(xml)
    for sec_pr in root.iter(f"{{{_HP}}}secPr"):
        for child in list(sec_pr):
            if etree.QName(child).localname in _SECPR_COPIES:
                sec_pr.remove(child)
    for page_num in list(root.iter(f"{{{_HP}}}pageNum")):
        ctrl = page_num.getparent()
        run = ctrl.getparent()
        run.remove(ctrl)
        if len(run) == 0:
            run.getparent().remove(run)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _metadata(xml: bytes, title: str, now: dt.datetime) -> bytes:
    from lxml import etree

    root = etree.fromstring(xml)
    opf = "http://www.idpf.org/2007/opf/"
    stamp = utc_stamp(now)
    for element in root.iter(f"{{{opf}}}title"):
        element.text = title
    for meta in root.iter(f"{{{opf}}}meta"):
        name = meta.get("name")
        if name in ("creator", "lastsaveby"):
            meta.text = "돌봄협의체 포털"
        elif name in ("CreatedDate", "ModifiedDate"):
            meta.text = stamp
        elif name == "date":
            meta.text = f"{now.year}년 {now.month}월 {now.day}일"
    # The version part (version.xml, as 한글 writes it) named in the manifest.
    for manifest in root.iter(f"{{{opf}}}manifest"):
        if not any(item.get("href") == "version.xml" for item in manifest):
            item = etree.SubElement(manifest, f"{{{opf}}}item")
            item.set("id", "version")
            item.set("href", "version.xml")
            item.set("media-type", "application/xml")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def preview_text(lines: Sequence[str]) -> str:
    """The opening text as 한글's preview shows it: paragraphs on lines, cut at PREVIEW_CHARS."""
    text = "\r\n".join(line for line in lines if line.strip())
    return text[:PREVIEW_CHARS]


def finish_package(
    package: bytes, *, title: str, preview_text: str, preview_png: bytes | None
) -> bytes:
    """`package` rewritten as 한글 writes its own files (see the module doc); every other
    part is copied as it is, `mimetype` first and stored."""
    now = dt.datetime.now(dt.UTC)
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            name = info.filename
            if name == "Contents/header.xml":
                data = re.sub(
                    rb'breakNonLatinWord="[A-Z_]+"', b'breakNonLatinWord="KEEP_WORD"', data
                )
            elif re.fullmatch(r"Contents/section\d+\.xml", name):
                data = _section(data)
            elif name == "Contents/content.hpf":
                data = _metadata(data, title, now)
            elif name == "Preview/PrvText.txt" and preview_text:
                data = preview_text.encode("utf-8")
            elif name == "Preview/PrvImage.png" and preview_png:
                data = preview_png
            copy = zipfile.ZipInfo(name, date_time=info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            target.writestr(copy, data)
    return out.getvalue()
