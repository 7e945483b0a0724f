"""Extension points: how the apps built on `council` add to its pages.

`council` imports no other app (tests/test_architecture.py). When a council page
shows something another app owns — a staff link to the aggregation page on the
meeting page, a frozen facility report attached to an agenda item — that app
registers it here from its `AppConfig.ready()`, and the council page asks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse

if TYPE_CHECKING:
    from council.models import AgendaItem, Meeting, Opinion


@dataclass(frozen=True)
class MeetingLink:
    """A staff action on the meeting page that belongs to another app."""

    label: Any  # a lazy translation
    url_name: str  # takes (council slug, meeting slug)
    shown: Callable[[Meeting], bool]  # a Meeting rule, e.g. Meeting.allows_aggregation
    order: int = 100


@dataclass(frozen=True)
class SnapshotSource:
    """A report that can be frozen into an agenda item (see council.snapshots)."""

    key: str
    label: Any
    url_name: str  # the page that attaches it: takes (council, meeting, item id)
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
    args = [meeting.council.slug, meeting.slug, item.pk]
    return [
        {"label": str(source.label), "url": reverse(source.url_name, args=args)}
        for source in _registry.snapshot_sources
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
