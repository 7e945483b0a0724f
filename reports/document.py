"""The meeting result document (회의 결과): one renderer for the web page, the PDF and the xlsx.

`build_result_context(meeting)` computes everything the document shows from
data (nothing is typed twice); `reports/document.html` is the one HTML
source; `render_pdf()` (lib.pdf, shared with the other PDFs of the portal)
runs that HTML through WeasyPrint with a fetcher that may read only the
portal's own static files.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db.models import Count, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from council.models import Category, Invitation, Meeting, Opinion
from lib.dates import korean_period
from lib.korean import with_particle
from lib.pdf import printable, stylesheet_uris
from proposals.models import Commitment, DepartmentResponse, Proposal
from reports.carried import CarriedRow, carried_section

DOCUMENT_CSS = "css/result-document.css"
# Rules with media features, which WeasyPrint cannot parse: web page and HTML file only.
SCREEN_CSS = "css/result-document-screen.css"


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
    state: str = ""  # 검토 결과 (반영, 부분 반영, ...) of a shown response


@dataclass
class CommitmentRow:
    """A follow-up commitment of this meeting's own proposals (spreadsheet only:
    the document's prose already states them in the response lines)."""

    number: int  # the proposal's number
    what: str
    department: str
    due_date: str  # ISO, e.g. "2024-03-31" (the spreadsheet is read back on import)
    status: str  # status name now
    progress: int | None
    reason: str


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
    # In-person and video meetings count who attended; None for written meetings.
    attended_count: int | None = None
    # Section II, 지난 회의 건의사항 추진 현황 (reports.carried): shown when there is
    # an earlier published meeting (`carried_from`, its title), even with no rows.
    carried: list[CarriedRow] = field(default_factory=list)
    carried_from: str = ""
    carried_published_on: str = ""  # when that meeting's result was published
    carried_as_of: str = ""  # the day this document's figures are from
    commitments: list[CommitmentRow] = field(default_factory=list)

    @property
    def attendance(self) -> str:
        """`위원 10명 ▷ 의견제출 7명`; in-person and video meetings `위원 12명 ▷ 참석 10명`."""
        if self.attended_count is not None:
            return _("위원 %(invited)s명 ▷ 참석 %(attended)s명") % {
                "invited": self.invited_count,
                "attended": self.attended_count,
            }
        return _("위원 %(invited)s명 ▷ 의견제출 %(submitted)s명") % {
            "invited": self.invited_count,
            "submitted": self.submitted_count,
        }

    @property
    def has_carried_section(self) -> bool:
        return bool(self.carried_from)

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


def _attendance(meeting: Meeting) -> tuple[int, int, int | None]:
    """(invited, submitted opinions, attended or None): counted from the roster,
    the opinions and the attendance; a meeting recorded after the fact has only
    what its record says."""
    if meeting.recorded:
        return (
            meeting.recorded_invited_count or 0,
            meeting.recorded_submitted_count or 0,
            meeting.recorded_attended_count if meeting.takes_attendance else None,
        )

    def count(queryset) -> Coalesce:
        return Coalesce(Subquery(queryset.values("meeting").annotate(n=Count("pk")).values("n")), 0)

    invitations = Invitation.objects.filter(meeting=OuterRef("pk"))
    counts = (
        Meeting.objects.filter(pk=meeting.pk)
        .annotate(
            n_invited=count(invitations),
            n_attended=count(invitations.filter(attended=True)),
            n_submitted=count(
                Opinion.objects.filter(meeting=OuterRef("pk"), status=Opinion.Status.SUBMITTED)
            ),
        )
        .values("n_invited", "n_attended", "n_submitted")
        .get()
    )
    attended = counts["n_attended"] if meeting.takes_attendance else None
    return counts["n_invited"], counts["n_submitted"], attended


# This meeting's own commitments: listed only in the spreadsheet (see CommitmentRow).
COMMITMENTS_PREFETCH = Prefetch(
    "proposals__response__commitments",
    queryset=Commitment.objects.select_related("department", "status").order_by("order", "pk"),
)


