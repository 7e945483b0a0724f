"""Extension points: how the apps built on `council` add to its pages and jobs.

`council` imports no other app (tests/test_architecture.py). When a council page
shows something another app owns — a staff link to the aggregation page on the
meeting page, a frozen facility report attached to an agenda item, the progress
of a member's proposals on 내 회의 — or the scheduled command runs another app's
job (reminders about department commitments), that app registers it here from
its `AppConfig.ready()`, and council asks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse

if TYPE_CHECKING:
    import datetime as dt

    from council.models import AgendaItem, Meeting, Member, Opinion


@dataclass(frozen=True)
class MeetingLink:
    """A staff action on the meeting page that belongs to another app."""

    label: Any  # a lazy translation
    url_name: str  # takes (council slug, meeting slug)
    shown: Callable[[Meeting], bool]  # a Meeting rule, e.g. Meeting.allows_aggregation
    order: int = 100


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
    order: int = 100
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
    order: int = 100


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
    order: int = 100


# What became of a member's points, once the result is public: point id →
# {"proposals": [{"number", "headline", "state", "response": [line, ...]}]};
# None while there is nothing members may see yet.
PointOutcomes = Callable[["Opinion"], dict[int, dict] | None]
# Links a member follows from a meeting to its result: [{"label", "url"}, ...].
ResultLinks = Callable[["Meeting"], list[dict[str, str]]]


@dataclass
class _Registry:
    meeting_links: list[MeetingLink] = field(default_factory=list)
    snapshot_sources: list[SnapshotSource] = field(default_factory=list)
    scheduled_jobs: list[ScheduledJob] = field(default_factory=list)
    worker_tasks: list[Callable[[], int]] = field(default_factory=list)
    member_notes: list[MemberNotesProvider] = field(default_factory=list)
    council_links: list[CouncilLink] = field(default_factory=list)
    point_outcomes: list[PointOutcomes] = field(default_factory=list)
    result_links: list[ResultLinks] = field(default_factory=list)


_registry = _Registry()


def register_meeting_link(link: MeetingLink) -> None:
    if link not in _registry.meeting_links:
        _registry.meeting_links.append(link)
        _registry.meeting_links.sort(key=lambda item: item.order)


def register_snapshot_source(source: SnapshotSource) -> None:
    if all(existing.key != source.key for existing in _registry.snapshot_sources):
        _registry.snapshot_sources.append(source)
        _registry.snapshot_sources.sort(key=lambda item: item.order)


def meeting_links(meeting: Meeting) -> list[dict[str, str]]:
    """The registered staff links this meeting shows now, as label and URL."""
    args = [meeting.council.slug, meeting.slug]
    return [
        {"label": str(link.label), "url": reverse(link.url_name, args=args)}
        for link in _registry.meeting_links
        if link.shown(meeting)
    ]


def snapshot_links(item: AgendaItem) -> list[dict[str, str]]:
    """One "attach" link per registered report, for an agenda item."""
    meeting = item.meeting
    return [
        {
            "label": str(source.label),
            "url": reverse(
                "council:agenda_snapshot",
                args=[meeting.council.slug, meeting.slug, item.pk, source.key],
            ),
        }
        for source in _registry.snapshot_sources
    ]


def snapshot_source(key: str) -> SnapshotSource | None:
    return next((s for s in _registry.snapshot_sources if s.key == key), None)


def register_scheduled_job(job: ScheduledJob) -> None:
    if all(existing.key != job.key for existing in _registry.scheduled_jobs):
        _registry.scheduled_jobs.append(job)
        _registry.scheduled_jobs.sort(key=lambda item: item.order)


def run_scheduled_jobs(*, now: dt.datetime, base_url: str) -> list[str]:
    """Run every registered job; their summaries, in order."""
    return [job.run(now=now, base_url=base_url) for job in _registry.scheduled_jobs]


def register_worker_task(task: Callable[[], int]) -> None:
    """Work the notice worker (`send_notices`) does each round for another app,
    e.g. reports' document jobs; `task()` returns how many items it finished."""
    if task not in _registry.worker_tasks:
        _registry.worker_tasks.append(task)


def run_worker_tasks() -> int:
    return sum(task() for task in _registry.worker_tasks)


def register_member_notes(provider: MemberNotesProvider) -> None:
    if all(existing.key != provider.key for existing in _registry.member_notes):
        _registry.member_notes.append(provider)


def member_meeting_notes(member: Member, meetings: list[Meeting]) -> dict[int, list[MemberNote]]:
    """Every provider's notes for the member's meetings, merged by meeting id."""
    merged: dict[int, list[MemberNote]] = {}
    for provider in _registry.member_notes:
        for meeting_id, notes in provider.notes(member, meetings).items():
            merged.setdefault(meeting_id, []).extend(notes)
    return merged


def member_links(council_slug: str) -> list[dict[str, str]]:
    """The member pages the providers name, as label and URL."""
    return [
        {"label": str(p.link_label), "url": reverse(p.link_url_name, args=[council_slug])}
        for p in _registry.member_notes
        if p.link_url_name
    ]


def register_council_link(link: CouncilLink) -> None:
    if link not in _registry.council_links:
        _registry.council_links.append(link)
        _registry.council_links.sort(key=lambda item: item.order)


def council_links(page: str, council_slug: str) -> list[dict[str, str]]:
    return [
        {"label": str(link.label), "url": reverse(link.url_name, args=[council_slug])}
        for link in _registry.council_links
        if link.page == page
    ]


def register_point_outcomes(source: PointOutcomes) -> None:
    if source not in _registry.point_outcomes:
        _registry.point_outcomes.append(source)


def register_result_links(source: ResultLinks) -> None:
    if source not in _registry.result_links:
        _registry.result_links.append(source)


def point_outcomes(opinion: Opinion) -> dict[int, dict] | None:
    """What each point of `opinion` became, or None while members may see nothing
    of it (the registered app decides: the published result)."""
    outcomes: dict[int, dict] | None = None
    for source in _registry.point_outcomes:
        found = source(opinion)
        if found is not None:
            outcomes = {**(outcomes or {}), **found}
    return outcomes


def result_links(meeting: Meeting) -> list[dict[str, str]]:
    """Where members read the meeting's result, once there is one."""
    return [link for source in _registry.result_links for link in source(meeting)]
