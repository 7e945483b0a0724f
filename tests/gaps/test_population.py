"""The 주민등록 연령별 인구현황 import: encodings, matching by code, refusals, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from council.models import Dong
from facilities import population
from facilities.models import GapSettings, PopulationDataset, PopulationFigure
from lib.xlsx import UploadRejected
from tests.gaps.files import (
    BUSAN_TOTAL,
    GUSEO2,
    HAEUNDAE_JUNG1,
    HAEUNDAE_U1,
    JANGJEON1,
    ages,
    population_csv,
    upload,
)

TWO_DONG = [(GUSEO2, ages(10, school=40)), (JANGJEON1, ages(5, school=12))]


def _read(text, encoding="cp949"):
    return population.read_population(upload(text, encoding))


def _rejected(text, encoding="cp949") -> UploadRejected:
    with pytest.raises(UploadRejected) as info:
        _read(text, encoding)
    return info.value


@pytest.mark.parametrize(
    ("encoding", "label"),
    [
        ("cp949", "CP949 (EUC-KR)"),
        ("euc-kr", "CP949 (EUC-KR)"),
        ("utf-8", "UTF-8"),
        ("utf-8-sig", "UTF-8 (BOM)"),
    ],
)
def test_it_reads_each_encoding(encoding, label):
    parsed, found = _read(population_csv(TWO_DONG), encoding)
    assert found == label
    assert parsed.month == dt.date(2026, 10, 1)
    assert [(r.code, r.name) for r in parsed.rows] == [
        (GUSEO2[1], GUSEO2[0]),
        (JANGJEON1[1], JANGJEON1[0]),
    ]
    assert parsed.rows[0].ages[7] == 40 and parsed.rows[0].ages[100] == 10
    assert parsed.rows[0].total == sum(ages(10, school=40))
    assert parsed.totals_skipped == 1  # the 금정구 total row


def test_it_sums_men_and_women_when_the_file_has_no_totals_column():
    text = population_csv(TWO_DONG)
    header = text.split("\r\n", 1)[0].replace("_계_", "_합_")  # 계 columns no longer recognised
    parsed, _enc = _read(header + "\r\n" + text.split("\r\n", 1)[1])
    # 남 + 여 add up to the same numbers (the builder splits 계 into the two).
    assert parsed.rows[0].ages[7] == 40


def test_it_takes_the_latest_month_of_a_file_with_two(coded):
    old = population_csv(TWO_DONG, month=9, totals=False).split("\r\n")
    new = population_csv(TWO_DONG, month=10, totals=False).split("\r\n")
    merged = "\r\n".join(
        f"{a},{b.split(',', 1)[1]}" if a else "" for a, b in zip(old, new, strict=True)
    )
    parsed, _enc = _read(merged)
    assert parsed.month == dt.date(2026, 10, 1)
    assert parsed.months_in_file == [dt.date(2026, 10, 1), dt.date(2026, 9, 1)]


def test_a_truncated_file_is_refused_with_row_and_column():
    lines = population_csv(TWO_DONG).split("\r\n")
    lines[3] = '","'.join(lines[3].split('","')[:50]) + '"'  # the last row saved half
    error = _rejected("\r\n".join(lines))
    assert error.errors[0].row == 4
    assert error.errors[0].column == "2026년10월_계_47세"
    assert "열이 50개뿐입니다(열 제목은 310개)" in error.errors[0].message


def test_an_unclosed_quote_at_the_end_is_a_truncated_file():
    text = population_csv(TWO_DONG)
    error = _rejected(text[: len(text) - 4])  # ends inside the last quoted cell
    assert error.errors[0].row == 4
    assert "따옴표가 닫히지 않은 채 파일이 끝납니다" in str(error.errors[0])


def test_a_file_cut_between_two_cells_is_refused():
    text = population_csv(TWO_DONG)
    error = _rejected(text[: len(text) - 5])  # the last cell is gone, a comma remains
    assert str(error.errors[0]) == "4행 [2026년10월_여_100세 이상]: 값이 비어 있습니다."


def test_a_utf8_file_cut_in_the_middle_of_a_character_is_refused():
    data = population_csv(TWO_DONG).encode("utf-8")
    data = data[: data.rindex("구서2동".encode()) + 2]  # half of 서
    with pytest.raises(UploadRejected) as info:
        population.read_population(upload(data))
    assert "잘렸습니다" in str(info.value)


def test_a_file_of_mixed_encodings_is_refused_where_it_breaks():
    good = population_csv(TWO_DONG).encode("utf-8")
    lines = good.split(b"\r\n")
    lines[3] = population_csv(TWO_DONG).split("\r\n")[3].encode("cp949")  # one row in CP949
    with pytest.raises(UploadRejected) as info:
        population.read_population(upload(b"\r\n".join(lines)))
    error = info.value.errors[0]
    assert error.row == 4 and error.column == "행정구역"
    assert "UTF-8로 읽을 수 없는" in error.message


def test_a_file_in_another_encoding_is_refused():
    data = population_csv(TWO_DONG).encode("utf-16")
    with pytest.raises(UploadRejected) as info:
        population.read_population(upload(data))
    assert "UTF-16" in str(info.value)


def test_duplicated_dong_negative_and_non_numeric_counts_name_row_and_column():
    text = population_csv(TWO_DONG + [(GUSEO2, ages(10))], totals=False)
    lines = text.split("\r\n")
    cells = lines[1].split('","')
    cells[9] = "-3"  # 2026년10월_계_6세 (after 행정구역, 총인구수, 연령구간인구수, 0…5세)
    lines[1] = '","'.join(cells)
    cells = lines[2].split('","')
    cells[10] = "열둘"  # 7세
    lines[2] = '","'.join(cells)
    error = _rejected("\r\n".join(lines))
    messages = [str(e) for e in error.errors]
    assert any(m.startswith("2행 [2026년10월_계_6세]") and "음수" in m for m in messages)
    assert any(m.startswith("3행 [2026년10월_계_7세]") and "숫자가 아닙니다" in m for m in messages)
    assert any(m.startswith("4행 [행정구역]") and "2행에도" in m for m in messages)
    assert "3개 행에 고칠 곳이 있어 아무것도 반영하지 않았습니다" in str(error)


def test_a_file_of_five_year_bands_is_refused():
    text = "\r\n".join(
        [
            '"행정구역","2026년10월_계_총인구수","2026년10월_계_0~4세"',
            f'"{GUSEO2[0]} ({GUSEO2[1]})","10","10"',
        ]
    )
    assert "1세 단위" in str(_rejected(text))


def test_size_rows_and_columns_are_bounded(monkeypatch):
    monkeypatch.setattr(population, "MAX_BYTES", 1000)
    assert "너무 큽니다" in str(_rejected(population_csv(TWO_DONG)))
    monkeypatch.setattr(population, "MAX_BYTES", 10 * 1024 * 1024)
    monkeypatch.setattr(population, "MAX_ROWS", 2)
    assert "2행까지" in str(_rejected(population_csv(TWO_DONG)))
    monkeypatch.setattr(population, "MAX_ROWS", 5000)
    monkeypatch.setattr(population, "MAX_COLUMNS", 200)
    assert "열이 너무 많습니다" in str(_rejected(population_csv(TWO_DONG)))


def test_an_xlsx_sent_as_csv_is_refused():
    with pytest.raises(UploadRejected) as info:
        population.read_population(upload(b"PK\x03\x04rest-of-zip"))
    assert "‘CSV’로 저장" in str(info.value)


# --- matching ---------------------------------------------------------------------------


def test_rows_match_dong_by_code_not_by_name(coded):
    renamed = [(("부산광역시 금정구 구서제2동", GUSEO2[1]), ages(10, school=40))]
    parsed, _enc = _read(population_csv(renamed))
    preview = population.judge_population(council=coded.council, parsed=parsed)
    assert [d.name for _r, d in preview.matched] == ["구서2동"]
    assert [d.name for d in preview.missing_dongs] == ["장전1동"]
    assert preview.region_name == "부산광역시 금정구"


def test_a_file_of_another_district_is_refused_naming_it(coded):
    text = population_csv([(HAEUNDAE_U1, ages(10)), (HAEUNDAE_JUNG1, ages(10))], totals=False)
    parsed, _enc = _read(text)
    with pytest.raises(UploadRejected) as info:
        population.judge_population(council=coded.council, parsed=parsed)
    assert "이 파일은 부산광역시 해운대구의 인구 자료입니다" in str(info.value)
    assert "금정구" in str(info.value)


def test_a_citywide_file_keeps_this_districts_rows_and_says_what_it_skips(coded):
    rows = [(BUSAN_TOTAL, ages(1)), (HAEUNDAE_U1, ages(10)), *TWO_DONG]
    parsed, _enc = _read(population_csv(rows, totals=False))
    preview = population.judge_population(council=coded.council, parsed=parsed)
    assert len(preview.matched) == 2
    assert preview.other_rows == 1 and preview.other_districts == ["부산광역시 해운대구"]
    assert preview.totals_skipped == 1


def test_a_council_without_codes_is_told_to_set_them(world):
    parsed, _enc = _read(population_csv(TWO_DONG))
    with pytest.raises(UploadRejected) as info:
        population.judge_population(council=world.council, parsed=parsed)
    assert "행정동 코드" in str(info.value)


def test_apply_writes_the_month_and_replaces_it_on_a_second_import(coded):
    parsed, enc = _read(population_csv(TWO_DONG))
    payload = population.to_payload(parsed, source_name="a.csv", encoding=enc)
    dataset = population.apply_population(council=coded.council, user=coded.staff, payload=payload)
    assert dataset.month == dt.date(2026, 10, 1)
    figure = PopulationFigure.objects.get(dataset=dataset, dong__name="구서2동")
    assert figure.children(7, 12) == 240
    assert GapSettings.objects.get(council=coded.council).region_name == "부산광역시 금정구"
    parsed, enc = _read(population_csv([(GUSEO2, ages(10, school=50))]))
    population.apply_population(
        council=coded.council,
        user=coded.staff,
        payload=population.to_payload(parsed, source_name="b.csv", encoding=enc),
    )
    assert PopulationDataset.objects.filter(council=coded.council).count() == 1
    assert PopulationFigure.objects.get(dong__name="구서2동").children(7, 12) == 300
    assert not PopulationFigure.objects.filter(dong__name="장전1동").exists()


def test_apply_judges_again_and_writes_nothing_when_codes_changed_meanwhile(coded):
    parsed, enc = _read(population_csv(TWO_DONG))
    payload = population.to_payload(parsed, source_name="a.csv", encoding=enc)
    Dong.objects.filter(council=coded.council).update(code=None)
    with pytest.raises(UploadRejected):
        population.apply_population(council=coded.council, user=coded.staff, payload=payload)
    assert not PopulationDataset.objects.exists()


# --- pages ------------------------------------------------------------------------------


def test_preview_then_confirm_through_the_pages(coded, client):
    client.force_login(coded.staff)
    url = reverse("facilities:population", args=[coded.council.slug])
    response = client.post(url, {"file": upload(population_csv(TWO_DONG))})
    page = response.content.decode()
    assert "2026. 10." in page and "CP949 (EUC-KR)" in page
    assert "행정동 2곳을 가져옵니다" in page
    assert "시도·시군구 합계 행 1개는 건너뜁니다" in page
    assert not PopulationDataset.objects.exists()  # a preview writes nothing
    response = client.post(reverse("facilities:population_confirm", args=[coded.council.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse("facilities:gaps", args=[coded.council.slug])
    dataset = PopulationDataset.objects.get()
    assert dataset.encoding == "CP949 (EUC-KR)" and dataset.source_name == "population.csv"
    # A second confirm finds nothing to apply.
    response = client.post(
        reverse("facilities:population_confirm", args=[coded.council.slug]), follow=True
    )
    assert "확인할 가져오기 자료가 없습니다" in response.content.decode()


def test_a_refused_file_shows_rows_and_columns_and_keeps_nothing(coded, client):
    client.force_login(coded.staff)
    text = population_csv(TWO_DONG, totals=False).replace('"1,', '"-1,', 1)
    response = client.post(
        reverse("facilities:population", args=[coded.council.slug]), {"file": upload(text)}
    )
    page = response.content.decode()
    assert "아무것도 가져오지 않았습니다" in page
    assert "2행 [2026년10월_계_총인구수]" in page
    assert "반영하기" not in page


def test_the_refusal_page_shows_fifty_errors_and_the_total(coded, client):
    client.force_login(coded.staff)
    rows = [((f"부산광역시 금정구 가{i}동", f"26410{i:03d}00"), ages(1)) for i in range(1, 61)]
    text = population_csv(rows, totals=False).replace('","1","', '","x","')
    response = client.post(
        reverse("facilities:population", args=[coded.council.slug]), {"file": upload(text)}
    )
    page = response.content.decode()
    assert page.count("숫자가 아닙니다") == 50
    assert "그 밖에" in page


def test_dong_codes_page_sets_and_swaps_codes(coded, client):
    client.force_login(coded.staff)
    url = reverse("facilities:dong_codes", args=[coded.council.slug])
    dongs = list(Dong.objects.filter(council=coded.council).order_by("order", "name"))
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2"}
    for i, (dong, code) in enumerate(zip(dongs, [JANGJEON1[1], GUSEO2[1]], strict=True)):
        data[f"form-{i}-id"] = str(dong.pk)
        data[f"form-{i}-code"] = code
    assert client.post(url, data).status_code == 302
    assert Dong.objects.get(pk=dongs[0].pk).code == JANGJEON1[1]
    data["form-1-code"] = JANGJEON1[1]
    page = client.post(url, data).content.decode()
    assert "같은 코드를 두 동에 적었습니다" in page
    data["form-1-code"] = "12345"
    page = client.post(url, data).content.decode()
    assert "숫자 10자리" in page


def test_the_command_imports_and_refuses_like_the_page(coded, tmp_path, capsys):
    path = tmp_path / "pop.csv"
    path.write_bytes(population_csv(TWO_DONG).encode("cp949"))
    call_command("import_population", str(path), "--council", coded.council.slug, "--dry-run")
    assert not PopulationDataset.objects.exists()
    call_command("import_population", str(path), "--council", coded.council.slug)
    out = capsys.readouterr().out
    assert "2026. 10." in out and "행정동 2곳" in out
    assert PopulationDataset.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(population_csv([(HAEUNDAE_U1, ages(10))], totals=False).encode("cp949"))
    with pytest.raises(CommandError, match="부산광역시 해운대구"):
        call_command("import_population", str(bad), "--council", coded.council.slug)
