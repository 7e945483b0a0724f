"""Factories for the council tests (on top of tests/factories.py)."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile

from council.models import AgendaItem, Attachment, Meeting, Member
from tests import factories

SEOUL = factories.SEOUL


def _pdf_bytes() -> bytes:
    """A real one-page PDF (materials must parse as PDF)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


PDF_BYTES = _pdf_bytes()
PNG_BYTES = _png_bytes()


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
