"""The registry as open data: CSV (UTF-8) and JSON at stable public addresses, in the
표준데이터 column names and order, public fields only with each figure's 기준일, the
공공누리 licence, ETag/Last-Modified with 304 answers, and a query count that does not grow
with the registry. The portal's own open-data import reads the CSV back."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from facilities import opendata, publish
from facilities.models import FacilitySource
from tests.facilities.finder_data import FIGURES_DAY, make_area
from tests.factories import add_figures, make_facility


@pytest.fixture
def area(world):
    return make_area(world)


def csv_url(slug="geumjeong"):
    return reverse("finder:open_data_csv", args=[slug])


def json_url(slug="geumjeong"):
    return reverse("finder:open_data_json", args=[slug])


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_csv_has_the_standard_columns_and_only_what_the_finder_shows(client, area):
    response = client.get(csv_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response.content)
    assert tuple(rows[0]) == publish.COLUMNS
    assert rows[0][:3] == ["시설코드", "시설명", "시설종류명"]
    assert rows[0][-3:] == ["데이터기준일자", "제공기관코드", "제공기관명"]
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    names = {r["시설명"] for r in records}
    assert names == {
        "금빛아이 꿈마당",
        "장전 지역아동센터",
        "구서초등학교 돌봄교실",
        "남산 다함께돌봄센터",
    }
    centre = next(r for r in records if r["시설명"] == "금빛아이 꿈마당")
    assert centre["정원수"] == "30"
    assert centre["현원수"] == "28"
    assert centre["대기인원수"] == "3"
    assert centre["정원현원기준일자"] == FIGURES_DAY.isoformat()  # each figure's 기준일
    assert centre["운영시간"] == "학기중: 13:00~20:00 방학중: 09:00~18:00"
    assert centre["행정동명"] == "구서2동"
    assert centre["시설종류명"] == "다함께돌봄센터"
    planned = next(r for r in records if r["시설명"] == "남산 다함께돌봄센터")
    assert planned["정원수"] == "" and planned["정원현원기준일자"] == ""
    assert planned["운영상태"] == "개소 예정"
    # Public fields only: no staff notes, no private or closed facilities.
    assert "비공개 돌봄센터" not in response.content.decode("utf-8-sig")
    assert "문 닫은 돌봄센터" not in response.content.decode("utf-8-sig")
    assert "비고" not in rows[0]


def test_the_portal_s_own_open_data_import_reads_the_csv_back(client, area):
    content = client.get(csv_url()).content
    upload = SimpleUploadedFile("geumjeong-facilities.csv", content, content_type="text/csv")

    parsed = opendata.read_open_data(upload, FacilitySource.Format.COMMUNITY_CENTER)

    assert parsed["encoding"].upper().replace("-", "").startswith("UTF8")
    assert parsed["columns"]["name"] == "시설명"
    assert parsed["columns"]["capacity"] == "정원수"
    assert parsed["columns"]["enrolled"] == "현원수"
    by_name = {row["values"]["name"]: row["values"] for row in parsed["rows"]}
    assert by_name["금빛아이 꿈마당"]["capacity"] == "30"
    assert by_name["금빛아이 꿈마당"]["phone"] == "051-123-4567"
    assert by_name["금빛아이 꿈마당"]["hours"].startswith("학기중: 13:00~20:00")


def test_the_json_has_the_same_records_with_licence_and_date(client, area):
    response = client.get(json_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(response.content)
    assert [f["id"] for f in document["fields"]] == list(publish.COLUMNS)
    assert "공공누리 제1유형" in document["license"]
    assert document["license_url"] == publish.LICENCE_URL
    assert document["last_modified"]
    csv_rows = read_csv(client.get(csv_url()).content)
    assert [list(r.values()) for r in document["records"]] == csv_rows[1:]
    assert 'rel="license"' in response["Link"]


@pytest.mark.parametrize("url", [csv_url, json_url])
def test_a_conditional_request_answers_304_until_something_changes(client, area, url):
    first = client.get(url())
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"]

    same = client.get(url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert same.status_code == 304
    assert same.content == b""
    since = client.get(url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304

    add_figures(area.centre, FIGURES_DAY.replace(day=FIGURES_DAY.day - 1), 30, 29)
    area.centre.phone = "051-999-9999"
    area.centre.save()
    # The server keeps the file as long as it lets clients keep it (Cache-Control).
    assert client.get(url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    cache.clear()
    changed = client.get(url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert "051-999-9999" in changed.content.decode("utf-8-sig")


def test_a_cell_cannot_become_a_spreadsheet_formula(client, world):
    make_facility(world.council, name='=HYPERLINK("http://evil.example")', is_public=True)
    rows = read_csv(client.get(csv_url()).content)
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example")'


def test_an_unknown_council_is_a_404(client, db):
    assert client.get(csv_url("nowhere")).status_code == 404


def test_the_open_data_page_names_the_files_the_licence_and_the_date(client, area):
    html = client.get(reverse("finder:open_data", args=["geumjeong"])).content.decode()
    assert csv_url() in html and json_url() in html
    assert publish.LICENCE_URL in html
    assert "공공누리 제1유형" in html
    assert 'id="open-data-count">4<' in html


@pytest.mark.parametrize("url", [csv_url, json_url])
def test_the_query_count_does_not_grow_with_the_registry(client, world, url):
    def count() -> int:
        cache.clear()  # the file itself, not the server's copy
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url()).status_code == 200
        return len(queries)

    for i in range(3):
        facility = make_facility(world.council, is_public=True, name=f"센터 {i}")
        add_figures(facility, FIGURES_DAY, 20, 10)
    few = count()
    for i in range(30):
        facility = make_facility(world.council, is_public=True, name=f"더 많은 센터 {i}")
        add_figures(facility, FIGURES_DAY, 20, 10)
    assert count() == few
    assert few <= 4
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url()).status_code == 200
    assert len(queries) == 0  # the server's copy
