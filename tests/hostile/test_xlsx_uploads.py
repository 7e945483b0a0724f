"""Hostile xlsx uploads are refused with a Korean message, and nothing is imported."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from facilities.models import Facility
from lib import xlsx
from proposals.models import DepartmentResponse
from tests.factories import make_hostile_council
from tests.hostile import xlsx_files
from tests.hostile.xlsx_files import HOSTILE_UPLOADS

EXPECTED_CODES = {
    "not_a_zip": {"not_zip"},
    "truncated_zip": {"not_zip"},
    "xlsm": {"extension"},
    "macro_inside_xlsx": {"macro"},
    "zip_bomb": {"uncompressed"},
    "too_many_members": {"members"},
    "dtd_entities": {"dtd"},
    "empty": {"empty"},
}
HANGUL = re.compile(r"[가-힣]")


@pytest.mark.parametrize("kind", sorted(HOSTILE_UPLOADS))
def test_the_guard_refuses_it_in_korean(kind):
    upload = HOSTILE_UPLOADS[kind]()
    with pytest.raises(ValidationError) as caught:
        xlsx.check_xlsx_upload(upload)
    assert caught.value.code in EXPECTED_CODES[kind]
    assert HANGUL.search(" ".join(caught.value.messages))
    # The file is left at its start for whoever reads it next.
    assert upload.tell() == 0


def test_the_guard_accepts_a_plain_workbook():
    upload = xlsx_files.upload("시설목록.xlsx", xlsx_files.valid_xlsx_bytes())
    xlsx.check_xlsx_upload(upload)
    workbook = xlsx.load_xlsx_upload(upload)
    assert next(workbook.active.iter_rows(values_only=True))[0] == "기관명"


def test_the_guard_refuses_a_file_over_the_size_limit(settings):
    settings.XLSX_MAX_BYTES = 1024
    upload = xlsx_files.upload("큰파일.xlsx", xlsx_files.valid_xlsx_bytes() + b"\0" * 4096)
    with pytest.raises(ValidationError) as caught:
        xlsx.check_xlsx_upload(upload)
    assert caught.value.code == "size"


def _post(client, url_name, kwargs, upload):
    return client.post(reverse(url_name, kwargs=kwargs), {"file": upload})


@pytest.mark.parametrize("kind", sorted(HOSTILE_UPLOADS))
def test_the_facility_import_refuses_it_and_imports_nothing(client, world, kind):
    client.force_login(world.staff)
    response = _post(client, "facilities:import", {"council": "geumjeong"}, HOSTILE_UPLOADS[kind]())
    assert response.status_code == 200
    html = response.content.decode()
    assert "form-hint-invalid" in html or "alert-danger" in html
    assert HANGUL.search(html)
    assert not [key for key in client.session.keys() if "import" in key]
    assert not Facility.objects.exists()
    assert "/etc/passwd" not in html and "root:" not in html


@pytest.mark.parametrize("kind", sorted(HOSTILE_UPLOADS))
def test_the_response_import_refuses_it_and_changes_nothing(client, world, kind):
    data = make_hostile_council(world)
    before = list(DepartmentResponse.objects.order_by("pk").values_list("lines", "version"))
    session_before = set(client.session.keys())
    client.force_login(world.staff)
    response = _post(
        client,
        "proposals:import_xlsx",
        {"council": "geumjeong", "meeting": data.meeting.slug},
        HOSTILE_UPLOADS[kind](),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "form-hint-invalid" in html or "alert-danger" in html
    after = list(DepartmentResponse.objects.order_by("pk").values_list("lines", "version"))
    assert after == before
    assert not [
        key for key in client.session.keys() if key not in session_before and "import" in key
    ]
