"""Hostile meeting materials (issue 13, case 4), built in memory.

Each was accepted before because only its first bytes were checked.
"""

from __future__ import annotations

import io
import zipfile

from tests.factories import PDF_BYTES, PNG_BYTES
from tests.hostile.xlsx_files import _rewrite, lying_size_bytes, valid_xlsx_bytes

HWPX_SECTION = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section"'
    b' xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">'
    + "<hp:p><hp:run><hp:t>2023년 하반기 회의 자료</hp:t></hp:run></hp:p></hs:sec>".encode()
)
HWPX_HEADER = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<hh:head xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head" version="1.4"/>'
)
HWPX_CONTENT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<opf:package xmlns:opf="http://www.idpf.org/2007/opf/"><opf:manifest/></opf:package>'
)
HTML_PAGE = b"<html><body><script>fetch('/c/geumjeong/members/')</script></body></html>"


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            compress = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=compress)
    return out.getvalue()


def hwpx_bytes(replace: dict[str, bytes] | None = None) -> bytes:
    """A minimal well-formed HWPX package (mimetype, manifest, header, one section)."""
    members = {
        "mimetype": b"application/hwp+zip",
        "version.xml": b'<?xml version="1.0"?><hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version"/>',
        "META-INF/container.xml": b'<?xml version="1.0"?><ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container"/>',
        "Contents/content.hpf": HWPX_CONTENT,
        "Contents/header.xml": HWPX_HEADER,
        "Contents/section0.xml": HWPX_SECTION,
    }
    members.update(replace or {})
    return _zip(members)


def pdf_html_polyglot() -> bytes:
    """A PDF that parses, with a web page in a comment line a browser would render."""
    head, rest = PDF_BYTES.split(b"\n", 1)
    return head + b"\n%" + HTML_PAGE + b"\n" + rest


def pdf_with_javascript() -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hi');"),
        }
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def broken_pdf() -> bytes:
    return b"%PDF-1.7\n" + b"\x00garbage that is no PDF at all" * 100


def xlsx_with_macros() -> bytes:
    content_types = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
    )
    # The macro part under an innocent name: only the declared content type tells.
    return _rewrite(
        valid_xlsx_bytes(),
        replace={"[Content_Types].xml": content_types},
        add={"xl/code.bin": b"\xd0\xcf\x11\xe0macro"},
    )


def xlsx_zip_bomb() -> bytes:
    """Case 2's lying header in a material: declares 2 kB, inflates to 200 MB."""
    return lying_size_bytes(200)


def hwpx_full_of_html() -> bytes:
    return hwpx_bytes({"Contents/section0.xml": HTML_PAGE})


def hwpx_with_html_page() -> bytes:
    return hwpx_bytes({"Contents/index.html": HTML_PAGE})


def hwpx_xhtml_inside_section() -> bytes:
    section = HWPX_SECTION.replace(
        b"</hs:sec>",
        b'<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></hs:sec>',
    )
    return hwpx_bytes({"Contents/section0.xml": section})


def png_html_polyglot() -> bytes:
    return PNG_BYTES + HTML_PAGE


# name → (file name, bytes builder, the Korean refusal shown)
HOSTILE_MATERIALS = {
    "pdf_html_polyglot": ("자료.pdf", pdf_html_polyglot, "웹 페이지(HTML)나 스크립트"),
    "pdf_with_javascript": ("자료.pdf", pdf_with_javascript, "JavaScript"),
    "broken_pdf": ("자료.pdf", broken_pdf, "PDF 파일을 읽을 수 없습니다"),
    "xlsx_with_macros": ("현황.xlsx", xlsx_with_macros, "매크로가 들어 있는 파일"),
    "xlsx_zip_bomb": ("현황.xlsx", xlsx_zip_bomb, "압축을 풀었을 때 너무 큰 파일"),
    "xlsx_not_a_workbook": (
        "현황.xlsx",
        lambda: _zip({"readme.txt": b"hello"}),
        "엑셀 통합 문서(.xlsx)가 아닙니다",
    ),
    "hwpx_full_of_html": ("자료.hwpx", hwpx_full_of_html, "웹 페이지(HTML)나 스크립트"),
    "hwpx_not_a_package": (
        "자료.hwpx",
        lambda: _zip({"mimetype": b"application/zip", "a.txt": b"x"}),
        "한글 문서(.hwpx)가 아닙니다",
    ),
    "hwpx_with_html_page": ("자료.hwpx", hwpx_with_html_page, "웹 페이지(HTML)나 스크립트"),
    "hwpx_xhtml_inside_section": (
        "자료.hwpx",
        hwpx_xhtml_inside_section,
        "웹 페이지(HTML)나 스크립트",
    ),
    "hwpx_zip_bomb": (
        "자료.hwpx",
        lambda: hwpx_bytes({"Contents/section1.xml": b"<a/>" + b" " * (120 * 1024 * 1024)}),
        "압축을 풀었을 때 너무 큰 파일",
    ),
    "png_html_polyglot": ("그림.png", png_html_polyglot, "웹 페이지(HTML)나 스크립트"),
}
