"""Writing notices: one row per recipient, in the transaction of the event.

Call `notify()` inside the service's `transaction.atomic`: a rolled-back action
leaves no notice, and a committed one leaves rows the worker sends even if this
server stops right after. The channel is chosen now from the member's settings
(e-mail without a mobile number or consent; 문자 when the council's 알림톡
template is not approved); consent is checked again when sending.

Someone without an account (a facility's 현황 조사 contact) is a `Recipient` with
a name and the addresses the caller was given for the purpose (`email`,
`mobile`): a notice goes to each address given, each a `DirectContact` whose
수신 거부 (the link in every 문자) stops it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from council.models import Council, Meeting, Member
from council.notices.catalog import EVENTS, OPT_OUT_LINE
from council.notices.models import (
    AlimtalkTemplate,
    Channel,
    DirectContact,
    MemberContact,
    Notice,
)
from lib.messaging import MissingVariable, render


@dataclass(frozen=True)
class Recipient:
    """A user (a member or staff), or someone without an account: `name` with the
    `email` and/or normalized `mobile` given for this purpose."""

    user: User | None = None
    member: Member | None = None
    variables: dict = field(default_factory=dict)
    name: str = ""
    email: str = ""
    mobile: str = ""


def member_recipients(members: Iterable[Member], **variables) -> list[Recipient]:
    """Members (loaded with `select_related("user", "contact")`) as recipients."""
    return [Recipient(user=m.user, member=m, variables=dict(variables)) for m in members]


def contact_of(member: Member | None) -> MemberContact | None:
    if member is None:
        return None
    try:
        return member.contact
    except MemberContact.DoesNotExist:
        return None


def absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


# ---------------------------------------------------------------- opt-out link


# Members' tokens are `<id in base 36>-<mac>`; a DirectContact's `d<id in base 36>-<mac>`
# with its own salt (a member token never passes as a direct one, nor the reverse).
_SALTS = {"": "council.notices.opt_out", "d": "council.notices.opt_out.direct"}


def _opt_out_mac(number: int, kind: str = "") -> str:
    return salted_hmac(_SALTS[kind], str(number)).hexdigest()[:12]


def _token(number: int, kind: str = "") -> str:
    """Short and signed: `<kind><id in base 36>-<12 hex of an HMAC>`."""
    rest_number, digits = number, ""
    while True:
        rest_number, rest = divmod(rest_number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[rest] + digits
        if not rest_number:
            break
    return f"{kind}{digits}-{_opt_out_mac(number, kind)}"


def _number_for_token(token: str, kind: str = "") -> int | None:
    head, _sep, mac = token.partition("-")
    if kind and not head.startswith(kind):
        return None
    try:
        number = int(head[len(kind) :], 36)
    except ValueError:
        return None
    return number if constant_time_compare(mac, _opt_out_mac(number, kind)) else None


def opt_out_token(member: Member) -> str:
    return _token(member.pk)


def member_for_token(token: str) -> Member | None:
    member_id = _number_for_token(token)
    if member_id is None:
        return None
    return Member.objects.filter(pk=member_id).select_related("council").first()


def direct_for_token(token: str) -> DirectContact | None:
    contact_id = _number_for_token(token, "d")
    if contact_id is None:
        return None
    return DirectContact.objects.filter(pk=contact_id).first()


def opt_out_url(member: Member) -> str:
    return absolute(reverse("notice_opt_out", args=[opt_out_token(member)]))


def direct_opt_out_url(contact: DirectContact) -> str:
    return absolute(reverse("notice_opt_out", args=[_token(contact.pk, "d")]))


# ---------------------------------------------------------------- quiet hours


def in_quiet_hours(moment: dt.datetime) -> bool:
    start, end = settings.NOTICE_QUIET_HOURS
    hour = timezone.localtime(moment).hour
    if start == end:
        return False
    if start > end:  # over midnight: 21–8
        return hour >= start or hour < end
    return start <= hour < end


def after_quiet_hours(moment: dt.datetime) -> dt.datetime:
    """`moment`, or the end of the quiet hours it falls in (08:00)."""
    if not in_quiet_hours(moment):
        return moment
    start, end = settings.NOTICE_QUIET_HOURS
    local = timezone.localtime(moment)
    day = local.date()
    if start > end and local.hour >= start:
        day += dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(end)))


# ---------------------------------------------------------------- writing


def _templates(council: Council, event: str) -> AlimtalkTemplate | None:
    return AlimtalkTemplate.objects.filter(council=council, event=event).first()


def _channel_and_address(user: User, contact: MemberContact | None, kakao_ok: bool):
    """(channel, address, why not) for one recipient."""
    if contact is not None and contact.withdrawn:
        return Channel.EMAIL, "", Notice.State.OPTED_OUT
    channel = contact.effective_channel() if contact else Channel.EMAIL
    if channel == Channel.KAKAO and not kakao_ok:
        channel = Channel.SMS
    if channel == Channel.EMAIL and not user.email:
        if contact and contact.mobile and contact.consented:
            return Channel.SMS, contact.mobile, None
        return Channel.EMAIL, "", Notice.State.FAILED
    return channel, (user.email if channel == Channel.EMAIL else contact.mobile), None


def _direct_targets(recipient: Recipient) -> list[tuple[str, str, str | None, DirectContact]]:
    """(channel, address, why not, contact) for each address given for someone without
    an account: 문자 to the mobile number, e-mail to the address."""
    targets = []
    for channel, address in ((Channel.SMS, recipient.mobile), (Channel.EMAIL, recipient.email)):
        if not address:
            continue
        address = address.strip().lower()
        contact, _created = DirectContact.objects.get_or_create(address=address)
        refused = Notice.State.OPTED_OUT if contact.withdrawn else None
        targets.append((channel, address, refused, contact))
    return targets


def notify(
    *,
    event: str,
    key: str,
    council: Council,
    recipients: Iterable[Recipient],
    variables: dict | None = None,
    meeting: Meeting | None = None,
    urgent: bool = False,
    now: dt.datetime | None = None,
) -> list[Notice]:
    """Queue `event` for each recipient (once per key × recipient × channel);
    return the notices written now."""
    now = now or timezone.now()
    spec = EVENTS[event]
    shared = {"council": council.name, **(variables or {})}
    template = None
    rows = []
    due = now if urgent else after_quiet_hours(now)
    for recipient in recipients:
        contact = contact_of(recipient.member)
        if recipient.user is None:
            targets = _direct_targets(recipient)
            name = recipient.name
        else:
            if template is None and contact is not None and contact.channel == Channel.KAKAO:
                template = _templates(council, event) or AlimtalkTemplate(council=council)
            targets = [
                (
                    *_channel_and_address(
                        recipient.user, contact, bool(template and template.usable)
                    ),
                    None,
                )
            ]
            name = recipient.member.name if recipient.member else recipient.user.get_full_name()
        for channel, address, refused, direct in targets:
            values = {"name": name, **shared, **recipient.variables}
            text = spec.text + (OPT_OUT_LINE if channel == Channel.SMS else "")
            if channel == Channel.SMS:
                values["optout"] = (
                    direct_opt_out_url(direct) if direct else opt_out_url(recipient.member)
                )
            notice = Notice(
                council=council,
                meeting=meeting,
                event=event,
                key=key,
                user=recipient.user,
                member=recipient.member,
                direct=direct,
                channel=channel,
                to=address,
                urgent=urgent,
                due_at=due,
                created_at=now,
                variables={k: str(v) for k, v in values.items()}
                if channel == Channel.KAKAO
                else {},
            )
            try:
                notice.subject = render(spec.subject, values)[:200]
                notice.body = render(text, values)
            except MissingVariable as exc:
                notice.subject, notice.body = spec.subject, text
                notice.state = Notice.State.FAILED
                notice.last_error = _("템플릿 변수에 값이 없어 보내지 않았습니다: %(names)s") % {
                    "names": ", ".join(exc.names)
                }
            if refused == Notice.State.OPTED_OUT:
                notice.state = Notice.State.OPTED_OUT
                notice.last_error = _("수신 거부")
            elif refused == Notice.State.FAILED:
                notice.state = Notice.State.FAILED
                notice.last_error = _("전자우편 주소도 문자 수신 동의도 없습니다.")
            rows.append(notice)
    # Already queued for this event: left out (and the unique keys settle a race).
    existing = {
        (user_id or f"d{direct_id}", channel)
        for user_id, direct_id, channel in Notice.objects.filter(key=key).values_list(
            "user_id", "direct_id", "channel"
        )
    }
    rows = [n for n in rows if (n.user_id or f"d{n.direct_id}", n.channel) not in existing]
    return Notice.objects.bulk_create(rows, ignore_conflicts=True)


def cancel_queued(*, key_prefix: str, reason: str) -> int:
    """Notices not yet sent whose content no longer holds (a stopped link): not sent."""
    return Notice.objects.filter(key__startswith=key_prefix, state=Notice.State.QUEUED).update(
        state=Notice.State.CANCELLED, last_error=reason[:300]
    )
