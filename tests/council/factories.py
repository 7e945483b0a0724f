"""Factories for the council tests (on top of tests/factories.py)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from council.models import AgendaItem, Attachment, Meeting, Member
from tests import factories

SEOUL = factories.SEOUL
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def make_draft_meeting(council, **kwargs) -> Meeting:
    kwargs.setdefault("status", Meeting.Status.DRAFT)
    return factories.make_meeting(council, **kwargs)


def make_open_meeting(council, invite: list[Member], **kwargs) -> Meeting:
    return factories.make_meeting(council, status=Meeting.Status.OPEN, invite=invite, **kwargs)


def make_attachment(meeting: Meeting, name: str = "현황자료.pdf") -> Attachment:
    item = meeting.agenda_items.first() or AgendaItem.objects.create(
        meeting=meeting, order=1, title="안건"
    )
    return Attachment.objects.create(
        agenda_item=item,
        file=ContentFile(PDF_BYTES, name="upload"),
        original_name=name,
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )


def make_members(council, n: int, *, term_start: dt.date = dt.date(2023, 1, 1)) -> list[Member]:
    return [factories.make_member(council, term_start=term_start) for _ in range(n)]
