"""The sheet guard (lib.xlsx.check_sheet_shapes) inspects the worksheet XML inside the zip
before any reader opens it, and the reader behind it uses openpyxl's public API only."""

from __future__ import annotations

import ast
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from lib import xlsx
from tests.hostile import xlsx_files
from tests.hostile.xlsx_files import _cell_ref, _inline, _rewrite

ROOT = Path(__file__).resolve().parents[2]
HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _sheet(body: str, *, dimension: str = "") -> bytes:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f"{HEAD}{declared}<sheetData>{body}</sheetData></worksheet>".encode()


def _upload(sheet: bytes, *, member: str = "xl/worksheets/sheet1.xml"):
    content = _rewrite(xlsx_files.valid_xlsx_bytes([["기관명"]]), replace={member: sheet})
    return xlsx_files.upload("목록.xlsx", content)


def _refusal(upload) -> str:
    with pytest.raises(ValidationError) as caught:
        xlsx.load_xlsx_upload(upload, max_rows=100)
    assert upload.tell() == 0
    return caught.value.code


def test_two_cells_a1_and_xfd1048576_without_a_dimension_are_refused():
    """The file that makes python-calamine abort the process: only A1 and XFD1048576."""
    body = (
        f'<row r="1">{_inline("A1", "a")}</row><row r="1048576">{_inline("XFD1048576", "x")}</row>'
    )
    upload = _upload(_sheet(body))
    assert len(upload.read()) < 6000  # a few kB on the wire
    upload.seek(0)
    assert _refusal(upload) == "rows_limit"


def test_a_far_column_in_the_first_row_is_refused_as_too_many_cells():
    body = f'<row r="1">{_inline("A1", "a")}{_inline("XFD1", "x")}</row>'
    assert _refusal(_upload(_sheet(body))) == "cells"


def test_a_declared_dimension_past_the_limits_is_refused_before_any_row():
    body = f'<row r="1">{_inline("A1", "a")}</row>'
    assert _refusal(_upload(_sheet(body, dimension="A1:B5000"))) == "rows_limit"
    assert _refusal(_upload(_sheet(body, dimension="A1:ZZ10"))) == "cells"


def test_a_second_sheet_is_inspected_too():
    """Every worksheet the workbook names is checked, not only the one that is read."""
    base = xlsx_files.valid_xlsx_bytes([["기관명"]])
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(base))
    workbook.create_sheet("안내")
    buffer = io.BytesIO()
    workbook.save(buffer)
    body = f'<row r="1">{_inline(_cell_ref(1, 1), "a")}</row><row r="9999">{_inline("A9999", "b")}</row>'
    content = _rewrite(buffer.getvalue(), replace={"xl/worksheets/sheet2.xml": _sheet(body)})
    assert _refusal(xlsx_files.upload("목록.xlsx", content)) == "rows_limit"


def test_a_sheet_at_an_unusual_path_is_found_through_the_relationships():
    base = xlsx_files.valid_xlsx_bytes([["기관명"]])
    body = f'<row r="1">{_inline("A1", "a")}</row><row r="9999">{_inline("A9999", "b")}</row>'
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                target.writestr("xl/data/first.xml", _sheet(body))
                continue
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"worksheets/sheet1.xml", b"data/first.xml")
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"/xl/worksheets/sheet1.xml", b"/xl/data/first.xml")
            target.writestr(info, data)
    assert _refusal(xlsx_files.upload("목록.xlsx", out.getvalue())) == "rows_limit"


def test_a_plain_workbook_passes_and_is_read():
    upload = xlsx_files.upload("목록.xlsx", xlsx_files.valid_xlsx_bytes([["기관명"], ["햇살"]]))
    workbook = xlsx.load_xlsx_upload(upload, max_rows=100)
    try:
        assert [r[0] for r in workbook.active.iter_rows(values_only=True)] == ["기관명", "햇살"]
    finally:
        workbook.close()


def test_lib_xlsx_uses_no_private_openpyxl_api():
    """No import from an underscored openpyxl module, no underscored attribute of what
    openpyxl returns (`wb._sheets`, `ws._worksheet_path`, `wb._archive`)."""
    tree = ast.parse((ROOT / "lib" / "xlsx.py").read_text(encoding="utf-8"))
    private = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
            parts = node.module.split(".") + [a.name for a in node.names]
            private += [p for p in parts if p.startswith("_")]
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            on_self = isinstance(node.value, ast.Name) and node.value.id == "self"
            if not node.attr.startswith("__") and not on_self:
                private.append(node.attr)
    assert private == []


@pytest.mark.parametrize("ref", ["A99999999", "ABCD1", "$XFD$1"])
def test_a_reference_past_any_sheet_is_refused_unconverted(ref):
    body = f'<row r="1">{_inline("A1", "a")}{_inline(ref, "x")}</row>'
    assert _refusal(_upload(_sheet(body))) in {"rows_limit", "cells"}
