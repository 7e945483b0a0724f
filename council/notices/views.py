"""Notice pages: the member's settings, staff's view of what reached whom, the
public opt-out link and the provider's delivery-report webhook."""

from __future__ import annotations

import ipaddress
import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from council.access import (
    Role,
    get_council_for,
    get_council_for_staff,
    get_meeting_for_staff,
    get_member_for_staff,
)
from council.notices import contacts, events
from council.notices import reports as delivery
from council.notices.catalog import EVENTS
from council.notices.forms import ContactForm, TemplateStatusForm
from council.notices.models import AlimtalkTemplate, Notice
from council.notices.outbox import contact_of, direct_for_token, member_for_token
from lib.client import client_ip
from lib.dates import sheet_month
from lib.messaging import provider_name

logger = logging.getLogger("council.notices")
PAGE_SIZE = 50


def _save_contact(request: HttpRequest, member, form: ContactForm) -> bool:
    if not form.is_valid():
        return False
    try:
        contacts.set_contact(member=member, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True


def my_notices(request: HttpRequest, council: str) -> HttpResponse:
    """A member's own settings: mobile number, channel, consent, 수신 거부."""
    council_obj = get_council_for(request.user, council, roles={Role.MEMBER})
    member = request.user.member
    form = ContactForm(request.POST or None, initial=ContactForm.initial_for(contact_of(member)))
    if request.method == "POST" and _save_contact(request, member, form):
        messages.success(request, _("알림 설정을 저장했습니다."))
        return redirect(reverse("council:my_notices", args=[council_obj.slug]))
    return render(
        request,
        "council/notices/contact_form.html",
        {"council": council_obj, "form": form, "member": member, "own": True},
    )


def member_contact(request: HttpRequest, council: str, member_id: int) -> HttpResponse:
    """Staff record a member's number, channel and consent (e.g. from a paper form)."""
    member = get_member_for_staff(request.user, council, member_id)
    form = ContactForm(request.POST or None, initial=ContactForm.initial_for(contact_of(member)))
    if request.method == "POST" and _save_contact(request, member, form):
        messages.success(
            request, _("%(name)s 위원의 알림 설정을 저장했습니다.") % {"name": member.name}
        )
        return redirect(reverse("council:roster", args=[member.council.slug]))
    return render(
        request,
        "council/notices/contact_form.html",
        {"council": member.council, "form": form, "member": member, "own": False},
    )


def meeting_notices(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Every notice of a meeting: to whom, by what, in what state."""
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    notices = Notice.objects.filter(meeting=meeting_obj).select_related("member", "user")
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(
        Notice.objects.filter(meeting=meeting_obj)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return render(
        request,
        "council/notices/meeting_notices.html",
        {
            "council": meeting_obj.council,
            "meeting": meeting_obj,
            "page": page,
            "counts": [(label, counts.get(value, 0)) for value, label in Notice.State.choices],
            "unreachable": events.unreachable(meeting_obj),
            "pending": events.pending_broadcasts(meeting_obj),
            "labels": {code: e.label for code, e in EVENTS.items()},
        },
    )


def provider_trouble(council) -> int:
    """Notices kept queued because the provider did not answer (the staff warning)."""
    return Notice.objects.filter(
        council=council,
        state=Notice.State.QUEUED,
        attempts__gt=0,
        last_error__startswith="연결 안 됨",
    ).count()


def notice_overview(request: HttpRequest, council: str) -> HttpResponse:
    """Monthly counts per channel (문자 and 알림톡 are paid per message), the
    provider's state and the 알림톡 templates' review status."""
    council_obj = get_council_for_staff(request.user, council)
    rows = (
        Notice.objects.filter(
            council=council_obj, state__in=[Notice.State.SENT, Notice.State.DELIVERED]
        )
        .values_list("sent_at", "channel")
        .order_by()
    )
    months: dict[str, dict[str, int]] = {}
    for sent_at, channel in rows:
        month = sheet_month(sent_at) if sent_at else "-"
        months.setdefault(month, {"email": 0, "sms": 0, "kakao": 0})[channel] += 1
    templates = {t.event: t for t in AlimtalkTemplate.objects.filter(council=council_obj)}
    return render(
        request,
        "council/notices/overview.html",
        {
            "council": council_obj,
            "months": sorted(months.items(), reverse=True)[:12],
            "trouble": provider_trouble(council_obj),
            "provider": provider_name(),
            "templates": [
                {"event": e, "template": templates.get(e.code)}
                for e in EVENTS.values()
                if e.alimtalk
            ],
            "statuses": AlimtalkTemplate.Status.choices,
        },
    )


@require_POST
def notice_template(request: HttpRequest, council: str, event: str) -> HttpResponse:
    """Staff record Kakao's review of one event's 알림톡 template."""
    council_obj = get_council_for_staff(request.user, council)
    if event not in EVENTS:
        raise Http404
    template = AlimtalkTemplate.objects.filter(council=council_obj, event=event).first()
    form = TemplateStatusForm(
        request.POST, instance=template or AlimtalkTemplate(council=council_obj, event=event)
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("알림톡 템플릿 상태를 저장했습니다."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(reverse("council:notices", args=[council_obj.slug]))


@login_not_required
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every 문자: confirm, then no more notices (a member, or an address
    of someone without an account)."""
    member = member_for_token(token)
    direct = None if member else direct_for_token(token)
    if member is None and direct is None:
        raise Http404
    if request.method == "POST":
        if member:
            contacts.withdraw(member=member)
        else:
            contacts.withdraw_direct(direct)
    if member:
        contact = contact_of(member)
        council, done = member.council, bool(contact and contact.withdrawn)
    else:
        direct.refresh_from_db()
        council, done = contacts.council_of_direct(direct), direct.withdrawn
    return render(
        request,
        "council/notices/opt_out.html",
        {"council": council, "done": done, "member": member},
    )


def _origin_ok(request: HttpRequest, secret: str) -> bool:
    expected = settings.NOTICE_WEBHOOK_SECRET
    if not expected or not constant_time_compare(secret, expected):
        return False
    networks = settings.NOTICE_WEBHOOK_NETWORKS
    if not networks:
        return True
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in networks)


@csrf_exempt
@login_not_required
@require_POST
def delivery_report(request: HttpRequest, secret: str) -> HttpResponse:
    """Solapi's delivery reports (a JSON list of {data: {messageId, statusCode, …}}).

    Only at the secret address and, when NOTICE_WEBHOOK_NETWORKS is set, from the
    provider's addresses; a report for a message this outbox never sent is
    refused (council.notices.reports.record), and a request of nothing but such
    reports answers 404. Everything refused is logged. The same report twice is
    recorded once. With NOTICE_WEBHOOK_CONFIRM the worker asks the provider before
    a report changes a notice.
    """
    if not _origin_ok(request, secret):
        logger.warning("Refused a delivery report from %s", client_ip(request))
        return HttpResponse(status=403)
    try:
        raw = json.loads(request.body)
        reports = [item["data"] for item in (raw if isinstance(raw, list) else [raw])]
        reports = [
            (
                str(r.get("messageId") or ""),
                str(r.get("statusCode") or ""),
                str(r.get("statusMessage") or ""),
            )
            for r in reports
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        return HttpResponse(status=400)
    outcome = {delivery.RECORDED: 0, delivery.DUPLICATE: 0, delivery.UNKNOWN: 0}
    for message_id, code, reason in reports:
        if not message_id or not code:
            continue
        result = delivery.record(message_id=message_id[:80], code=code[:20], reason=reason)
        outcome[result] += 1
        if result == delivery.UNKNOWN:
            logger.warning(
                "Refused a delivery report for message %r, which this portal never sent (from %s)",
                message_id[:80],
                client_ip(request),
            )
    answer = {"recorded": outcome[delivery.RECORDED], "duplicates": outcome[delivery.DUPLICATE]}
    if outcome[delivery.UNKNOWN]:
        answer["refused"] = outcome[delivery.UNKNOWN]
        if not (outcome[delivery.RECORDED] or outcome[delivery.DUPLICATE]):
            return JsonResponse(answer, status=404)
    return JsonResponse(answer)
