"""Counting Korean words split across lines in a real PDF (poppler's `pdftotext -bbox-layout`).

A line ends with `a` and the next line of the same text flow starts with `b`;
when `a + b` occurs inside one whitespace-separated token of the source text,
the line broke inside a word. Such a split is allowed only when the word could
not fit on a line: right after the word's own `-`, `·`, `/` or `,` when the
word is wider than the widest line of that text flow (a paragraph or a table
cell), between syllables only when the piece between such separators is wider.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

NS = "{http://www.w3.org/1999/xhtml}"
SEPARATORS = "-·/,"


@dataclass
class Split:
    before: str
    after: str
    page: int

    def __str__(self) -> str:
        return f"p.{self.page}: {self.before}│{self.after}"


@dataclass
class _Line:
    y: float
    x_min: float
    x_max: float
    words: list[tuple[str, float, float]]  # text, xMin, xMax


def source_tokens(document_html: str) -> str:
    """Every whitespace-separated token of the text of `document_html`, one a line."""
    text = re.sub(r"<(style|script|svg|title)\b.*?</\1\s*>", " ", document_html, flags=re.S)
    text = re.sub(r"<wbr\s*/?>", "", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\u2060", "")
    return "\n".join(text.split())


def _flows(pdf: Path):
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    root = ElementTree.fromstring(xml)
    for number, page in enumerate(root.iter(f"{NS}page"), start=1):
        flows = []
        for flow in page.iter(f"{NS}flow"):
            lines: list[_Line] = []
            for line in flow.iter(f"{NS}line"):
                words = [
                    (w.text or "", float(w.get("xMin")), float(w.get("xMax")))
                    for w in line.iter(f"{NS}word")
                ]
                if not words:
                    continue
                y = float(line.get("yMin"))
                same = next((v for v in lines if abs(v.y - y) < 1.0), None)
                if same is None:
                    lines.append(_Line(y, float(line.get("xMin")), float(line.get("xMax")), words))
                else:  # a justified line pdftotext cut in two
                    same.words = sorted(same.words + words, key=lambda w: w[1])
                    same.x_min = min(same.x_min, float(line.get("xMin")))
                    same.x_max = max(same.x_max, float(line.get("xMax")))
            flows.append(sorted(lines, key=lambda v: v.y))
        yield number, flows


def _one_word(joined: str, tokens: str) -> bool:
    """Whether `joined` is a source word, or its start or end (a word cut twice)."""
    return bool(re.search(f"^{re.escape(joined)}|{re.escape(joined)}$", tokens, re.M))


def word_splits(pdf: Path, document_html: str) -> tuple[list[Split], list[Split]]:
    """(splits of words that fit on their line, splits of words wider than their line)."""
    tokens = source_tokens(document_html)
    bad: list[Split] = []
    allowed: list[Split] = []
    for number, flows in _flows(pdf):
        for lines in flows:
            # The widest line of the flow (a paragraph or a cell): a split word always
            # follows a nearly full line, so this is at most the line's real width.
            line_width = max(line.x_max - line.x_min for line in lines) if lines else 0.0
            right_edge = max(line.x_max for line in lines) if lines else 0.0
            for first, second in zip(lines, lines[1:], strict=False):
                a, a_min, a_max = first.words[-1]
                b, b_min, b_max = second.words[0]
                if not re.search(r"[^\W\d_]", a + b) or not _one_word(a + b, tokens):
                    continue
                if right_edge - first.x_max > 2 * (b_max - b_min) / len(b) + 0.5:
                    # The next syllable would have fitted: the line ended with its block
                    # (a heading, then a paragraph that begins with `이 …`), not a wrap.
                    continue
                split = Split(a, b, number)
                per_char = ((a_max - a_min) + (b_max - b_min)) / len(a + b)
                if a[-1] in SEPARATORS:
                    # At the word's own separator: only when the whole word is wider.
                    wider = per_char * len(a + b) > line_width + 0.5
                else:
                    # Between syllables: only when the piece between separators is wider.
                    piece = re.split(f"[{SEPARATORS}]", a)[-1] + re.split(f"[{SEPARATORS}]", b)[0]
                    wider = per_char * len(piece) > line_width + 0.5
                if wider:
                    allowed.append(split)
                else:
                    bad.append(split)
    return bad, allowed
