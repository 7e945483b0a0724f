"""Delivery reports: what a provider says became of a message it sent.

`record()` is the webhook's one rule (council.notices.views.delivery_report):
a report is taken only for a message this outbox sent (a forger would have to
know a real provider message id), and the same report twice is recorded once
(the unique key on message id × status code). With NOTICE_WEBHOOK_CONFIRM the
report alone changes nothing: `confirm_reports()` (run by the worker) asks the
provider for that message's status through the backend's lookup and records
what the provider answers, so even a report that names a real message id cannot
mark a notice delivered or failed unless the provider says so.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from council.notices.models import DeliveryReport, Notice
from lib.messaging import ProviderRejected, ProviderUnavailable

logger = logging.getLogger("council.notices")

# Solapi's status codes: 수신 완료; still on its way (접수, 이통사 전달 중).
DELIVERED_CODES = {"4000"}
PENDING_CODES = {"2000", "3000"}
# A report the provider cannot confirm after this many lookups is left as is.
MAX_CHECKS = 12
BATCH = 50

RECORDED, DUPLICATE, UNKNOWN = "recorded", "duplicate", "unknown"


def _apply(notice_id: int, code: str, reason: str, now: dt.datetime) -> None:
    """Record a final status on the notice; a pending one changes nothing."""
    if code in PENDING_CODES:
        return
    if code in DELIVERED_CODES:
        Notice.objects.filter(pk=notice_id).update(state=Notice.State.DELIVERED, delivered_at=now)
    else:
        Notice.objects.filter(pk=notice_id).update(
            state=Notice.State.FAILED, last_error=f"{code} {reason}".strip()[:300]
        )


def record(*, message_id: str, code: str, reason: str, now: dt.datetime | None = None) -> str:
    """Take one report: RECORDED, DUPLICATE (seen before) or UNKNOWN (no notice
    of ours has that message id: refused, nothing written)."""
    now = now or timezone.now()
    notice_id = (
        Notice.objects.filter(provider_id=message_id)
        .exclude(provider_id="")
        .values_list("pk", flat=True)
        .first()
    )
    if notice_id is None:
        return UNKNOWN
    confirm = settings.NOTICE_WEBHOOK_CONFIRM
    try:
        with transaction.atomic():
            DeliveryReport.objects.create(
                provider_id=message_id,
                status_code=code,
                status_message=reason[:300],
                notice_id=notice_id,
                received_at=now,
                applied_at=None if confirm else now,
            )
            if not confirm:
                _apply(notice_id, code, reason, now)
    except IntegrityError:
        return DUPLICATE
    return RECORDED


def confirm_reports(*, backend, now: dt.datetime | None = None) -> int:
    """For the worker: ask the provider about each report not yet applied and
    record the provider's own answer; how many were settled. A backend without a
    lookup (console, folder) confirms nothing."""
    if not hasattr(backend, "status"):
        return 0
    now = now or timezone.now()
    wait = dt.timedelta(seconds=settings.NOTICE_RETRY_SECONDS)
    pending = (
        DeliveryReport.objects.filter(
            applied_at__isnull=True, notice__isnull=False, checks__lt=MAX_CHECKS
        )
        .filter(Q(checked_at__isnull=True) | Q(checked_at__lte=now - wait))
        .order_by("received_at", "pk")[:BATCH]
    )
    settled = 0
    for report in pending:
        checked = DeliveryReport.objects.filter(pk=report.pk)
        try:
            code, reason = backend.status(report.provider_id)
        except ProviderUnavailable as exc:
            logger.warning("Could not confirm delivery report %s: %s", report.pk, exc)
            checked.update(checked_at=now, checks=F("checks") + 1)
            break  # the provider is down: try the rest later
        except ProviderRejected as exc:
            logger.warning("The provider refused to confirm report %s: %s", report.pk, exc)
            checked.update(checked_at=now, checks=F("checks") + 1)
            continue
        if not code:
            logger.warning(
                "Delivery report %s names message %s, which the provider does not know",
                report.pk,
                report.provider_id,
            )
            checked.update(checked_at=now, checks=MAX_CHECKS)
            continue
        if code in PENDING_CODES:
            checked.update(checked_at=now, checks=F("checks") + 1, confirmed_code=code)
            continue
        with transaction.atomic():
            checked.update(
                checked_at=now, checks=F("checks") + 1, confirmed_code=code, applied_at=now
            )
            _apply(report.notice_id, code, reason or report.status_message, now)
        if code != report.status_code:
            logger.warning(
                "Delivery report %s said %s; the provider says %s",
                report.pk,
                report.status_code,
                code,
            )
        settled += 1
    return settled
