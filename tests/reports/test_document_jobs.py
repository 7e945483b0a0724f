"""A large preview PDF leaves the request: queued, rendered by the worker with its
progress shown, offered when ready, the requester told; a second request joins."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse

from council.notices.models import Notice
from reports.models import DocumentJob
from tests.factories import make_result_meeting


def test_the_preview_pdf_is_made_by_the_worker_and_offered_when_ready(client, world):
    meeting = make_result_meeting(world.council, proposals=3)
    client.force_login(world.staff)
    prepare = reverse("reports:document_prepare", args=["geumjeong", meeting.slug])
    first = client.post(prepare)
    second = client.post(prepare)  # another staff member, the same document
    assert first["Location"] == second["Location"]
    job = DocumentJob.objects.get()
    page = client.get(first["Location"]).content.decode()
    assert "준비 중" in page and 'http-equiv="refresh"' in page
    assert "PDF 내려받기" not in page

    out = io.StringIO()
    call_command("send_notices", "--once", stdout=out)
    assert "finished 1 job(s)" in out.getvalue()
    job.refresh_from_db()
    assert (job.state, job.progress) == ("done", 100)
    page = client.get(first["Location"]).content.decode()
    assert "완료" in page and "PDF 내려받기" in page and 'http-equiv="refresh"' not in page
    pdf = client.get(reverse("reports:document_job_file", args=["geumjeong", meeting.slug, job.pk]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    notice = Notice.objects.get(event="document_ready")
    assert notice.user == world.staff and notice.state == "sent"

    # Once finished, asking again makes a fresh one (the data may have changed).
    client.post(prepare)
    assert DocumentJob.objects.filter(state="queued").count() == 1


def test_a_failed_render_says_so(client, world, monkeypatch):
    meeting = make_result_meeting(world.council, proposals=1)
    client.force_login(world.staff)
    client.post(reverse("reports:document_prepare", args=["geumjeong", meeting.slug]))

    def broken(context):
        raise RuntimeError("font missing")

    monkeypatch.setattr("reports.jobs.pdf_from_context", broken)
    call_command("send_notices", "--once", stdout=io.StringIO())
    job = DocumentJob.objects.get()
    assert job.state == "failed" and "font missing" in job.error
    page = client.get(reverse("reports:document_job", args=["geumjeong", meeting.slug, job.pk]))
    assert "문서를 만들지 못했습니다" in page.content.decode()


def test_publishing_a_large_meeting_runs_in_the_worker(client, world, settings):
    from council.models import Meeting
    from reports.models import PublishedResult

    settings.RESULT_PUBLISH_IN_WORKER_FROM = 3
    meeting = make_result_meeting(world.council, proposals=3, invited=3)
    client.force_login(world.staff)
    url = reverse("reports:publish", args=["geumjeong", meeting.slug])
    response = client.post(url, {"confirm_incomplete": "1"})
    job = DocumentJob.objects.get(kind="publish")
    assert response["Location"].endswith(f"/result/jobs/{job.pk}/")
    assert client.post(url, {"confirm_incomplete": "1"})["Location"] == response["Location"]
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED and not PublishedResult.objects.exists()

    call_command("send_notices", "--once", stdout=io.StringIO())
    meeting.refresh_from_db()
    job.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED and job.state == "done"
    result = PublishedResult.objects.get()
    assert job.file.name == result.pdf.name
    page = client.get(response["Location"]).content.decode()
    assert "회의 결과를 공개했습니다" in page
    assert Notice.objects.filter(event="result_published").count() == 3
    assert Notice.objects.get(event="document_ready").user == world.staff


def test_a_small_meeting_is_still_published_in_the_request(client, world):
    meeting = make_result_meeting(world.council, proposals=1)
    client.force_login(world.staff)
    client.post(
        reverse("reports:publish", args=["geumjeong", meeting.slug]), {"confirm_incomplete": "1"}
    )
    assert not DocumentJob.objects.exists()
    meeting.refresh_from_db()
    assert meeting.is_published


def test_the_worker_renders_at_a_lower_cpu_priority_than_the_web_requests():
    """Run in a process of its own: the priority of a process is never raised back
    (and this one may already run niced by an earlier test's worker)."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import os, django; django.setup()\n"
        "from reports import jobs\n"
        "before = os.getpriority(os.PRIO_PROCESS, 0)\n"
        "assert jobs.RENDER_NICE == 10\n"
        "jobs.RENDER_NICE = min(max(before, 10) + 3, 19)\n"
        "jobs.lower_priority(); jobs.lower_priority()\n"
        "print(jobs.RENDER_NICE, os.getpriority(os.PRIO_PROCESS, 0))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split()
    assert out[0] == out[1]  # lowered to the worker's priority, once
