"""Spreadsheet uploads and exports: the one guard, the one reader, the one error.

Every xlsx upload goes through :func:`read_table` (or at least
:func:`check_xlsx_upload`), which refuses anything but a plain, reasonably
sized workbook before openpyxl parses it, then reads only the columns the
importer knows and at most a bounded number of rows, whatever size the file
declares. A refusal is an :class:`UploadRejected` (Korean, with row-level
errors capped for display). Every exporter passes user text through
:func:`safe_cell` so a spreadsheet program never evaluates it as a formula.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from council.errors import Refused

ALLOWED_EXTENSIONS = (".xlsx",)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MACRO_MEMBERS = ("xl/vbaproject.bin", "xl/vbaprojectsignature.bin", "contents/vbaproject.bin")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_FORBIDDEN_XML = (b"<!DOCTYPE", b"<!ENTITY")
_CHUNK = 64 * 1024
# The longest header we look for, plus room for the markers to straddle two chunks.
_OVERLAP = max(len(marker) for marker in _FORBIDDEN_XML)
ERRORS_SHOWN = 50


@dataclass(frozen=True)
class RowError:
    """One problem in an uploaded file: row number (0 for the file), column title, message."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        where = _("%(row)s행") % {"row": self.row}
        if self.column:
            where += f" [{self.column}]"
        return f"{where}: {self.message}"


class UploadRejected(Refused):
    """The file cannot be used; nothing was imported.

    `errors` holds every row-level problem; pages show the first
    `ERRORS_SHOWN` (`shown_errors`) and the total, so a file with 100,000 bad
    rows answers with a short page.
    """

    def __init__(self, message: str, errors: Iterable[RowError] = (), *, code: str = ""):
        self.errors = list(errors)
        super().__init__(message, code=code or None)

    @property
    def shown_errors(self) -> list[RowError]:
        return self.errors[:ERRORS_SHOWN]

    @property
    def hidden_count(self) -> int:
        return max(0, len(self.errors) - ERRORS_SHOWN)


def rejected_rows(errors: list[RowError]) -> UploadRejected:
    """The usual refusal of a file with row errors: how many, and where."""
    rows = len({e.row for e in errors})
    return UploadRejected(
        _(
            "%(rows)s개 행에 고칠 곳이 있어 아무것도 반영하지 않았습니다 (오류 %(count)s건). "
            "아래 목록을 보고 파일을 고쳐 다시 올려 주세요."
        )
        % {"rows": rows, "count": len(errors)},
        errors,
        code="rows",
    )


def _name_of(uploaded_file: Any) -> str:
    return str(getattr(uploaded_file, "name", "") or "")


def _size_of(uploaded_file: Any) -> int:
    size = getattr(uploaded_file, "size", None)
    if size is not None:
        return int(size)
    pos = uploaded_file.tell()
    uploaded_file.seek(0, io.SEEK_END)
    size = uploaded_file.tell()
    uploaded_file.seek(pos)
    return int(size)


def check_zip_package(uploaded_file: Any, *, kind: str = "xlsx") -> None:
    """Refuse a zip package (xlsx, hwpx) that is a bomb, carries macros or XML entities.

    The sizes written in the zip's headers are not trusted: every member is
    inflated in chunks and the real total is counted, stopping as soon as it
    passes the limit, so a 2 kB member that inflates to 1 GB costs at most the
    limit, never the gigabyte. Leaves the file at its start.
    """
    uploaded_file.seek(0)
    if not zipfile.is_zipfile(uploaded_file):
        uploaded_file.seek(0)
        raise UploadRejected(
            _("올바른 %(kind)s 파일이 아닙니다(압축 형식이 아님).") % {"kind": kind},
            code="not_zip",
        )
    uploaded_file.seek(0)
    limit = settings.XLSX_MAX_UNCOMPRESSED_BYTES
    too_big = UploadRejected(
        _("압축을 풀었을 때 너무 큰 파일입니다. 내용을 줄여서 다시 올려 주세요."),
        code="uncompressed",
    )
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            infos = archive.infolist()
            if len(infos) > settings.XLSX_MAX_MEMBERS:
                raise UploadRejected(
                    _("%(kind)s 파일 안의 항목이 너무 많습니다.") % {"kind": kind},
                    code="members",
                )
            names = {info.filename.lower() for info in infos}
            if any(member in names for member in _MACRO_MEMBERS) or any(
                "vbaproject" in name for name in names
            ):
                raise UploadRejected(_("매크로가 들어 있는 파일은 올릴 수 없습니다."), code="macro")
            if sum(info.file_size for info in infos) > limit:
                raise too_big  # honest headers already say so: no need to inflate
            total = 0
            for info in infos:
                check_xml = info.filename.lower().endswith(_XML_SUFFIXES)
                tail = b""
                with archive.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        total += len(chunk)
                        if total > limit:
                            raise too_big
                        if check_xml:
                            window = tail + chunk
                            if any(marker in window for marker in _FORBIDDEN_XML):
                                raise UploadRejected(
                                    _("허용되지 않는 XML 선언(DTD/엔티티)이 들어 있는 파일입니다."),
                                    code="dtd",
                                )
                            tail = chunk[-_OVERLAP:]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, RuntimeError, ValueError) as exc:
        raise UploadRejected(
            _("올바른 %(kind)s 파일이 아닙니다(손상된 압축 파일).") % {"kind": kind},
            code="not_zip",
        ) from exc
    finally:
        uploaded_file.seek(0)


