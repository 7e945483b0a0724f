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

import datetime as dt
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lib.dates import korean_time, sheet_datetime
from lib.errors import Refused
from lib.text import drop_unkeepable

ALLOWED_EXTENSIONS = (".xlsx",)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MACRO_MEMBERS = ("xl/vbaproject.bin", "xl/vbaprojectsignature.bin", "contents/vbaproject.bin")
_XML_SUFFIXES = (".xml", ".rels", ".vml", ".hpf", ".rdf")
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

    def as_text(self) -> str:
        """The refusal and its shown row errors, one per line (management commands)."""
        lines = [str(self)] + [f"  {e}" for e in self.shown_errors]
        if self.hidden_count:
            lines.append(f"  … 그 밖에 {self.hidden_count}건")
        return "\n".join(lines)


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


def _inflate(fileobj: Any, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's real content, in chunks of at most `_CHUNK` bytes.

    Reads the compressed bytes straight from the archive and inflates them
    with a bounded output per step, whatever size the headers declare
    (zipfile's own reader stops at the declared size, and its one-call read
    inflates everything first).
    """
    if info.flag_bits & 0x1:
        raise zipfile.BadZipFile("encrypted member")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise zipfile.BadZipFile("unsupported compression")
    fileobj.seek(info.header_offset)
    header = fileobj.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    fileobj.seek(info.header_offset + 30 + name_length + extra_length)
    left = info.compress_size
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    while left > 0:
        raw = fileobj.read(min(_CHUNK, left))
        if not raw:
            raise zipfile.BadZipFile("truncated member")
        left -= len(raw)
        if inflater is None:
            yield raw
            continue
        while raw:
            out = inflater.decompress(raw, _CHUNK)
            if out:
                yield out
            raw = inflater.unconsumed_tail
        if inflater.eof:
            break


def _check_members(infos: list[zipfile.ZipInfo], *, kind: str, max_members: int | None) -> None:
    """Refuse too many members, or a macro project under any name."""
    if len(infos) > (max_members or settings.XLSX_MAX_MEMBERS):
        raise UploadRejected(
            _("%(kind)s 파일 안의 항목이 너무 많습니다.") % {"kind": kind},
            code="members",
        )
    names = {info.filename.lower() for info in infos}
    if any(member in names for member in _MACRO_MEMBERS) or any(
        "vbaproject" in name for name in names
    ):
        raise UploadRejected(_("매크로가 들어 있는 파일은 올릴 수 없습니다."), code="macro")


def _inflated_size(
    fileobj: Any, info: zipfile.ZipInfo, *, room: int, too_big: UploadRejected
) -> int:
    """A member's real inflated size, stopping past `room` bytes; an XML member carrying a
    DTD or entity declaration is refused, as is a member whose size differs from its
    header."""
    check_xml = info.filename.lower().endswith(_XML_SUFFIXES)
    tail = b""
    inflated = 0
    for chunk in _inflate(fileobj, info):
        inflated += len(chunk)
        if inflated > room:
            raise too_big
        if check_xml:
            window = tail + chunk
            if any(marker in window for marker in _FORBIDDEN_XML):
                raise UploadRejected(
                    _("허용되지 않는 XML 선언(DTD/엔티티)이 들어 있는 파일입니다."), code="dtd"
                )
            tail = chunk[-_OVERLAP:]
    if inflated != info.file_size:
        # The header lies about the size: a reader trusting it would
        # allocate whatever the stream really inflates to.
        raise zipfile.BadZipFile(f"{info.filename}: size {inflated} != header")
    return inflated


def check_zip_package(
    uploaded_file: Any,
    *,
    kind: str = "xlsx",
    max_bytes: int | None = None,
    max_members: int | None = None,
) -> None:
    """Refuse a zip package (xlsx, hwpx) that is a bomb, carries macros or XML entities.

    The sizes written in the zip's headers are not trusted: every member's
    compressed bytes are inflated in bounded chunks and the real total is
    counted, stopping as soon as it passes the limit (`max_bytes`, default
    XLSX_MAX_UNCOMPRESSED_BYTES), so a member that claims 2 kB and inflates to
    1 GB costs at most the limit, never the gigabyte; a member whose real size
    differs from its header is refused as corrupt. Leaves the file at its start.
    """
    uploaded_file.seek(0)
    if not zipfile.is_zipfile(uploaded_file):
        uploaded_file.seek(0)
        raise UploadRejected(
            _("올바른 %(kind)s 파일이 아닙니다(압축 형식이 아님).") % {"kind": kind},
            code="not_zip",
        )
    uploaded_file.seek(0)
    limit = max_bytes or settings.XLSX_MAX_UNCOMPRESSED_BYTES
    too_big = UploadRejected(
        _("압축을 풀었을 때 너무 큰 파일입니다. 내용을 줄여서 다시 올려 주세요."),
        code="uncompressed",
    )
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            infos = archive.infolist()
            _check_members(infos, kind=kind, max_members=max_members)
            if sum(info.file_size for info in infos) > limit:
                raise too_big  # honest headers already say so: no need to inflate
            total = 0
            for info in infos:
                total += _inflated_size(uploaded_file, info, room=limit - total, too_big=too_big)
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


# What openpyxl may be handed to parse, beyond the byte limits: it spends a few
# microseconds and a few hundred bytes per XML element, and builds a whole row
# (every cell of it) before we see any, so an upload is also bounded in elements.
MAX_CELLS_PER_ROW = 256
# Cells and shared strings per data row allowed (the registry has 26 columns).
CELLS_PER_ROW_BUDGET = 40


class _OverBudget(Exception):
    def __init__(self, rejection: UploadRejected):
        self.rejection = rejection


def _too_much() -> UploadRejected:
    return UploadRejected(
        _("파일에 칸(셀)이나 글자 항목이 너무 많습니다. 필요한 열과 행만 남겨 다시 올려 주세요."),
        code="cells",
    )


def _scan_xml(archive: zipfile.ZipFile, path: str, on_start: Callable[[str, dict], None]) -> None:
    """Stream one part through expat, calling `on_start(local_name, attributes)` per
    element; the callback stops the scan by raising _OverBudget (cheap: no tree is built)."""
    from xml.parsers import expat

    parser = expat.ParserCreate()

    def start(name: str, attrs: dict) -> None:
        on_start(name.rpartition(":")[2], attrs)

    parser.StartElementHandler = start
    try:
        with archive.open(path) as source:
            while chunk := source.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _OverBudget as over:
        raise over.rejection from None
    except expat.ExpatError as exc:
        raise UploadRejected(
            _("xlsx 파일을 읽을 수 없습니다. 엑셀에서 다시 저장해 보세요."), code="unreadable"
        ) from exc


def _check_shared_strings(archive: zipfile.ZipFile, path: str, *, max_rows: int) -> None:
    budget = (max_rows + 1) * CELLS_PER_ROW_BUDGET * 3  # <si>, <t> and a run or two
    seen = 0

    def on_start(_name: str, _attrs: dict) -> None:
        nonlocal seen
        seen += 1
        if seen > budget:
            raise _OverBudget(_too_much())

    _scan_xml(archive, path, on_start)


_DIGITS = "0123456789"
_BEYOND = 10**8


def _reference(ref: str) -> tuple[int, int]:
    """(column, row) of a cell reference such as `XFD1048576` (0 where a part is absent,
    or for something that is no reference). Plain string work: it runs for every cell."""
    ref = ref.replace("$", "").strip()
    letters = ref.rstrip(_DIGITS)
    digits = ref[len(letters) :]
    if letters and not (letters.isascii() and letters.isalpha()):
        return 0, 0
    if len(letters) > 3 or len(digits) > 7:
        return _BEYOND, _BEYOND  # past any sheet's size: refused, never converted
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    return column, int(digits) if digits else 0


class _SheetShape:
    """One worksheet's XML, element by element, against the limits: the declared
    dimension, the highest cell and row reference, the cells in a row and in all."""

    def __init__(self, max_rows: int):
        self.max_rows = max_rows
        self.row_limit = max_rows * 2 + 1
        self.cell_budget = (max_rows + 1) * CELLS_PER_ROW_BUDGET
        self.rows = self.cells = self.in_row = 0
        # A reference of one letter and fewer digits than the row limit has is inside
        # the limits without being parsed (the usual cell: `C123`).
        self.short = len(str(self.row_limit))

    def _reach(self, column: int, row: int) -> None:
        if row > self.row_limit:
            raise _OverBudget(_too_many_rows(self.max_rows))
        if column > MAX_CELLS_PER_ROW:
            raise _OverBudget(_too_much())

    def on_start(self, name: str, attrs: dict) -> None:
        if name == "c":
            self.cells += 1
            self.in_row += 1
            ref = attrs.get("r", "")
            if not (len(ref) <= self.short and ref[1:2].isdigit()):
                self._reach(*_reference(ref))
            if self.in_row > MAX_CELLS_PER_ROW:
                raise _OverBudget(_too_much())
            if self.cells > self.cell_budget:
                # Past the budget with more rows than allowed: say what to change.
                too_long = self.rows > self.max_rows
                raise _OverBudget(_too_many_rows(self.max_rows) if too_long else _too_much())
        elif name == "row":
            self.rows += 1
            self.in_row = 0
            self._reach(0, max(self.rows, _reference(attrs.get("r", ""))[1]))
        elif name == "dimension":
            for ref in (attrs.get("ref") or "").split(":"):
                self._reach(*_reference(ref))


def _relations(archive: zipfile.ZipFile, path: str) -> list[tuple[str, str]]:
    """(type, target) of a part's relationships, the target as a path in the zip."""
    folder, _sep, name = path.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    if rels not in archive.namelist():
        return []
    found = []

    def on_start(element: str, attrs: dict) -> None:
        target = attrs.get("Target") or ""
        if element != "Relationship" or not target or attrs.get("TargetMode") == "External":
            return
        target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        found.append((attrs.get("Type") or "", posixpath.normpath(target)))

    _scan_xml(archive, rels, on_start)
    return found


def _parts(archive: zipfile.ZipFile) -> tuple[set[str], set[str]]:
    """The worksheets and shared-string tables a reader would open: those the workbook's
    relationships name, and any member that looks like one."""
    names = set(archive.namelist())
    sheets = {n for n in names if "worksheets/" in n and n.lower().endswith(".xml")}
    strings = {n for n in names if n.lower().endswith("sharedstrings.xml")}
    for _type, book in _relations(archive, ""):
        for kind, target in _relations(archive, book):
            if kind.endswith("/worksheet"):
                sheets.add(target)
            elif kind.endswith("/sharedStrings"):
                strings.add(target)
    return sheets & names, strings & names


def check_sheet_shapes(uploaded_file: Any, *, max_rows: int) -> None:
    """Refuse, before any spreadsheet reader opens the file, a worksheet that declares or
    holds cells beyond the limits (rows, columns, cells) or a shared-string table past
    its budget. Reads the XML inside the zip with expat, building nothing: a 1.5 kB file
    whose only cells are A1 and XFD1048576 costs microseconds, not the gigabytes a reader
    that trusts its size allocates (python-calamine aborts the process on it)."""
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            sheets, strings = _parts(archive)
            for path in sorted(strings):
                _check_shared_strings(archive, path, max_rows=max_rows)
            for path in sorted(sheets):
                _scan_xml(archive, path, _SheetShape(max_rows).on_start)
    finally:
        uploaded_file.seek(0)


def _open_workbook(uploaded_file: Any):
    """openpyxl's public `load_workbook(read_only=True, data_only=True)`: values, not
    formulas, streamed. Safe only after `check_sheet_shapes`: openpyxl reads every
    sheet's declared size when it opens a workbook (and parses a sheet without one
    whole), and pads rows up to that size."""
    from openpyxl import load_workbook

    return load_workbook(uploaded_file, read_only=True, data_only=True)


def load_xlsx_upload(uploaded_file: Any, *, max_rows: int | None = None):
    """Check the upload (zip guard, then every sheet's shape), then open it with openpyxl
    (read-only, values not formulas)."""
    check_xlsx_upload(uploaded_file)
    check_sheet_shapes(uploaded_file, max_rows=max_rows or settings.XLSX_MAX_ROWS)
    try:
        return _open_workbook(uploaded_file)
    except UploadRejected:
        raise
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
    workbook = load_xlsx_upload(uploaded_file, max_rows=max_rows)
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


YES, NO = "예", "아니오"


def to_text(value) -> str:
    """A cell or model value in the canonical text form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return sheet_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return korean_time(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def safe_cell(value: Any) -> Any:
    """Neutralise strings a spreadsheet would evaluate as a formula.

    Also drops the ASCII control characters a worksheet cannot hold (openpyxl
    raises IllegalCharacterError on them) and Unicode noncharacters.  Non-strings are returned
    unchanged.  Importers strip one leading apostrophe that precedes one of
    the formula characters (see :func:`unsafe_cell`).
    """
    if not isinstance(value, str):
        return value
    # Noncharacters (U+FFFE …) too: the file would not open (lib/text.py).
    value = ILLEGAL_CHARACTERS_RE.sub("", drop_unkeepable(value))
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


# --- what every exported workbook gets ----------------------------------------------------------

# Dates shown as Korean documents write them (`2024. 3. 31.`), stored as real dates.
DATE_FORMAT = 'yyyy". "m". "d"."'
DATETIME_FORMAT = 'yyyy". "m". "d". "hh:mm'
# A sheet whose columns add up to more than this many characters prints landscape.
LANDSCAPE_FROM_WIDTH = 110
DEFAULT_COLUMN_WIDTH = 13


def _korean_date_text(value: Any) -> dt.date | None:
    if isinstance(value, str):
        found = re.fullmatch(r"\s*(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\s*\.?\s*", value)
        if found:
            try:
                return dt.date(*(int(part) for part in found.groups()))
            except ValueError:
                return None
    return None


def date_value(value: Any) -> Any:
    """A date written as text (`2024-03-31`, `2024. 3. 31.`) as a real date; else `value`."""
    return _korean_date_text(value) or value


def write_only_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row for a write-only sheet: dates as real dates shown as `2024. 3. 31.` (a
    write-only cell's format is set before it is written, so `finish_workbook` cannot),
    everything else through `safe_cell`."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        if isinstance(value, dt.date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
            row.append(cell)
        else:
            row.append(safe_cell(value))
    return row


def fit_to_page(sheet: Any) -> None:
    """Print fitted to the page. `finish_workbook` calls it; a write-only sheet writes its
    properties with its first row, so call it on such a sheet before appending rows."""
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def finish_workbook(workbook: Any, *, header_rows: int | dict[str, int] = 1) -> None:
    """Every sheet: real dates shown as `2024. 3. 31.`, and printed on A4 (landscape when
    wide), the header rows repeated on each page, fitted to the page width.

    `header_rows`: how many rows head every sheet, or per sheet title (others: 1)."""
    from openpyxl.utils import get_column_letter

    for sheet in workbook.worksheets:
        if workbook.write_only:  # rows are already written: the writer sets date formats
            columns = len(sheet.column_dimensions) or 1
        else:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, dt.datetime):
                        cell.number_format = DATETIME_FORMAT
                    elif isinstance(cell.value, dt.date):
                        cell.number_format = DATE_FORMAT
            columns = sheet.max_column or 1
        width = sum(
            (sheet.column_dimensions[get_column_letter(i)].width or DEFAULT_COLUMN_WIDTH)
            for i in range(1, columns + 1)
            if not sheet.column_dimensions[get_column_letter(i)].hidden
        )
        setup = sheet.page_setup
        setup.paperSize = "9"  # A4 (openpyxl: Worksheet.PAPERSIZE_A4)
        setup.orientation = "landscape" if width > LANDSCAPE_FROM_WIDTH else "portrait"
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        fit_to_page(sheet)
        heads = header_rows.get(sheet.title, 1) if isinstance(header_rows, dict) else header_rows
        if heads and (workbook.write_only or sheet.max_row > heads):
            sheet.print_title_rows = f"1:{heads}"
