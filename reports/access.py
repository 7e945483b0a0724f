"""Who may see which result document (see council/access.py for the rules)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from council.access import get_meeting_for_staff
from council.models import Meeting
from proposals.models import Department
from reports.models import PublishedResult


def get_published_result_for_staff(
    user: User, council_slug: str, meeting_slug: str, version: int
) -> PublishedResult:
    """Any stored version of a meeting's result, for its council's staff."""
    meeting = get_meeting_for_staff(user, council_slug, meeting_slug)
    return get_object_or_404(
        PublishedResult.objects.select_related("meeting__council"), meeting=meeting, version=version
    )


def get_letter_department_for_staff(
    user: User, council_slug: str, meeting_slug: str, department_id: int
) -> tuple[Meeting, Department]:
    """A meeting and one department of its council, for the request letter (staff only)."""
    meeting = get_meeting_for_staff(user, council_slug, meeting_slug)
    department = get_object_or_404(Department, council=meeting.council, pk=department_id)
    return meeting, department


def get_public_result(council_slug: str, meeting_slug: str) -> PublishedResult:
    """The latest published version for anyone; 404 unless the meeting is published."""
    result = (
        PublishedResult.objects.select_related("meeting__council")
        .filter(
            meeting__council__slug=council_slug,
            meeting__slug=meeting_slug,
            meeting__status=Meeting.Status.PUBLISHED,
        )
        .order_by("-version")
        .first()
    )
    if result is None:
        raise Http404
    return result


def published_meetings():
    """Published meetings with their versions, newest first (for the archive)."""
    return (
        Meeting.objects.filter(status=Meeting.Status.PUBLISHED, publications__isnull=False)
        .distinct()
        .select_related("council")
        .prefetch_related(
            Prefetch(
                "publications",
                queryset=PublishedResult.objects.only(
                    "pk", "meeting_id", "version", "published_at", "hwpx"
                ).order_by("-version"),
            )
        )
        .order_by("-year", "-half", "council__name")
    )
