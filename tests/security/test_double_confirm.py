"""Issue 13, case 7: a double-confirmed facility import applies once, and a clash on
the unique code is the Korean refusal, never a 500; no pending file is left."""

from __future__ import annotations

import threading

import pytest
from django.core.files.storage import storages
from django.db import connection, connections
from django.urls import reverse

from facilities import importer, services
from facilities.models import Facility
from tests.facilities.xlsx_helpers import row, upload, workbook_bytes

ROWS = [row(code="NEW-1"), row(code="NEW-2", dong="장전1동")]


def _preview(client, world):
    response = client.post(
        reverse("facilities:import", args=[world.council.slug]),
        {"file": upload(workbook_bytes(ROWS))},
    )
    assert response.context["can_apply"]


def _confirm(client, world):
    return client.post(reverse("facilities:import_confirm", args=[world.council.slug]), follow=True)


def _pending_files() -> list[str]:
    try:
        return storages["default"].listdir("pending-uploads")[1]
    except FileNotFoundError:
        return []


def test_a_second_confirm_of_the_same_upload_applies_nothing(client, world):
    client.force_login(world.staff)
    _preview(client, world)
    first = _confirm(client, world).content.decode()
    second = _confirm(client, world)
    assert "가져오기를 반영했습니다: 새 기관 2곳" in first
    assert second.status_code == 200
    assert "확인할 가져오기 자료가 없습니다. 파일을 다시 올려 주세요." in second.content.decode()
    assert Facility.objects.count() == 2
    assert _pending_files() == []


def test_a_clash_on_the_facility_code_is_the_korean_refusal(world, monkeypatch):
    """Two confirms that both read the rows before either wrote: the loser's judgement
    is stale, the database refuses the code, and the user reads why."""
    rows = importer.read_rows(upload(workbook_bytes(ROWS)))
    stale = importer.judge_rows(council=world.council, rows=rows)  # before the winner wrote
    services.apply_import(council=world.council, user=world.staff, rows=rows)
    monkeypatch.setattr(services, "judge_rows", lambda **kwargs: stale)
    with pytest.raises(services.ImportRejected) as refused:
        services.apply_import(council=world.council, user=world.staff, rows=rows)
    assert "아무것도 반영하지 않았습니다. 파일을 다시 올려 주세요." in str(refused.value)
    assert Facility.objects.count() == 2


def test_applying_the_same_rows_again_changes_nothing(world):
    rows = importer.read_rows(upload(workbook_bytes(ROWS)))
    services.apply_import(council=world.council, user=world.staff, rows=rows)
    again = services.apply_import(council=world.council, user=world.staff, rows=rows)
    assert importer.summarize(again)[importer.Action.UNCHANGED] == 2
    assert Facility.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_once_on_postgresql(world):
    """The probe's race (7 of 8 tries gave 500 on PostgreSQL): two threads apply the
    same rows at the same moment; one writes, the other finds them unchanged."""
    assert connection.vendor == "postgresql"  # marker: postgres (SQLite has one writer)
    rows = importer.read_rows(upload(workbook_bytes(ROWS)))
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def confirm():
        try:
            barrier.wait(timeout=10)
            results = services.apply_import(council=world.council, user=world.staff, rows=rows)
            outcomes.append(importer.summarize(results))
        except Exception as exc:  # recorded, asserted below
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(outcomes) == 2
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(o[importer.Action.NEW] for o in outcomes) == [0, 2]
    assert Facility.objects.count() == 2
