"""What every PDF of the portal shares: the shipped Korean font and a safe fetcher.

WeasyPrint may read nothing but the portal's own static files
(`StaticOnlyFetcher`); `render_pdf()` makes an A4 PDF from a standalone HTML
string whose stylesheets are linked by `file://` URIs of static files (see
`stylesheet_uris`); `printable_text()` makes the characters the font lacks
(emoji typed on a phone) visible instead of empty boxes, and `printable()` does
it to a whole document's data. Only PDFs and HWPX files (whose fonts lack emoji)
get the substitute; web pages and spreadsheets show what was typed. The result
document and request letters (reports) and the school flyer (facilities) use it.
"""

from __future__ import annotations

import dataclasses
import functools
import mimetypes
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders

# The TrueType faces WeasyPrint embeds (web pages use portal.css's WOFF2 instead).
PDF_FONTS_CSS = "css/result-document-fonts.css"
FONT_FILE = "fonts/NotoSansKR-Regular.ttf"
EMOJI_REPLACEMENT = "(이모지)"
SYMBOL_REPLACEMENT = "(?)"


@functools.cache
def font_codepoints() -> frozenset[int]:
    """Code points of the shipped Korean font (read once per process)."""
    from fontTools.ttLib import TTFont

    path = finders.find(FONT_FILE)
    font = TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def _is_emoji_like(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk", "Cs") or ord(char) >= 0x1F000


def printable_text(text: str) -> str:
    """`text` with every character the document font lacks made visible and harmless.

    Emoji typed on a phone (👍) are in no Korean font; WeasyPrint would draw an
    empty box. A run of such characters (with its joiners and variation
    selectors) becomes `(이모지)`; other unknown characters become `(?)`; lone
    invisible format characters the font lacks are dropped.
    """
    known = font_codepoints()
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        visible = [c for c in run if unicodedata.category(c) not in ("Cf", "Mn", "Me")]
        if visible:
            out.append(
                EMOJI_REPLACEMENT if any(map(_is_emoji_like, visible)) else SYMBOL_REPLACEMENT
            )
        run.clear()

    for char in text:
        if ord(char) in known or char in "\n\r\t":
            flush()
            out.append(char)
        else:
            run.append(char)
    flush()
    return "".join(out)


def printable(value):
    """`value` as a PDF or HWPX shows it: `printable_text` applied to every string
    of it (a string, or a dataclass, list, tuple or dict of them; copies, never
    changes `value`). Web pages and spreadsheets show what was typed, so only
    the PDF and HWPX renderers call this, on the data they are about to draw."""
    if isinstance(value, str):
        return printable_text(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: printable(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, list | tuple):
        return type(value)(printable(item) for item in value)
    if isinstance(value, dict):
        return {key: printable(item) for key, item in value.items()}
    return value


def _static_roots() -> list[Path]:
    roots: list[Path] = []
    for finder in finders.get_finders():
        for _prefix, root in getattr(finder, "locations", []):
            roots.append(Path(root).resolve())
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    return roots


def static_file_for_url(url: str) -> Path | None:
    """The static file `url` names, or None when it names anything else.

    Accepted: `file://` URIs of files inside a static directory that
    `finders.find` resolves to that same file, and paths under STATIC_URL.
    Refused: every other file, every network scheme, `data:` URIs.
    """
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.netloc in ("", "localhost"):
        candidate = Path(url2pathname(unquote(parts.path))).resolve()
        for root in _static_roots():
            if candidate.is_relative_to(root):
                relative = candidate.relative_to(root).as_posix()
                break
        else:
            return None
    elif parts.scheme == "" and not parts.netloc:
        static_url = "/" + settings.STATIC_URL.strip("/") + "/"
        path = unquote(parts.path)
        if not path.startswith(static_url):
            return None
        relative = path.removeprefix(static_url)
    else:
        return None
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if not found:
        return None
    found_path = Path(found).resolve()
    if parts.scheme == "file" and found_path != candidate:
        return None
    return found_path if found_path.is_file() else None


class StaticOnlyFetcher:
    """A WeasyPrint URL fetcher that serves the portal's static files and nothing else."""

    def __new__(cls):
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        class _Fetcher(URLFetcher):
            def fetch(self, url, headers=None):
                path = static_file_for_url(url)
                if path is None:
                    raise ValueError(f"Refused to fetch {url[:100]!r}: not a static file")
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    path.as_uri(), path.read_bytes(), {"Content-Type": content_type}
                )

        return _Fetcher(allowed_protocols=("file",), allow_redirects=False)


def stylesheet_uris(*names: str) -> list[str]:
    """`file://` URIs of static stylesheets, for a document's `<link>`s: the PDF fonts
    first, then `names` (the fetcher serves exactly these files)."""
    return [Path(finders.find(name)).as_uri() for name in (PDF_FONTS_CSS, *names)]


def render_pdf(html: str) -> bytes:
    """The PDF of a standalone document HTML (fonts and styles from static files only;
    the page size is the document's own `@page` rule)."""
    import weasyprint  # ~1 s to import: only when a PDF is made
    from weasyprint.text.fonts import FontConfiguration

    static_css_dir = Path(finders.find(PDF_FONTS_CSS)).parent
    fetcher = StaticOnlyFetcher()
    font_config = FontConfiguration()
    document = weasyprint.HTML(
        string=html, base_url=static_css_dir.as_uri() + "/", url_fetcher=fetcher
    )
    return document.write_pdf(font_config=font_config)
