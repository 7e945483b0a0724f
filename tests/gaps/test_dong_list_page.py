"""The 행정동 list upload page (the same files as `import_dongs`, on lib.imports): preview
first, then all or nothing; Korean row messages; hostile files refused with nothing
written and no 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from council.models import AuditEvent, Dong
from lib import uploads
from tests.gaps.files import upload
from tests.gaps.test_dong_list import _geumjeong_regions, _official_dongs, _population_file

HEADER = "행정동,행정기관코드\r\n"


@pytest.fixture
def staff(world, client):
    world.council.sido, world.council.district_code = "부산광역시", "26410"
    world.council.save()
    world.other_council.sido, world.other_council.district_code = "부산광역시", "26350"
    world.other_council.save()
    client.force_login(world.staff)
    return client, world


def _url(world, name="facilities:dong_list_import"):
    return reverse(name, args=[world.council.slug])


def _state(council):
    return list(Dong.objects.filter(council=council).values_list("name", "code").order_by("pk"))


def test_the_population_file_is_previewed_then_applied(staff, tmp_path):
    client, world = staff
    other_before = _state(world.other_council)
    path = _population_file(tmp_path / "pop.csv", _geumjeong_regions())
    before = _state(world.council)
    page = client.post(_url(world), {"file": upload(path.read_bytes(), name="pop.csv")})
    body = page.content.decode()
    official = _official_dongs()
    assert f"파일에서 이 구의 행정동 {len(official)}곳을 찾았습니다." in body
    assert "코드 채움 2곳" in body  # 구서2동 and 장전1동 exist without codes
    assert _state(world.council) == before  # nothing until confirmed

    done = client.post(_url(world, "facilities:dong_list_confirm"), follow=True)
    assert "행정동 목록을 반영했습니다" in done.content.decode()
    assert sorted(_state(world.council)) == sorted(official)
    assert _state(world.other_council) == other_before
    # Confirmed once: a second confirm finds nothing pending.
    again = client.post(_url(world, "facilities:dong_list_confirm"), follow=True)
    assert "확인할 가져오기 자료가 없습니다" in again.content.decode()


def test_a_two_column_file_with_bad_rows_names_each_row_and_keeps_nothing(staff):
    client, world = staff
    text = HEADER + "부곡1동,2641061000\r\n,2641062000\r\n서동,26410\r\n해운대동,2635051000\r\n"
    page = client.post(_url(world), {"file": upload(text, "utf-8", name="dongs.csv")})
    body = page.content.decode()
    assert "3행" in body and "행정동 이름이 비어 있습니다." in body
    assert "4행" in body and "행정기관코드는 숫자 10자리입니다" in body
    assert "아무것도 가져오지 않았습니다." in body
    assert not Dong.objects.filter(name="부곡1동").exists()
    assert uploads.take(client, kind="dong_list_import", scope=world.council.slug) is None


def test_another_districts_file_is_refused_naming_it(staff):
    client, world = staff
    text = HEADER + "우1동,2635052000\r\n"
    body = client.post(_url(world), {"file": upload(text, "utf-8")}).content.decode()
    assert "시군구 코드 26350의 동입니다" in body
    assert not Dong.objects.filter(name="우1동").exists()


def test_a_list_already_in_step_offers_nothing_to_apply(staff):
    client, world = staff
    Dong.objects.filter(council=world.council, name="구서2동").update(code="2641069000")
    Dong.objects.filter(council=world.council, name="장전1동").update(code="2641060000")
    text = HEADER + "구서2동,2641069000\r\n장전1동,2641060000\r\n"
    body = client.post(_url(world), {"file": upload(text, "utf-8")}).content.decode()
    assert "바꿀 것이 없습니다" in body
    assert reverse("facilities:dong_list_confirm", args=[world.council.slug]) not in body


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ((HEADER + "<script>alert(1)</script>,2641061000\r\n").encode(), "&lt;script&gt;"),
        ((HEADER + "가" * 31 + ",2641061000\r\n").encode(), "행정동 이름은 30자까지입니다"),
        ((HEADER + "부곡\x001동,２６４１０６１０００\r\n").encode(), "숫자 10자리입니다"),
        (b"PK\x03\x04" + bytes(range(256)) * 40, "엑셀(xlsx) 파일입니다"),
        (b"\xff\xfe" + "행정동,행정기관코드".encode("utf-16-le"), "UTF-16 파일은 받지 않습니다"),
        (HEADER.encode() + b"a,2641061000\r\n" * 5_001, "5,000행까지"),
        ((",".join(["행정동"] * 2_000) + "\r\n").encode(), "열"),
        (b"x" * (10 * 1024 * 1024 + 1), "MB"),
    ],
    ids=["markup", "long-name", "nul-and-fullwidth", "xlsx", "utf16", "rows", "columns", "size"],
)
def test_hostile_files_are_refused_or_escaped_with_nothing_written(staff, content, message):
    client, world = staff
    before = _state(world.council)
    response = client.post(_url(world), {"file": upload(content, name="dongs.csv")})
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "<script>alert(1)</script>" not in body
    assert _state(world.council) == before
    assert not AuditEvent.objects.filter(action__startswith="dong").exists()
