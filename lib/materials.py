"""The one check of a meeting material (PDF, HWP, HWPX, XLSX, PNG, JPEG) beyond its first bytes.

A material is downloaded by every invited member, so what it carries matters
as much as its name: zip packages (.xlsx, .hwpx) pass the same zip guard as
spreadsheet imports (lib.xlsx.check_zip_package: real inflated size,
member count, macros, DTD/entities) and must have the parts their format
requires; a PDF must parse (pikepdf) and carry neither HTML (a PDF/HTML
polyglot) nor active content anywhere in it (JavaScript, launch, submit or
import actions, embedded files, XFA forms, rich media: `pdf_active_content`);
images must decode as what they claim.
Every refusal is an `UploadRejected` with a Korean message; nothing is stored.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
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


# What a PDF may not carry (issue 24, item 4), by the key or action (/S) naming it,
# with the Korean words the refusal uses.
_PDF_ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/Launch": _lazy("다른 프로그램 실행(Launch)"),
    "/EmbeddedFiles": _lazy("첨부 파일"),
    "/EmbeddedFile": _lazy("첨부 파일"),
    "/EF": _lazy("첨부 파일"),
    "/XFA": _lazy("XFA 양식"),
    "/RichMedia": "RichMedia",
    "/RichMediaContent": "RichMedia",
    "/RichMediaSettings": "RichMedia",
}
_PDF_ACTIVE_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": _lazy("다른 프로그램 실행(Launch)"),
    "/SubmitForm": _lazy("양식 내용 보내기(SubmitForm)"),
    "/ImportData": _lazy("데이터 가져오기(ImportData)"),
    "/GoToE": _lazy("첨부 문서 열기(GoToE)"),
    "/RichMediaExecute": "RichMedia",
}
_PDF_ACTIVE_SUBTYPES = {
    "/FileAttachment": _lazy("첨부 파일"),
    "/RichMedia": "RichMedia",
}
# A PDF with more objects than this is refused rather than walked for minutes.
PDF_MAX_OBJECTS = 500_000


def _check_pdf(upload: Any) -> None:
    """Parse with pikepdf (qpdf) and walk every object reachable from the trailer, and
    every indirect object besides, for active content (JavaScript anywhere, launch,
    submit/import actions, embedded files, XFA forms, rich media)."""
    import pikepdf

    if _contains_html(upload):
        raise _polyglot("PDF")
    upload.seek(0)
    not_pdf = _refuse(
        _("PDF 파일을 읽을 수 없습니다(손상되었거나 PDF가 아님). PDF로 다시 저장해 올려 주세요."),
        "not_pdf",
    )
    try:
        with pikepdf.open(io.BytesIO(upload.read())) as pdf:
            if len(pdf.pages) < 1:
                raise not_pdf
            found = pdf_active_content(pdf)
    except pikepdf.PasswordError as exc:
        raise _refuse(
            _(
                "암호가 걸린 PDF는 내용을 검사할 수 없어 올릴 수 없습니다. 암호를 풀고 다시 저장해 올려 주세요."
            ),
            "pdf_encrypted",
        ) from exc
    except UploadRejected:
        raise
    except Exception as exc:  # qpdf raises several kinds on broken files
        raise not_pdf from exc
    if found:
        raise _refuse(
            _(
                "PDF 안에 열면 실행되거나 다른 파일을 여는 내용이 있어 올릴 수 없습니다: "
                "%(found)s. 원래 프로그램에서 ‘PDF로 인쇄’하여 다시 저장해 올려 주세요."
            )
            % {"found": ", ".join(found)},
            "pdf_active_content",
        )


def pdf_active_content(pdf) -> list[str]:
    """The kinds of active content in an open pikepdf document (Korean, no repeats)."""
    import pikepdf

    found: dict[str, None] = {}
    seen: set[tuple[int, int]] = set()
    stack: list = [pdf.trailer, *pdf.objects]
    if len(pdf.objects) > PDF_MAX_OBJECTS:
        raise _refuse(
            _("PDF의 구성 요소가 너무 많아 검사할 수 없습니다. 다시 저장해 올려 주세요."),
            "pdf_too_complex",
        )
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Array):
            stack.extend(
                item
                for item in obj
                if isinstance(item, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream)
            )
            continue
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        for key in obj.keys():
            if key in _PDF_ACTIVE_KEYS:
                found[str(_PDF_ACTIVE_KEYS[key])] = None
            value = obj.get(key)
            if key == "/S" and isinstance(value, pikepdf.Name):
                label = _PDF_ACTIVE_ACTIONS.get(str(value))
                if label:
                    found[str(label)] = None
            elif key == "/Subtype" and isinstance(value, pikepdf.Name):
                label = _PDF_ACTIVE_SUBTYPES.get(str(value))
                if label:
                    found[str(label)] = None
            elif key == "/Type" and value == pikepdf.Name("/EmbeddedFile"):
                found[str(_lazy("첨부 파일"))] = None
            if isinstance(value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream):
                stack.append(value)
    return list(found)


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
