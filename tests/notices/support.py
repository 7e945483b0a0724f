"""Shared set-up for the notice tests: members with each kind of contact."""

from __future__ import annotations

import datetime as dt

from council.notices.models import AlimtalkTemplate, Channel, MemberContact
from tests.factories import SEOUL

# 14:00 on a weekday in Seoul: outside quiet hours.
DAY = dt.datetime(2099, 12, 1, 14, 0, tzinfo=SEOUL)
NIGHT = dt.datetime(2099, 12, 1, 22, 30, tzinfo=SEOUL)


def give_contact(
    member, *, mobile="01012345678", channel=Channel.SMS, consent=True, withdrawn=False
):
    return MemberContact.objects.create(
        member=member,
        mobile=mobile,
        channel=channel,
        consent_at=DAY - dt.timedelta(days=30) if consent else None,
        withdrawn_at=DAY - dt.timedelta(days=1) if withdrawn else None,
    )


def approve_template(council, event, template_id="KA01TP000001"):
    return AlimtalkTemplate.objects.create(
        council=council,
        event=event,
        template_id=template_id,
        status=AlimtalkTemplate.Status.APPROVED,
    )


def tell(event, *, now=DAY, **kwargs) -> int:
    """A meeting-wide event (`events.round_opened`, …) recorded as a broadcast,
    then the worker's first step: how many notices that wrote."""
    from council.notices.events import expand_broadcasts

    event(now=now, **kwargs)
    return expand_broadcasts(now=now)
