"""The small picture of page 1 an HWPX package carries (`Preview/PrvImage.png`), drawn
with Pillow from the content the builder was given, without a PDF.

한글's open dialog and file managers show this picture; it only has to be recognisable:
the title block and 개요 of a result document, the 두문, body and first table rows of
a request letter. `HwpxBuilder` (reports/hwpx.py) records what it writes — paragraphs
with their `TextStyle`, tables, the running header and the page number — and
`draw_first_page` lays those out on an A4 page the way the package asks (margins, sizes,
spacing, indents, 어절 wrapping, rules, cell borders and fills) until the page is full or
a paragraph starts a new page, then scales the page down. A PDF renderer costs ~0.15 s
for the same picture; this costs a few milliseconds.

The fonts are the Noto Sans KR faces the PDFs embed (static/fonts); text is drawn as
text, so markup typed by a user is just characters. Pillow's basic layout engine is
used on every machine (no text shaping library needed for precomposed Hangul), so
the same document gives the same picture everywhere.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.staticfiles import finders

from lib.pdf import FONT_FILE, PREVIEW_WIDTH_PX
from reports.hwpx import Cell, Line, PageSetup, TextStyle

BOLD_FONT_FILE = "fonts/NotoSansKR-Bold.ttf"
A4_MM = (210.0, 297.0)
SUPERSAMPLE = 3  # drawn three times larger, then scaled down: smooth small text
PT_MM = 25.4 / 72
# 한글's default cell margins: 1.8 mm left and right, 0.5 mm top and bottom.
CELL_PAD_X_MM = 1.8
CELL_PAD_Y_MM = 0.5
BORDER = (0x44, 0x44, 0x44)
RULE = (0x33, 0x33, 0x33)
INK = (0x11, 0x11, 0x11)
PAPER = (0xFF, 0xFF, 0xFF)
FOOTER = TextStyle(size=9, align="CENTER")


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: TextStyle


@dataclass(frozen=True)
class Table:
    header: Sequence[Line]
    rows: Sequence[Sequence[Cell]]
    widths: Sequence[int]
    header_fill: str
    shaded_rows: frozenset[int]
    row_fill: str


Block = Paragraph | Table


@functools.cache
def _font(bold: bool, px: int):
    from PIL import ImageFont

    path = finders.find(BOLD_FONT_FILE if bold else FONT_FILE)
    if not path:
        raise FileNotFoundError(BOLD_FONT_FILE if bold else FONT_FILE)
    return ImageFont.truetype(path, size=max(px, 1), layout_engine=ImageFont.Layout.BASIC)


def _rgb(color: str | None, default: tuple[int, int, int]) -> tuple[int, int, int]:
    if not color:
        return default
    value = color.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _longest_fitting(font, text: str, room: int) -> int:
    """How many leading characters of `text` fit in `room` pixels (at least one):
    a binary search, so a long run typed without spaces costs a few measurements a line."""
    # No glyph is narrower than a fifth of the size: more characters never fit.
    low, high = 1, min(len(text), int(room / max(font.size * 0.2, 1)) + 1)
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(text[:middle]) <= room:
            low = middle
        else:
            high = middle - 1
    return low


class PageFull(Exception):
    """Page 1 has no room for what comes next."""


class _Page:
    """An A4 page drawn `SUPERSAMPLE` times larger than the picture; lengths are in mm and
    `y` advances down the body area (between the header and footer areas)."""

    def __init__(self, setup: PageSetup, width_px: int) -> None:
        from PIL import Image, ImageDraw

        self.setup = setup
        self.scale = width_px * SUPERSAMPLE / A4_MM[0]
        height_px = round(width_px * A4_MM[1] / A4_MM[0])  # 283 for 200, as pdftoppm makes it
        size = (width_px * SUPERSAMPLE, height_px * SUPERSAMPLE)
        self.image = Image.new("RGB", size, PAPER)
        self.draw = ImageDraw.Draw(self.image)
        self.left = setup.left_mm
        self.right = A4_MM[0] - setup.right_mm
        self.top = setup.top_mm + setup.header_mm
        self.bottom = A4_MM[1] - setup.bottom_mm - setup.footer_mm
        self.y = self.top
        self.drawn = False

    def px(self, mm: float) -> int:
        return round(mm * self.scale)

    def font(self, style: TextStyle):
        return _font(style.bold, self.px(style.size * PT_MM))

    # --- text ----------------------------------------------------------------------------

    def wrap(self, text: str, style: TextStyle, width_mm: float) -> list[tuple[str, float]]:
        """The lines of `text` as (line, its left offset in mm) inside `width_mm`:
        words (어절) kept whole; a word longer than a line breaks between characters.
        Stops after a page's worth of lines (no more can be drawn on page 1)."""
        font = self.font(style)
        first = style.indent_mm
        rest = style.indent_mm + style.hanging_mm
        most = int((self.bottom - self.top) / (style.size * PT_MM)) + 1
        lines: list[tuple[str, float]] = []
        for part in text.split("\n"):
            current = ""
            for word in part.split(" "):
                if len(lines) >= most:
                    return lines
                offset = first if not lines else rest
                room = self.px(width_mm - offset)
                candidate = f"{current} {word}" if current else word
                if font.getlength(candidate) <= room:
                    current = candidate
                    continue
                if current:
                    lines.append((current, offset))
                    offset = rest
                    room = self.px(width_mm - offset)
                current = word
                while len(lines) < most and len(current) > 1:
                    cut = _longest_fitting(font, current, room)
                    if cut >= len(current):
                        break
                    lines.append((current[:cut], offset))
                    current = current[cut:]
            lines.append((current, first if not lines else rest))
        return lines[: max(most, 1)]

    def text_height(self, lines: list, style: TextStyle) -> float:
        return len(lines) * style.size * PT_MM * style.line_spacing / 100

    def draw_lines(self, lines, style: TextStyle, x_mm: float, y_mm: float, width_mm: float):
        font = self.font(style)
        line_mm = style.size * PT_MM * style.line_spacing / 100
        fill = _rgb(style.color, INK)
        for index, (line, offset) in enumerate(lines):
            middle = self.px(y_mm + index * line_mm + line_mm / 2)
            if style.align == "CENTER":
                self.draw.text(
                    (self.px(x_mm + width_mm / 2), middle), line, font=font, fill=fill, anchor="mm"
                )
            elif style.align == "RIGHT":
                self.draw.text(
                    (self.px(x_mm + width_mm), middle), line, font=font, fill=fill, anchor="rm"
                )
            else:
                self.draw.text(
                    (self.px(x_mm + offset), middle), line, font=font, fill=fill, anchor="lm"
                )

    def rule(self, y_mm: float, width_mm: float = 0.12) -> None:
        self.draw.line(
            [(self.px(self.left), self.px(y_mm)), (self.px(self.right), self.px(y_mm))],
            fill=RULE,
            width=max(1, self.px(width_mm)),
        )

    # --- blocks --------------------------------------------------------------------------

    def paragraph(self, block: Paragraph) -> None:
        style = block.style
        if style.page_break_before and self.drawn:
            raise PageFull
        width = self.right - self.left
        lines = self.wrap(block.text, style, width)
        height = self.text_height(lines, style)
        pad = 1.5 if style.rule == "double" else 0.0
        y = self.y + style.space_before_pt * PT_MM
        if y + pad + height > self.bottom:
            # The paragraph goes on on page 2: page 1 shows the lines that fit.
            line_mm = style.size * PT_MM * style.line_spacing / 100
            fitting = int((self.bottom - y - pad) / line_mm)
            self.draw_lines(lines[: max(fitting, 0)], style, self.left, y + pad, width)
            raise PageFull
        if style.rule == "double":
            self.rule(y, 0.3)
            self.rule(y + 0.7, 0.12)
        self.draw_lines(lines, style, self.left, y + pad, width)
        y += pad + height
        if style.rule == "double":
            y += pad
            self.rule(y - 0.7, 0.12)
            self.rule(y, 0.3)
        elif style.rule == "below":
            y += 1.0
            self.rule(y)
        self.y = y + style.space_after_pt * PT_MM
        self.drawn = True

    def _cell_layout(self, lines: Cell, width_mm: float) -> tuple[list, float]:
        inner = width_mm - 2 * CELL_PAD_X_MM
        laid, height = [], CELL_PAD_Y_MM
        for line in lines or [Line("", TextStyle())]:
            wrapped = self.wrap(line.text, line.style, inner)
            top = height + line.style.space_before_pt * PT_MM
            laid.append((wrapped, line.style, top))
            height = top + self.text_height(wrapped, line.style)
            height += line.style.space_after_pt * PT_MM
        return laid, height + CELL_PAD_Y_MM

    def _row(self, cells: Sequence[Cell], widths: list[float], fill: str | None) -> None:
        laid = [self._cell_layout(cell, w) for cell, w in zip(cells, widths, strict=True)]
        height = max(h for _lines, h in laid)
        if self.y + height > self.bottom:
            raise PageFull
        x = self.left
        for (lines, _h), width in zip(laid, widths, strict=True):
            box = [self.px(x), self.px(self.y), self.px(x + width), self.px(self.y + height)]
            self.draw.rectangle(
                box,
                fill=_rgb(fill, PAPER) if fill else None,
                outline=BORDER,
                width=max(1, self.px(0.12)),
            )
            for wrapped, style, top in lines:
                self.draw_lines(
                    wrapped,
                    style,
                    x + CELL_PAD_X_MM,
                    self.y + top,
                    width - 2 * CELL_PAD_X_MM,
                )
            x += width
        self.y += height
        self.drawn = True

    def table(self, block: Table) -> None:
        total = sum(block.widths)
        widths = [(self.right - self.left) * w / total for w in block.widths]
        self._row([[line] for line in block.header], widths, block.header_fill)
        for index, row in enumerate(block.rows):
            self._row(row, widths, block.row_fill if index in block.shaded_rows else None)

    def page_number(self, prefix: str, suffix: str) -> None:
        area = self.setup.footer_mm
        y = A4_MM[1] - self.setup.bottom_mm - area / 2 - FOOTER.size * PT_MM * 0.75
        lines = [(f"{prefix}1{suffix}", 0.0)]
        self.draw_lines(lines, FOOTER, self.left, y, self.right - self.left)

    def running_header(self, text: str, style: TextStyle) -> None:
        y = self.setup.top_mm
        width = self.right - self.left
        self.draw_lines(self.wrap(text, style, width)[:1], style, self.left, y, width)

    def png(self) -> bytes:
        small = self.image.reduce(SUPERSAMPLE)  # the mean of each 3×3 block: smooth and cheap
        out = io.BytesIO()
        small.save(out, format="PNG")
        return out.getvalue()


def draw_first_page(
    setup: PageSetup,
    blocks: Sequence[Block],
    *,
    running_header: tuple[str, TextStyle] | None = None,
    page_number: tuple[str, str] | None = None,
    width_px: int = PREVIEW_WIDTH_PX,
) -> bytes:
    """A PNG, `width_px` wide, of page 1 of a document made of `blocks` on `setup`'s page:
    the running header (when page 1 has it), the blocks that fit, the page number."""
    page = _Page(setup, width_px)
    if running_header is not None:
        page.running_header(*running_header)
    if page_number is not None:
        page.page_number(*page_number)
    try:
        for block in blocks:
            if isinstance(block, Table):
                page.table(block)
            else:
                page.paragraph(block)
    except PageFull:
        pass
    return page.png()
