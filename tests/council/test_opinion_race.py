"""The attack of issue 13, item 6, replayed: a member submits and staff save an
on-behalf entry for the same member at the same moment, ten times. Each pair has
one winner; the other gets the Korean conflict page with both texts; nothing is lost.

Real concurrency needs a database that lets two connections wait on a row lock:
this runs in the PostgreSQL pass of `make test` (SQLite's in-memory test database
refuses a second writer at once instead of making it wait).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from council.models import Opinion
from tests import factories
from tests.factories import make_open_meeting

PAIRS = 10


def _form(text, *, version, **extra):
    return {
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "30",
        "points-0-text": text,
        "version": str(version),
        **extra,
    }


def _race(requests):
    """Send the (client, url, data) requests at once, each from its own thread."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def send(i, client, url, data):
        try:
            barrier.wait(timeout=10)
            results[i] = client.post(url, data)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=send, args=(i, *request)) for i, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_member_and_staff_saves_give_one_winner_each(world):
    assert connection.vendor == "postgresql"  # marker: postgres (concurrent writers)
    members = [factories.make_member(world.council) for _ in range(PAIRS)]
    meeting = make_open_meeting(world.council, invite=members)
    staff = Client()
    staff.force_login(world.staff)
    outcomes = []
    for i, member in enumerate(members):
        own = Client()
        own.force_login(member.user)
        mine, theirs = f"위원 {i}의 의견", f"사무국이 받은 팩스 {i}"
        member_url = reverse("council:my_opinion", args=["geumjeong", meeting.slug])
        staff_url = reverse(
            "council:opinion_on_behalf", args=["geumjeong", meeting.slug, member.pk]
        )
        member_answer, staff_answer = _race(
            [
                (own, member_url, _form(mine, version=0, action="submit")),
                (
                    staff,
                    staff_url,
                    _form(
                        theirs,
                        version=0,
                        channel="fax",
                        received_at_0="2023-12-21",
                        received_at_1="09:30",
                    ),
                ),
            ]
        )
        statuses = sorted([member_answer.status_code, staff_answer.status_code])
        assert statuses == [200, 302], (i, statuses)
        loser = member_answer if member_answer.status_code == 200 else staff_answer
        html = loser.content.decode()
        assert "저장하지 않았습니다." in html
        assert mine in html and theirs in html  # both texts on the conflict page
        opinion = Opinion.objects.get(meeting=meeting, member=member)
        saved = [p.text for p in opinion.points.all()]
        winner_text = mine if member_answer.status_code == 302 else theirs
        assert saved == [winner_text]
        assert opinion.version == 1
        outcomes.append("member" if winner_text == mine else "staff")
    assert len(outcomes) == PAIRS
