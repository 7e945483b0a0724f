"""A member's words are shown as typed: emoji become `(이모지)` only where the font
lacks them (the PDF and the HWPX), never on web pages or in spreadsheets (issue 22, item 7)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lib.pdf import EMOJI_REPLACEMENT, printable
from reports.document import build_result_context, render_document_file, render_document_fragment
from reports.exporters import html_from_context, xlsx_from_context
from reports.letters import build_letter, letter_html
from tests.factories import make_answered_proposal, make_result_meeting

pytestmark = pytest.mark.django_db

TYPED = "좋아요 👍 야간 돌봄"
ANSWERED = "완료 🎉"


@pytest.fixture
def meeting(world):
    meeting = make_result_meeting(world.council, proposals=0)
    meeting.agenda_items.update(title="현황 📊 보고")
    make_answered_proposal(meeting, 1, headline=TYPED, response_lines=ANSWERED)
    return meeting


def test_the_result_page_shows_what_was_typed(client, world, meeting):
    client.force_login(world.staff)
    html = client.get(reverse("reports:preview", args=["geumjeong", meeting.slug])).content
    html = html.decode()
    assert TYPED in html and ANSWERED in html and "현황 📊 보고" in html
    assert EMOJI_REPLACEMENT not in html


def test_the_html_fragment_and_file_keep_the_emoji(meeting):
    context = build_result_context(meeting)
    for html in (render_document_fragment(context), html_from_context(context).decode()):
        assert TYPED in html and EMOJI_REPLACEMENT not in html


def test_the_spreadsheet_keeps_the_emoji(meeting):
    book = load_workbook(io.BytesIO(xlsx_from_context(build_result_context(meeting))))
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    assert any(TYPED in cell for cell in cells)
    assert any(ANSWERED in cell for cell in cells)
    assert not any(EMOJI_REPLACEMENT in cell for cell in cells)


def test_only_the_pdf_html_gets_the_substitute(meeting):
    """The HTML WeasyPrint reads is the one place of the document with `(이모지)`;
    the data it came from is not changed by it."""
    context = build_result_context(meeting)
    pdf_html = render_document_file(context, for_pdf=True)
    assert EMOJI_REPLACEMENT in pdf_html and "👍" not in pdf_html and "🎉" not in pdf_html
    assert context["doc"].rows[0].headline == TYPED


def test_a_request_letter_prints_the_substitute_but_keeps_its_data(world, meeting):
    proposal = meeting.proposals.get()
    letter = build_letter(meeting, proposal.department, base_url="https://portal.example")
    assert letter.proposals[0].headline == TYPED
    html = letter_html(letter)
    assert EMOJI_REPLACEMENT in html and "👍" not in html
    assert printable(letter).proposals[0].headline == "좋아요 (이모지) 야간 돌봄"
