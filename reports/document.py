"""The meeting result document (회의 결과): one renderer for the web page, the PDF and the xlsx.

`build_result_context(meeting)` computes everything the document shows from
data (nothing is typed twice); `reports/document.html` is the one HTML
source; `render_pdf()` runs that HTML through WeasyPrint with a fetcher that
may read only the portal's own static files.
"""

from __future__ import annotations

import copy
import functools
import mimetypes
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from council.dates import korean_period
from council.models import Category, Meeting, Opinion
from proposals.models import DepartmentResponse, Proposal

DOCUMENT_CSS = "css/result-document.css"
PDF_FONTS_CSS = "css/result-document-fonts.css"
# Rules with media features, which WeasyPrint cannot parse: web page and HTML file only.
SCREEN_CSS = "css/result-document-screen.css"
FONT_FILE = "fonts/NotoSansKR-Regular.ttf"
EMOJI_REPLACEMENT = "(이모지)"
SYMBOL_REPLACEMENT = "(?)"


# --- text the shipped font can draw ---------------------------------------------------------


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


def _lines(lines: list[str]) -> list[str]:
    return [printable_text(line) for line in lines]


def _with_object_particle(text: str) -> str:
    """`…해소` → `…해소를`, `…강화` → `…강화를`, `…개선` → `…개선을` (을/를 by the last syllable)."""
    last = text[-1:] if text else ""
    if "가" <= last <= "힣":
        return text + ("을" if (ord(last) - 0xAC00) % 28 else "를")
    return text + "을(를)"


# --- the context ------------------------------------------------------------------------------


@dataclass
class ResultRow:
    number: int
    category: str
    headline: str
    detail_lines: list[str]
    response_lines: list[str]
    response_final: bool
    response_status: str
    department: str = ""


@dataclass
class CategoryCount:
    name: str
    count: int


@dataclass
class ResultDocument:
    purpose_line: str
    purpose: str
    title: str
    running_header: str
    period: str
    method: str
    invited_count: int
    submitted_count: int
    agenda: list[str]
    total: int
    category_counts: list[CategoryCount]
    rows: list[ResultRow] = field(default_factory=list)
    final_only: bool = True

    @property
    def attendance(self) -> str:
        return _("위원 %(invited)s명 ▷ 의견제출 %(submitted)s명") % {
            "invited": self.invited_count,
            "submitted": self.submitted_count,
        }

    @property
    def counts_line(self) -> str:
        """`총 6건 (시설 확충 1건, 운영 3건, 지역사회 연계 2건)`; empty categories left out."""
        parts = ", ".join(
            _("%(name)s %(count)s건") % {"name": c.name, "count": c.count}
            for c in self.category_counts
            if c.count
        )
        total = _("총 %(total)s건") % {"total": self.total}
        return f"{total} ({parts})" if parts else total

    @property
    def non_final_rows(self) -> list[ResultRow]:
        return [row for row in self.rows if not row.response_final]


RESULT_PREFETCHES = (
    "agenda_items",
    Prefetch(
        "proposals",
        queryset=Proposal.objects.select_related("category", "department", "response").order_by(
            "number"
        ),
    ),
    Prefetch("council__categories", queryset=Category.objects.order_by("order", "pk")),
)


def _fresh_copy(meeting: Meeting) -> Meeting:
    """A copy of `meeting` with its council loaded and no stale prefetched rows."""
    if not Meeting.council.is_cached(meeting):
        return Meeting.objects.select_related("council").get(pk=meeting.pk)
    meeting = copy.copy(meeting)
    meeting._state = copy.copy(meeting._state)
    meeting._state.fields_cache = {"council": copy.copy(meeting.council)}
    meeting.council._prefetched_objects_cache = {}
    meeting._prefetched_objects_cache = {}
    return meeting


