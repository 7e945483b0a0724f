"""Access cases for the result document's staff pages and the public archive."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from council.models import Meeting
from reports.models import PublishedResult
from tests.access import AccessCase, everyone, post_only, posted_as, staff_only
from tests.factories import make_result_meeting

PUBLIC_OK = everyone(200, anonymous=200)
PUBLIC_404 = everyone(404, anonymous=404)


def _meeting(world, *, status=Meeting.Status.CLOSED) -> Meeting:
    return make_result_meeting(world.council, proposals=1, invited=1, submitted=1, status=status)


def _stored_version(meeting: Meeting) -> PublishedResult:
    """A stored version without rendering a PDF (the bytes are stand-ins)."""
    result = PublishedResult(
        meeting=meeting,
        version=1,
        published_at=timezone.now(),
        html="<article>결과</article>",
        pdf_sha256=hashlib.sha256(b"%PDF-stand-in").hexdigest(),
        xlsx_sha256=hashlib.sha256(b"xlsx-stand-in").hexdigest(),
        hwpx_sha256=hashlib.sha256(b"PK-hwpx-stand-in").hexdigest(),
    )
    result.pdf.save("r.pdf", ContentFile(b"%PDF-stand-in"), save=False)
    result.xlsx.save("r.xlsx", ContentFile(b"xlsx-stand-in"), save=False)
    result.hwpx.save("r.hwpx", ContentFile(b"PK-hwpx-stand-in"), save=False)
    result.save()
    return result


def _meeting_kwargs(world, **extra):
    meeting = _meeting(world)
    return {"council": world.council.slug, "meeting": meeting.slug, **extra}


def _letter_kwargs(world, **extra):
    meeting = _meeting(world)
    department = meeting.proposals.get().department
    return {
        "council": world.council.slug,
        "meeting": meeting.slug,
        "department": department.pk,
        **extra,
    }


def _published_kwargs(world, **extra):
    meeting = _meeting(world, status=Meeting.Status.PUBLISHED)
    _stored_version(meeting)
    return {"council": world.council.slug, "meeting": meeting.slug, **extra}


def _unpublished_kwargs(world, **extra):
    meeting = _meeting(world)
    # Even a stored version is hidden while the meeting is not published.
    _stored_version(meeting)
    return {"council": world.council.slug, "meeting": meeting.slug, **extra}


# Staff pages of a meeting the former member was never invited to: 404 for them.
MEETING_STAFF_ONLY = staff_only(former_member=404)


def _council(world):
    return {"council": world.council.slug}


def _job_kwargs(world):
    """A finished preview-PDF job (bytes stand in for the render)."""
    from reports.models import DocumentJob

    meeting = _meeting(world)
    job = DocumentJob.objects.create(
        meeting=meeting, kind="preview_pdf", state="done", progress=100, filename="r.pdf"
    )
    job.file.save("r.pdf", ContentFile(b"%PDF-stand-in"), save=True)
    return {"council": world.council.slug, "meeting": meeting.slug, "job_id": job.pk}


CASES = [
    AccessCase("reports:trends", _council, staff_only()),
    AccessCase("reports:trends_xlsx", _council, staff_only()),
    AccessCase("reports:plan_results", _council, staff_only()),
    AccessCase(
        "reports:plan_results_file",
        lambda world: {"council": world.council.slug, "year": 2023, "fmt": "xlsx"},
        staff_only(),
    ),
    AccessCase("reports:past_import", _council, staff_only()),
    AccessCase(
        "reports:past_import_apply",
        _council,
        post_only(),
        post=posted_as(staff_only()),
        post_changes=False,
    ),
    AccessCase("reports:preview", _meeting_kwargs, MEETING_STAFF_ONLY),
    AccessCase(
        "reports:preview_file",
        lambda world: _meeting_kwargs(world, fmt="xlsx"),
        MEETING_STAFF_ONLY,
    ),
    AccessCase("reports:publish", _meeting_kwargs, post_only(), post=posted_as(MEETING_STAFF_ONLY)),
    AccessCase(
        "reports:document_prepare",
        _meeting_kwargs,
        post_only(),
        post=posted_as(MEETING_STAFF_ONLY),
    ),
    AccessCase("reports:document_job", _job_kwargs, MEETING_STAFF_ONLY),
    AccessCase("reports:document_job_file", _job_kwargs, MEETING_STAFF_ONLY),
    AccessCase(
        "reports:published_file",
        lambda world: _published_kwargs(world, version=1, fmt="xlsx"),
        MEETING_STAFF_ONLY,
    ),
    AccessCase(
        "reports:published_file",
        lambda world: _published_kwargs(world, version=1, fmt="html"),
        MEETING_STAFF_ONLY,
        label="html",
    ),
    AccessCase("reports:letters", _meeting_kwargs, MEETING_STAFF_ONLY),
    AccessCase(
        "reports:letter_file",
        lambda world: _letter_kwargs(world, fmt="hwpx"),
        MEETING_STAFF_ONLY,
    ),
    AccessCase("reports:letters_zip", _meeting_kwargs, MEETING_STAFF_ONLY),
    AccessCase(
        "reports:published_file",
        lambda world: _published_kwargs(world, version=1, fmt="hwpx"),
        MEETING_STAFF_ONLY,
        label="hwpx",
    ),
    AccessCase("archive:index", lambda world: {}, PUBLIC_OK, label="reports"),
    AccessCase("archive:detail", _published_kwargs, PUBLIC_OK),
    AccessCase("archive:detail", _unpublished_kwargs, PUBLIC_404, label="unpublished"),
    AccessCase("archive:file", lambda world: _published_kwargs(world, fmt="pdf"), PUBLIC_OK),
    AccessCase(
        "archive:file", lambda world: _published_kwargs(world, fmt="hwpx"), PUBLIC_OK, label="hwpx"
    ),
    AccessCase(
        "archive:file",
        lambda world: _unpublished_kwargs(world, fmt="pdf"),
        PUBLIC_404,
        label="unpublished",
    ),
]
