"""The roster: members and staff of a council, their terms, the set-password link."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from council.models import (
    Council,
    Member,
    Staff,
)
from lib import mail
from lib.dates import korean_date


def _free_username(council: Council) -> str:
    prefix = f"{council.slug[:12]}-m"
    number = Member.objects.filter(council=council).count() + 1
    while User.objects.filter(username=f"{prefix}{number:02d}").exists():
        number += 1
    return f"{prefix}{number:02d}"


def set_password_url(*, user: User, base_url: str) -> str:
    """A one-time link (Django's reset token) to the existing set-password page.

    The token stops working once the password is set or the user logs in.
    """
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("password_reset_confirm", args=[uid, token])


def send_set_password_link(*, member: Member, base_url: str) -> None:
    """E-mail the member a link to set their password (first time, or again)."""
    user = member.user
    context = {
        "member": member,
        "council": member.council,
        "username": user.username,
        "url": set_password_url(user=user, base_url=base_url),
    }
    mail.send_or_log(
        subject=_("[%(council)s] 포털 비밀번호를 설정해 주세요") % {"council": member.council.name},
        message=render_to_string("council/email/set_password.txt", context),
        recipient_list=[user.email],
    )


@transaction.atomic
def add_member(
    *,
    council: Council,
    name: str,
    email: str,
    role: str,
    affiliation: str,
    term_start: dt.date,
    term_end: dt.date | None = None,
    username: str = "",
    base_url: str,
    send_link: bool = True,
    sector: str = "",
) -> Member:
    """Create the member and their login (no usable password) and send the set-password link.

    `send_link=False` only for accounts whose password is set otherwise (the demo).
    """
    username = username.strip() or _free_username(council)
    user = User(username=username, email=email, first_name=name)
    user.set_unusable_password()
    user.save()
    member = Member.objects.create(
        user=user,
        council=council,
        name=name,
        role=role,
        affiliation=affiliation,
        sector=sector,
        term_start=term_start,
        term_end=term_end,
    )
    if send_link:
        # Send only once the rows are really there.
        transaction.on_commit(lambda: send_set_password_link(member=member, base_url=base_url))
    return member


@transaction.atomic
def add_staff(*, council: Council, user: User, name: str) -> Staff:
    """Make an account district staff (사무국) of the council."""
    return Staff.objects.create(user=user, council=council, name=name)


@transaction.atomic
def renew_terms(*, members: list[Member], term_end: dt.date, today: dt.date | None = None) -> int:
    """Extend the terms of `members` (연임) to `term_end` in one go; each change is
    kept in the member's history with the reason "연임". Returns how many changed."""
    today = today or timezone.localdate()
    locked = list(
        Member.objects.select_for_update().filter(pk__in=[m.pk for m in members]).order_by("pk")
    )
    for member in locked:
        if term_end < member.term_start or term_end <= today:
            raise ValidationError(
                _("새 임기 종료일은 오늘보다 뒤이고 %(name)s 위원의 임기 시작일보다 뒤여야 합니다.")
                % {"name": member.name}
            )
        if member.term_end is not None and term_end <= member.term_end:
            raise ValidationError(
                _("%(name)s 위원의 임기는 이미 %(end)s까지입니다. 그보다 뒤의 날짜를 고르세요.")
                % {"name": member.name, "end": korean_date(member.term_end)}
            )
    for member in locked:
        member.term_end = term_end
        member._change_reason = _("연임")  # django-simple-history's reason for this save
        member.save(update_fields=["term_end"])
    return len(locked)


@transaction.atomic
def end_term(*, member: Member, term_end: dt.date) -> Member:
    """End the member's term on `term_end`; the history keeps the earlier term."""
    refusal = Member.term_refusal(member.term_start, term_end)
    if refusal:
        raise ValidationError(refusal)
    member.term_end = term_end
    member.save(update_fields=["term_end"])
    return member
