"""Hostile text imports (issue 24, item 5): numbers past Python's integer-string limit and
JSON nested past the recursion limit are a Korean row or file error on the page, never a
500, and nothing is stored."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from facilities.models import Facility, FacilitySource, GapSettings, PopulationDataset
from tests.gaps.files import (
    GUSEO2,
    ages,
    community_json,
    community_record,
    population_header,
    population_row,
    upload,
)

CC = FacilitySource.Format.COMMUNITY_CENTER
HUGE = "9" * 5000  # past sys.int_info.str_digits_check_threshold (4,300 digits)


@pytest.fixture
def staff_client(coded, client):
    GapSettings.objects.create(council=coded.council, region_name="부산광역시 금정구")
    client.force_login(coded.staff)
    return client, coded


def test_a_population_count_of_5000_digits_is_a_row_error(staff_client):
    client, coded = staff_client
    cells = population_row(GUSEO2, ages())
    cells[5] = HUGE  # 2세 (계)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows([population_header(), cells])
    text = buffer.getvalue()
    url = reverse("facilities:population", args=[coded.council.slug])
    response = client.post(url, {"file": upload(text)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "숫자가 너무 큽니다" in page and "2행" in page
    assert not PopulationDataset.objects.exists()


def _post_json(client, coded, text: str):
    url = reverse("facilities:opendata", args=[coded.council.slug])
    return client.post(url, {"format": CC, "file": upload(text, "utf-8", name="cc.json")})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "너무 깊이 겹쳐"),
        ('{"records": [{"시설명": ' + "[" * 50_000 + "]" * 50_000 + "}]}", "너무 깊이 겹쳐"),
    ],
    ids=["top-level", "inside-records"],
)
def test_json_nested_past_the_recursion_limit_is_a_file_error(staff_client, text, message):
    client, coded = staff_client
    response = _post_json(client, coded, text)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Facility.objects.exists() and not FacilitySource.objects.exists()


def test_a_nested_value_inside_a_record_is_a_row_error(staff_client):
    client, coded = staff_client
    record = community_record("햇살지역아동센터")
    text = community_json([record]).replace('"햇살지역아동센터"', '[[["햇살"]]]')
    response = _post_json(client, coded, text)
    page = response.content.decode()
    assert response.status_code == 200
    assert "1행" in page and "글자나 숫자가 아닙니다" in page
    assert not Facility.objects.exists()


def test_a_json_number_of_5000_digits_is_a_row_error(staff_client):
    client, coded = staff_client
    record = community_record("햇살지역아동센터", 정원수="CAPACITY")
    text = community_json([record]).replace('"CAPACITY"', HUGE)
    response = _post_json(client, coded, text)
    page = response.content.decode()
    assert response.status_code == 200
    assert "1행" in page and "숫자가 너무 큽니다" in page
    assert not Facility.objects.exists() and not FacilitySource.objects.exists()
