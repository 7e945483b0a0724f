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


# ---------------------------------------------------------------- issue 13, cases 1-3
# The probe's worst cases, rebuilt byte for byte: each is small on the wire.

RESPONSE_HEADERS = [
    "회의",
    "번호",
    "건의사항",
    "세부 내용",
    "검토 결과",
    "검토 의견",
    "상태",
    "ID",
    "검토 의견 버전",
]


def _cell_ref(column: int, row: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _with_sheet(headers: list[str], sheet_xml: bytes) -> bytes:
    base = valid_xlsx_bytes([headers])
    return _rewrite(base, replace={"xl/worksheets/sheet1.xml": sheet_xml})


def wide_dimension_bytes(headers: list[str] = RESPONSE_HEADERS) -> bytes:
    """Case 1: the headers in row 1, one cell in the last row (1,048,576) and a
    declared dimension of A1:XFD1048576, so a reader that trusts the dimension pads
    every row to 16,384 columns. About 1.7 kB."""
    header_cells = "".join(_inline(_cell_ref(i, 1), h) for i, h in enumerate(headers, start=1))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:XFD1048576"/><sheetData>'
        f'<row r="1">{header_cells}</row>'
        f'<row r="1048576">{_inline("XFD1048576", "x")}</row>'
        "</sheetData></worksheet>"
    )
    return _with_sheet(headers, sheet.encode())


def many_rows_bytes(rows: int, headers: list[str] = RESPONSE_HEADERS) -> bytes:
    """Case 3: `rows` data rows, each with every column filled (written streaming)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    filler = ["x"] * (len(headers) - 2)
    for number in range(1, rows + 1):
        sheet.append([*filler, number, 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def lying_size_bytes(
    inflated_mb: int = 200, declared: int = 2000, member: str = "xl/styles.xml"
) -> bytes:
    """Case 2: `member` says (in both zip headers) that it holds `declared` bytes,
    but its deflate stream inflates to `inflated_mb` MB. A reader that trusts the
    header and reads the part in one call allocates the whole inflated size."""
    import struct
    import zlib

    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = b"\0" * (1024 * 1024)
    compressed = b"".join(compressor.compress(block) for _ in range(inflated_mb))
    compressed += compressor.flush()
    crc = zlib.crc32(b"\0" * declared)

    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(valid_xlsx_bytes([RESPONSE_HEADERS])))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info.filename, source.read(info))
        target.writestr(member, b"")  # a placeholder entry patched below
    data = bytearray(out.getvalue())
    # Rebuild: everything before the placeholder's local header, then the lying entry.
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    placeholder = archive.getinfo(member)
    name = member.encode()
    local = struct.pack(
        "<4sHHHHHIIIHH",
        b"PK\x03\x04",
        20,
        0,
        zipfile.ZIP_DEFLATED,
        0,
        0x21,
        crc,
        len(compressed),
        declared,
        len(name),
        0,
    )
    head = bytes(data[: placeholder.header_offset])
    entries = [i for i in archive.infolist() if i.filename != member]
    central = b""
    for info in entries:
        central += _central_record(info)
    lying = zipfile.ZipInfo(member)
    lying.compress_type = zipfile.ZIP_DEFLATED
    lying.CRC, lying.compress_size, lying.file_size = crc, len(compressed), declared
    lying.header_offset = len(head)
    lying.date_time = (2023, 12, 20, 0, 0, 1)
    central += _central_record(lying)
    body = head + local + name + compressed
    end = struct.pack(
        "<4sHHHHIIH",
        b"PK\x05\x06",
        0,
        0,
        len(entries) + 1,
        len(entries) + 1,
        len(central),
        len(body),
        0,
    )
    return body + central + end


def _central_record(info: zipfile.ZipInfo) -> bytes:
    import struct

    name = info.filename.encode()
    dostime = (info.date_time[3] << 11) | (info.date_time[4] << 5) | (info.date_time[5] // 2)
    dosdate = ((info.date_time[0] - 1980) << 9) | (info.date_time[1] << 5) | info.date_time[2]
    return (
        struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            20,
            20,
            0,
            info.compress_type,
            dostime,
            dosdate,
            info.CRC,
            info.compress_size,
            info.file_size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            info.header_offset,
        )
        + name
    )


def shared_strings_bytes(count: int = 2_500_000) -> bytes:
    """0.1 MB on the wire: `count` shared strings (openpyxl loads every one at open)."""
    base = valid_xlsx_bytes([RESPONSE_HEADERS])
    source = zipfile.ZipFile(io.BytesIO(base))
    strings = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<si><t>a</t></si>" * count
        + b"</sst>"
    )
    types = source.read("[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = source.read("xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>",
        b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    return _rewrite(
        base,
        replace={"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels},
        add={"xl/sharedStrings.xml": strings},
    )


def wide_row_bytes(cells: int = 1_400_000) -> bytes:
    """3.6 MB on the wire: the header row carries `cells` more cells (openpyxl builds
    a whole row before anyone sees it)."""
    header = "".join(_inline(_cell_ref(i, 1), h) for i, h in enumerate(RESPONSE_HEADERS, start=1))
    filler = "".join(f'<c r="{_cell_ref(10 + i % 16000, 1)}"><v>1</v></c>' for i in range(cells))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1">{header}{filler}</row></sheetData></worksheet>'
    )
    return _with_sheet(RESPONSE_HEADERS, sheet.encode())


def malformed_response_rows_bytes(rows: int) -> bytes:
    """`rows` response rows whose ID is not a number: one error each."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(RESPONSE_HEADERS)
    for number in range(1, rows + 1):
        sheet.append(["회의", number, "건의", "", "수용", "의견", "작성 중", "x", "y"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# The probe's worst cases and their kind (issue 13, cases 1-3), for the tests and
# `make bench`: name → (builder, the refusal code).
WORST_CASES = {
    "wide_dimension": (wide_dimension_bytes, "rows_limit"),
    "lying_zip_size": (lambda: lying_size_bytes(1024), "uncompressed"),
    "rows_100000": (lambda: many_rows_bytes(100_000), "rows_limit"),
    "shared_strings": (shared_strings_bytes, "cells"),
    "wide_row": (wide_row_bytes, "cells"),
}
