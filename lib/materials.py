"""The one check of a meeting material (PDF, HWP, HWPX, XLSX, PNG, JPEG) beyond its first bytes.

A material is downloaded by every invited member, so what it carries matters
as much as its name: zip packages (.xlsx, .hwpx) pass the same zip guard as
spreadsheet imports (lib.xlsx.check_zip_package: real inflated size,
member count, macros, DTD/entities) and must have the parts their format
requires; a PDF must parse as a PDF (pypdf) and carry neither HTML (a PDF/HTML
polyglot) nor document-level JavaScript; images must decode as what they claim.
Every refusal is an `UploadRejected` with a Korean message; nothing is stored.
"""

from __future__ import annotations

import re
import zipfile
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from lib.xlsx import UploadRejected, check_zip_package

_CHUNK = 256 * 1024
# Tags a browser would treat as a web page, or that run code, in any letter case.
_HTML_MARKERS = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|frame|object|embed|svg|meta|form)\b",
    re.IGNORECASE,
)
_HTML_OVERLAP = 32
_XHTML_NS = "http://www.w3.org/1999/xhtml"
_HTML_TAGS = frozenset({"html", "head", "body", "script", "iframe", "object", "embed", "meta"})
_SCRIPT_SUFFIXES = (".html", ".htm", ".xhtml", ".js", ".mjs", ".vbs", ".jse", ".wsf", ".hta")
_HWPX_MIMETYPE = b"application/hwp+zip"
_HWPX_NS_PREFIX = "http://www.hancom.co.kr/"


def _refuse(message: str, code: str) -> UploadRejected:
    return UploadRejected(message, code=code)


def check_material_content(upload: Any, *, ext: str) -> None:
    """Refuse a material whose content is not a plain file of type `ext` (".pdf", ...).

    The caller has already checked the extension, size and leading bytes.
    Leaves the file at its start.
    """
    checks = {
        ".pdf": _check_pdf,
        ".xlsx": _check_xlsx,
        ".hwpx": _check_hwpx,
        ".png": _check_image,
        ".jpg": _check_image,
        ".jpeg": _check_image,
    }
    check = checks.get(ext)
    if check is None:
        return
    try:
        check(upload)
    finally:
        upload.seek(0)


def _contains_html(upload: Any) -> bool:
    """Whether the raw bytes hold a web-page or script tag anywhere (read in chunks)."""
    upload.seek(0)
    tail = b""
    while chunk := upload.read(_CHUNK):
        if _HTML_MARKERS.search(tail + chunk):
            return True
        tail = chunk[-_HTML_OVERLAP:]
    return False


def _polyglot(kind: str) -> UploadRejected:
    return _refuse(
        _(
            "%(kind)s 파일 안에 웹 페이지(HTML)나 스크립트가 들어 있어 올릴 수 없습니다. "
            "원래 프로그램에서 %(kind)s로 다시 저장해 올려 주세요."
        )
        % {"kind": kind},
        "polyglot",
    )


def _check_pdf(upload: Any) -> None:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    if _contains_html(upload):
        raise _polyglot("PDF")
    upload.seek(0)
    not_pdf = _refuse(
        _("PDF 파일을 읽을 수 없습니다(손상되었거나 PDF가 아님). PDF로 다시 저장해 올려 주세요."),
        "not_pdf",
    )
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not _open_encrypted(reader):
            return  # permissions-only encryption we cannot open here: the structure parsed
        if len(reader.pages) < 1:
            raise not_pdf
        root = reader.trailer["/Root"].get_object()
        if _has_javascript(root):
            raise _refuse(
                _("자동으로 실행되는 스크립트(JavaScript)가 들어 있는 PDF는 올릴 수 없습니다."),
                "pdf_script",
            )
    except UploadRejected:
        raise
    except (DependencyError, FileNotDecryptedError):
        return
    except (PdfReadError, Exception) as exc:  # pypdf raises many kinds on broken files
        raise not_pdf from exc


