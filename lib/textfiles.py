"""Text data files staff upload (CSV, JSON): size, encoding and shape, all bounded.

Official Korean data files come in CP949 (EUC-KR) or UTF-8, with or without a
byte-order mark. :func:`decode_upload` reads at most `max_bytes`, picks the
encoding (a BOM, then strict UTF-8, then charset-normalizer limited to the
Korean legacy encodings) and decodes strictly: a byte that does not belong to
the encoding is reported with its row and column, never replaced silently.
:func:`read_csv` parses the text with a row and column cap and reports a
truncated file (an unclosed quote, a last row cut short) where it happens.
Refusals are :class:`lib.xlsx.UploadRejected`, the project's one upload
error, with :class:`lib.xlsx.RowError` rows.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from lib.xlsx import RowError, UploadRejected, rejected_rows

ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "cp949": "CP949 (EUC-KR)",
    "euc-kr": "EUC-KR",
}
# charset-normalizer names → Python codec names we decode with. CP949 is a
# superset of EUC-KR: decoding an EUC-KR file as CP949 gives the same text.
_LEGACY = {"cp949": "cp949", "euc_kr": "cp949", "euc-kr": "cp949", "johab": None}
_DETECT_SAMPLE = 256 * 1024


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a key of ENCODING_LABELS

    @property
    def encoding_label(self) -> str:
        return ENCODING_LABELS.get(self.encoding, self.encoding)


@dataclass
class CsvTable:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)


def read_upload(uploaded_file: Any, *, max_bytes: int, extensions: tuple[str, ...]) -> bytes:
    """The upload's bytes, refusing a wrong extension, an empty or an oversized file.

    Reads at most `max_bytes + 1` bytes whatever size the request claims.
    """
    name = str(getattr(uploaded_file, "name", "") or "").lower()
    if extensions and not name.endswith(extensions):
        raise UploadRejected(
            _("%(ext)s 파일만 올릴 수 있습니다.") % {"ext": ", ".join(extensions)},
            code="extension",
        )
    uploaded_file.seek(0)
    data = uploaded_file.read(max_bytes + 1)
    uploaded_file.seek(0)
    if len(data) > max_bytes:
        raise UploadRejected(
            _("파일이 너무 큽니다. %(limit)s MB 이하로 올려 주세요.")
            % {"limit": f"{max_bytes / (1024 * 1024):g}"},
            code="size",
        )
    if not data.strip():
        raise UploadRejected(_("빈 파일입니다."), code="empty")
    if data.startswith(b"PK\x03\x04"):
        raise UploadRejected(
            _("엑셀(xlsx) 파일입니다. 엑셀에서 ‘CSV’로 저장해서 올려 주세요."), code="zip"
        )
    return data


def _position(data: bytes, offset: int, header: list[str]) -> tuple[int, str]:
    """Row (line number) and column title of a byte offset in a CSV file."""
    row = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    index = data.count(b",", start, offset)
    column = header[index] if row > 1 and index < len(header) else ""
    return row, column


def _header_guess(data: bytes, encoding: str) -> list[str]:
    first = data.split(b"\n", 1)[0]
    text = first.decode(encoding, errors="replace").lstrip("\ufeff")
    try:
        return [c.strip() for c in next(csv.reader([text]))]
    except (csv.Error, StopIteration):
        return []


def _bad_bytes(data: bytes, exc: UnicodeDecodeError, encoding: str) -> UploadRejected:
    header = _header_guess(data, encoding)
    row, column = _position(data, exc.start, header)
    if exc.start >= len(data) - 3 and "end of data" in str(exc.reason):
        message = _(
            "파일 끝이 잘렸습니다(글자가 중간에 끊김). 원본 파일을 다시 내려받아 올려 주세요."
        )
    else:
        message = _(
            "%(encoding)s로 읽을 수 없는 글자가 있습니다. 파일의 문자 인코딩이 섞였거나 "
            "다른 인코딩입니다. 원본 파일을 다시 내려받아 올려 주세요."
        ) % {"encoding": ENCODING_LABELS.get(encoding, encoding)}
    error = RowError(row, column, message)
    return UploadRejected(
        _("파일을 읽을 수 없어 아무것도 가져오지 않았습니다: %(error)s") % {"error": error},
        [error],
        code="encoding",
    )


def decode_upload(data: bytes) -> Decoded:
    """Decode UTF-8 (with or without BOM) or CP949/EUC-KR strictly; refuse anything else."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            exc.start += len(codecs.BOM_UTF8)
            raise _bad_bytes(data, exc, "utf-8") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UploadRejected(
            _("UTF-16 파일은 받지 않습니다. UTF-8 또는 CP949(EUC-KR) CSV로 저장해 주세요."),
            code="encoding",
        )
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        # Valid UTF-8 up to a bad byte after some Korean text: a UTF-8 file with a
        # broken spot (or cut mid-character), not a CP949 file.
        head = data[: utf8_error.start]
        if any(b >= 0x80 for b in head) or utf8_error.start >= len(data) - 3:
            raise _bad_bytes(data, utf8_error, "utf-8") from None
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_DETECT_SAMPLE], cp_isolation=["cp949", "euc_kr"]).best()
    encoding = _LEGACY.get(best.encoding) if best is not None else None
    if encoding is None:
        # Not recognisable as Korean text: say where CP949 breaks, if it does.
        try:
            data.decode("cp949")
        except UnicodeDecodeError as exc:
            raise _bad_bytes(data, exc, "cp949") from None
        raise UploadRejected(
            _("문자 인코딩을 알 수 없습니다. UTF-8 또는 CP949(EUC-KR) CSV만 받습니다."),
            code="encoding",
        )
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        raise _bad_bytes(data, exc, encoding) from None


