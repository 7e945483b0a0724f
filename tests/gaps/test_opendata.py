"""Facilities from the national open-data standards: presets, encodings, provenance,
the dry-run diff (new / changed / gone), hand edits kept as conflicts, all or nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from council.models import Dong
from facilities import opendata
from facilities.models import Facility, FacilityFigures, FacilitySource, GapSettings
from lib.xlsx import UploadRejected
from tests.factories import make_facility
from tests.gaps.files import community_csv, community_json, community_record, upload

CC = FacilitySource.Format.COMMUNITY_CENTER
WF = FacilitySource.Format.WELFARE_FACILITY


@pytest.fixture
def region(coded):
    GapSettings.objects.create(council=coded.council, region_name="부산광역시 금정구")
    return coded


def _records():
    return [
        community_record("햇살지역아동센터"),
        community_record(
            "장전지역아동센터",
            소재지도로명주소="부산광역시 금정구 장전로 5 (장전동)",
            소재지지번주소="부산광역시 금정구 장전동 1-1",
            운영시간="평일 오후",
            정원수="",
        ),
        community_record(
            "해운대지역아동센터", 시군구명="해운대구", 소재지도로명주소="부산광역시 해운대구 1"
        ),
        community_record("중구지역아동센터", 시도명="서울특별시", 시군구명="중구"),
    ]


def _judge(council, text, encoding="cp949", name="cc.csv", fmt=CC):
    parsed = opendata.read_open_data(upload(text, encoding, name=name), fmt)
    return parsed, opendata.judge_open_data(council=council, parsed=parsed)


@pytest.mark.parametrize(
    ("encoding", "name", "builder"),
    [
        ("cp949", "cc.csv", community_csv),
        ("utf-8-sig", "cc.csv", community_csv),
        ("utf-8", "cc.csv", community_csv),
        ("utf-8", "cc.json", community_json),
        ("cp949", "cc.json", community_json),
    ],
)
def test_it_reads_csv_and_json_in_each_encoding_and_keeps_this_districts_rows(
    region, encoding, name, builder
):
    parsed, preview = _judge(region.council, builder(_records()), encoding, name)
    assert [r.name for r in preview.rows] == ["햇살지역아동센터", "장전지역아동센터"]
    assert preview.other_region_rows == 2
    assert preview.count(opendata.Action.NEW) == 2
    sunny = preview.rows[0]
    assert sunny.values["opens_at"] == "13:00" and sunny.values["vacation_closes_at"] == "18:00"
    assert sunny.data_date == dt.date(2026, 9, 30) and sunny.provider_name == "부산광역시 금정구"
    assert sunny.figures == (dt.date(2026, 9, 30), 29, 27)
    assert [d.name for d in sunny.dong_candidates] == ["구서2동"]  # legal 구서동 → 구서2동
    jangjeon = preview.rows[1]
    assert jangjeon.hours_unparsed and "평일 오후" in jangjeon.notes[0]
    assert "opens_at" not in jangjeon.values and jangjeon.figures is None


def test_without_a_region_name_it_picks_rows_by_district_and_says_so(coded):
    _parsed, preview = _judge(coded.council, community_csv(_records()))
    assert preview.region_guessed
    # 서울 중구 is not 금정구; the district name alone still finds the right rows here.
    assert [r.name for r in preview.rows] == ["햇살지역아동센터", "장전지역아동센터"]


def test_a_file_of_another_region_is_refused_naming_this_one(region):
    records = [community_record("해운대센터", 시군구명="해운대구")]
    with pytest.raises(UploadRejected) as info:
        _judge(region.council, community_csv(records))
    assert "부산광역시 금정구의 시설이 없습니다" in str(info.value)


def test_a_wrong_preset_names_the_missing_columns(region):
    with pytest.raises(UploadRejected) as info:
        _judge(region.council, community_csv(_records()), fmt=WF)
    assert "시설종류명" in str(info.value)


def test_welfare_facility_rows_keep_only_care_centres(region):
    header = "시설명,시설종류명,시설종류상세명,시도명,시군구명,소재지도로명주소,운영시간,데이터기준일자,제공기관명\r\n"
    rows = [
        "금정다함께돌봄센터 1호점,아동복지시설,다함께돌봄센터,부산광역시,금정구,부산광역시 금정구 구서2동 1,13:00~20:00,2026-08-31,부산광역시 금정구",
        "금정노인복지관,노인복지시설,노인복지관,부산광역시,금정구,부산광역시 금정구 구서동 2,,2026-08-31,부산광역시 금정구",
        "금정지역아동센터,아동복지시설,지역아동센터,부산광역시,금정구,부산광역시 금정구 장전동 3,,2026-08-31,부산광역시 금정구",
    ]
    _parsed, preview = _judge(region.council, header + "\r\n".join(rows) + "\r\n", fmt=WF)
    assert [(r.name, r.kind) for r in preview.rows] == [
        ("금정다함께돌봄센터 1호점", Facility.Kind.TOGETHER),
        ("금정지역아동센터", Facility.Kind.COMMUNITY),
    ]
    assert preview.other_kind_rows == 1
    assert [d.name for d in preview.rows[0].dong_candidates] == ["구서2동"]  # named in the address


def test_bad_values_are_row_errors_with_the_files_column_names(region):
    records = [
        community_record("A센터", 정원수="스물", 데이터기준일자="어제"),
        community_record("A센터"),
    ]
    _parsed, preview = _judge(region.council, community_csv(records))
    messages = [str(e) for e in opendata.row_errors(preview)]
    assert "2행 [정원수]: 0 이상의 숫자가 아닙니다." in messages
    assert "2행 [데이터기준일자]: 날짜를 알아볼 수 없습니다." in messages
    assert "3행 [센터명]: 같은 시설이 2행에도 있습니다." in messages


def _apply(council, user, text, choices=None, name="cc.csv"):
    parsed = opendata.read_open_data(upload(text, name=name), CC)
    preview = opendata.judge_open_data(council=council, parsed=parsed)
    dongs = {d.name: d.pk for d in Dong.objects.filter(council=council)}
    chosen = {r.row: r.chosen_dong or dongs["장전1동"] for r in preview.rows}
    return opendata.apply_open_data(
        council=council, user=user, parsed=parsed, dong_choices=choices or chosen
    )


def test_apply_creates_facilities_with_provenance_and_figures(region):
    _apply(region.council, region.staff, community_csv(_records()))
    sunny = Facility.objects.get(name="햇살지역아동센터")
    assert sunny.kind == Facility.Kind.COMMUNITY and sunny.dong.name == "구서2동"
    assert (sunny.opens_at, sunny.closes_at) == (dt.time(13), dt.time(19))
    assert (sunny.vacation_opens_at, sunny.vacation_closes_at) == (dt.time(9), dt.time(18))
    assert sunny.code.startswith("OD-")
    source = sunny.source
    assert source.data_date == dt.date(2026, 9, 30)
    assert (source.provider_code, source.provider_name) == ("3360000", "부산광역시 금정구")
    assert FacilityFigures.objects.get(facility=sunny).capacity == 29
    unparsed = Facility.objects.get(name="장전지역아동센터").source
    assert unparsed.hours_unparsed and unparsed.hours_text == "평일 오후"
    assert sunny.history.first().history_change_reason == "공공데이터 가져오기"


def test_a_second_file_refreshes_untouched_fields_and_keeps_hand_edits_as_conflicts(region):
    _apply(region.council, region.staff, community_csv(_records()))
    sunny = Facility.objects.get(name="햇살지역아동센터")
    sunny.phone = "051-111-2222"  # the district corrected it by hand
    sunny.save()
    records = _records()[:1]
    records[0].update(전화번호="051-999-9999", 운영주체명="새 법인", 데이터기준일자="2026-10-31")
    _parsed, preview = _judge(region.council, community_csv(records))
    row = preview.rows[0]
    assert row.action == opendata.Action.CHANGED and row.facility == sunny
    assert [(c.field, c.old, c.new) for c in row.changes] == [
        ("operator", "사회복지법인 시험", "새 법인"),
        ("figures", "", "29 / 27 (2026. 10. 31.)"),
    ]
    assert [(c.field, c.old, c.new) for c in row.conflicts] == [
        ("phone", "051-111-2222", "051-999-9999")
    ]
    assert [s.facility.name for s in preview.gone] == ["장전지역아동센터"]
    _apply(region.council, region.staff, community_csv(records))
    sunny.refresh_from_db()
    assert sunny.phone == "051-111-2222" and sunny.operator == "새 법인"
    assert sunny.source.data_date == dt.date(2026, 10, 31)
    assert Facility.objects.filter(name="장전지역아동센터").exists()  # gone is only reported


def test_a_registry_facility_of_the_same_name_is_linked_and_its_values_are_conflicts(region):
    dong = Dong.objects.get(council=region.council, name="장전1동")
    mine = make_facility(
        region.council,
        kind=Facility.Kind.COMMUNITY,
        name="햇살지역아동센터",
        dong=dong,
        phone="051-1",
    )
    _parsed, preview = _judge(region.council, community_csv(_records()[:1]))
    row = preview.rows[0]
    assert row.facility == mine and row.action == opendata.Action.CHANGED
    assert ("phone", "051-1", "051-000-0000") in [(c.field, c.old, c.new) for c in row.conflicts]
    assert "address" in [c.field for c in row.changes]  # empty in the registry: filled


def test_apply_is_all_or_nothing_and_needs_a_dong_for_each_new_facility(region):
    parsed = opendata.read_open_data(upload(community_csv(_records())), CC)
    with pytest.raises(opendata.Refused, match="행정동을 골라 주세요"):
        opendata.apply_open_data(
            council=region.council, user=region.staff, parsed=parsed, dong_choices={}
        )
    assert not Facility.objects.exists() and not FacilitySource.objects.exists()


def test_the_pages_preview_then_apply(region, client):
    client.force_login(region.staff)
    url = reverse("facilities:opendata", args=[region.council.slug])
    response = client.post(
        url, {"format": CC, "file": upload(community_json(_records()), "utf-8", name="cc.json")}
    )
    page = response.content.decode()
    assert "새 시설 2 · 바뀜 0 · 그대로 0 · 오류 0" in page
    assert "운영시간을 해석할 수 없어 원문만 보관합니다" in page
    assert "데이터기준일자 2026. 9. 30." in page
    assert not Facility.objects.exists()
    dongs = {d.name: d.pk for d in Dong.objects.filter(council=region.council)}
    confirm = reverse("facilities:opendata_confirm", args=[region.council.slug])
    page = client.post(confirm, {"dong-1": str(dongs["구서2동"])}, follow=True).content.decode()
    assert "새 시설의 행정동을 골라 주세요 (2행)" in page and not Facility.objects.exists()
    response = client.post(
        confirm, {"dong-1": str(dongs["구서2동"]), "dong-2": str(dongs["장전1동"])}
    )
    assert response.status_code == 302
    assert Facility.objects.get(name="장전지역아동센터").dong.name == "장전1동"


def test_broken_json_is_refused_with_its_line(region):
    text = json.dumps({"records": [community_record("A")]}, ensure_ascii=False, indent=1)
    with pytest.raises(UploadRejected) as info:
        opendata.read_open_data(upload(text[:-20], "utf-8", name="cc.json"), CC)
    assert "JSON" in str(info.value) and info.value.errors[0].row > 1