def build_result_context(
    meeting: Meeting,
    *,
    final_only: bool = True,
    now: dt.datetime | None = None,
    spreadsheet: bool = True,
) -> dict:
    """Everything the result document shows, computed from data.

    With `final_only` (every published output) a response appears only when
    its department's answer is final; otherwise (the staff preview) every
    response appears and the non-final ones are marked. `now` is the moment
    the carried section (reports.carried) is taken at; a replay passes its date.
    `spreadsheet=False` (pages that show only the HTML) leaves out what only the
    spreadsheet lists, the meeting's own commitments, and their query.
    """
    meeting = _fresh_copy(meeting)
    prefetches = [*RESULT_PREFETCHES, COMMITMENTS_PREFETCH] if spreadsheet else RESULT_PREFETCHES
    prefetch_related_objects([meeting], *prefetches)
    council = meeting.council
    invited_count, submitted_count, attended_count = _attendance(meeting)
    commitments: list[CommitmentRow] = []

    rows: list[ResultRow] = []
    per_category: dict[int, int] = {}
    for proposal in meeting.proposals.all():
        per_category[proposal.category_id] = per_category.get(proposal.category_id, 0) + 1
        try:
            response = proposal.response
        except DepartmentResponse.DoesNotExist:
            response = None
        final = response is not None and response.is_final
        show_response = response is not None and (final or not final_only)
        if show_response and spreadsheet:
            commitments.extend(
                CommitmentRow(
                    number=proposal.number,
                    what=c.what,
                    department=c.department.name,
                    due_date=c.due_date.isoformat(),
                    status=c.status.name,
                    progress=c.status.progress,
                    reason=c.reason,
                )
                for c in response.commitments.all()
            )
        rows.append(
            ResultRow(
                number=proposal.number,
                category=proposal.category.name,
                headline=proposal.headline,
                detail_lines=proposal.detail_lines,
                response_lines=response.response_lines if show_response else [],
                response_final=final,
                response_status=(
                    response.get_status_display() if response else _("검토 의견 없음")
                ),
                department=proposal.department.name if proposal.department else "",
                state=response.get_state_display() if show_response else "",
            )
        )
    carried = carried_section(meeting, now=now)

    purpose = council.purpose.strip()
    district = council.district
    half = meeting.get_half_display()
    word = council.title_word  # the council kind's name (council/kinds.py)
    document = ResultDocument(
        purpose=purpose,
        purpose_line=f"- {with_particle(purpose, '을/를')} 위한 -" if purpose else "",
        title=_("%(year)s년 %(half)s %(district)s %(council_word)s 회의 결과")
        % {"year": meeting.year, "half": half, "district": district, "council_word": word},
        running_header=_("- %(year)s년 %(half)s - %(district)s %(council_word)s 회의 결과")
        % {"year": meeting.year, "half": half, "district": district, "council_word": word},
        period=korean_period(meeting.period_start, meeting.period_end),
        method=meeting.get_method_display(),
        invited_count=invited_count,
        submitted_count=submitted_count,
        agenda=[item.title for item in meeting.agenda_items.all()],
        total=len(rows),
        category_counts=[
            CategoryCount(category.name, per_category.get(category.pk, 0))
            for category in council.categories.all()
        ],
        rows=rows,
        final_only=final_only,
        attended_count=attended_count,
        carried=carried.rows,
        carried_from=carried.previous_meeting,
        carried_published_on=carried.previous_published_on,
        carried_as_of=carried.as_of,
        commitments=commitments,
    )
    # `carried` (the section with the meeting it carries from) for the staff's preview.
    return {"meeting": meeting, "council": council, "doc": document, "carried": carried}


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
        # The PDF font has no emoji: they print as `(이모지)` (the HTML file keeps them).
        extra["doc"] = printable(context["doc"])
        extra["stylesheet_urls"] = stylesheet_uris(DOCUMENT_CSS)
    else:
        extra["inline_css"] = "\n".join(
            Path(finders.find(name)).read_text(encoding="utf-8")
            for name in (DOCUMENT_CSS, SCREEN_CSS)
        )
    return render_to_string("reports/document_file.html", {**context, **extra})