def check_xlsx_upload(uploaded_file: Any) -> None:
    """Reject anything that is not a plain, reasonably sized .xlsx workbook."""
    name = _name_of(uploaded_file).lower()
    if not name.endswith(ALLOWED_EXTENSIONS):
        raise UploadRejected(
            _(
                "엑셀 통합 문서(.xlsx) 파일만 올릴 수 있습니다. "
                "매크로 파일(.xlsm)이나 다른 형식은 받지 않습니다."
            ),
            code="extension",
        )
    size = _size_of(uploaded_file)
    max_bytes = settings.XLSX_MAX_BYTES
    if size > max_bytes:
        raise UploadRejected(
            _("파일이 너무 큽니다. %(limit)s MB 이하로 올려 주세요.")
            % {"limit": max_bytes // (1024 * 1024)},
            code="size",
        )
    if size == 0:
        raise UploadRejected(_("빈 파일입니다."), code="empty")
    check_zip_package(uploaded_file, kind="xlsx")


def load_xlsx_upload(uploaded_file: Any):
    """Check the upload, then open it with openpyxl (read-only, values not formulas)."""
    from openpyxl import load_workbook

    check_xlsx_upload(uploaded_file)
    try:
        return load_workbook(uploaded_file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise UploadRejected(
            _("xlsx 파일을 읽을 수 없습니다. 엑셀에서 다시 저장해 보세요."), code="unreadable"
        ) from exc
    finally:
        uploaded_file.seek(0)


@dataclass
class Table:
    """The known columns of an uploaded sheet: `rows` maps column key → cell value."""

    rows: list[tuple[int, dict[str, Any]]]  # (spreadsheet row number, values)
    found: set[str]  # the keys whose header was found


def read_table(
    uploaded_file: Any,
    *,
    headers: Mapping[str, str],
    required: Iterable[str] = (),
    sheet_title: str | None = None,
    max_rows: int | None = None,
    header_width: int = 60,
) -> Table:
    """Read only the columns named in `headers` ({header text: key}) and at most
    `max_rows` data rows, whatever dimension the file declares.

    Cells beyond the last known column are never materialised, and reading
    stops as soon as the file proves to have more rows than allowed, so a tiny
    file claiming a million rows by sixteen thousand columns costs no more than
    a legitimate one. Empty rows are skipped; values have `unsafe_cell` undone.
    """
    max_rows = max_rows or settings.XLSX_MAX_ROWS
    workbook = load_xlsx_upload(uploaded_file)
    try:
        sheet = (
            workbook[sheet_title]
            if sheet_title and sheet_title in workbook.sheetnames
            else workbook.worksheets[0]
        )
        header_row = next(
            sheet.iter_rows(min_row=1, max_row=1, max_col=header_width, values_only=True), ()
        )
        positions: dict[str, int] = {}
        for index, title in enumerate(header_row):
            key = headers.get(str(title).strip() if title is not None else "")
            if key and key not in positions:
                positions[key] = index
        missing = [
            title for title, key in headers.items() if key in required and key not in positions
        ]
        if missing:
            raise UploadRejected(
                _("첫 행에 필요한 열 제목이 없습니다: %(columns)s. 내려받은 양식 파일을 쓰세요.")
                % {"columns": ", ".join(missing)},
                code="headers",
            )
        width = max(positions.values()) + 1 if positions else 1
        rows: list[tuple[int, dict[str, Any]]] = []
        # Physical rows read, empty or not: bounded, so padding can't cost more.
        limit = max_rows * 2 + 1
        for number, cells in enumerate(
            sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2
        ):
            if number > limit:
                raise _too_many_rows(max_rows)
            values = {
                key: unsafe_cell(cells[i]) if i < len(cells) else None
                for key, i in positions.items()
            }
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
                continue
            if len(rows) >= max_rows:
                raise _too_many_rows(max_rows)
            rows.append((number, values))
        return Table(rows=rows, found=set(positions))
    except UploadRejected:
        raise
    except Exception as exc:  # a sheet openpyxl cannot stream
        raise UploadRejected(
            _("xlsx 파일을 읽을 수 없습니다. 엑셀에서 다시 저장해 보세요."), code="unreadable"
        ) from exc
    finally:
        workbook.close()


def _too_many_rows(max_rows: int) -> UploadRejected:
    return UploadRejected(
        _("한 번에 %(max)s행까지 올릴 수 있습니다. 파일을 나누어 올려 주세요.")
        % {"max": f"{max_rows:,}"},
        code="rows_limit",
    )


def safe_cell(value: Any) -> Any:
    """Neutralise strings a spreadsheet would evaluate as a formula.

    Also drops the ASCII control characters a worksheet cannot hold (openpyxl
    raises IllegalCharacterError on them).  Non-strings are returned
    unchanged.  Importers strip one leading apostrophe that precedes one of
    the formula characters (see :func:`unsafe_cell`).
    """
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unsafe_cell(value: Any) -> Any:
    """Undo :func:`safe_cell` on import, so export → import round-trips."""
    if (
        isinstance(value, str)
        and len(value) > 1
        and value[0] == "'"
        and value[1:].startswith(FORMULA_PREFIXES)
    ):
        return value[1:]
    return value
