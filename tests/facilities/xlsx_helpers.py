"""Build workbooks for import tests."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from facilities.columns import COLUMNS

HEADERS = [c.header for c in COLUMNS]


def row(**values) -> dict:
    """A valid new 다함께돌봄센터 row; override by field name."""
    base = {
        "code": "NEW-001",
        "kind": "다함께돌봄센터",
        "name": "새 돌봄센터",
        "dong": "구서2동",
        "status": "운영",
        "opened_on": "2021-03-02",
        "opens_at": "13:00",
        "closes_at": "20:00",
        "saturday_care": "아니오",
        "night_care": "아니오",
        "temporary_care": "아니오",
        "vacation_care": "예",
        "as_of": "2023-06-30",
        "capacity": "20",
        "enrolled": "18",
        "waiting": "2",
    }
    base.update(values)
    return base


def workbook_bytes(rows: list[dict], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "기관 목록"
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(c.field, "") for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "facilities.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def sheet_rows(content: bytes, title: str | None = None) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    sheet = workbook[title] if title else workbook.worksheets[0]
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]