def build_result_context(meeting: Meeting, *, final_only: bool = True) -> dict:
    """Everything the result document shows, computed from data.

    With `final_only` (every published output) a response appears only when
    its department's answer is final; otherwise (the staff preview) every
    response appears and the non-final ones are marked.
    """
    meeting = _fresh_copy(meeting)
    prefetch_related_objects([meeting], *RESULT_PREFETCHES)
    council = meeting.council
    invited_count = meeting.invitations.count()
    submitted_count = meeting.opinions.filter(status=Opinion.Status.SUBMITTED).count()

    rows: list[ResultRow] = []
    per_category: dict[int, int] = {}
    for proposal in meeting.proposals.all():
        per_category[proposal.category_id] = per_category.get(proposal.category_id, 0) + 1
        try:
            response = proposal.response
        except DepartmentResponse.DoesNotExist:
            response = None
        final = response is not None and response.status == DepartmentResponse.Status.FINAL
        show_response = response is not None and (final or not final_only)
        rows.append(
            ResultRow(
                number=proposal.number,
                category=proposal.category.name,
                headline=printable_text(proposal.headline),
                detail_lines=_lines(proposal.detail_lines),
                response_lines=_lines(response.response_lines) if show_response else [],
                response_final=final,
                response_status=(
                    response.get_status_display() if response else _("검토 의견 없음")
                ),
                department=proposal.department.name if proposal.department else "",
            )
        )

    purpose = printable_text(council.purpose.strip())
    district = printable_text(council.district)
    half = meeting.get_half_display()
    document = ResultDocument(
        purpose=purpose,
        purpose_line=f"- {_with_object_particle(purpose)} 위한 -" if purpose else "",
        title=_("%(year)s년 %(half)s %(district)s 지역돌봄협의체 회의 결과")
        % {"year": meeting.year, "half": half, "district": district},
        running_header=_("- %(year)s년 %(half)s - %(district)s 지역돌봄협의체 회의 결과")
        % {"year": meeting.year, "half": half, "district": district},
        period=korean_period(meeting.period_start, meeting.period_end),
        method=meeting.get_method_display(),
        invited_count=invited_count,
        submitted_count=submitted_count,
        agenda=[printable_text(item.title) for item in meeting.agenda_items.all()],
        total=len(rows),
        category_counts=[
            CategoryCount(category.name, per_category.get(category.pk, 0))
            for category in council.categories.all()
        ],
        rows=rows,
        final_only=final_only,
    )
    return {"meeting": meeting, "council": council, "doc": document}


# --- HTML and PDF -------------------------------------------------------------------------------


def render_document_fragment(context: dict) -> str:
    """The document's `<article>`, escaped by the template (used inside web pages)."""
    return render_to_string("reports/document.html", {"for_pdf": False, **context})


def render_document_file(context: dict, *, for_pdf: bool) -> str:
    """A standalone HTML file of the document.

    For the PDF the stylesheets (the embedded fonts, then the document's) are
    linked by `file://` URIs that the static fetcher serves; for the HTML
    download they are inlined (the file is opened away from the portal, where
    the font files are not at hand).
    """
    extra = {"for_pdf": for_pdf}
    if for_pdf:
        extra["stylesheet_urls"] = [
            Path(finders.find(name)).as_uri() for name in (PDF_FONTS_CSS, DOCUMENT_CSS)
        ]
    else:
        extra["inline_css"] = "\n".join(
            Path(finders.find(name)).read_text(encoding="utf-8")
            for name in (DOCUMENT_CSS, SCREEN_CSS)
        )
    return render_to_string("reports/document_file.html", {**context, **extra})


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


def render_pdf(html: str) -> bytes:
    """The PDF of a standalone document HTML (A4; fonts from static files only)."""
    import weasyprint  # ~1 s to import: only when a PDF is made
    from weasyprint.text.fonts import FontConfiguration

    static_css_dir = Path(finders.find(DOCUMENT_CSS)).parent
    fetcher = StaticOnlyFetcher()
    font_config = FontConfiguration()
    document = weasyprint.HTML(
        string=html, base_url=static_css_dir.as_uri() + "/", url_fetcher=fetcher
    )
    return document.write_pdf(font_config=font_config)
