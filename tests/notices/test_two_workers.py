"""Two workers drain one outbox at once: each notice is sent exactly once.

Needs real row locks (SELECT … FOR UPDATE SKIP LOCKED): the PostgreSQL pass.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.db import connection, connections

from council.notices import worker
from council.notices.models import Channel, Notice
from lib import messaging
from lib.messaging import LocmemBackend
from tests.notices.support import DAY, give_contact

NOTICES = 300


def _both_at_once(work) -> dict:
    """`work(name)` in two threads started together (each its own connection);
    what each returned, by name (w0, w1)."""
    barrier = threading.Barrier(2)
    results = {}

    def run(name):
        try:
            barrier.wait(timeout=10)
            results[name] = work(name)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(f"w{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_send_each_notice_once(world, monkeypatch):
    assert connection.vendor == "postgresql"  # marker: postgres (concurrent claims)
    give_contact(world.member)
    Notice.objects.bulk_create(
        Notice(
            council=world.council,
            event="reminder",
            key=f"load:{i}",
            user=world.member.user,
            member=world.member,
            channel=Channel.SMS,
            to="01012345678",
            subject="s",
            body=f"notice {i}",
            due_at=DAY,
        )
        for i in range(NOTICES)
    )
    send = LocmemBackend.send

    def slow_send(self, message):
        time.sleep(0.002)  # a provider's round trip: the workers overlap
        return send(self, message)

    monkeypatch.setattr(LocmemBackend, "send", slow_send)
    results = _both_at_once(lambda name: worker.drain(now=DAY, batch=10, worker=name))
    sent = Counter(m.reference for m in messaging.outbox)
    assert len(sent) == NOTICES and max(sent.values()) == 1  # none lost, none twice
    assert set(Notice.objects.values_list("state", flat=True)) == {"sent"}
    assert results["w0"]["sent"] + results["w1"]["sent"] == NOTICES
    assert results["w0"]["sent"] > 0 and results["w1"]["sent"] > 0  # both took a share
    by_worker = Counter(Notice.objects.values_list("claimed_by", flat=True))
    assert set(by_worker) == {"w0", "w1"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_expand_each_broadcast_once(world):
    """Meeting-wide events wait as broadcasts; two workers expanding them at once
    write each member's notice once and leave none behind."""
    from council.notices import events
    from council.notices.models import Broadcast
    from tests.factories import make_open_meeting

    assert connection.vendor == "postgresql"  # marker: postgres (concurrent claims)
    meetings = [
        make_open_meeting(world.council, year=2030 + i, invite=[world.member, world.other_member])
        for i in range(20)
    ]
    for meeting in meetings:
        events.round_opened(meeting=meeting, now=DAY)
    written = _both_at_once(lambda name: events.expand_broadcasts(now=DAY))
    assert written["w0"] + written["w1"] == 40
    assert Notice.objects.filter(event="round_opened").count() == 40
    assert not Broadcast.objects.filter(done_at__isnull=True).exists()
