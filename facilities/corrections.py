"""Correction requests (정보 수정 요청): the public reports wrong data; staff work the queue.

`submit_correction` is the one place the per-client limit is decided: over
it, the request is refused with a Korean message and nothing is stored,
while the sender's earlier requests stay as they were. The client is known
only by a keyed hash of its address (`client_key`).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from council.access import get_council_for_staff
from facilities.models import CorrectionRequest, Facility
from lib import compiled, ratelimit
from lib.errors import Refused

# (requests, seconds): at most 5 an hour and 20 a day from one client, over all facilities.
LIMITS = ((5, 60 * 60), (20, 24 * 60 * 60))


class TooManyRequests(Refused):
    """The client sent its share of requests for now."""


def client_key(ip: str | None) -> str:
    """A keyed hash of the client's address (lib.ratelimit): it groups one client's
    requests for the limit without keeping the address itself."""
    return ratelimit.client_key(ip, purpose="facilities.corrections.client")


@transaction.atomic
def submit_correction(
    *, facility: Facility, message: str, contact: str, client: str, now: dt.datetime | None = None
) -> CorrectionRequest:
    """Store a request from the public, or refuse it (TooManyRequests) over the limit."""
    now = now or timezone.now()
    recent = CorrectionRequest.objects.filter(
        client_key=client, created_at__gt=now - ratelimit.window(LIMITS)
    ).values_list("created_at", flat=True)
    if ratelimit.over_limit(recent, LIMITS, now=now):
        raise TooManyRequests(
            _(
                "같은 곳에서 보낸 요청이 많아 지금은 더 받을 수 없습니다. "
                "앞서 보내신 요청은 잘 접수되었습니다. 급한 내용은 전화로 알려 주세요."
            ),
            code="too_many",
        )
    return CorrectionRequest.objects.create(
        facility=facility, message=message, contact=contact, client_key=client, created_at=now
    )


def get_correction_for_staff(user: User, council_slug: str, pk: int) -> CorrectionRequest:
    """A request about one of the council's facilities; staff only (council.access rules)."""
    council = get_council_for_staff(user, council_slug)
    correction = get_object_or_404(
        CorrectionRequest.objects.select_related("facility", "facility__dong", "resolved_by"),
        facility__council=council,
        pk=pk,
    )
    correction.facility.council = council
    return correction


def new_requests_query(council_id: int) -> QuerySet[CorrectionRequest]:
    return CorrectionRequest.objects.filter(
        facility__council_id=council_id, status=CorrectionRequest.Status.NEW
    )


def new_count(council) -> int:
    """새 요청 waiting in the council's queue (the staff dashboard shows it; its SQL is
    compiled once per council: lib.compiled)."""
    return compiled.count(new_requests_query, council.pk)
