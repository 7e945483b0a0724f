"""Sending the outbox: `manage.py send_notices` (a loop, or `--once` from cron)
and `send_reminders` (cron) both call `drain()`.

A worker claims a batch in a short transaction (`SELECT … FOR UPDATE SKIP
LOCKED` on PostgreSQL, so two workers on two servers never take the same row;
SQLite has one writer at a time), marks it 보내는 중, and sends outside the
transaction. A worker that dies after claiming leaves rows that another claims
again after `Notice.LEASE_SECONDS`.

Failures: a provider that does not answer (`ProviderUnavailable`) keeps the
notice queued with a growing delay and never fails it (staff see a warning);
a message the provider refuses (`ProviderRejected`) is retried with growing
delays up to NOTICE_MAX_ATTEMPTS, then marked 실패 with the provider's reason.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections import Counter

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone

from council.notices import reports
from council.notices.events import expand_broadcasts
from council.notices.models import AlimtalkTemplate, Channel, Notice
from council.notices.outbox import after_quiet_hours, contact_of, in_quiet_hours, opt_out_url
from lib.messaging import (
    ProviderRejected,
    ProviderUnavailable,
    TextMessage,
    get_backend,
)

logger = logging.getLogger("council.notices")
MAX_DELAY = dt.timedelta(hours=6)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:60]


def claim(*, now: dt.datetime, batch: int, worker: str) -> list[Notice]:
    with transaction.atomic():
        due = Notice.objects.due(now).order_by("due_at", "pk")
        if in_quiet_hours(now):  # only what may go at night (the receipt)
            due = due.filter(urgent=True)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        else:
            due = due.select_for_update()
        ids = list(due.values_list("pk", flat=True)[:batch])
        if not ids:
            return []
        Notice.objects.filter(pk__in=ids).update(
            state=Notice.State.SENDING, claimed_at=now, claimed_by=worker
        )
    return list(
        Notice.objects.filter(pk__in=ids)
        .select_related("member__contact", "user", "council", "direct")
        .order_by("due_at", "pk")
    )


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes (NOTICE_RETRY_SECONDS doubled), at most six hours."""
    seconds = settings.NOTICE_RETRY_SECONDS * (2 ** max(attempts - 1, 0))
    return min(dt.timedelta(seconds=seconds), MAX_DELAY)


def _finish(notice: Notice, **fields) -> None:
    """Store the outcome, only if this worker still holds the row."""
    Notice.objects.filter(
        pk=notice.pk, state=Notice.State.SENDING, claimed_by=notice.claimed_by
    ).update(claimed_at=None, **fields)


def _text_message(notice: Notice, templates: dict) -> TextMessage:
    channel, text = notice.channel, notice.body
    template = None
    if channel == Channel.KAKAO:
        key = (notice.council_id, notice.event)
        if key not in templates:
            templates[key] = AlimtalkTemplate.objects.filter(
                council_id=notice.council_id, event=notice.event
            ).first()
        template = templates[key]
        if template is None or not template.usable:
            # Not (or no longer) approved by Kakao: 문자, with its opt-out link.
            channel = Channel.SMS
            text = f"{text}\n수신거부 {opt_out_url(notice.member)}"
    return TextMessage(
        channel=channel,
        to=notice.to,
        text=text,
        subject=notice.subject,
        template_id=template.template_id if channel == Channel.KAKAO else "",
        variables=notice.variables if channel == Channel.KAKAO else {},
        reference=str(notice.pk),
    )


def deliver(notice: Notice, *, backend, now: dt.datetime, templates: dict) -> str:
    """Send one claimed notice; return its new state."""
    contact = contact_of(notice.member)
    if (contact is not None and contact.withdrawn) or (
        notice.direct is not None and notice.direct.withdrawn
    ):
        _finish(notice, state=Notice.State.OPTED_OUT, last_error="수신 거부")
        return Notice.State.OPTED_OUT
    # Someone without an account gave the address for this purpose: no member consent.
    if (
        notice.direct is None
        and notice.channel != Channel.EMAIL
        and (contact is None or not contact.consented)
    ):
        _finish(notice, state=Notice.State.OPTED_OUT, last_error="문자 수신 동의 없음")
        return Notice.State.OPTED_OUT
    if not notice.urgent and after_quiet_hours(now) != now:
        _finish(notice, state=Notice.State.QUEUED, due_at=after_quiet_hours(now))
        return Notice.State.QUEUED
    attempts = notice.attempts + 1
    try:
        if notice.channel == Channel.EMAIL:
            try:
                send_mail(
                    subject=notice.subject,
                    message=notice.body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[notice.to],
                )
            except OSError as exc:  # the mail server did not answer
                raise ProviderUnavailable(str(exc)) from None
            provider_id = ""
        else:
            provider_id = backend.send(_text_message(notice, templates))
    except ProviderUnavailable as exc:
        logger.warning("Notice %s: provider unavailable: %s", notice.pk, exc)
        _finish(
            notice,
            state=Notice.State.QUEUED,
            attempts=attempts,
            due_at=now + retry_delay(attempts),
            last_error=f"연결 안 됨: {exc}"[:300],
        )
        return Notice.State.QUEUED
    except ProviderRejected as exc:
        reason = str(exc)[:300]
        logger.warning("Notice %s refused by the provider: %s", notice.pk, reason)
        if attempts >= settings.NOTICE_MAX_ATTEMPTS:
            _finish(notice, state=Notice.State.FAILED, attempts=attempts, last_error=reason)
            return Notice.State.FAILED
        _finish(
            notice,
            state=Notice.State.QUEUED,
            attempts=attempts,
            due_at=now + retry_delay(attempts),
            last_error=reason,
        )
        return Notice.State.QUEUED
    _finish(
        notice,
        state=Notice.State.SENT,
        attempts=attempts,
        sent_at=now,
        provider_id=provider_id,
        last_error="",
    )
    return Notice.State.SENT


def drain(
    *, now: dt.datetime | None = None, batch: int = 50, worker: str = "", limit: int = 0
) -> Counter:
    """Write the notices of recorded broadcasts, then send what is due; return how
    many ended in each state."""
    expand_broadcasts(now=now)
    worker = worker or worker_name()
    backend = get_backend()
    templates: dict = {}
    counts: Counter = Counter()
    fixed_now = now
    while True:
        now = fixed_now or timezone.now()
        claimed = claim(now=now, batch=batch, worker=worker)
        if not claimed:
            break
        for notice in claimed:
            counts[deliver(notice, backend=backend, now=now, templates=templates)] += 1
        if limit and sum(counts.values()) >= limit:
            break
        if counts[Notice.State.QUEUED] and counts[Notice.State.QUEUED] >= sum(counts.values()):
            break  # everything went back to the queue: the provider is down
    if settings.NOTICE_WEBHOOK_CONFIRM:
        confirmed = reports.confirm_reports(backend=backend, now=fixed_now)
        if confirmed:
            counts["confirmed"] += confirmed
    return counts
