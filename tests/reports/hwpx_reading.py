"""Reading an .hwpx package back, and the HTML it should match, as blocks of text.

The HWPX is read with the standard library (zipfile, ElementTree), not with the
library that wrote it, so a writer bug the library would read back "correctly"
still shows. A block is one paragraph: of the body, or of a table cell, in
document order. The HTML side turns a rendered page into the same kind of
blocks (one per <p>, <li>, heading, table cell), so the two can be compared
one to one.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree as ET

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
VENV_BIN = Path(sys.executable).parent


def normalise(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Table:
    repeat_header: bool
    page_break: str
    treat_as_char: bool
    # rows[r][c] is the list of the cell's paragraph texts; header[r][c] its header flag.
    rows: list[list[list[str]]] = field(default_factory=list)
    header: list[list[bool]] = field(default_factory=list)


@dataclass
class HwpxContent:
    blocks: list[str]
    tables: list[Table]
    headers: list[str]  # running header texts
    footers: list[str]
    hide_first_header: bool
    page_breaks_before: list[str]  # the blocks that start on a new page (paragraph shape)


def _own_text(paragraph: ET.Element) -> str:
    """The paragraph's text from its own runs: not a header, footer or table inside it."""
    parts = []
    for run in paragraph.findall(f"{HP}run"):
        for t in run.findall(f"{HP}t"):
            parts.append("".join(t.itertext()))
    return "".join(parts)


def section_xml(content: bytes) -> str:
    """The raw XML of the document's body (every section), as stored in the package."""
    archive = zipfile.ZipFile(BytesIO(content))
    names = sorted(n for n in archive.namelist() if n.startswith("Contents/section"))
    return "".join(archive.read(name).decode("utf-8") for name in names)


def read_hwpx(content: bytes) -> HwpxContent:
    archive = zipfile.ZipFile(BytesIO(content))
    sections = sorted(n for n in archive.namelist() if n.startswith("Contents/section"))
    head = ET.fromstring(archive.read("Contents/header.xml"))
    page_break_shapes = {
        shape.get("id")
        for shape in head.iter()
        if shape.tag.endswith("}paraPr")
        for setting in shape.iter()
        if setting.tag.endswith("}breakSetting") and setting.get("pageBreakBefore") == "1"
    }
    blocks: list[str] = []
    tables: list[Table] = []
    breaks: list[str] = []
    headers: dict[str, str] = {}
    footers: dict[str, str] = {}
    hide_first_header = False

    def walk(paragraphs) -> None:
        for paragraph in paragraphs:
            text = normalise(_own_text(paragraph))
            if text:
                blocks.append(text)
                if paragraph.get("paraPrIDRef") in page_break_shapes:
                    breaks.append(text)
            for run in paragraph.findall(f"{HP}run"):
                for tbl in run.findall(f"{HP}tbl"):
                    table = Table(
                        repeat_header=tbl.get("repeatHeader") == "1",
                        page_break=tbl.get("pageBreak", ""),
                        treat_as_char=tbl.find(f"{HP}pos").get("treatAsChar") == "1",
                    )
                    for tr in tbl.findall(f"{HP}tr"):
                        cells, flags = [], []
                        for tc in tr.findall(f"{HP}tc"):
                            cell_paragraphs = tc.find(f"{HP}subList").findall(f"{HP}p")
                            cells.append([normalise(_own_text(p)) for p in cell_paragraphs])
                            flags.append(tc.get("header") == "1")
                            walk(cell_paragraphs)
                        table.rows.append(cells)
                        table.header.append(flags)
                    tables.append(table)

    for name in sections:
        root = ET.fromstring(archive.read(name))
        for kind, found in (("header", headers), ("footer", footers)):
            for element in root.iter(f"{HP}{kind}"):
                found[element.get("id")] = normalise(
                    " ".join(_own_text(p) for p in element.iter(f"{HP}p"))
                )
        for visibility in root.iter(f"{HP}visibility"):
            hide_first_header = visibility.get("hideFirstHeader") in ("1", "true")
        walk(root.findall(f"{HP}p"))
    return HwpxContent(
        blocks=blocks,
        tables=tables,
        headers=list(headers.values()),
        footers=list(footers.values()),
        hide_first_header=hide_first_header,
        page_breaks_before=breaks,
    )


class _Blocks(HTMLParser):
    BLOCK = {"p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "th", "td", "tr", "table", "div"}
    BLOCK |= {"section", "header", "article", "thead", "tbody", "body"}

    def __init__(self, skip_classes: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_classes = skip_classes
        self.blocks: list[str] = []
        self.buffer: list[str] = []
        self.stack: list[tuple[str, bool]] = []
        self.skipping = 0

    def flush(self) -> None:
        text = normalise("".join(self.buffer))
        if text:
            self.blocks.append(text)
        self.buffer = []

    def handle_starttag(self, tag, attrs):
        if tag in ("wbr", "br", "col", "colgroup", "meta", "link", "img", "input"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        skip = bool(classes & self.skip_classes) or tag in ("head", "title", "style", "script")
        self.stack.append((tag, skip))
        if skip:
            self.skipping += 1
        if tag in self.BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, skip = self.stack.pop()
            if skip:
                self.skipping -= 1
            if open_tag == tag:
                break
        if tag in self.BLOCK:
            self.flush()

    def handle_data(self, data):
        if not self.skipping:
            self.buffer.append(data)


def html_blocks(html: str, *, skip_classes: set[str] = frozenset()) -> list[str]:
    """The text blocks of an HTML fragment, as a reader sees them, in order."""
    parser = _Blocks(set(skip_classes))
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.blocks


def run_tool(name: str, path: Path, *args: str) -> subprocess.CompletedProcess:
    """One of python-hwpx's console scripts from the venv (missing = a failed test)."""
    tool = VENV_BIN / name
    assert tool.exists(), f"{tool} is missing: pip install the pinned python-hwpx"
    return subprocess.run(
        [str(tool), *args, str(path)], capture_output=True, text=True, timeout=120
    )


def assert_valid_hwpx(path: Path) -> None:
    schema = run_tool("hwpx-validate", path)
    assert schema.returncode == 0, schema.stdout + schema.stderr
    assert "All schema validations passed" in schema.stdout
    package = run_tool("hwpx-validate-package", path)
    assert package.returncode == 0, package.stdout + package.stderr
    assert "All package validations passed" in package.stdout  # no warning either
