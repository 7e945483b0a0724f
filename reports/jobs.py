"""Large documents leave the request (the preview PDF on demand; publishing a
meeting of RESULT_PUBLISH_IN_WORKER_FROM proposals or more): the page queues a job, the worker
(`send_notices`, listed in portal/navigation.py WORKER_TASKS) renders it
with its progress stored, staff are told when it is ready, and the page offers
the file. A second request for the same document joins the running job."""

from __future__ import annotations

import logging
import os
import socket

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from council.models import Meeting
from council.notices.outbox import Recipient, notify
from reports.document import build_result_context
from reports.exporters import filename_for, pdf_from_context
from reports.models import DocumentJob
from reports.services import publish_meeting

logger = logging.getLogger("reports.jobs")


def request_document(
    *, meeting: Meeting, user: User, kind: str, moment=None
) -> tuple[DocumentJob, bool]:
    """The active job for this document, or a new one; `joined` says which."""
    active = DocumentJob.objects.filter(
        meeting=meeting, kind=kind, state__in=[DocumentJob.State.QUEUED, DocumentJob.State.RUNNING]
    )
    job = active.first()
    if job is not None:
        return job, True
    try:
        with transaction.atomic():
            job = DocumentJob.objects.create(
                meeting=meeting, kind=kind, requested_by=user, moment=moment
            )
            return job, False
    except IntegrityError:  # someone asked at the same moment: join theirs
        return active.get(), True


def _claim(worker: str) -> DocumentJob | None:
    with transaction.atomic():
        queued = DocumentJob.objects.filter(state=DocumentJob.State.QUEUED).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            queued = queued.select_for_update(skip_locked=True)
        else:
            queued = queued.select_for_update()
        job = queued.first()
        if job is None:
            return None
        job.state, job.claimed_by, job.progress = DocumentJob.State.RUNNING, worker, 5
        job.save(update_fields=["state", "claimed_by", "progress"])
    return job


def _progress(job: DocumentJob, percent: int) -> None:
    DocumentJob.objects.filter(pk=job.pk).update(progress=percent)


def run(job: DocumentJob) -> None:
    meeting = Meeting.objects.select_related("council").get(pk=job.meeting_id)
    try:
        if job.kind == DocumentJob.Kind.PUBLISH:
            _progress(job, 20)
            result = publish_meeting(meeting=meeting, user=job.requested_by, now=job.moment)
            job.filename = filename_for(meeting, "pdf", final_only=True)
            job.file.name = result.pdf.name  # the published copy itself
        else:
            context = build_result_context(meeting, final_only=False)
            _progress(job, 40)
            content = pdf_from_context(context)
            _progress(job, 90)
            job.filename = filename_for(meeting, "pdf", final_only=False)
            job.file.save(job.filename, ContentFile(content), save=False)
    except Exception as exc:  # a failed render is shown on the page, not lost
        logger.exception("Document job %s failed", job.pk)
        DocumentJob.objects.filter(pk=job.pk).update(
            state=DocumentJob.State.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        return
    now = timezone.now()
    with transaction.atomic():
        DocumentJob.objects.filter(pk=job.pk).update(
            state=DocumentJob.State.DONE,
            progress=100,
            file=job.file.name,
            filename=job.filename,
            finished_at=now,
        )
        if job.requested_by_id:
            path = reverse(
                "reports:document_job", args=[meeting.council.slug, meeting.slug, job.pk]
            )
            notify(
                event="document_ready",
                key=f"document_ready:{job.pk}",
                council=meeting.council,
                meeting=meeting,
                recipients=[Recipient(user=job.requested_by)],
                variables={
                    "name": job.requested_by.get_full_name() or job.requested_by.username,
                    "document": str(DocumentJob.Kind(job.kind).label),
                    "link": settings.PORTAL_BASE_URL.rstrip("/") + path,
                },
                urgent=True,
                now=now,
            )


# The CPU priority (nice) the worker renders at: on a server that also runs the web
# workers, members' pages keep the CPU while a large PDF renders (bench
# `notices-previews`: a member page's p95 during two 200-proposal renders).
RENDER_NICE = 10


def lower_priority() -> None:
    """The rest of this worker process runs at RENDER_NICE (never raised back)."""
    if os.getpriority(os.PRIO_PROCESS, 0) < RENDER_NICE:
        os.setpriority(os.PRIO_PROCESS, 0, RENDER_NICE)


def worker_task() -> int:
    """Run every queued document job, at a lower CPU priority than the web server's
    requests; how many were run."""
    worker = f"{socket.gethostname()}:{os.getpid()}"[:60]
    done = 0
    while (job := _claim(worker)) is not None:
        lower_priority()
        run(job)
        done += 1
    return done
