"""Issue 24, item 6: every form field drops Unicode noncharacters and control
characters (multi-line fields keep line breaks and tabs), one-line fields refuse
line breaks; the data migration cleans stored text; every export of hostile stored
text still opens."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from council.models import Member, OpinionPoint
from facilities import exporter as facility_exporter
from facilities.models import Facility
from lib.text import clean_field_text, scrub
from proposals import spreadsheet as response_sheets
from proposals.models import DepartmentResponse
from reports import exporters as reports_exporters
from tests.factories import make_hostile_council

NONCHARACTERS = ["\ufffe", "\uffff", "\ufdd0", "\U0010ffff", "\U0001fffe"]
HOSTILE = [
    "응답\ufffe끝\uffff",
    "이름\x01널\x07벨\x1b[31m",  # (no NUL: PostgreSQL cannot store it at all)
    "비문자\ufdd0\U0010ffff",
    "김위원\r\nBcc: victim@example.com",
    "탭\t과\n줄",
]


def test_the_cleaning_rules():
    assert clean_field_text("가\ufffe나\uffff다\x00\x7f", multiline=False) == "가나다"
    assert clean_field_text("첫 줄\r\n둘째\t줄\r셋째", multiline=True) == "첫 줄\n둘째\t줄\n셋째"
    assert clean_field_text("한\t줄", multiline=False) == "한 줄"
    for text in ("김위원\r\nBcc: x", "a\nb", "a\u2028b"):
        with pytest.raises(ValidationError) as refused:
            clean_field_text(text, multiline=False)
        assert "한 줄로 적어 주세요" in str(refused.value)
    assert all(c not in scrub("".join(NONCHARACTERS) + "x") for c in NONCHARACTERS)


def test_every_form_text_field_is_cleaned_wherever_it_is_declared():
    class AnyForm(forms.Form):
        name = forms.CharField()
        body = forms.CharField(widget=forms.Textarea)
        email = forms.EmailField()

    form = AnyForm({"name": "김\ufffe위원\x07", "body": "가\r\n\t나\uffff", "email": "a@b.kr"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"name": "김위원", "body": "가\n\t나", "email": "a@b.kr"}
    refused = AnyForm({"name": "김위원\r\nBcc: x@y.kr", "body": "", "email": "a@b.kr"})
    assert not refused.is_valid() and "한 줄로" in refused.errors["name"][0]


def test_a_member_name_with_a_header_injection_is_refused(client, world):
    client.force_login(world.staff)
    url = reverse("council:member_edit", args=["geumjeong", world.member.pk])
    data = {
        "email": "member@example.com",
        "role": "member",
        "affiliation": "학부모",
        "term_start": "2023-01-01",
        "term_end": "",
    }
    response = client.post(url, {**data, "name": "김위원\r\nBcc: victim@example.com"})
    assert response.status_code == 200 and "한 줄로 적어 주세요" in response.content.decode()
    world.member.refresh_from_db()
    assert world.member.name == "김위원"
    client.post(url, {**data, "name": "김\ufffe위원\x07"})
    world.member.refresh_from_db()
    assert world.member.name == "김위원"


def test_an_opinion_keeps_its_line_breaks_and_loses_noncharacters(client, world):
    from tests.factories import make_open_meeting

    meeting = make_open_meeting(world.council, invite=[world.member])
    client.force_login(world.member.user)
    url = reverse("council:my_opinion", args=["geumjeong", meeting.slug])
    category = world.council.categories.first()
    data = {
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "30",
        "action": "save",
        "version": "0",
        "points-0-text": "첫째\r\n\t둘째\ufffe\uffff",
        "points-0-category": category.pk,
        "points-0-agenda_item": "",
    }
    assert client.post(url, data).status_code == 302
    texts = list(OpinionPoint.objects.values_list("text", flat=True))
    assert "첫째\n\t둘째" in texts


def _open_xlsx(content: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(content))
    return [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def test_every_export_of_hostile_stored_text_still_opens(world):
    """Stored before the forms cleaned (or through a path without a form)."""
    from proposals import progress_sheet

    data = make_hostile_council(world, texts=HOSTILE)
    DepartmentResponse.objects.update(lines="회신\ufffe내용\uffff")
    Facility.objects.filter(code="HX-000").update(notes="비고\ufffe\x02")
    result_xlsx = reports_exporters.render_xlsx_export(data.meeting, final_only=False)[2]
    assert any("응답" in s for s in _open_xlsx(result_xlsx))
    department = response_sheets.export_department(
        meeting=data.meeting, department=world.department
    )[2]
    assert any("회신내용" in s for s in _open_xlsx(department))
    DepartmentResponse.objects.update(status=DepartmentResponse.Status.FINAL)
    progress = progress_sheet.export_department(council=world.council, department=world.department)
    _open_xlsx(progress[2])
    registry = facility_exporter.registry_workbook(council=world.council, as_of=dt.date(2099, 1, 1))
    assert "비고" in _open_xlsx(registry[2])
    pdf = reports_exporters.render_pdf_export(data.meeting, final_only=False)[2]
    assert pdf.startswith(b"%PDF")
    from tests.reports.hwpx_reading import read_hwpx

    hwpx = reports_exporters.render_hwpx_export(data.meeting, final_only=False)[2]
    assert read_hwpx(hwpx).blocks


def test_the_data_migration_cleans_stored_text(world):
    member = Member.objects.create(
        council=world.council,
        user=world.reviewer.__class__.objects.create(username="dirty"),
        name="김위원\r\nBcc: victim@example.com\ufffe",
        affiliation="학부모\x07",
        term_start=dt.date(2023, 1, 1),
    )
    data = make_hostile_council(world, texts=["의견\ufffe첫째\r\n둘째\x03"])
    migration = importlib.import_module("portal.migrations.0001_clean_stored_text")
    migration.clean(apps, None)
    member.refresh_from_db()
    assert member.name == "김위원 Bcc: victim@example.com"
    assert member.affiliation == "학부모"
    assert "의견첫째\n둘째" in OpinionPoint.objects.filter(
        opinion__meeting=data.meeting
    ).values_list("text", flat=True)
