"""Staff pages of the request letters (부서 검토 협조 요청 공문): the list, one letter, the zip,
and the council's 공문 settings."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from council import audit
from council.access import get_council_for_staff, get_meeting_for_staff
from lib.downloads import file_response
from lib.links import portal_url
from reports.access import get_letter_department_for_staff
from reports.forms import LetterSettingsForm
from reports.letters import (
    NoLetters,
    build_letter,
    build_letters,
    export_letter,
    export_letters_zip,
    unassigned_count,
)
from reports.models import LetterSettings
from reports.services import save_letter_settings

LETTER_FORMATS = ("hwpx", "pdf", "zip")  # zip: the letter with every file its 붙임 names


def _base_url(request: HttpRequest) -> str:
    """The portal's address as the department will type it (the letter prints it)."""
    return portal_url("/")


@require_GET
def letters(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    try:
        letter_list = build_letters(meeting_obj, base_url=_base_url(request), sender=request.user)
        empty_reason = ""
    except NoLetters as refusal:
        letter_list, empty_reason = [], str(refusal)
    return render(
        request,
        "reports/letters.html",
        {
            "meeting": meeting_obj,
            "council": meeting_obj.council,
            "letters": letter_list,
            "empty_reason": empty_reason,
            "unassigned": unassigned_count(meeting_obj),
            "missing_due_dates": sum(letter.due_dates_missing for letter in letter_list),
        },
    )


@require_GET
def letter_file(
    request: HttpRequest, council: str, meeting: str, department: int, fmt: str
) -> HttpResponse:
    meeting_obj, department_obj = get_letter_department_for_staff(
        request.user, council, meeting, department
    )
    if fmt not in LETTER_FORMATS:
        raise Http404
    try:
        letter = build_letter(
            meeting_obj, department_obj, base_url=_base_url(request), sender=request.user
        )
    except NoLetters as refusal:
        messages.error(request, str(refusal))
        return redirect("reports:letters", council, meeting)
    filename, content_type, content = export_letter(letter, fmt, meeting=meeting_obj)
    audit.record(
        request,
        action=f"request_letter_{fmt}",
        target=f"{meeting_obj} {department_obj.name}",
        council=meeting_obj.council,
    )
    return file_response(filename, content_type, content)


@require_GET
def letters_zip(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    try:
        letter_list = build_letters(meeting_obj, base_url=_base_url(request), sender=request.user)
    except NoLetters as refusal:
        messages.error(request, str(refusal))
        return redirect("reports:letters", council, meeting)
    filename, content_type, content = export_letters_zip(meeting_obj, letter_list)
    audit.record(
        request,
        action="request_letters_zip",
        target=f"{meeting_obj} ({len(letter_list)})",
        council=meeting_obj.council,
    )
    return file_response(filename, content_type, content)


def letter_settings(request: HttpRequest, council: str) -> HttpResponse:
    """One page where staff keep what the 공문's 두문 and 결문 print."""
    council_obj = get_council_for_staff(request.user, council)
    instance = LetterSettings.of(council_obj)
    form = LetterSettingsForm(
        request.POST or None, instance=instance, initial={"sido": council_obj.sido}
    )
    if request.method == "POST" and form.is_valid():
        save_letter_settings(form, council=council_obj)
        audit.record(
            request, action="letter_settings", target=str(council_obj), council=council_obj
        )
        messages.success(request, _("공문 설정을 저장했습니다."))
        return redirect("reports:letter_settings", council_obj.slug)
    return render(request, "reports/letter_settings.html", {"council": council_obj, "form": form})
