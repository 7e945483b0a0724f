"""Hostile spreadsheet uploads, built in memory."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def valid_xlsx_bytes(rows: list[list[object]] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows or [["기관명", "비고"], ["햇살돌봄센터", "정상"]]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(
    data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, (replace or {}).get(info.filename, source.read(info)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX_TYPE)


def not_a_zip() -> SimpleUploadedFile:
    return upload("시설목록.xlsx", b"<html><script>alert(1)</script></html>" * 10)


def truncated_zip() -> SimpleUploadedFile:
    return upload("시설목록.xlsx", valid_xlsx_bytes()[:300])


def xlsm() -> SimpleUploadedFile:
    return upload("시설목록.xlsm", valid_xlsx_bytes())


def macro_inside_xlsx() -> SimpleUploadedFile:
    data = _rewrite(valid_xlsx_bytes(), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
    return upload("시설목록.xlsx", data)


def zip_bomb(uncompressed_mb: int = 64) -> SimpleUploadedFile:
    """A few hundred KB that inflate past XLSX_MAX_UNCOMPRESSED_BYTES."""
    data = _rewrite(
        valid_xlsx_bytes(),
        add={"xl/media/padding.bin": b"\0" * (uncompressed_mb * 1024 * 1024)},
    )
    return upload("시설목록.xlsx", data)


def too_many_members(count: int = 500) -> SimpleUploadedFile:
    data = _rewrite(valid_xlsx_bytes(), add={f"xl/media/{i}.bin": b"x" for i in range(count)})
    return upload("시설목록.xlsx", data)


DTD_SHEET = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;&xxe;</t></is></c></row></sheetData>
</worksheet>"""


def dtd_entities() -> SimpleUploadedFile:
    data = _rewrite(valid_xlsx_bytes(), replace={"xl/worksheets/sheet1.xml": DTD_SHEET})
    return upload("시설목록.xlsx", data)


def empty_file() -> SimpleUploadedFile:
    return upload("시설목록.xlsx", b"")


HOSTILE_UPLOADS = {
    "not_a_zip": not_a_zip,
    "truncated_zip": truncated_zip,
    "xlsm": xlsm,
    "macro_inside_xlsx": macro_inside_xlsx,
    "zip_bomb": zip_bomb,
    "too_many_members": too_many_members,
    "dtd_entities": dtd_entities,
    "empty": empty_file,
}
