"""Issue 13, cases 1-3: the probe's worst spreadsheets, replayed against both imports.

Each is refused with a Korean message before it costs more than a legitimate
file (the bench measures CPU and memory per request: `make bench`), and nothing
is stored: no facility, no response change, no pending upload.
"""

from __future__ import annotations

import functools
import re

import pytest
from django.urls import reverse

from facilities.columns import COLUMNS
from facilities.models import Facility
from proposals.models import DepartmentResponse
from tests.factories import make_closed_meeting, make_proposal, make_response
from tests.hostile import xlsx_files
from tests.hostile.xlsx_files import WORST_CASES

HANGUL = re.compile(r"[가-힣]")
MESSAGES = {
    "rows_limit": "한 번에 10,000행까지 올릴 수 있습니다",
    "uncompressed": "압축을 풀었을 때 너무 큰 파일입니다",
    "cells": "파일에 칸(셀)이나 글자 항목이 너무 많습니다",
    "size": "파일이 너무 큽니다. 5 MB 이하로 올려 주세요",
}


@functools.cache
def _bytes(kind: str) -> bytes:
    return WORST_CASES[kind][0]()


@functools.cache
def _facility_bytes(kind: str) -> bytes:
    """The same attacks with the registry's own headers, so nothing stops them early."""
    headers = [c.header for c in COLUMNS]
    if kind == "wide_dimension":
        return xlsx_files.wide_dimension_bytes(headers)
    if kind == "rows_100000":
        return xlsx_files.many_rows_bytes(100_000, headers)
    return _bytes(kind)


def _pending_keys(client) -> list:
    return list(client.session.get("pending_uploads", {}))


@pytest.mark.parametrize("kind", sorted(WORST_CASES))
def test_the_facility_import_refuses_it(client, world, kind):
    client.force_login(world.staff)
    response = client.post(
        reverse("facilities:import", args=["geumjeong"]),
        {"file": xlsx_files.upload("시설목록.xlsx", _facility_bytes(kind))},
    )
    html = response.content.decode()
    assert response.status_code == 200
    # 100,000 rows of the registry's 26 columns make a 6 MB file: over the size limit.
    code = "size" if kind == "rows_100000" else WORST_CASES[kind][1]
    assert MESSAGES[code] in html
    assert not Facility.objects.exists()
    assert _pending_keys(client) == []


@pytest.fixture
def responses(world):
    meeting = make_closed_meeting(world.council)
    proposal = make_proposal(meeting, department=world.department)
    make_response(proposal)
    return meeting


def _response_state():
    return list(DepartmentResponse.objects.order_by("pk").values_list("lines", "version"))


@pytest.mark.parametrize("kind", sorted(WORST_CASES))
def test_the_response_import_refuses_it_for_a_reviewer(client, world, responses, kind):
    """The probe uploaded these as a department reviewer."""
    before = _response_state()
    client.force_login(world.reviewer)
    response = client.post(
        reverse("proposals:import_xlsx", args=["geumjeong", responses.slug]),
        {"file": xlsx_files.upload("검토의견.xlsx", _bytes(kind))},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert MESSAGES[WORST_CASES[kind][1]] in html
    assert _response_state() == before
    assert _pending_keys(client) == []


def test_the_response_import_shows_fifty_errors_and_the_total(client, world, responses):
    """Case 3 answered with a 6.2 MB error page: now the first 50 and the count."""
    client.force_login(world.staff)
    response = client.post(
        reverse("proposals:import_xlsx", args=["geumjeong", responses.slug]),
        {
            "file": xlsx_files.upload(
                "검토의견.xlsx", xlsx_files.malformed_response_rows_bytes(3000)
            )
        },
    )
    html = response.content.decode()
    assert "오류 3000건" in html or "오류 3,000건" in html
    assert html.count("ID 또는 버전 열이 비었거나 바뀌었습니다") == 50
    assert "그 밖에 2950건이 더 있습니다" in html
    assert len(response.content) < 100_000
    assert _pending_keys(client) == []


def test_a_lying_zip_header_is_refused_even_when_small(world):
    """A part that claims 2,000 bytes and inflates to a little more: corrupt, refused."""
    from lib.xlsx import UploadRejected, check_xlsx_upload

    upload = xlsx_files.upload("a.xlsx", xlsx_files.lying_size_bytes(1))
    with pytest.raises(UploadRejected) as refused:
        check_xlsx_upload(upload)
    assert refused.value.code == "not_zip"
    assert HANGUL.search(str(refused.value))
