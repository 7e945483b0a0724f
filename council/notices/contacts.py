"""A member's contact preferences and consent: one service each, in one transaction."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Council, Member
from council.notices.models import Channel, DirectContact, MemberContact, Notice
from lib.phones import normalize_mobile


@transaction.atomic
def set_contact(
    *,
    member: Member,
    mobile: str,
    channel: str,
    consent: bool,
    opted_out: bool = False,
    by: User,
    now: dt.datetime | None = None,
) -> MemberContact:
    """Store the number (normalized), the channel, consent to 문자·알림톡 (with the
    date it was given) and 수신 거부 of every notice (with its date).

    문자 and 알림톡 need a mobile number and consent; a landline is refused.
    """
    now = now or timezone.now()
    mobile = normalize_mobile(mobile) if mobile.strip() else ""
    if channel != Channel.EMAIL and not mobile:
        raise ValidationError(_("문자·알림톡으로 받으려면 휴대전화 번호를 적어 주세요."))
    if channel != Channel.EMAIL and not consent:
        raise ValidationError(_("문자·알림톡으로 받으려면 수신에 동의해 주세요."))
    contact, _created = MemberContact.objects.select_for_update().get_or_create(member=member)
    contact.mobile = mobile
    contact.channel = channel
    if consent and contact.consent_at is None:
        contact.consent_at = now
    elif not consent:
        contact.consent_at = None
    if opted_out and not contact.withdrawn:
        contact.withdrawn_at = now
    elif not opted_out:
        contact.withdrawn_at = None
    contact.changed_by = by
    contact.save()
    return contact


@transaction.atomic
def withdraw(
    *, member: Member, by: User | None = None, now: dt.datetime | None = None
) -> MemberContact:
    """수신 거부: no further notice to this member, by any channel."""
    contact, _created = MemberContact.objects.select_for_update().get_or_create(member=member)
    if not contact.withdrawn:
        contact.withdrawn_at = now or timezone.now()
        contact.changed_by = by
        contact.save(update_fields=["withdrawn_at", "changed_by"])
    return contact


@transaction.atomic
def withdraw_direct(contact: DirectContact, *, now: dt.datetime | None = None) -> DirectContact:
    """수신 거부 of an address of someone without an account (the link in their 문자)."""
    DirectContact.objects.filter(pk=contact.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=now or timezone.now()
    )
    contact.refresh_from_db()
    return contact


def council_of_direct(contact: DirectContact) -> Council | None:
    """The council that last wrote to the address (the opt-out page names it)."""
    notice = Notice.objects.filter(direct=contact).select_related("council").first()
    return notice.council if notice else None
