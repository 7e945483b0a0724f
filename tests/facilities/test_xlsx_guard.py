"""Upload limits: wrong format, oversize, zip bombs, macros and DTD entities are refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from facilities.models import Facility
from lib.xlsx import check_xlsx_upload, safe_cell, unsafe_cell
from tests.facilities.xlsx_helpers import row, upload, workbook_bytes

pytestmark = pytest.mark.django_db


def _with_member(name: str, data: bytes, base: bytes | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(base or workbook_bytes([row()])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, data)
    return out.getvalue()


def _dtd_workbook() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([row(name="&xxe;")])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = (
                    b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                    + data.split(b"?>", 1)[-1]
                )
                assert b"<!ENTITY" in data
            target.writestr(item, data)
    return out.getvalue()


CASES = {
    "not_zip": (b"this is not a spreadsheet at all", "facilities.xlsx", "압축 형식이 아님"),
    "xlsm": (workbook_bytes([row()]), "facilities.xlsm", "매크로 파일(.xlsm)"),
    "csv": (b"a,b\n1,2\n", "facilities.csv", "(.xlsx) 파일만"),
    "bomb": (
        _with_member("xl/media/padding.bin", b"\0" * (60 * 1024 * 1024)),
        "facilities.xlsx",
        "압축을 풀었을 때 너무 큰 파일입니다.",
    ),
    "macro": (_with_member("xl/vbaProject.bin", b"VBA"), "facilities.xlsx", "매크로가 들어 있는"),
    "dtd": (_dtd_workbook(), "facilities.xlsx", "DTD/엔티티"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_it_refuses_the_upload_and_changes_nothing(world, client, case):
    content, name, message = CASES[case]
    client.force_login(world.staff)
    response = client.post(
        reverse("facilities:import", args=[world.council.slug]), {"file": upload(content, name)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["results"] is None
    assert not Facility.objects.exists()


def test_it_refuses_an_oversized_file(world, client, settings):
    settings.XLSX_MAX_BYTES = 1000
    client.force_login(world.staff)
    response = client.post(
        reverse("facilities:import", args=[world.council.slug]),
        {"file": upload(workbook_bytes([row()] * 50))},
    )
    assert "파일이 너무 큽니다." in response.content.decode()


def test_it_refuses_too_many_members(settings):
    settings.XLSX_MAX_MEMBERS = 5
    with pytest.raises(ValidationError, match="항목이 너무 많습니다"):
        check_xlsx_upload(upload(workbook_bytes([row()])))


def test_it_accepts_a_plain_workbook():
    check_xlsx_upload(upload(workbook_bytes([row()])))


@pytest.mark.parametrize("text", ["=1+1", "+82", "-3", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_neutralises_formulas_and_round_trips(text):
    assert safe_cell(text) == "'" + text
    assert unsafe_cell(safe_cell(text)) == text


def test_safe_cell_drops_control_characters_a_worksheet_cannot_hold():
    assert safe_cell("제어\x1b[31m문자\x00") == "제어[31m문자"
    assert safe_cell("\x07=1+1") == "'=1+1"
    assert safe_cell("줄\n바꿈") == "줄\n바꿈"


def test_safe_cell_leaves_other_values_alone():
    assert safe_cell("금빛아이 꿈마당") == "금빛아이 꿈마당"
    assert safe_cell(5) == 5
    assert unsafe_cell("'plain") == "'plain"
