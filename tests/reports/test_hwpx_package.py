"""The HWPX packages as 한글 expects them (issue 25, item 2): 어절 line breaking in every
paragraph shape, one page-number mechanism, header and footer written once, a real
preview (text and picture of page 1), the version part in the manifest; read back with
zipfile + XML only, and holding every line of the PDF."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command
from PIL import Image

from council.models import Meeting
from lib.pdf import first_page_png
from reports.document import build_result_context
from reports.exporters import hwpx_from_context, pdf_from_context
from reports.letters import build_letters, letter_hwpx, letter_pdf
from tests.reports.hwpx_reading import assert_valid_hwpx, read_hwpx

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
OPF = "{http://www.idpf.org/2007/opf/}"


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("loaddemo")
    return Meeting.objects.get(council__slug="geumjeong", slug="2023-h2")


def _packages(demo):
    context = build_result_context(demo)
    letter = build_letters(demo, base_url="https://dolbom.example.go.kr/")[0]
    return [
        ("result", hwpx_from_context(context), pdf_from_context(context)),
        ("letter", letter_hwpx(letter), letter_pdf(letter)),
    ]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_both_packages_are_what_hangul_writes(demo, tmp_path):
    for name, package, _pdf in _packages(demo):
        path = tmp_path / f"{name}.hwpx"
        path.write_bytes(package)
        assert_valid_hwpx(path)
        archive = zipfile.ZipFile(io.BytesIO(package))
        assert archive.namelist()[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED

        # Every paragraph shape breaks Korean between words (어절), none at any syllable.
        head = ET.fromstring(archive.read("Contents/header.xml"))
        breaks = [
            element.get("breakNonLatinWord")
            for element in head.iter()
            if element.get("breakNonLatinWord") is not None
        ]
        assert breaks and set(breaks) == {"KEEP_WORD"}, name

        # One page-number mechanism (the footer's `- n -`), header and footer once each.
        section = ET.fromstring(archive.read("Contents/section0.xml"))
        assert not list(section.iter(f"{HP}pageNum")), name
        assert len(list(section.iter(f"{HP}footer"))) == 1, name
        assert len(list(section.iter(f"{HP}autoNum"))) == 1, name
        for sec_pr in section.iter(f"{HP}secPr"):
            assert not [c for c in sec_pr if c.tag in (f"{HP}header", f"{HP}footer")], name
        headers = list(section.iter(f"{HP}header"))
        assert len(headers) == (1 if name == "result" else 0)

        # The version part, named in the manifest; metadata names the document.
        hpf = ET.fromstring(archive.read("Contents/content.hpf"))
        assert "version.xml" in [item.get("href") for item in hpf.iter(f"{OPF}item")]
        assert b"HCFVersion" in archive.read("version.xml")
        assert "synthetic" not in archive.read("Contents/content.hpf").decode()

        # The preview: the opening text, and a small picture of page 1 (not blank).
        preview = archive.read("Preview/PrvText.txt").decode("utf-8")
        content = read_hwpx(package)
        assert _squash(preview).startswith(_squash(content.blocks[0]))
        assert 50 < len(preview) <= 1024
        image = Image.open(io.BytesIO(archive.read("Preview/PrvImage.png")))
        assert image.width == 200 and image.height > 250  # A4 portrait
        darkest = image.convert("L").getextrema()[0]
        assert darkest < 100, f"{name}: the preview picture is blank"


def test_an_independent_read_finds_every_line_of_the_pdf(demo, tmp_path):
    for name, package, pdf in _packages(demo):
        content = read_hwpx(package)
        cells = "".join(cell for t in content.tables for row in t.rows for c in row for cell in c)
        text = _squash("".join(content.blocks) + "".join(content.headers) + cells)
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        lines = subprocess.run(
            ["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout.splitlines()
        missing = [
            line
            for line in lines
            if _squash(line)
            and not re.fullmatch(r"-\d+-", _squash(line))  # page numbers: the footer's field
            and _squash(line) not in text
        ]
        assert missing == [], name


def _ink(png: bytes) -> float:
    """The share of a picture's pixels that are not (near) white."""
    gray = Image.open(io.BytesIO(png)).convert("L")
    histogram = gray.histogram()
    return sum(histogram[:200]) / (gray.width * gray.height)


