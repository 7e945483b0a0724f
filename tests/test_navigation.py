"""Council's pages are assembled in one place (portal/navigation.py), in page order.

Nothing is registered at start-up any more: the meeting page's staff buttons and
the agenda's "attach a report" buttons come from the module the
COUNCIL_PAGE_ASSEMBLY setting names, in the order it lists them.
"""

from __future__ import annotations

import sys
import types

import pytest
from django.urls import reverse

from portal import navigation
from tests import factories

pytestmark = pytest.mark.django_db


def _positions(html: str, labels: list[str]) -> list[int]:
    found = [html.find(f">{label}</a>") for label in labels]
    assert -1 not in found, list(zip(labels, found, strict=True))
    return found


def _meeting_page(client, world, meeting) -> str:
    client.force_login(world.staff)
    url = reverse("council:meeting_detail", args=[world.council.slug, meeting.slug])
    return client.get(url).content.decode()


def _agenda_page(client, world) -> str:
    """A meeting in preparation with an agenda item: the attach buttons show."""
    meeting = factories.make_draft_meeting(world.council, year=2024, half=1)  # with one item
    return _meeting_page(client, world, meeting)


def test_the_meeting_page_shows_the_listed_buttons_in_the_listed_order(client, world):
    meeting = factories.make_closed_meeting(world.council)  # every rule but "recorded" holds
    html = _meeting_page(client, world, meeting)
    shown = [
        str(link.label)
        for link in navigation.MEETING_LINKS
        if link.shown is None or link.shown(meeting)
    ]
    assert len(shown) == len(navigation.MEETING_LINKS) - 1
    positions = _positions(html, shown)
    assert positions == sorted(positions)
    html = _agenda_page(client, world)
    sources = [str(source.label) for source in navigation.SNAPSHOT_SOURCES]
    positions = _positions(html, sources)
    assert positions == sorted(positions)


def test_the_page_follows_the_assembly_the_setting_names(client, world, settings, monkeypatch):
    """Another assembly (here: the same entries, reversed) changes the page: the
    order lives in the assembly module, not in the apps."""
    reversed_page = types.ModuleType("tests_reversed_navigation")
    for name in dir(navigation):
        if name.isupper():
            setattr(reversed_page, name, tuple(reversed(getattr(navigation, name))))
    monkeypatch.setitem(sys.modules, "tests_reversed_navigation", reversed_page)
    settings.COUNCIL_PAGE_ASSEMBLY = "tests_reversed_navigation"
    html = _agenda_page(client, world)
    sources = [str(source.label) for source in navigation.SNAPSHOT_SOURCES]
    positions = _positions(html, sources)
    assert positions == sorted(positions, reverse=True)
