"""What council's pages show from the apps above it, and how council reads it.

`council` imports no other app (tests/test_architecture.py). When a council page
shows something another app owns — a staff link to the aggregation page on the
meeting page, a frozen facility report attached to an agenda item, the progress
of a member's proposals on 내 회의 — or the scheduled command runs another app's
job (reminders about department commitments), the site lists it, in page
order, in the module `settings.COUNCIL_PAGE_ASSEMBLY` names (`portal/navigation.py`).
This module holds the shapes of those entries and the functions council's views
call; it never names an app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse

if TYPE_CHECKING:
    import datetime as dt

    from council.models import AgendaItem, Meeting, Member, Opinion


@dataclass(frozen=True)
class MeetingLink:
    """A staff action on the meeting page that belongs to another app."""

    label: Any  # a lazy translation
    url_name: str  # takes (council slug, meeting slug)
    shown: Callable[[Meeting], bool] | None  # a Meeting rule, e.g. Meeting.allows_aggregation


@dataclass(frozen=True)
class SnapshotSource:
    """A report that can be frozen into an agenda item (see lib.snapshots).

    The attach page is council's (`council:agenda_snapshot`, one for every
    source): it shows `form` (None: the "as of" date form, council.forms.SnapshotForm)
    and calls `build(council, cleaned_data)`, which returns the snapshot's plain
    tables and the day they are as of.
    """

    key: str
    label: Any  # the button: "기관별 현황 첨부"
    build: Callable[[Any, dict], tuple[dict, Any]]
    form: type | None = None


@dataclass(frozen=True)
class ScheduledJob:
    """Work `manage.py send_reminders` (cron) does for another app.

    `run(now=..., base_url=...)` returns a short English summary for the log,
    e.g. "sent 3 commitment reminder(s)". It must be safe to run every few
    minutes (each e-mail at most once).
    """

    key: str
    run: Callable[..., str]


@dataclass(frozen=True)
class MemberNote:
    """A line another app shows a member under one of their meetings on 내 회의.

    Plain text only (the council template escapes it); `url` may be empty.
    """

    heading: str
    status: str
    detail: str = ""
    url: str = ""


@dataclass(frozen=True)
class MemberNotesProvider:
    """Notes for a member's meetings: `notes(member, meetings) -> {meeting id: [MemberNote]}`.

    It must cost a fixed number of queries, however many meetings there are.
    `link` names a member page of the providing app (takes the council slug).
    """

    key: str
    notes: Callable[[Member, list[Meeting]], dict[int, list[MemberNote]]]
    link_label: Any = ""
    link_url_name: str = ""


@dataclass(frozen=True)
class CouncilLink:
    """A staff link another app adds to a council page (`page`, e.g. "meeting_list");
    `url_name` takes the council slug."""

    page: str
    label: Any
    url_name: str


# What became of a member's points, once the result is public: point id →
# {"proposals": [{"number", "headline", "state", "response": [line, ...]}]};
# None while there is nothing members may see yet.
PointOutcomes = Callable[["Opinion"], dict[int, dict] | None]
# Links a member follows from a meeting to its result: [{"label", "url"}, ...].
ResultLinks = Callable[["Meeting"], list[dict[str, str]]]


def _page():
    """The site's page assembly (portal/navigation.py): imported once, then cached
    by Python like any module."""
    return import_module(settings.COUNCIL_PAGE_ASSEMBLY)


def meeting_links(meeting: Meeting) -> list[dict[str, str]]:
    """The staff links this meeting shows now, as label and URL, in page order."""
    args = [meeting.council.slug, meeting.slug]
    return [
        {"label": str(link.label), "url": reverse(link.url_name, args=args)}
        for link in _page().MEETING_LINKS
        if link.shown is None or link.shown(meeting)
    ]


def snapshot_links(item: AgendaItem) -> list[dict[str, str]]:
    """One "attach" link per report, for an agenda item."""
    meeting = item.meeting
    return [
        {
            "label": str(source.label),
            "url": reverse(
                "council:agenda_snapshot",
                args=[meeting.council.slug, meeting.slug, item.pk, source.key],
            ),
        }
        for source in _page().SNAPSHOT_SOURCES
    ]


def snapshot_source(key: str) -> SnapshotSource | None:
    return next((s for s in _page().SNAPSHOT_SOURCES if s.key == key), None)


def run_scheduled_jobs(*, now: dt.datetime, base_url: str) -> list[str]:
    """Run every scheduled job; their summaries, in order."""
    return [job.run(now=now, base_url=base_url) for job in _page().SCHEDULED_JOBS]


def run_worker_tasks() -> int:
    """Other apps' long work the notice worker (`send_notices`) does each round
    (portal/navigation.py WORKER_TASKS: reports' document jobs); how many finished."""
    return sum(task() for task in getattr(_page(), "WORKER_TASKS", ()))


def aggregation_started(meeting: Meeting) -> bool:
    """Whether any app has begun work that needs the round to stay closed (the
    proposals made from its opinions): a later deadline is refused then."""
    return any(check(meeting) for check in getattr(_page(), "AGGREGATION_STARTED", ()))


def member_meeting_notes(member: Member, meetings: list[Meeting]) -> dict[int, list[MemberNote]]:
    """Every provider's notes for the member's meetings, merged by meeting id."""
    merged: dict[int, list[MemberNote]] = {}
    for provider in _page().MEMBER_NOTES:
        for meeting_id, notes in provider.notes(member, meetings).items():
            merged.setdefault(meeting_id, []).extend(notes)
    return merged


def member_links(council_slug: str) -> list[dict[str, str]]:
    """The member pages the providers name, as label and URL."""
    return [
        {"label": str(p.link_label), "url": reverse(p.link_url_name, args=[council_slug])}
        for p in _page().MEMBER_NOTES
        if p.link_url_name
    ]


def council_links(page: str, council_slug: str) -> list[dict[str, str]]:
    return [
        {"label": str(link.label), "url": reverse(link.url_name, args=[council_slug])}
        for link in _page().COUNCIL_LINKS
        if link.page == page
    ]


def point_outcomes(opinion: Opinion) -> dict[int, dict] | None:
    """What each point of `opinion` became, or None while members may see nothing
    of it (the listed source decides: the published result)."""
    outcomes: dict[int, dict] | None = None
    for source in _page().POINT_OUTCOMES:
        found = source(opinion)
        if found is not None:
            outcomes = {**(outcomes or {}), **found}
    return outcomes


def result_links(meeting: Meeting) -> list[dict[str, str]]:
    """Where members read the meeting's result, once there is one."""
    return [link for source in _page().RESULT_LINKS for link in source(meeting)]
