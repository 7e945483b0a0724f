"""Notices: what the outbox costs an event, and two workers draining it.

    python -m bench.notices enqueue     # opening a round for 100 members, with and without notices
    python -m bench.notices drain       # 10,000 queued notices, two worker processes (PostgreSQL)
    python -m bench.notices worker OUT  # (one worker of `drain`; writes its JSON to OUT)
    python -m bench.notices previews PORT  # a member page's p95 while two 200-proposal previews render

`enqueue` times `open_meeting` (CPU seconds of this process, median of 7) as it
is, and with `council.notices.events.round_opened` replaced by a no-op: the
ratio is what telling every invited member adds to the opening (its broadcast
row and reminder schedule). The worker's side is timed too: expanding each
broadcast into its 100 notices, which must all be there afterwards.
`drain` queues 10,000 notices to 문자 members through the console backend (its
output thrown away) and starts two `send_notices`-style workers at once;
afterwards every notice must be 보냄 after exactly one attempt (0 lost, 0 sent
twice), and the workers' CPU seconds are divided by 10,000.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    if sys.argv[1] in ("previews", "render-one"):  # the server's settings (session keys)
        from bench.web import SERVER_SETTINGS

        os.environ.update(SERVER_SETTINGS)
    import bench.boot  # noqa: F401  (Django on a fresh bench database)

MEMBERS = 100
RUNS = 7
DRAIN = 10_000


def _council_with_members(n: int):
    from django.contrib.auth.models import User

    from council.models import Council, Member
    from council.notices.models import Channel, MemberContact

    council = Council.objects.create(
        slug="bench-notices", name="벤치 협의체", district="벤치구", purpose="벤치"
    )
    users = User.objects.bulk_create(
        [User(username=f"bn{i}", email=f"bn{i}@example.com") for i in range(n)]
    )
    members = Member.objects.bulk_create(
        [
            Member(
                user=u,
                council=council,
                name=f"위원{i}",
                affiliation="학부모",
                term_start=dt.date(2020, 1, 1),
            )
            for i, u in enumerate(users)
        ]
    )
    # A third read 문자 (consented), the rest e-mail: the channel logic runs for both.
    MemberContact.objects.bulk_create(
        [
            MemberContact(
                member=m,
                mobile=f"0101000{i:04d}",
                channel=Channel.SMS,
                consent_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            )
            for i, m in enumerate(members)
            if i % 3 == 0
        ]
    )
    return council


def _draft(council, year: int):
    from council.models import AgendaItem, Meeting

    meeting = Meeting.objects.create(
        council=council,
        year=year,
        half=1,
        period_start=dt.date(2099, 1, 1),
        period_end=dt.date(2099, 1, 31),
        deadline=dt.datetime(2099, 1, 31, 9, 0, tzinfo=dt.UTC),
    )
    AgendaItem.objects.create(meeting=meeting, order=1, title="벤치 안건")
    return meeting


def enqueue() -> dict:
    from council.notices import events
    from council.notices.models import Notice
    from council.services import meetings

    council = _council_with_members(MEMBERS)
    real = events.round_opened
    now = dt.datetime(2098, 12, 1, 5, 0, tzinfo=dt.UTC)
    times: dict[str, list[float]] = {"with": [], "without": [], "expand": []}
    year = 2100
    for _ in range(RUNS):
        for label in ("without", "with"):
            events.round_opened = real if label == "with" else (lambda **kwargs: None)
            meeting = _draft(council, year)
            year += 1
            start = time.process_time()
            meetings.open_meeting(meeting=meeting, now=now)
            times[label].append(time.process_time() - start)
        start = time.process_time()
        written = events.expand_broadcasts(now=now)  # the worker's first step
        times["expand"].append(time.process_time() - start)
        assert written == MEMBERS, written
    events.round_opened = real
    with_, without = statistics.median(times["with"]), statistics.median(times["without"])
    return {
        "members": MEMBERS,
        "runs": RUNS,
        "with_s": with_,
        "without_s": without,
        "expand_s": statistics.median(times["expand"]),
        "notices": Notice.objects.count(),
    }


def worker(out: str) -> None:
    from council.notices import worker as notice_worker

    start = time.process_time()
    counts = notice_worker.drain(batch=100, worker=f"bench-{os.getpid()}")
    Path(out).write_text(json.dumps({"counts": dict(counts), "cpu_s": time.process_time() - start}))


def drain() -> dict:
    from django.db import connection
    from django.db.models import Count

    from council.models import Member
    from council.notices.models import Channel, Notice

    if connection.vendor != "postgresql":
        return {"skipped": "SKIPPED: needs PostgreSQL (row locks that skip locked rows)"}
    council = _council_with_members(100)
    members = list(
        Member.objects.filter(council=council, contact__isnull=False).select_related("user")
    )
    due = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    Notice.objects.bulk_create(
        [
            Notice(
                council=council,
                event="reminder",
                key=f"bench:{i}",
                user=members[i % len(members)].user,
                member=members[i % len(members)],
                channel=Channel.SMS,
                to=members[i % len(members)].contact.mobile,
                subject="벤치",
                body=f"벤치 알림 {i}",
                due_at=due,
            )
            for i in range(DRAIN)
        ],
        batch_size=1000,
    )
    # No quiet hours: the bench may run at night.
    env = {
        **os.environ,
        "NOTICE_URL": "console://",
        "BENCH_SKIP_MIGRATE": "1",
        "PORTAL_NOTICE_QUIET_HOURS": "0-0",
    }
    outs = [f"/tmp/bench-notice-worker-{os.getpid()}-{n}.json" for n in range(2)]
    wall = time.monotonic()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bench.notices", "worker", out],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for out in outs
    ]
    for proc in procs:
        proc.wait(timeout=1200)
    wall = time.monotonic() - wall
    results = [json.loads(Path(out).read_text()) for out in outs]
    for out in outs:
        Path(out).unlink()
    by_state = dict(
        Notice.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n")
    )
    sent_by_workers = sum(r["counts"].get("sent", 0) for r in results)
    return {
        "notices": DRAIN,
        "sent": by_state.get("sent", 0),
        "lost": DRAIN - by_state.get("sent", 0),
        "duplicates": Notice.objects.filter(attempts__gt=1).count()
        + max(sent_by_workers - DRAIN, 0),
        "per_worker": [r["counts"].get("sent", 0) for r in results],
        "cpu_s": sum(r["cpu_s"] for r in results),
        "wall_s": wall,
    }


def render_one() -> None:
    """One document job, as a worker process renders it."""
    from reports import jobs

    job = jobs._claim(f"bench-{os.getpid()}")
    if job is not None:
        jobs.lower_priority()  # as worker_task does
        jobs.run(job)


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def previews(port: int) -> dict:
    """The member's opinion page, sequential requests through gunicorn (2 workers):
    p95 idle, then p95 while two worker processes each render a 200-proposal preview
    PDF (reports.jobs), as two staff asking at once during a deadline would cause."""
    from django.urls import reverse

    from bench.pdf import demo_meeting, synthetic_meeting
    from bench.web import Gunicorn, request, server_env, session_cookie
    from council.models import Meeting, Member
    from reports.models import DocumentJob

    demo_meeting()
    first = synthetic_meeting(200)
    Meeting.objects.filter(pk=first.pk).update(year=1999, slug="1999-h1")
    second = synthetic_meeting(200)
    member = Member.objects.get(user__username="gj-member01")
    current = Meeting.objects.get(council=member.council, status=Meeting.Status.OPEN)
    path = reverse("council:my_opinion", args=[member.council.slug, current.slug])
    cookies = session_cookie(member.user)
    from django.db import connections

    connections.close_all()
    with Gunicorn(port):
        for _ in range(10):
            assert request(port, "GET", path, cookies)[0] == 200
        idle = [request(port, "GET", path, cookies)[3] for _ in range(80)]
        for meeting in (first, second):
            DocumentJob.objects.create(meeting_id=meeting.pk, kind="preview_pdf")
        env = {**server_env(), "BENCH_SKIP_MIGRATE": "1"}
        started = time.monotonic()
        procs = [
            subprocess.Popen([sys.executable, "-m", "bench.notices", "render-one"], env=env)
            for _ in range(2)
        ]
        during = []
        while any(p.poll() is None for p in procs):
            during.append(request(port, "GET", path, cookies)[3])
        render_s = time.monotonic() - started
    states = list(DocumentJob.objects.values_list("state", flat=True))
    return {
        "idle_p95_ms": _p95(idle) * 1000,
        "during_p95_ms": _p95(during) * 1000,
        "requests_during": len(during),
        "render_s": render_s,
        "jobs": states,
    }


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "worker":
        worker(sys.argv[2])
    elif mode == "render-one":
        render_one()
    elif mode == "previews":
        print(json.dumps(previews(int(sys.argv[2]))))
    else:
        result = {"enqueue": enqueue, "drain": drain}[mode]()
        print(result["skipped"] if "skipped" in result else json.dumps(result))
