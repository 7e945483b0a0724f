"""지난 회의 건의사항 추진 현황: the commitments a meeting's result document carries.

The rule, written once: the document of meeting M carries every commitment made
(in a final response) at an earlier meeting of the council, up to and including
the previous meeting P — the latest meeting before M whose result was published
— that was still open when P's result was last published (a commitment added
after that counts as open then). Its state is shown as of the moment the
document is made: status, latest note, and what changed since P's publication.
A commitment that was open then and is closed now (완료, 추진 불가) appears here
one more time; in the next meeting's document it is no longer carried. A meeting
with no earlier published meeting has no such section.

Rows are ordered by meeting (oldest first), proposal number, then the
commitment's place in its response.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Meeting
from lib.dates import korean_date
from lib.korean import particle
from proposals.models import Commitment, CommitmentStatus, ProgressNote, statuses_at
from reports.models import PublishedResult


@dataclass
class CarriedRow:
    """One carried commitment, every value plain text as the document shows it."""

    meeting: str  # "2023년 하반기"
    number: int  # the proposal's number in that meeting
    headline: str  # the proposal's ○ headline
    what: str  # the commitment
    department: str
    due_date: str  # "2024. 3. 31."
    status: str  # "완료 (100%)" — the status label now
    status_name: str  # "완료"
    progress: int | None
    reason: str  # why (장기 검토, 추진 불가)
    status_before: str  # the status name when P was published; "" if made after that
    change: str  # "계획 → 완료 · 추진 경과 2건", "상태 변동 없음", ...
    notes_since: int  # progress notes written since P was published
    latest_note_date: str  # "2024. 3. 4." or ""
    latest_note: str
    closed: bool  # 완료 / 추진 불가: shown this once more, then no longer carried
    overdue: bool


@dataclass
class CarriedSection:
    previous_meeting: str = ""  # P's title; "" when there is no earlier published meeting
    previous_published_on: str = ""  # "2024. 1. 22."
    as_of: str = ""  # the day the document was made
    rows: list[CarriedRow] = field(default_factory=list)
    previous_meeting_id: int | None = None  # P itself (what a publication records)
    waiting: list[Meeting] = field(default_factory=list)  # Predecessor.waiting


def _meeting_label(meeting: Meeting) -> str:
    return f"{meeting.year}년 {meeting.get_half_display()}"


def _change(before: CommitmentStatus | None, now: CommitmentStatus, notes_since: int) -> str:
    if before is None:
        parts = [_("지난 회의 이후 등록")]
    elif before.pk != now.pk:
        parts = [f"{before.name} → {now.name}"]
    else:
        parts = [_("상태 변동 없음")]
    if notes_since:
        parts.append(_("추진 경과 %(n)s건") % {"n": notes_since})
    return " · ".join(parts)


def status_change_text(name: str) -> str:
    """A bare status change as documents print it: `‘완료’로 변경`, `‘추진 중’으로 변경`."""
    return _("‘%(name)s’%(ro)s 변경") % {"name": name, "ro": particle(name, "(으)로")}


def _note_text(text: str | None, status_name: str | None) -> str:
    """A note's text; a bare status change reads `‘완료’로 변경`."""
    if text:
        return text
    return status_change_text(status_name) if status_name else ""


@dataclass
class Predecessor:
    """The previous meeting of a meeting as of a moment, and what it leaves out."""

    meeting: Meeting | None  # the latest earlier meeting published by then
    published_at: dt.datetime | None  # its latest version's publication by then
    # Earlier meetings later than it with no publication by then (a past meeting
    # recorded out of order, a closed one still being answered), oldest first: the
    # carried section leaves them out until they are published.
    waiting: list[Meeting] = field(default_factory=list)


def previous_meeting(meeting: Meeting, now: dt.datetime) -> Predecessor:
    """The one home of "the previous meeting" whose follow-ups `meeting` carries: the
    latest earlier meeting (Meeting.earlier_q) with a version published by `now`
    (one query)."""
    latest = PublishedResult.objects.filter(meeting=OuterRef("pk"), published_at__lte=now).order_by(
        "-version"
    )
    earlier = (
        Meeting.objects.filter(council=meeting.council_id)
        .earlier_than(meeting.year, meeting.half)
        .annotate(last_published_at=Subquery(latest.values("published_at")[:1]))
        .select_related("council")
        .order_by("-year", "-half")
    )
    waiting: list[Meeting] = []
    for candidate in earlier:
        if candidate.last_published_at is not None:
            return Predecessor(candidate, candidate.last_published_at, waiting[::-1])
        waiting.append(candidate)
    return Predecessor(None, None, waiting[::-1])


