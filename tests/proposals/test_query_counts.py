"""List pages run the same number of queries for 3 and for 40 proposals."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.factories import make_closed_meeting, make_points, make_proposal, make_response


def _fill(world, meeting, count: int) -> None:
    for i in range(count):
        member = factories.make_member(world.council, name=f"위원{i:02d}")
        points = make_points(meeting, member, [f"의견 {i}-가", f"의견 {i}-나"])
        proposal = make_proposal(
            meeting, headline=f"건의 {i}", department=world.department, points=points[:1]
        )
        if i % 2:
            make_response(proposal)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("user_attr", "url_name", "meeting_kwarg"),
    [
        ("staff", "proposals:aggregate", True),
        ("staff", "proposals:response_list", True),
        ("reviewer", "proposals:review_home", False),
    ],
)
def test_it_runs_the_same_queries_for_3_and_40_proposals(
    world, client, user_attr, url_name, meeting_kwarg
):
    small = make_closed_meeting(world.council, year=2022)
    large = make_closed_meeting(world.council, year=2023)
    _fill(world, small, 3)
    client.force_login(getattr(world, user_attr))

    def url(meeting):
        kwargs = {"council": world.council.slug}
        if meeting_kwarg:
            kwargs["meeting"] = meeting.slug
        return reverse(url_name, kwargs=kwargs)

    small_count = _count(client, url(small))
    _fill(world, large, 40)
    large_count = _count(client, url(large))
    assert small_count == large_count