def _header(reader, max_columns: int) -> list[str]:
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise UploadRejected(
            _("첫 행(열 제목)을 읽을 수 없습니다: %(error)s") % {"error": exc}, code="header"
        ) from None
    if not header:
        raise UploadRejected(_("첫 행에 열 제목이 없습니다."), code="header")
    header = [h.strip().lstrip("\ufeff") for h in header]
    while header and not header[-1]:
        header.pop()
    if len(header) > max_columns:
        raise UploadRejected(
            _("열이 너무 많습니다(%(count)s개). %(max)s개까지 받습니다.")
            % {"count": f"{len(header):,}", "max": f"{max_columns:,}"},
            code="columns",
        )
    return header


def _width_error(line: int, cells: list[str], header: list[str]) -> RowError | None:
    """A row with fewer cells than titles (cut short) or more (a stray comma)."""
    width = len(header)
    if len(cells) < width:
        return RowError(
            line,
            header[len(cells)],
            _("열이 %(have)s개뿐입니다(열 제목은 %(want)s개). 파일이 잘렸거나 값이 빠졌습니다.")
            % {"have": len(cells), "want": width},
        )
    if len(cells) > width:
        return RowError(
            line,
            "",
            _("열이 열 제목(%(want)s개)보다 많습니다(%(have)s개). 쉼표가 섞였는지 보세요.")
            % {"have": len(cells), "want": width},
        )
    return None


def _numbered_rows(reader, errors: list[RowError]) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each non-blank row; an unclosed quote at the end of the
    file (the only way strict csv fails mid-file) is a row error that ends the rows."""
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            errors.append(
                RowError(
                    line,
                    "",
                    _(
                        "따옴표가 닫히지 않은 채 파일이 끝납니다. 파일이 잘렸을 수 있습니다 (%(error)s)."
                    )
                    % {"error": exc},
                )
            )
            return
        if cells and any(c.strip() for c in cells):
            yield line, cells


def read_csv(text: str, *, max_rows: int, max_columns: int) -> CsvTable:
    """The header and the data rows (with their line numbers), bounded.

    A quoted field left open at the end of the file, or a row shorter than the
    header (the file was cut), is a row error naming the first missing column.
    Blank lines are skipped; one trailing empty cell (a trailing comma) is allowed.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = _header(reader, max_columns)
    rows: list[tuple[int, list[str]]] = []
    errors: list[RowError] = []
    for line, cells in _numbered_rows(reader, errors):
        if len(rows) >= max_rows:
            raise UploadRejected(
                _("한 번에 %(max)s행까지 올릴 수 있습니다. 파일을 나누어 올려 주세요.")
                % {"max": f"{max_rows:,}"},
                code="rows_limit",
            )
        if len(cells) == len(header) + 1 and not cells[-1].strip():
            cells = cells[:-1]
        error = _width_error(line, cells, header)
        if error is not None:
            errors.append(error)
            continue
        rows.append((line, cells))
    if errors:
        raise rejected_rows(errors)
    return CsvTable(header=header, rows=rows)
