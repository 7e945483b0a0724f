"""Staff hear of the public's correction requests once a day (council outbox):
one digest per council with the requests of the previous day."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from council.models import Council
from council.notices.outbox import Recipient, notify
from facilities.models import CorrectionRequest


def digest_job(*, now: dt.datetime, base_url: str) -> str:
    """For `send_reminders`: yesterday's new correction requests, once per council and day."""
    today = timezone.localdate(now)
    start = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=1), dt.time()))
    end = start + dt.timedelta(days=1)
    queued = 0
    requests = CorrectionRequest.objects.filter(
        created_at__gte=start, created_at__lt=end, status=CorrectionRequest.Status.NEW
    ).select_related("facility")
    by_council: dict[int, list[CorrectionRequest]] = {}
    for request in requests:
        by_council.setdefault(request.facility.council_id, []).append(request)
    for council in Council.objects.filter(pk__in=by_council).prefetch_related("staff__user"):
        items = by_council[council.pk]
        names = sorted({r.facility.name for r in items})
        queued += len(
            notify(
                event="corrections_digest",
                key=f"corrections_digest:{council.pk}:{today:%Y%m%d}",
                council=council,
                recipients=[
                    Recipient(user=s.user, variables={"name": s.name}) for s in council.staff.all()
                ],
                variables={
                    "count": len(items),
                    "facilities": ", ".join(names[:5]) + (" 외" if len(names) > 5 else ""),
                    "link": settings.PORTAL_BASE_URL.rstrip("/")
                    + reverse("finder_staff:corrections", args=[council.slug]),
                },
                now=now,
            )
        )
    return f"queued {queued} correction digest(s)"