def _open_encrypted(reader) -> bool:
    """Open a PDF encrypted with an empty user password (owner-only permissions)."""
    from pypdf.errors import DependencyError

    try:
        return bool(reader.decrypt(""))
    except (DependencyError, NotImplementedError):
        return False


def _has_javascript(root) -> bool:
    """Document-level JavaScript or launch actions in the catalog."""
    open_action = root.get("/OpenAction")
    if open_action is not None:
        action = open_action.get_object()
        if hasattr(action, "get") and action.get("/S") in ("/JavaScript", "/Launch"):
            return True
    if "/AA" in root:
        return True
    names = root.get("/Names")
    return names is not None and "/JavaScript" in names.get_object()


def _zip_names(upload: Any) -> list[str]:
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        return [info.filename for info in archive.infolist()]


def _refuse_scripts(names: list[str], kind: str) -> None:
    for name in names:
        lower = name.lower()
        if lower.endswith(_SCRIPT_SUFFIXES) or lower.startswith("scripts/"):
            raise _polyglot(kind)


def _check_xlsx(upload: Any) -> None:
    check_zip_package(upload, kind="xlsx", max_bytes=settings.ATTACHMENT_MAX_UNCOMPRESSED_BYTES)
    names = _zip_names(upload)
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _refuse(
            _("엑셀 통합 문서(.xlsx)가 아닙니다. 엑셀에서 .xlsx로 다시 저장해 올려 주세요."),
            "not_xlsx",
        )
    _refuse_scripts(names, "XLSX")
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        content_types = archive.read("[Content_Types].xml").lower()
    if b"macroenabled" in content_types or b"vbaproject" in content_types:
        raise _refuse(_("매크로가 들어 있는 파일은 올릴 수 없습니다."), "macro")


def _check_hwpx(upload: Any) -> None:
    check_zip_package(upload, kind="hwpx", max_bytes=settings.ATTACHMENT_MAX_UNCOMPRESSED_BYTES)
    names = _zip_names(upload)
    not_hwpx = _refuse(
        _("한글 문서(.hwpx)가 아닙니다. 한글에서 .hwpx로 다시 저장해 올려 주세요."), "not_hwpx"
    )
    sections = [n for n in names if re.fullmatch(r"Contents/section\d+\.xml", n)]
    if "mimetype" not in names or "Contents/content.hpf" not in names or not sections:
        raise not_hwpx
    _refuse_scripts(names, "HWPX")
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        if archive.read("mimetype").strip() != _HWPX_MIMETYPE:
            raise not_hwpx
        for name in names:
            if name.lower().endswith((".xml", ".hpf", ".rdf")):
                _check_hwpx_xml(archive, name, hancom_root=name in sections, not_hwpx=not_hwpx)


def _check_hwpx_xml(
    archive: zipfile.ZipFile, name: str, *, hancom_root: bool, not_hwpx: UploadRejected
) -> None:
    """Stream one XML part: it must parse, hold no HTML element, and a section's
    root must be Hancom's. (The zip guard already refused DTDs and entities and
    bounded the inflated size.)"""
    first = True
    try:
        with archive.open(name) as part:
            for _event, element in etree.iterparse(
                part,
                events=("start",),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            ):
                qname = etree.QName(element)
                if qname.namespace == _XHTML_NS or (
                    qname.namespace is None and qname.localname.lower() in _HTML_TAGS
                ):
                    raise _polyglot("HWPX")
                if (
                    first
                    and hancom_root
                    and not (qname.namespace or "").startswith(_HWPX_NS_PREFIX)
                ):
                    raise not_hwpx
                first = False
                if element.getparent() is not None:
                    # Keep memory flat on a long section: drop what was already checked.
                    previous = element.getprevious()
                    while previous is not None:
                        previous.getparent().remove(previous)
                        previous = element.getprevious()
    except UploadRejected:
        raise
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise not_hwpx from exc


def _check_image(upload: Any) -> None:
    from PIL import Image, UnidentifiedImageError

    if _contains_html(upload):
        raise _polyglot(_("그림"))
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise _refuse(
            _("그림 파일을 읽을 수 없습니다(손상되었거나 형식이 다름)."), "not_image"
        ) from exc
