"""Publishing a meeting's result document as a frozen, versioned record."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Meeting
from council.notices import events as notice_events
from lib.downloads import open_stored
from lib.errors import Refused
from reports.document import build_result_context, render_document_fragment
from reports.exporters import filename_for, hwpx_from_context, pdf_from_context, xlsx_from_context
from reports.models import PublishedResult

# Rendering takes seconds for a long document; if the data changes meanwhile,
# render again (at most this many times) rather than store a stale version.
RENDER_ATTEMPTS = 3


class PublishError(Refused):
    """The meeting cannot be published now; the message is for the user."""


def _check_publishable(meeting: Meeting) -> None:
    if not meeting.can_publish():
        raise PublishError(
            _("의견 접수가 마감된 회의만 결과를 공개할 수 있습니다. (현재: %(status)s)")
            % {"status": meeting.get_current_status_display()}
        )


def publish_meeting(
    *, meeting: Meeting, user: User | None, now: dt.datetime | None = None
) -> PublishedResult:
    """Store the result document (HTML, PDF, xlsx, HWPX with checksums) as version n+1.

    Only final department responses are included. The meeting becomes
    published. Earlier versions are kept unchanged; nothing later edits in
    proposals or responses touches a stored version. Whether to publish with
    non-final responses is the caller's decision (the view asks first).

    The PDF, spreadsheet and HWPX are rendered before any lock is taken (a long
    document takes seconds, and SQLite would hold every other write for that
    long); under the lock the document is built again from the data and stored
    only if it is still what was rendered.
    """
    _check_publishable(meeting)
    for _attempt in range(RENDER_ATTEMPTS):
        context = build_result_context(meeting, final_only=True, now=now)
        html = render_document_fragment(context)
        pdf = pdf_from_context(context)
        files = {
            "pdf": pdf,
            "xlsx": xlsx_from_context(context),
            "hwpx": hwpx_from_context(context, pdf=pdf),  # its preview: this PDF's page 1
        }
        result = _store_if_unchanged(meeting=meeting, user=user, html=html, files=files, now=now)
        if result is not None:
            return result
    raise PublishError(
        _(
            "결과 문서를 만드는 동안 건의사항이나 검토 의견이 계속 바뀌었습니다. 잠시 뒤 다시 공개해 주세요."
        )
    )


# The stored files of a version: PublishedResult.<fmt> with its <fmt>_sha256.
STORED_FILES = ("pdf", "xlsx", "hwpx")


def _store_if_unchanged(
    *,
    meeting: Meeting,
    user: User | None,
    html: str,
    files: dict[str, bytes],
    now: dt.datetime | None = None,
) -> PublishedResult | None:
    stored: list = []
    try:
        with transaction.atomic():
            # Lock the meeting so two publishers cannot take the same version number.
            meeting = (
                Meeting.objects.select_for_update().select_related("council").get(pk=meeting.pk)
            )
            _check_publishable(meeting)
            again = build_result_context(meeting, final_only=True, now=now, spreadsheet=False)
            if render_document_fragment(again) != html:
                return None  # changed while rendering: the caller renders again
            version = (meeting.publications.aggregate(v=Max("version"))["v"] or 0) + 1
            result = PublishedResult(
                meeting=meeting,
                version=version,
                # What this version's 지난 회의 section carried from (reports.carried).
                carried_from_id=again["carried"].previous_meeting_id,
                published_at=now or timezone.now(),
                published_by=user,
                html=html,
            )
            for fmt in STORED_FILES:
                content = files[fmt]
                setattr(result, f"{fmt}_sha256", hashlib.sha256(content).hexdigest())
                field_file = getattr(result, fmt)
                field_file.save(
                    filename_for(meeting, fmt, final_only=True), ContentFile(content), False
                )
                stored.append(field_file)
            result.save()
            if meeting.status != Meeting.Status.PUBLISHED:
                meeting.status = Meeting.Status.PUBLISHED
                meeting.save(update_fields=["status"])
            # Invited members hear of the result once (a later version queues nothing).
            notice_events.result_published(meeting=meeting, now=result.published_at)
    except Exception:
        # The database rolled back; don't leave the files of a version that doesn't exist.
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise
    return result


def read_published_file(result: PublishedResult, fmt: str) -> bytes:
    """The stored bytes of a version, checked against the checksum taken at publishing.

    A file missing from storage is a logged 404 (lib.downloads); one that no
    longer matches its checksum is refused. A version published before the
    format existed (no HWPX before it was added) is a 404.
    """
    if fmt not in STORED_FILES:
        raise Http404
    field_file, expected = getattr(result, fmt), getattr(result, f"{fmt}_sha256")
    if not field_file or not expected:
        raise Http404
    with open_stored(field_file) as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != expected:
        raise PublishError(_("저장된 파일이 공개 당시와 다릅니다. 관리자에게 알려 주세요."))
    return content


@transaction.atomic
def save_letter_settings(form, *, council) -> None:
    """Save the council's 공문 settings and its 시도 together (reports.forms.LetterSettingsForm)."""
    settings_row = form.save(commit=False)
    settings_row.council = council
    settings_row.save()
    council.sido = form.cleaned_data["sido"].strip()
    council.save(update_fields=["sido"])
