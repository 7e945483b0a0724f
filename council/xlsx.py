"""Shared guard for xlsx uploads and a cell neutraliser for xlsx exports.

Every app that accepts an xlsx upload calls :func:`check_xlsx_upload` before
handing the file to openpyxl (or uses :func:`load_xlsx_upload`, which does
both).  Every exporter passes user-provided strings through :func:`safe_cell`
so a spreadsheet program never evaluates them as formulas.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

ALLOWED_EXTENSIONS = (".xlsx",)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MACRO_MEMBERS = ("xl/vbaProject.bin", "xl/vbaprojectsignature.bin")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_FORBIDDEN_XML = (b"<!DOCTYPE", b"<!ENTITY")


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


def check_xlsx_upload(uploaded_file: Any) -> None:
    """Reject anything that is not a plain, reasonably sized .xlsx workbook.

    Raises ``ValidationError`` with a Korean message.  Leaves the file
    positioned at its start.
    """
    name = _name_of(uploaded_file).lower()
    if not name.endswith(ALLOWED_EXTENSIONS):
        raise ValidationError(
            _(
                "엑셀 통합 문서(.xlsx) 파일만 올릴 수 있습니다. 매크로 파일(.xlsm)이나 다른 형식은 받지 않습니다."
            ),
            code="extension",
        )
    size = _size_of(uploaded_file)
    max_bytes = settings.XLSX_MAX_BYTES
    if size > max_bytes:
        raise ValidationError(
            _("파일이 너무 큽니다. %(limit)s MB 이하로 올려 주세요.")
            % {"limit": max_bytes // (1024 * 1024)},
            code="size",
        )
    if size == 0:
        raise ValidationError(_("빈 파일입니다."), code="empty")
    uploaded_file.seek(0)
    if not zipfile.is_zipfile(uploaded_file):
        uploaded_file.seek(0)
        raise ValidationError(_("올바른 xlsx 파일이 아닙니다(압축 형식이 아님)."), code="not_zip")
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            infos = archive.infolist()
            if len(infos) > settings.XLSX_MAX_MEMBERS:
                raise ValidationError(_("xlsx 파일 안의 항목이 너무 많습니다."), code="members")
            total = sum(info.file_size for info in infos)
            if total > settings.XLSX_MAX_UNCOMPRESSED_BYTES:
                raise ValidationError(
                    _("압축을 풀었을 때 너무 큰 파일입니다. 내용을 줄여서 다시 올려 주세요."),
                    code="uncompressed",
                )
            names = {info.filename.lower() for info in infos}
            if any(member.lower() in names for member in _MACRO_MEMBERS):
                raise ValidationError(
                    _("매크로가 들어 있는 파일은 올릴 수 없습니다."), code="macro"
                )
            for info in infos:
                if info.filename.lower().endswith(_XML_SUFFIXES):
                    data = archive.read(info)
                    if any(marker in data for marker in _FORBIDDEN_XML):
                        raise ValidationError(
                            _("허용되지 않는 XML 선언(DTD/엔티티)이 들어 있는 파일입니다."),
                            code="dtd",
                        )
    except zipfile.BadZipFile as exc:
        raise ValidationError(
            _("올바른 xlsx 파일이 아닙니다(손상된 압축 파일)."), code="not_zip"
        ) from exc
    finally:
        uploaded_file.seek(0)


def load_xlsx_upload(uploaded_file: Any, *, read_only: bool = True):
    """Check the upload, then open it with openpyxl (values, not formulas)."""
    from openpyxl import load_workbook

    check_xlsx_upload(uploaded_file)
    try:
        return load_workbook(uploaded_file, read_only=read_only, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise ValidationError(
            _("xlsx 파일을 읽을 수 없습니다. 엑셀에서 다시 저장해 보세요."), code="unreadable"
        ) from exc
    finally:
        uploaded_file.seek(0)


def safe_cell(value: Any) -> Any:
    """Neutralise strings a spreadsheet would evaluate as a formula.

    Also drops the ASCII control characters a worksheet cannot hold (openpyxl
    raises IllegalCharacterError on them).  Non-strings are returned
    unchanged.  Importers should strip one leading apostrophe that precedes
    one of the formula characters (see :func:`unsafe_cell`).
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
