"""The 행정동 list from the 주민등록 population file or a two-column CSV (`import_dongs`)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from council.models import Council, Dong
from tests.factories import make_council
from tests.gaps.files import (
    BUSAN_TOTAL,
    GEUMJEONG_TOTAL,
    HAEUNDAE_JUNG1,
    HAEUNDAE_U1,
    ages,
    population_header,
    population_row,
)

CODES_FILE = (
    Path(__file__).resolve().parents[2] / "portal" / "demo_data" / "geumjeong-dong-codes.csv"
)


def _official_dongs() -> list[tuple[str, str]]:
    with CODES_FILE.open(encoding="utf-8") as handle:
        return [(row["행정동"], row["행정기관코드"]) for row in csv.DictReader(handle)]


def _population_file(path: Path, regions: list[tuple[str, str]]) -> Path:
    """A population file as the statistics site writes it: EUC-KR, every cell quoted,
    the 시도 and 시군구 totals first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(population_header())
    for region in regions:
        writer.writerow(population_row(region, ages()))
    path.write_bytes(buffer.getvalue().encode("euc-kr"))
    return path


def _geumjeong_regions() -> list[tuple[str, str]]:
    return [BUSAN_TOTAL, GEUMJEONG_TOTAL] + [
        (f"부산광역시 금정구 {name}", code) for name, code in _official_dongs()
    ]


def _import(council: Council, path: Path, *extra: str) -> str:
    out = io.StringIO()
    call_command("import_dongs", council.slug, str(path), *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def councils(db):
    geumjeong = make_council()  # 구서2동, 장전1동 without codes
    geumjeong.sido, geumjeong.district_code = "부산광역시", "26410"
    geumjeong.save()
    other = make_council("haeundae", "해운대구")
    other.sido, other.district_code = "부산광역시", "26350"
    other.save()
    return geumjeong, other


def _state(council: Council) -> list[tuple[str, str | None, int]]:
    return list(Dong.objects.filter(council=council).values_list("name", "code", "order"))


def test_it_takes_every_dong_and_code_from_the_euc_kr_population_file(councils, tmp_path):
    geumjeong, other = councils
    before_other = _state(other)
    output = _import(geumjeong, _population_file(tmp_path / "인구.csv", _geumjeong_regions()))
    dongs = dict(Dong.objects.filter(council=geumjeong).values_list("name", "code"))
    assert dongs == dict(_official_dongs())  # 16 동: the two the council had got their codes
    assert "새로 14, 이름 바뀜 0, 코드 채움 2" in output
    assert _state(other) == before_other
    # The same file again changes nothing.
    state = _state(geumjeong)
    assert "새로 0, 이름 바뀜 0, 코드 채움 0, 그대로 16" in _import(
        geumjeong, _population_file(tmp_path / "again.csv", _geumjeong_regions())
    )
    assert _state(geumjeong) == state


def test_it_reads_a_two_column_csv_and_renames_by_code(councils, tmp_path):
    geumjeong, _other = councils
    path = tmp_path / "dongs.csv"
    path.write_text(CODES_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    _import(geumjeong, path)
    assert Dong.objects.filter(council=geumjeong, code__isnull=False).count() == 16
    # A 동 renamed in a later list keeps its row (found by its code).
    renamed = path.read_text(encoding="utf-8").replace("구서2동", "구서이동")
    path.write_text(renamed, encoding="utf-8")
    pk = Dong.objects.get(council=geumjeong, code="2641069000").pk
    assert "이름 바뀜 1" in _import(geumjeong, path)
    assert Dong.objects.get(pk=pk).name == "구서이동"


def test_a_whole_province_file_keeps_only_this_district(councils, tmp_path):
    geumjeong, other = councils
    before_other = _state(other)
    regions = _geumjeong_regions() + [HAEUNDAE_U1, HAEUNDAE_JUNG1]
    output = _import(geumjeong, _population_file(tmp_path / "busan.csv", regions))
    assert "다른 시군구의 행 2개 건너뜀: 부산광역시 해운대구" in output
    assert Dong.objects.filter(council=geumjeong).count() == 16
    assert _state(other) == before_other


def test_a_file_of_another_district_is_refused_naming_it(councils, tmp_path):
    geumjeong, _other = councils
    before = _state(geumjeong)
    path = _population_file(tmp_path / "haeundae.csv", [HAEUNDAE_U1, HAEUNDAE_JUNG1])
    with pytest.raises(CommandError) as refused:
        _import(geumjeong, path)
    message = str(refused.value)
    assert "이 파일은 부산광역시 해운대구(26350)의 행정동 목록입니다" in message
    assert "부산광역시 금정구의 시군구 코드는 26410" in message
    assert _state(geumjeong) == before


def test_a_two_column_row_of_another_district_or_without_a_code_is_a_row_error(councils, tmp_path):
    geumjeong, _other = councils
    before = _state(geumjeong)
    path = tmp_path / "dongs.csv"
    path.write_text(
        "행정동,행정기관코드\n구서2동,2641069000\n우1동,2635051000\n장전1동,26410\n,2641060000\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        _import(geumjeong, path)
    message = str(refused.value)
    assert "3행 [행정기관코드]: 2635051000은 시군구 코드 26350의 동입니다" not in message
    assert "4행 [행정기관코드]: 행정기관코드는 숫자 10자리입니다" in message
    assert "5행 [행정동]: 행정동 이름이 비어 있습니다" in message
    assert _state(geumjeong) == before
    path.write_text("행정동,행정기관코드\n구서2동,2641069000\n우1동,2635051000\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        _import(geumjeong, path)
    assert "3행 [행정기관코드]: 2635051000은 시군구 코드 26350의 동입니다" in str(refused.value)
    assert _state(geumjeong) == before


def test_the_same_dong_twice_and_a_council_without_its_code_are_refused(councils, tmp_path):
    geumjeong, _other = councils
    path = tmp_path / "dongs.csv"
    path.write_text(
        "행정동,행정기관코드\n구서2동,2641069000\n구서2동,2641069000\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="3행 \\[행정기관코드\\]: ‘2641069000’이 2행에도"):
        _import(geumjeong, path)
    geumjeong.district_code = None
    geumjeong.save()
    path.write_text("행정동,행정기관코드\n구서2동,2641069000\n", encoding="utf-8")
    with pytest.raises(CommandError, match="시군구 코드가 없어"):
        _import(geumjeong, path)
    assert not Dong.objects.filter(council=geumjeong, code__isnull=False).exists()
