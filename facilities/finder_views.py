"""The public facility finder, correction requests, and the finder's staff pages.

Public pages (no login) show only what `facilities.finder.public_facilities`
allows. The finder and facility pages are the same for every visitor of a
language: they carry `Cache-Control: public, max-age=300` and are kept that
long in the server's cache for visitors without a session (a logged-in
user's pages stay `no-store`, council.middleware). The correction form holds
a CSRF token and is never cached.
"""

from __future__ import annotations

import functools
import hashlib
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from council import audit
from council.access import get_council_for_staff
from council.models import Dong
from facilities import flyers, freshness, publish
from facilities.corrections import (
    TooManyRequests,
    client_key,
    get_correction_for_staff,
    new_count,
    submit_correction,
)
from facilities.finder import (
    entry,
    get_finder_council,
    get_public_facility,
    map_url,
    public_facilities,
    search,
    serving,
)
from facilities.finder_forms import (
    CorrectionForm,
    DongNeighboursForm,
    FinderForm,
    FinderSettingsForm,
    FlyerForm,
    ResolveForm,
)
from facilities.models import CorrectionRequest, Facility
from lib.client import client_ip
from lib.downloads import file_response
from lib.errors import Refused
from lib.links import portal_url

logger = logging.getLogger("facilities.finder")

PAGE_SIZE = 20
PUBLIC_MAX_AGE = 300  # seconds: browsers, proxies and the server's own cache alike
# Cookies that make a page personal (a session, a pending message): no shared copy.
PERSONAL_COOKIES = ("sessionid", "messages")


def _shareable(request: HttpRequest) -> bool:
    return request.method == "GET" and not any(c in request.COOKIES for c in PERSONAL_COOKIES)


def public_page(view):
    """A public page the same for every visitor of a language: cache headers for browsers
    and proxies, and a copy in the server's cache for visitors without a session."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = None
        if _shareable(request):
            ident = f"{translation.get_language()}|{request.get_full_path()}"
            key = "finder:" + hashlib.sha256(ident.encode()).hexdigest()
            content = cache.get(key)
            if content is not None:
                response = HttpResponse(content)
                _public_headers(response)
                return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not request.user.is_authenticated:
            _public_headers(response)
            if key is not None and not response.cookies:
                cache.set(key, response.content, PUBLIC_MAX_AGE)
        return response

    return wrapped


def _public_headers(response: HttpResponse) -> None:
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    # The language comes from the browser or the language cookie.
    patch_vary_headers(response, ("Accept-Language", "Cookie"))


# --- the public finder ------------------------------------------------------------------------


@login_not_required
@require_GET
@public_page
def finder(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_finder_council(council)
    today = timezone.localdate()
    dongs = list(Dong.objects.filter(council=council_obj).order_by("order", "name"))
    form = FinderForm(request.GET or None, dongs=dongs)
    filters = form.filters()
    results = search(council_obj, filters, today=today)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "facilities/finder/finder.html",
        {
            "council": council_obj,
            "form": form,
            "filters": filters,
            "ignored": form.ignored(),
            "page": page,
            "entries": [entry(f, today=today, chosen_dong=filters.dong) for f in page.object_list],
            "query": query.urlencode(),
            "max_age_months": freshness.max_age_months(),
        },
    )


@login_not_required
@require_GET
@public_page
def facility(request: HttpRequest, council: str, code: str) -> HttpResponse:
    today = timezone.localdate()
    facility_obj = get_public_facility(council, code, today=today)
    council_obj = facility_obj.council
    return render(
        request,
        "facilities/finder/facility.html",
        {
            "council": council_obj,
            "facility": facility_obj,
            "entry": entry(facility_obj, today=today),
            "map_url": map_url(council_obj.map_url_template, facility_obj.address),
            "max_age_months": freshness.max_age_months(),
        },
    )


@login_not_required
@require_GET
def short_link(request: HttpRequest, council: str, dong: int) -> HttpResponse:
    """The flyer's short address: the finder filtered for one 동 (and its neighbours)."""
    council_obj = get_finder_council(council)
    dong_obj = get_object_or_404(Dong, council=council_obj, pk=dong)
    response = redirect(reverse("finder:index", args=[council_obj.slug]) + f"?dong={dong_obj.pk}")
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


# --- the registry as open data ----------------------------------------------------------------


