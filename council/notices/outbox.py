"""Writing notices: one row per recipient, in the transaction of the event.

Call `notify()` inside the service's `transaction.atomic`: a rolled-back action
leaves no notice, and a committed one leaves rows the worker sends even if this
server stops right after. (An event for every invited member writes a
`Broadcast` instead, and the worker calls `notify()` for it: events.py.)
The channel is chosen now from the member's settings
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
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import F
from django.db.models.constants import OnConflict
from django.db.models.lookups import IsNull
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
    effective_channel,
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


@dataclass(frozen=True, slots=True)
class Addressee:
    """What writing a notice needs of one person, flat: read for a whole meeting's
    members in one query (`addressees`) without building their models."""

    user_id: int | None
    email: str
    name: str
    member_id: int | None = None
    mobile: str = ""
    channel: str = Channel.EMAIL
    consented: bool = False
    withdrawn: bool = False
    variables: dict = field(default_factory=dict)
    # Someone without an account: one addressee per address (its DirectContact).
    direct_id: int | None = None


def addressees(members) -> list[Addressee]:
    """A queryset of members as addressees, in one query (their contact joined;
    consent and 수신 거부 read as yes/no, not as dates to parse)."""
    rows = members.annotate(
        _consented=IsNull(F("contact__consent_at"), False),
        _withdrawn=IsNull(F("contact__withdrawn_at"), False),
    ).values_list(
        "pk",
        "name",
        "user_id",
        "user__email",
        "contact__mobile",
        "contact__channel",
        "_consented",
        "_withdrawn",
    )
    return [
        Addressee(
            user_id=user_id,
            email=email or "",
            name=name,
            member_id=pk,
            mobile=mobile or "",
            channel=channel or Channel.EMAIL,
            consented=bool(consented) and not withdrawn,
            withdrawn=bool(withdrawn),
        )
        for pk, name, user_id, email, mobile, channel, consented, withdrawn in rows
    ]


def _direct_addressees(recipient: Recipient) -> list[Addressee]:
    """Each address given for someone without an account: 문자 to the mobile number,
    e-mail to the address (giving it for the purpose is the consent)."""
    people = []
    for channel, address in ((Channel.SMS, recipient.mobile), (Channel.EMAIL, recipient.email)):
        if not address:
            continue
        address = address.strip().lower()
        contact, _created = DirectContact.objects.get_or_create(address=address)
        people.append(
            Addressee(
                user_id=None,
                email=address if channel == Channel.EMAIL else "",
                name=recipient.name,
                mobile=address if channel == Channel.SMS else "",
                channel=channel,
                consented=True,
                withdrawn=contact.withdrawn,
                variables=recipient.variables,
                direct_id=contact.pk,
            )
        )
    return people


def _addressees_of(recipient: Recipient | Addressee) -> list[Addressee]:
    if isinstance(recipient, Recipient) and recipient.user is None:
        return _direct_addressees(recipient)
    return [_addressee(recipient)]


def _addressee(recipient: Recipient | Addressee) -> Addressee:
    if isinstance(recipient, Addressee):
        return recipient
    member, user = recipient.member, recipient.user
    contact = contact_of(member)
    return Addressee(
        user_id=user.pk,
        email=user.email,
        name=member.name if member else user.get_full_name(),
        member_id=member.pk if member else None,
        mobile=contact.mobile if contact else "",
        channel=contact.channel if contact else Channel.EMAIL,
        consented=bool(contact and contact.consented),
        withdrawn=bool(contact and contact.withdrawn),
        variables=recipient.variables,
    )


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


def opt_out_token(member: Member | int) -> str:
    return _token(member if isinstance(member, int) else member.pk)


def direct_opt_out_token(contact: DirectContact | int) -> str:
    return _token(contact if isinstance(contact, int) else contact.pk, "d")


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


def _channel_and_address(a: Addressee, kakao_ok: bool):
    """(channel, address, why not) for one addressee."""
    if a.direct_id is not None:  # one address, by its own channel
        refused = Notice.State.OPTED_OUT if a.withdrawn else None
        return a.channel, a.mobile or a.email, refused
    if a.withdrawn:
        return Channel.EMAIL, "", Notice.State.OPTED_OUT
    channel = effective_channel(a.channel, a.mobile, a.consented)
    if channel == Channel.KAKAO and not kakao_ok:
        channel = Channel.SMS
    if channel == Channel.EMAIL and not a.email:
        if a.mobile and a.consented:
            return Channel.SMS, a.mobile, None
        return Channel.EMAIL, "", Notice.State.FAILED
    return channel, (a.email if channel == Channel.EMAIL else a.mobile), None


# Per-person values stand in the once-rendered text as these marks until each
# notice is written (a value never holds a NUL).
_NAME, _OPTOUT = "\x00name\x00", "\x00optout\x00"


class _Texts:
    """An event's subject and texts rendered once with the values every recipient
    shares; each notice then only puts in its person's name and opt-out link. A
    recipient with values of its own is rendered whole (`lib.messaging.render`),
    and any missing value refuses that notice as `render` does."""

    def __init__(self, spec, shared: dict):
        self.spec, self.shared = spec, shared
        marks = {"name": _NAME, "optout": _OPTOUT, **shared}  # a shared name wins
        try:
            self.subject = render(spec.subject, marks)
            self.text = render(spec.text, marks)
            self.sms_text = render(spec.text + OPT_OUT_LINE, marks)
            self.missing = None
        except MissingVariable as exc:
            self.missing = exc
        # The opt-out address with a stand-in token: reverse() once per event.
        self._opt_out = absolute(reverse("notice_opt_out", args=["TOKEN"]))

    def opt_out_url(self, a: Addressee) -> str:
        """The member's opt-out link, or the address's for someone without an account."""
        if a.direct_id:
            return self._opt_out.replace("TOKEN", direct_opt_out_token(a.direct_id))
        return self._opt_out.replace("TOKEN", opt_out_token(a.member_id)) if a.member_id else ""

    def values(self, a: Addressee, channel: str) -> dict:
        values = {"name": a.name, **self.shared, **a.variables}
        if channel == Channel.SMS:
            values["optout"] = self.opt_out_url(a)
        return values

    def fill(self, a: Addressee, channel: str) -> tuple[str, str]:
        """(subject, body) for one addressee, or MissingVariable."""
        if a.variables or self.missing:
            values = self.values(a, channel)
            text = self.spec.text + (OPT_OUT_LINE if channel == Channel.SMS else "")
            return render(self.spec.subject, values)[:200], render(text, values)
        if not a.name and "name" not in self.shared:
            raise MissingVariable(["name"])
        if channel == Channel.SMS:
            optout = self.opt_out_url(a)
            if not optout:
                raise MissingVariable(["optout"])
            body = self.sms_text.replace(_OPTOUT, optout)
        else:
            body = self.text
        return self.subject.replace(_NAME, a.name)[:200], body.replace(_NAME, a.name)


@dataclass(frozen=True, slots=True)
class Queued:
    """A notice as written by `notify` (its row is in the outbox)."""

    user_id: int | None
    member_id: int | None
    direct_id: int | None
    event: str
    channel: str
    to: str
    subject: str
    body: str
    state: str
    last_error: str
    due_at: dt.datetime
    created_at: dt.datetime
    variables: dict


# The columns `notify` writes; the others are empty until the worker fills them.
_COLUMNS = (
    "council_id",
    "meeting_id",
    "key",
    "urgent",
    "attempts",
    "claimed_by",
    "provider_id",
    "user_id",
    "member_id",
    "direct_id",
    "event",
    "channel",
    "to",
    "subject",
    "body",
    "state",
    "last_error",
    "due_at",
    "created_at",
    "variables",
)


def _insert(rows: list[tuple]) -> None:
    """Write outbox rows in one statement per row through `executemany`, skipping
    a row the unique key already holds (a concurrent event: `notice_once`).

    Not `bulk_create`: preparing each of ~20 values per row through the ORM cost
    more than the whole opening of a round (bench `notices-enqueue`); the values
    here are adapted as the ORM would (times and JSON by the backend's own
    adapters), and no per-row signal or save() exists for Notice to skip."""
    if not rows:
        return
    ops = connection.ops
    fields = [Notice._meta.get_field(name) for name in _COLUMNS]
    on_conflict = ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = (
        f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} "
        f"{ops.quote_name(Notice._meta.db_table)} ({columns}) VALUES ({marks}) {on_conflict}"
    )
    # One event's rows share their times and mostly an empty `variables`: each
    # distinct value is adapted once.
    adapted: dict = {}

    def adapt(value, adapter):
        key = (adapter, value if not isinstance(value, dict) else repr(value))
        if key not in adapted:
            adapted[key] = adapter(value)
        return adapted[key]

    time, json = ops.adapt_datetimefield_value, partial(ops.adapt_json_value, encoder=None)
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                (*row[:-3], adapt(row[-3], time), adapt(row[-2], time), adapt(row[-1], json))
                for row in rows
            ],
        )


def tell_meeting(
    event: str,
    key: str,
    meeting: Meeting,
    recipients: Iterable[Recipient | Addressee],
    variables: dict,
    now: dt.datetime,
    *,
    urgent: bool = False,
) -> int:
    """Queue `event` about `meeting` for `recipients`; how many notices were written."""
    return len(
        notify(
            event=event,
            key=key,
            council=meeting.council,
            meeting=meeting,
            recipients=recipients,
            variables=variables,
            urgent=urgent,
            now=now,
        )
    )


def notify(
    *,
    event: str,
    key: str,
    council: Council,
    recipients: Iterable[Recipient | Addressee],
    variables: dict | None = None,
    meeting: Meeting | None = None,
    urgent: bool = False,
    now: dt.datetime | None = None,
) -> list[Queued]:
    """Queue `event` for each recipient (once per key × recipient × channel);
    return the notices written now.

    Cost: the texts are rendered once per event, the 알림톡 template read at most
    once, the keys already queued read in one query and the rows written in one
    `executemany` (no per-row signal or audit), so an event for 100 members costs
    the same number of queries as one for 10."""
    now = now or timezone.now()
    spec = EVENTS[event]
    texts = _Texts(spec, {"council": council.name, **(variables or {})})
    people = [a for r in recipients for a in _addressees_of(r)]
    kakao_ok = False
    if any(a.channel == Channel.KAKAO and not a.withdrawn for a in people):
        template = _templates(council, event)
        kakao_ok = bool(template and template.usable)
    due = now if urgent else after_quiet_hours(now)
    # Already queued for this event: left out (and the unique key settles a race).
    existing = set(Notice.objects.filter(key=key).values_list("user_id", "direct_id", "channel"))
    written = []
    for a in people:
        channel, address, refused = _channel_and_address(a, kakao_ok)
        if (a.user_id, a.direct_id, channel) in existing:
            continue
        existing.add((a.user_id, a.direct_id, channel))
        state, error = Notice.State.QUEUED, ""
        try:
            subject, body = texts.fill(a, channel)
        except MissingVariable as exc:
            subject = spec.subject
            body = spec.text + (OPT_OUT_LINE if channel == Channel.SMS else "")
            state = Notice.State.FAILED
            error = _("템플릿 변수에 값이 없어 보내지 않았습니다: %(names)s") % {
                "names": ", ".join(exc.names)
            }
        values = {}
        if channel == Channel.KAKAO:
            values = {k: str(v) for k, v in texts.values(a, channel).items()}
        if refused == Notice.State.OPTED_OUT:
            state, error = Notice.State.OPTED_OUT, _("수신 거부")
        elif refused == Notice.State.FAILED:
            state, error = Notice.State.FAILED, _("전자우편 주소도 문자 수신 동의도 없습니다.")
        written.append(
            Queued(
                a.user_id,
                a.member_id,
                a.direct_id,
                event,
                channel,
                address,
                subject,
                body,
                state,
                error,
                due,
                now,
                values,
            )
        )
    head = (council.pk, meeting.pk if meeting else None, key, urgent, 0, "", "")
    _insert([(*head, *astuple_fast(q)) for q in written])
    return written


def astuple_fast(q: Queued) -> tuple:
    """The row's own columns, in `_COLUMNS` order after the event's shared ones."""
    return (
        q.user_id,
        q.member_id,
        q.direct_id,
        q.event,
        q.channel,
        q.to,
        q.subject,
        q.body,
        q.state,
        q.last_error,
        q.due_at,
        q.created_at,
        q.variables,
    )


def cancel_queued(*, key_prefix: str, reason: str) -> int:
    """Notices not yet sent whose content no longer holds (a stopped link): not sent."""
    return Notice.objects.filter(key__startswith=key_prefix, state=Notice.State.QUEUED).update(
        state=Notice.State.CANCELLED, last_error=reason[:300]
    )
