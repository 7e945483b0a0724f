"""Login lockout: an account locks on its own failures; an address is only slowed
when it sprays wrong passwords over many accounts (issue 24, item 1).

django-axes counts failures **per account** (AXES_LOCKOUT_PARAMETERS =
["username"]): after AXES_FAILURE_LIMIT failures, from any address, the account
is locked for AXES_COOLOFF_TIME. It cannot express the address rule (a retry-time
limit that grows, and only once failures spread over many accounts), so that rule
lives here and reads axes' own failure log (AccessFailureLog, one row per wrong
password with the client address).

An address is *spraying* when, within LOGIN_SPRAY_WINDOW_MINUTES, it failed on
at least LOGIN_SPRAY_ACCOUNTS different accounts and at least
LOGIN_SPRAY_FAILURES times. It must then wait LOGIN_SPRAY_BASE_DELAY_SECONDS
after its latest failure, doubling with each failure past the threshold, up to
LOGIN_SPRAY_MAX_DELAY_SECONDS. A room of members typing their passwords wrong a
few times never gets there, and a member with the right password gets in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.http import HttpRequest
from django.utils import timezone

from council import audit


@dataclass(frozen=True)
class AccountLock:
    username: str
    until: dt.datetime


def account_lock(username: str, *, now: dt.datetime | None = None) -> AccountLock | None:
    """The account's lock (until when), or None when it may log in."""
    if not username:
        return None
    now = now or timezone.now()
    row = AccessAttempt.objects.filter(username=username).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    if (row["failures"] or 0) < settings.AXES_FAILURE_LIMIT or row["last"] is None:
        return None
    until = row["last"] + get_cool_off()
    return AccountLock(username, until) if until > now else None


def locked_usernames(usernames, *, now: dt.datetime | None = None) -> dict[str, dt.datetime]:
    """Of these usernames, the locked ones and until when (one query; for the roster)."""
    now = now or timezone.now()
    rows = (
        AccessAttempt.objects.filter(username__in=list(usernames))
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    )
    locks = {}
    for row in rows:
        if row["failures"] >= settings.AXES_FAILURE_LIMIT:
            until = row["last"] + get_cool_off()
            if until > now:
                locks[row["username"]] = until
    return locks


def address_delay(failures: int) -> dt.timedelta:
    """The wait after a spraying address's latest failure: doubles per failure past
    the threshold, capped."""
    excess = max(0, failures - settings.LOGIN_SPRAY_FAILURES)
    seconds = settings.LOGIN_SPRAY_BASE_DELAY_SECONDS * 2 ** min(excess, 30)
    return dt.timedelta(seconds=min(seconds, settings.LOGIN_SPRAY_MAX_DELAY_SECONDS))


def address_retry_at(ip_address: str | None, *, now: dt.datetime | None = None):
    """When this address may try again, or None when it is not spraying (or has waited)."""
    if not ip_address:
        return None
    now = now or timezone.now()
    since = now - dt.timedelta(minutes=settings.LOGIN_SPRAY_WINDOW_MINUTES)
    row = AccessFailureLog.objects.filter(ip_address=ip_address, attempt_time__gte=since).aggregate(
        failures=Count("id"), accounts=Count("username", distinct=True), last=Max("attempt_time")
    )
    if (
        row["failures"] < settings.LOGIN_SPRAY_FAILURES
        or row["accounts"] < settings.LOGIN_SPRAY_ACCOUNTS
    ):
        return None
    retry_at = row["last"] + address_delay(row["failures"])
    return retry_at if retry_at > now else None


def unlock_account(request: HttpRequest, *, user, reason: str, council=None) -> bool:
    """Staff lift an account's lock, saying why; recorded in the audit log.
    Returns whether the account was locked."""
    with transaction.atomic():
        was_locked = account_lock(user.username) is not None
        reset(username=user.username)
        audit.record(
            request,
            action="account_unlock",
            target=user.get_full_name() or user.username,
            council=council,
            reason=reason,
        )
    return was_locked