def _open_data_file(request: HttpRequest, council: str, fmt: str) -> HttpResponse:
    """The CSV or JSON file, or 304 when the client's copy is current (ETag/Last-Modified).

    Like the finder's pages, the file is kept in the server's cache for PUBLIC_MAX_AGE
    seconds, so a harvester polling it costs no query; the ETag is the content's hash."""
    ident = f"{council}|{fmt}|{request.get_host()}"
    key = "finder:open-data:" + hashlib.sha256(ident.encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        council_obj = get_finder_council(council)  # 404 for an unknown one (never cached)
        data = publish.dataset(council_obj, today=timezone.localdate())
        if fmt == "csv":
            content = publish.to_csv(data)
        else:
            url = request.build_absolute_uri(reverse("finder:open_data_json", args=[council]))
            content = publish.to_json(data, url=url)
        cached = (content, int(data.last_modified.timestamp()), publish.etag(content))
        cache.set(key, cached, PUBLIC_MAX_AGE)
    content, modified, tag = cached
    response = get_conditional_response(request, etag=tag, last_modified=modified)
    if response is None:
        content_type = publish.CSV_TYPE if fmt == "csv" else publish.JSON_TYPE
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="{council}-facilities.{fmt}"'
    response["ETag"] = tag
    response["Last-Modified"] = http_date(modified)
    response["Link"] = f'<{publish.LICENCE_URL}>; rel="license"'
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


@login_not_required
@require_GET
def open_data_csv(request: HttpRequest, council: str) -> HttpResponse:
    return _open_data_file(request, council, "csv")


@login_not_required
@require_GET
def open_data_json(request: HttpRequest, council: str) -> HttpResponse:
    return _open_data_file(request, council, "json")


@login_not_required
@require_GET
@public_page
def open_data(request: HttpRequest, council: str) -> HttpResponse:
    """What the files hold, their licence and date, and the links to them."""
    council_obj = get_finder_council(council)
    data = publish.dataset(council_obj, today=timezone.localdate())
    return render(
        request,
        "facilities/finder/open_data.html",
        {
            "council": council_obj,
            "count": len(data.rows),
            "last_modified": data.last_modified if data.rows else None,
            "columns": publish.COLUMNS,
            "licence_url": publish.LICENCE_URL,
        },
    )


# --- correction requests from the public ------------------------------------------------------


@login_not_required
@never_cache
def correction(request: HttpRequest, council: str, code: str) -> HttpResponse:
    """정보가 다르면 알려 주세요: the form (GET) and its submission (POST)."""
    today = timezone.localdate()
    facility_obj = get_public_facility(council, code, today=today)
    form = CorrectionForm(request.POST or None, facility=facility_obj)
    if request.method == "POST":
        if form.is_robot:
            # Said to be received, stored nowhere: the program learns nothing to adapt to.
            logger.info("Correction request with the hidden field filled: dropped")
            return redirect("finder:correction_sent", council=council, code=code)
        if form.is_valid():
            try:
                submit_correction(
                    facility=facility_obj,
                    message=form.cleaned_data["message"],
                    contact=form.cleaned_data["contact"],
                    client=client_key(client_ip(request) or "unknown"),
                )
            except TooManyRequests as exc:
                return render(
                    request,
                    "facilities/finder/correction_refused.html",
                    {
                        "council": facility_obj.council,
                        "facility": facility_obj,
                        "entry": entry(facility_obj, today=today),
                        "reason": str(exc),
                        "message": form.cleaned_data["message"],
                        "contact": form.cleaned_data["contact"],
                    },
                    status=429,
                )
            return redirect("finder:correction_sent", council=council, code=code)
    return render(
        request,
        "facilities/finder/correction_form.html",
        {"council": facility_obj.council, "facility": facility_obj, "form": form},
    )


@login_not_required
@require_GET
@public_page
def correction_sent(request: HttpRequest, council: str, code: str) -> HttpResponse:
    facility_obj = get_public_facility(council, code, today=timezone.localdate())
    return render(
        request,
        "facilities/finder/correction_sent.html",
        {"council": facility_obj.council, "facility": facility_obj},
    )


# --- staff: the finder's hub, settings, corrections and flyers --------------------------------


def staff_home(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    today = timezone.localdate()
    registry = Facility.objects.filter(council=council_obj)
    return render(
        request,
        "facilities/finder/staff_home.html",
        {
            "council": council_obj,
            "public_count": public_facilities(council_obj, today=today).count(),
            "registry_count": registry.count(),
            "new_corrections": new_count(council_obj),
        },
    )


def finder_settings(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    form = FinderSettingsForm(request.POST or None, instance=council_obj)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("시설 찾기 설정을 저장했습니다."))
        return redirect("finder_staff:settings", council=council_obj.slug)
    dongs = Dong.objects.filter(council=council_obj).prefetch_related("neighbours")
    return render(
        request,
        "facilities/finder/settings.html",
        {"council": council_obj, "form": form, "dongs": dongs},
    )


def dong_neighbours(request: HttpRequest, council: str, dong_id: int) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    dong = get_object_or_404(Dong, council=council_obj, pk=dong_id)
    form = DongNeighboursForm(request.POST or None, instance=dong)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(dong)s의 이웃 동을 저장했습니다.") % {"dong": dong.name})
        return redirect("finder_staff:settings", council=council_obj.slug)
    return render(
        request,
        "facilities/finder/dong_neighbours.html",
        {"council": council_obj, "dong": dong, "form": form},
    )


def correction_list(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    status = request.GET.get("status")
    if status not in CorrectionRequest.Status.values:
        status = CorrectionRequest.Status.NEW
    requests = (
        CorrectionRequest.objects.filter(facility__council=council_obj, status=status)
        .select_related("facility")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(requests, 30).get_page(request.GET.get("page"))
    # The senders' phone numbers and e-mail addresses: a personal-data view.
    audit.record(
        request,
        action="correction_list_view",
        target=_("정정 요청 목록 (%(status)s, %(page)s쪽)")
        % {"status": CorrectionRequest.Status(status).label, "page": page.number},
        council=council_obj,
    )
    return render(
        request,
        "facilities/finder/correction_list.html",
        {
            "council": council_obj,
            "page": page,
            "status": status,
            "Status": CorrectionRequest.Status,
            "new_count": new_count(council_obj),
        },
    )


def correction_detail(request: HttpRequest, council: str, pk: int) -> HttpResponse:
    correction_obj = get_correction_for_staff(request.user, council, pk)
    audit.record(
        request,
        action="correction_view",
        target=_("정정 요청 #%(pk)s (%(facility)s)")
        % {"pk": correction_obj.pk, "facility": correction_obj.facility.name},
        council=correction_obj.facility.council,
    )
    return _correction_page(request, correction_obj, ResolveForm())


def _correction_page(request, correction_obj, form, status=200) -> HttpResponse:
    return render(
        request,
        "facilities/finder/correction_detail.html",
        {
            "council": correction_obj.facility.council,
            "correction": correction_obj,
            "form": form,
            "can_resolve": correction_obj.status == CorrectionRequest.Status.NEW,
        },
        status=status,
    )


@require_POST
def correction_resolve(request: HttpRequest, council: str, pk: int) -> HttpResponse:
    correction_obj = get_correction_for_staff(request.user, council, pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _correction_page(request, correction_obj, form, status=400)
    try:
        correction_obj.resolve(user=request.user, note=form.cleaned_data["staff_note"])
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("finder_staff:correction", council=council, pk=pk)
    messages.success(request, _("요청을 처리 완료로 옮겼습니다."))
    return redirect("finder_staff:corrections", council=council)


def _flyer_choices(council_obj) -> tuple[list[Dong], list[Facility]]:
    dongs = list(Dong.objects.filter(council=council_obj).order_by("order", "name"))
    schools = list(
        Facility.objects.filter(council=council_obj, kind=Facility.Kind.SCHOOL)
        .exclude(status=Facility.Status.CLOSED)
        .select_related("dong")
        .order_by("name")
    )
    return dongs, schools


def _short_url(request: HttpRequest, council_obj, dong: Dong) -> str:
    return portal_url(reverse("finder_short", args=[council_obj.slug, dong.pk]))


def flyer_page(request: HttpRequest, council: str) -> HttpResponse:
    """Choose a 동 or a school; then the share text, the QR code and the PDF button."""
    council_obj = get_council_for_staff(request.user, council)
    dongs, schools = _flyer_choices(council_obj)
    form = FlyerForm(request.GET or None, dongs=dongs, schools=schools)
    context: dict = {"council": council_obj, "form": form}
    chosen = form.chosen() if form.is_bound else None
    if chosen:
        dong, school = chosen
        url = _short_url(request, council_obj, dong)
        today = timezone.localdate()
        listed = [
            entry(f, today=today, chosen_dong=dong) for f in serving(council_obj, dong, today=today)
        ]
        context.update(
            {
                "dong": dong,
                "school": school,
                "short_url": url,
                "qr_data_uri": flyers.qr_data_uri(url),
                "share_text": flyers.share_text(council_obj, dong, school, url),
                "entries": listed,
                "target": form.cleaned_data["target"],
            }
        )
    return render(request, "facilities/finder/flyer_page.html", context)


def flyer_pdf(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    dongs, schools = _flyer_choices(council_obj)
    form = FlyerForm(request.GET or None, dongs=dongs, schools=schools)
    chosen = form.chosen()
    if not chosen:
        messages.error(request, _("가정통신문을 만들 행정동 또는 학교를 골라 주세요."))
        return redirect("finder_staff:flyers", council=council_obj.slug)
    dong, school = chosen
    filename, content_type, content = flyers.render_flyer(
        council=council_obj,
        dong=dong,
        school=school,
        url=_short_url(request, council_obj, dong),
        today=timezone.localdate(),
    )
    return file_response(filename, content_type, content)