@dataclass
class CarriedSource:
    """Where a meeting's 지난 회의 section comes from now, for the staff's live page."""

    previous: str  # the title of the meeting it carries from now ("" for none)
    waiting: list[Meeting]  # earlier meetings left out until their result is published
    published_version: int | None = None  # the latest published version, if it differs
    published_from: Meeting | None = None  # what that version carried from

    @property
    def published_differs(self) -> bool:
        return self.published_version is not None


def carried_source(section: CarriedSection, publications: list[PublishedResult]) -> CarriedSource:
    """From the live carried section and the meeting's versions (newest first, with
    `carried_from__council`): the earlier meetings it cannot carry yet, and — when an
    earlier meeting was recorded after this one was published — the published version
    that carried from another meeting (it stays as published; publishing again makes
    a new version on the new basis). No query of its own."""
    source = CarriedSource(previous=section.previous_meeting, waiting=section.waiting)
    latest = publications[0] if publications else None
    if latest is not None and latest.carried_from_id != section.previous_meeting_id:
        source.published_version = latest.version
        source.published_from = latest.carried_from
    return source


def carried_section(meeting: Meeting, *, now: dt.datetime | None = None) -> CarriedSection:
    """The carried section of `meeting`'s document as of `now` (a fixed number of
    queries)."""
    now = now or timezone.now()
    previous = previous_meeting(meeting, now)
    if previous.meeting is None:
        return CarriedSection(as_of=korean_date(now), waiting=previous.waiting)
    p = previous.meeting
    cutoff = previous.published_at
    notes = ProgressNote.objects.filter(commitment=OuterRef("pk"), created_at__lte=now)
    latest = notes.order_by("-date", "-pk")
    since = (
        notes.filter(created_at__gt=cutoff).values("commitment").annotate(n=Count("pk")).values("n")
    )
    candidates = list(
        Commitment.objects.made()
        .filter(response__proposal__meeting__council=meeting.council_id)
        .filter(Meeting.earlier_q(p.year, p.half, "response__proposal__meeting__", inclusive=True))
        .with_overdue(timezone.localdate(now), notes_until=now)
        .annotate(
            latest_date=Subquery(latest.values("date")[:1]),
            latest_text=Subquery(latest.values("text")[:1]),
            latest_status=Subquery(latest.values("status__name")[:1]),
            notes_since=Coalesce(Subquery(since), 0),
        )
        .select_related("status", "department", "response__proposal__meeting")
        .order_by(
            "response__proposal__meeting__year",
            "response__proposal__meeting__half",
            "response__proposal__number",
            "order",
            "pk",
        )
    )
    then, current = statuses_at([c.pk for c in candidates], [cutoff, now])
    rows: list[CarriedRow] = []
    for c in candidates:
        now_status = current.get(c.pk)
        if now_status is None and c.created_at <= now and c.pk not in then:
            now_status = c.status  # no history at all (a migrated follow-up): as it is
        if now_status is None:  # not yet made as of `now`
            continue
        before = then.get(c.pk)
        if before is not None and before.closes:
            continue  # closed when P was published: it has left
        proposal = c.response.proposal
        rows.append(
            CarriedRow(
                meeting=_meeting_label(proposal.meeting),
                number=proposal.number,
                headline=proposal.headline,
                what=c.what,
                department=c.department.name,
                due_date=korean_date(c.due_date),
                status=now_status.label,
                status_name=now_status.name,
                progress=now_status.progress,
                reason=c.reason if now_status.needs_reason else "",
                status_before=before.name if before else "",
                change=_change(before, now_status, c.notes_since),
                notes_since=c.notes_since,
                latest_note_date=korean_date(c.latest_date) if c.latest_date else "",
                latest_note=_note_text(c.latest_text, c.latest_status),
                closed=now_status.closes,
                # The one rule (proposals.models.overdue_q), notes as of `now`. It reads
                # the status of today: a document remade for a past moment (a replay)
                # does not flag one that was overdue then and is closed now.
                overdue=bool(c.overdue) and not now_status.closes,
            )
        )
    return CarriedSection(
        previous_meeting=p.title,
        previous_meeting_id=p.pk,
        waiting=previous.waiting,
        previous_published_on=korean_date(cutoff),
        as_of=korean_date(now),
        rows=rows,
    )
