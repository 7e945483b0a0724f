"""xlsx import: preview per row, then all-or-nothing apply from the session."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import storages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from facilities import importer
from facilities.models import Facility, FacilityFigures
from tests.facilities.xlsx_helpers import row, upload, workbook_bytes
from tests.factories import add_figures, make_facility

pytestmark = pytest.mark.django_db


def _preview(client, world, rows):
    return client.post(
        reverse("facilities:import", args=[world.council.slug]),
        {"file": upload(workbook_bytes(rows))},
    )


def _confirm(client, world):
    return client.post(reverse("facilities:import_confirm", args=[world.council.slug]))


def _snapshot():
    return (
        sorted(Facility.objects.values_list("code", "name", "status", "closes_at")),
        sorted(
            FacilityFigures.objects.values_list("facility__code", "as_of", "capacity", "enrolled")
        ),
    )


def test_it_previews_new_changed_unchanged_and_applies(world, client):
    client.force_login(world.staff)
    dong = world.council.dongs.get(name="구서2동")
    same = make_facility(
        world.council, code="SAME-1", name="그대로센터", dong=dong, closes_at=dt.time(20, 0)
    )
    changed = make_facility(
        world.council, code="CHG-1", name="바뀔센터", dong=dong, closes_at=dt.time(20, 0)
    )
    add_figures(same, dt.date(2023, 6, 30), 20, 18, 2)
    add_figures(changed, dt.date(2023, 6, 30), 20, 18, 2)
    rows = [
        row(code="NEW-1", name="새센터"),
        row(
            code="SAME-1",
            name="그대로센터",
            opened_on="2020-03-02",
            closes_at="20:00",
            vacation_care="아니오",
        ),
        row(
            code="CHG-1",
            name="바뀐센터",
            opened_on="2020-03-02",
            closes_at="20:00",
            vacation_care="아니오",
            enrolled="19",
        ),
    ]
    response = _preview(client, world, rows)
    body = response.content.decode()
    summary = response.context["summary"]
    assert summary == {"new": 1, "changed": 1, "unchanged": 1, "error": 0}, [
        (r.row, r.errors) for r in response.context["results"]
    ]
    assert summary == {"new": 1, "changed": 1, "unchanged": 1, "error": 0}
    assert "바뀔센터 → 바뀐센터" in body
    assert "18 → 19" in body
    assert Facility.objects.count() == 2  # the preview writes nothing

    response = _confirm(client, world)
    assert response.status_code == 302
    new = Facility.objects.get(code="NEW-1")
    assert new.updated_by == world.staff
    assert new.figures.get().capacity == 20
    assert Facility.objects.get(code="CHG-1").name == "바뀐센터"
    assert FacilityFigures.objects.get(facility=changed).enrolled == 19
    page = client.get(response["Location"]).content.decode()
    assert "가져오기를 반영했습니다: 새 기관 1곳, 바뀐 기관 1곳." in page
    # The pending import is gone: a second confirm applies nothing.
    response = _confirm(client, world)
    assert "확인할 가져오기 자료가 없습니다." in client.get(response["Location"]).content.decode()


def test_a_bad_row_57_of_100_changes_nothing_and_is_named(world, client):
    client.force_login(world.staff)
    make_facility(world.council, code="OLD-1", name="기존센터")
    before = _snapshot()
    rows = [row(code=f"BULK-{i:03d}", name=f"대량센터 {i}") for i in range(100)]
    # Data row 56 (0-based 55) is sheet row 57: the header is row 1.
    rows[55] = row(code="BULK-055", name="잘못된센터", closes_at="12:00")
    response = _preview(client, world, rows)
    body = response.content.decode()
    assert response.context["summary"]["error"] == 1
    assert "57행 ‘평일운영종료시각’ 열: 학기 중 종료 시각은 시작 시각보다 늦어야 합니다." in body
    assert "반영하기" not in body
    assert _confirm(client, world).status_code == 302
    assert _snapshot() == before


def test_it_names_row_and_column_of_each_error(world, client):
    client.force_login(world.staff)
    rows = [
        row(code="A-1", dong="없는동"),
        row(code="A-2", kind="어린이집"),
        row(code="A-3", night_care="아마도"),
        row(code="A-1"),
        row(code="A-5", enrolled="25"),
    ]
    body = _preview(client, world, rows).content.decode()
    assert "2행 ‘행정동’ 열: ‘없는동’은(는) 이 협의체의 행정동 목록에 없습니다." in body
    assert "3행 ‘유형’ 열: ‘어린이집’은(는) 쓸 수 없는 값입니다." in body
    assert "4행 ‘야간돌봄’ 열: ‘예’ 또는 ‘아니오’로 적어 주세요." in body
    assert "5행 ‘기관 코드’ 열: 같은 기관 코드가 2행에도 있습니다." in body
    assert "6행 ‘정원 초과 사유’ 열: 현원이 정원보다 많으면 정원 초과 사유를 적어 주세요." in body
    assert not Facility.objects.exists()


def test_it_rejects_a_file_without_the_headers(world, client):
    client.force_login(world.staff)
    response = client.post(
        reverse("facilities:import", args=[world.council.slug]),
        {"file": upload(workbook_bytes([row()], headers=["이름", "주소"]))},
    )
    assert "첫 행에 필요한 열 제목이 없습니다" in response.content.decode()
    assert not Facility.objects.exists()


def test_confirm_revalidates_against_the_registry_as_it_is_now(world, client):
    client.force_login(world.staff)
    _preview(client, world, [row(code="NEW-1"), row(code="NEW-2", dong="장전1동")])
    # Between preview and confirm the 동 disappears from the council's list.
    Facility.objects.all().delete()
    world.council.dongs.get(name="장전1동").delete()
    response = _confirm(client, world)
    assert (
        "3행을 반영할 수 없습니다. 아무것도 반영하지 않았습니다."
        in client.get(response["Location"]).content.decode()
    )
    assert not Facility.objects.exists()


def test_confirm_uses_the_session_not_the_client(world, client):
    client.force_login(world.staff)
    _preview(client, world, [row(code="NEW-1", name="미리본센터")])
    client.post(
        reverse("facilities:import_confirm", args=[world.council.slug]),
        {"rows": '[{"row": 2, "values": {"code": "EVIL"}}]'},
    )
    assert list(Facility.objects.values_list("code", "name")) == [("NEW-1", "미리본센터")]


def test_another_councils_staff_cannot_confirm_a_pending_import(world, client):
    client.force_login(world.other_council_staff)
    response = client.post(reverse("facilities:import_confirm", args=[world.council.slug]))
    assert response.status_code == 404


def _queries(client, world, rows, *, confirm=False):
    with CaptureQueriesContext(connection) as ctx:
        if confirm:
            response = _confirm(client, world)
            assert response["Location"].endswith(f"/{world.council.slug}/facilities/")
        else:
            response = _preview(client, world, rows)
            assert response.context["summary"]["error"] == 0
    return [q["sql"].split()[0].upper() for q in ctx.captured_queries]


def _registry_with_figures(world):
    dong = world.council.dongs.get(name="구서2동")
    for code in ("OLD-1", "OLD-2"):
        facility = make_facility(
            world.council, code=code, name=f"{code} 센터", dong=dong, closes_at=dt.time(20, 0)
        )
        add_figures(facility, dt.date(2023, 6, 30), 20, 18, 2)


def _rows(n):
    # Two existing facilities change (name, figures), the rest are new.
    rows = [
        row(code="OLD-1", name="바뀐센터", opened_on="2020-03-02", vacation_care="아니오"),
        row(
            code="OLD-2",
            name="OLD-2 센터",
            opened_on="2020-03-02",
            vacation_care="아니오",
            enrolled="19",
        ),
    ]
    return rows + [row(code=f"N-{i:04d}", name=f"새센터 {i}") for i in range(n - 2)]


@pytest.mark.parametrize("n", [20, 200])
def test_preview_queries_do_not_grow_with_the_rows(world, client, n):
    client.force_login(world.staff)
    _registry_with_figures(world)
    _preview(client, world, _rows(5))  # the session exists from here on
    assert len(_queries(client, world, _rows(20))) == len(_queries(client, world, _rows(n)))


def test_apply_queries_do_not_grow_with_the_rows(world, client):
    client.force_login(world.staff)
    counts = {}
    for n in (20, 200):
        Facility.objects.all().delete()
        _registry_with_figures(world)
        _preview(client, world, _rows(n))
        counts[n] = _queries(client, world, None, confirm=True)
        assert Facility.objects.filter(code__startswith="N-").count() == n - 2
    small, large = counts[20], counts[200]
    # Everything but the batched INSERTs is the same; SQLite caps a statement's
    # parameters at 999, so a few more INSERT batches carry 200 rows.
    assert [q for q in small if q != "INSERT"] == [q for q in large if q != "INSERT"]
    assert large.count("INSERT") <= 20 < 200


def test_apply_records_history_and_figures_in_bulk(world, client):
    client.force_login(world.staff)
    _registry_with_figures(world)
    old = Facility.objects.get(code="OLD-1")
    _preview(client, world, _rows(4))
    _confirm(client, world)
    changed = Facility.objects.get(code="OLD-1")
    assert changed.name == "바뀐센터"
    assert changed.updated_by == world.staff and changed.updated_at > old.updated_at
    latest = changed.history.first()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        world.staff,
        "엑셀 파일 가져오기",
    )
    assert latest.name == "바뀐센터"
    new = Facility.objects.get(code="N-0001")
    assert [(h.history_type, h.history_user) for h in new.history.all()] == [("+", world.staff)]
    assert new.figures.get().enrolled == 18
    figures = FacilityFigures.objects.get(facility__code="OLD-2")
    assert (figures.enrolled, figures.recorded_by) == (19, world.staff)
    # OLD-2's own fields did not change: no new history record for it.
    assert Facility.objects.get(code="OLD-2").history.count() == 1


def test_pending_rows_wait_in_private_storage_not_in_the_session(world, client):
    client.force_login(world.staff)
    _preview(client, world, [row(code="NEW-1")])
    pending = client.session["pending_uploads"]["facilities_import"]
    assert set(pending) == {"scope", "token"}  # a token, not the rows
    name = f"pending-uploads/{pending['token']}.json"
    assert storages["default"].exists(name)
    _confirm(client, world)
    assert not storages["default"].exists(name)
    assert "facilities_import" not in client.session["pending_uploads"]


def test_it_caps_the_rows_per_upload_with_a_korean_message(world, client, monkeypatch):
    assert importer.MAX_ROWS >= 10_000
    monkeypatch.setattr(importer, "MAX_ROWS", 3)
    client.force_login(world.staff)
    body = _preview(client, world, [row(code=f"C-{i}") for i in range(4)]).content.decode()
    assert "한 번에 3행까지 올릴 수 있습니다." in body
    assert not Facility.objects.exists()


# Cells the page form refuses too: the import shows the page's own message for each.
PAGE_RULES = [
    ("code", "report", {}),
    ("code", "가나다", {}),
    ("name", "", {}),
    ("name", "가" * 101, {}),
    ("closes_at", "25:00", {}),
    ("closes_at", "12:00", {}),
    ("night_care_until", "", {"night_care": "예"}),
    ("closed_on", "2023-01-01", {}),
    ("opened_on", "", {}),
    ("temporary_spare", "-1", {"temporary_care": "예"}),
    ("temporary_spare", "3", {}),
]


@pytest.mark.parametrize(("field", "cell", "other_cells"), PAGE_RULES)
def test_a_row_is_refused_with_the_page_forms_message(world, client, field, cell, other_cells):
    from facilities.columns import COLUMN_BY_FIELD, parse_bool
    from facilities.forms import FacilityForm

    client.force_login(world.staff)
    cells = row(**{"code": "PAGE-1", field: cell, **other_cells})
    response = _preview(client, world, [cells])
    [result] = response.context["results"]
    header = COLUMN_BY_FIELD[field].header
    shown = [e.message for e in result.errors if e.column == header]
    # The same values typed into the page's form.
    data = {k: v for k, v in cells.items() if k in FacilityForm.Meta.fields}
    data.update(kind=Facility.Kind.TOGETHER, status=Facility.Status.OPERATING)
    data["dong"] = str(world.council.dongs.get(name=cells["dong"]).pk)
    for name in ("saturday_care", "night_care", "temporary_care", "vacation_care"):
        data[name] = "on" if parse_bool(cells[name]) else ""
    form = FacilityForm(data, instance=Facility(council=world.council), council=world.council)
    assert not form.is_valid()
    assert shown and shown == form.errors[field], (shown, form.errors)
    assert result.action == importer.Action.ERROR
    _confirm(client, world)
    assert not Facility.objects.exists()


def test_a_figures_row_is_refused_with_the_page_forms_message(world, client):
    from facilities.forms import FiguresForm

    client.force_login(world.staff)
    facility = make_facility(world.council, code="FIG-1")
    cells = {"as_of": "2999-01-01", "capacity": "20", "enrolled": "-3", "waiting": ""}
    response = _preview(client, world, [row(code="FIG-1", **cells)])
    [result] = response.context["results"]
    form = FiguresForm(cells, facility=facility)
    assert not form.is_valid()
    assert {(e.column, e.message) for e in result.errors} == {
        ("기준일", message) for message in form.errors["as_of"]
    } | {("현원", message) for message in form.errors["enrolled"]}