def test_the_preview_picture_is_drawn_without_a_pdf_and_looks_like_page_one(demo, monkeypatch):
    """Exporting an HWPX renders no PDF for its preview (issue 25: the HWPX bench row); the
    picture drawn from the document carries about as much ink as page 1 of the PDF."""
    packages = _packages(demo)  # the PDFs to compare with, made before the guard below

    def no_pdf(*_args, **_kwargs):
        raise AssertionError("an HWPX export rendered a PDF for its preview")

    monkeypatch.setattr("reports.exporters.render_pdf", no_pdf)
    monkeypatch.setattr("reports.letters.render_pdf", no_pdf)
    context = build_result_context(demo)
    letter = build_letters(demo, base_url="https://dolbom.example.go.kr/")[0]
    drawn = {"result": hwpx_from_context(context), "letter": letter_hwpx(letter)}
    for name, _package, pdf in packages:
        picture = zipfile.ZipFile(io.BytesIO(drawn[name])).read("Preview/PrvImage.png")
        assert picture.startswith(b"\x89PNG")
        image = Image.open(io.BytesIO(picture))
        assert image.size == (200, 283), name  # A4 portrait, as pdftoppm makes it
        from_pdf = first_page_png(pdf)
        assert Image.open(io.BytesIO(from_pdf)).size == image.size
        ratio = _ink(picture) / _ink(from_pdf)
        assert 0.6 < ratio < 1.7, f"{name}: {ratio:.2f}× the ink of the PDF's page 1"
        assert _ink(picture) > 0.01, f"{name}: the preview picture is nearly blank"
    # The same document gives the same picture.
    again = zipfile.ZipFile(io.BytesIO(letter_hwpx(letter))).read("Preview/PrvImage.png")
    assert again == zipfile.ZipFile(io.BytesIO(drawn["letter"])).read("Preview/PrvImage.png")


def test_the_drawn_preview_takes_any_text_and_stops_at_the_page_end(settings):
    """User text is drawn as text (markup, runs without spaces); a paragraph or table
    longer than the page stops at the foot of page 1."""
    from reports.hwpx import HwpxBuilder, Line, TextStyle

    out = HwpxBuilder()
    out.page_numbers()
    out.paragraph("<script>alert('x')</script> & " + "가" * 41, TextStyle(size=17, bold=True))
    # 20,000 characters typed without a space: a few measurements a line, a page of lines
    # (cutting it one character at a time took minutes).
    out.paragraph("나" * 20000, TextStyle(size=8))
    body = [[Line("1", TextStyle())], [Line("○ " + "돌봄 " * 40, TextStyle())]]
    out.table(
        header=[Line("번호", TextStyle()), Line("내용", TextStyle())],
        rows=[body] * 300,
        widths=(1, 9),
    )
    picture = out.first_page_png()
    image = Image.open(io.BytesIO(picture)).convert("L")
    assert image.size == (200, 283)
    # Ink down to the footer area (the long run fills the page), none below the page number.
    rows = [image.crop((0, y, 200, y + 1)).getextrema()[0] for y in range(283)]
    assert min(rows[240:265]) < 128
    assert min(rows[278:]) > 200


def test_without_its_fonts_the_package_keeps_the_blank_preview(settings, monkeypatch, caplog):
    """A preview is never a reason to refuse: fonts that cannot be read leave the
    library's blank picture and a warning, and the package is still made."""
    from reports import hwpx_preview
    from reports.hwpx import HwpxBuilder, TextStyle

    monkeypatch.setattr(hwpx_preview, "FONT_FILE", "fonts/no-such-font.ttf")
    monkeypatch.setattr(hwpx_preview, "BOLD_FONT_FILE", "fonts/no-such-font-bold.ttf")
    hwpx_preview._font.cache_clear()
    out = HwpxBuilder()
    out.paragraph("돌봄 회의 결과", TextStyle())
    package = out.to_bytes(title="돌봄 회의 결과")
    hwpx_preview._font.cache_clear()
    picture = zipfile.ZipFile(io.BytesIO(package)).read("Preview/PrvImage.png")
    assert picture.startswith(b"\x89PNG") and _ink(picture) == 0
    assert "preview picture not drawn" in caplog.text
