"""A past meeting recorded before meetings the council already has: the recording page
and the import preview name the later meetings first (a confirmation step), their
지난 회의 section then follows the earlier meeting, a published version stays as it was
(its live preview says so), and an older carried state never overwrites a later one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from council.models import Meeting
from proposals import commitment_services as cs
from proposals.models import Commitment
from reports.document import build_result_context
from reports.exporters import render_xlsx_export
from reports.services import publish_meeting
from tests import factories
from tests.reports.test_carried import _publish
from tests.reports.test_past_import import (
    _at,
    _file,
    _import,
    _meeting_with_commitments,
    _plan,
    _status,
)

FORM = {
    "year": "2024",
    "half": "2",
    "method": "written",
    "period_start": "2024-12-16",
    "period_end": "2024-12-20",
    "deadline": "",
    "invited_count": "11",
    "submitted_count": "8",
    "attended_count": "",
    "agenda": "기관별 현황 보고",
}


@pytest.fixture
def history(world):
    """The source council's 2023 하반기 (A) and 2024 상반기 (B), exported as published, and
    an empty council of the same district with the same departments to bring them into."""
    a = _meeting_with_commitments(world)
    _publish(a, _at(2024, 1, 22))
    _, _, a_file = render_xlsx_export(a, final_only=True)
    b = _meeting_with_commitments(world, year=2024, half=1, when=_at(2024, 7, 10))
    _publish(b, _at(2024, 7, 22))
    _, _, b_file = render_xlsx_export(b, final_only=True)
    council = factories.make_council("geumjeong-archive", "금정구")
    for department in world.council.departments.all():
        factories.make_department(council, department.name)
    staff = factories.make_staff(council, "archive-staff")
    return {"council": council, "staff": staff, "a": a_file, "b": b_file}


def _record(client, council, **changes):
    url = reverse("council:meeting_record", args=[council.slug])
    return client.post(url, {**FORM, **changes}, follow=True)


def _carried_from(meeting: Meeting) -> str:
    return build_result_context(meeting, final_only=True)["doc"].carried_from


def _waiting(meeting: Meeting) -> list[Meeting]:
    return build_result_context(meeting, final_only=True)["carried"].waiting


def test_recording_in_order_asks_nothing(world, client):
    factories.make_result_meeting(world.council, year=2024, half=1)
    client.force_login(world.staff)
    body = _record(client, world.council).content.decode()
    assert "지난 회의를 기록했습니다" in body
    assert "뒤에 오는 회의가 이미 있습니다" not in body
    assert Meeting.objects.filter(council=world.council, year=2024, half=2).exists()


def test_recording_out_of_order_names_the_later_meeting_and_saves_nothing_yet(world, client):
    later = factories.make_result_meeting(world.council, year=2025, half=1)
    _publish(later, _at(2025, 7, 22))
    client.force_login(world.staff)
    response = _record(client, world.council)
    body = response.content.decode()
    assert "뒤에 오는 회의가 이미 있습니다" in body
    assert later.title in body
    assert "이미 공개된 결과 문서는 그대로 둡니다" in body
    assert "확인하고 기록하기" in body
    assert response.context["following"] == [later]
    # Cancelling (leaving the page) changes nothing.
    assert not Meeting.objects.filter(council=world.council, year=2024, half=2).exists()
    assert _waiting(later) == []


def test_a_confirmation_that_no_longer_names_the_later_meetings_is_refused(world, client):
    later = factories.make_result_meeting(world.council, year=2025, half=1)
    client.force_login(world.staff)
    body = _record(client, world.council, confirm_order="1").content.decode()  # names none
    assert "그 사이 뒤에 오는 회의가 바뀌었습니다" in body
    assert later.title in body
    assert not Meeting.objects.filter(council=world.council, year=2024, half=2).exists()


def test_moving_a_record_before_a_later_meeting_asks_too(world, client):
    later = factories.make_result_meeting(world.council, year=2025, half=1)
    client.force_login(world.staff)
    moved = {"year": "2025", "period_start": "2025-12-01", "period_end": "2025-12-05"}
    _record(client, world.council, **moved)
    record = Meeting.objects.get(council=world.council, year=2025, half=2)
    url = reverse("council:meeting_edit", args=[world.council.slug, record.slug])
    same_half = client.post(url, {**FORM, **moved})
    assert same_half.status_code == 302  # edited in place: nothing to ask
    asked = client.post(url, FORM)
    assert asked.context["following"] == [later]
    record.refresh_from_db()
    assert (record.year, record.half) == (2025, 2)
    client.post(url, {**FORM, "confirm_order": "1", "following": str(later.pk)})
    record.refresh_from_db()
    assert (record.year, record.half) == (2024, 2)


def test_after_confirming_the_later_meeting_carries_from_the_earlier_one(history, client):
    council, staff = history["council"], history["staff"]
    _import(history["a"], council, staff, dt.date(2024, 1, 22))  # 2023 하반기
    client.force_login(staff)
    later = Meeting.objects.get(pk=_record(client, council).context["meeting"].pk)  # 2024 하반기
    assert "2023년 하반기" in _carried_from(later)

    # 2024 상반기 recorded by form, after 2024 하반기: asked, then confirmed.
    earlier_form = {"year": "2024", "half": "1", "period_start": "2024-07-01"}
    earlier_form["period_end"] = "2024-07-05"
    asked = _record(client, council, **earlier_form)
    assert asked.context["following"] == [later]
    confirmed = _record(client, council, **earlier_form, confirm_order="1", following=str(later.pk))
    assert "지난 회의를 기록했습니다" in confirmed.content.decode()
    earlier = Meeting.objects.get(council=council, year=2024, half=1)
    # Not published yet: the later meeting's live page says it is left out, by name.
    preview = client.get(reverse("reports:preview", args=[council.slug, later.slug]))
    assert [m.pk for m in preview.context["carried_source"].waiting] == [earlier.pk]
    assert "결과가 아직 공개되지 않아" in preview.content.decode()

    published = client.post(
        reverse("reports:publish", args=[council.slug, earlier.slug]),
        {"published_on": "2024-07-22"},
    )
    assert published.status_code == 302
    assert _carried_from(later) == earlier.title
    assert _waiting(later) == []


def test_importing_out_of_order_warns_then_the_published_later_meeting_notes_it(history, client):
    council, staff = history["council"], history["staff"]
    _import(history["a"], council, staff, dt.date(2024, 1, 22))
    client.force_login(staff)
    _record(client, council)  # 2024 하반기, in order
    later = Meeting.objects.get(council=council, year=2024, half=2)
    version = publish_meeting(meeting=later, user=staff, now=_at(2025, 1, 20))
    assert version.carried_from.year == 2023
    snapshot = version.html
    assert "2023년 하반기" in snapshot

    apply, plan = _plan(history["b"], council, dt.date(2024, 7, 22))  # 2024 상반기
    assert plan.following == [{"title": later.title, "published": True}]
    page = client.post(
        reverse("reports:past_import", args=[council.slug]),
        {"file": _file(history["b"]), "published_on": "2024-07-22"},
    )
    body = page.content.decode()
    assert "뒤에 오는 회의가 이미 있습니다" in body and later.title in body
    assert "확인하고 가져와서 공개로 기록하기" in body
    client.post(reverse("reports:past_import_apply", args=[council.slug]))

    earlier = Meeting.objects.get(council=council, year=2024, half=1)
    assert earlier.is_published
    assert _carried_from(later) == earlier.title  # the live document follows it
    version.refresh_from_db()
    assert version.html == snapshot  # the published version stays as it was
    preview = client.get(reverse("reports:preview", args=[council.slug, later.slug]))
    source = preview.context["carried_source"]
    assert source.published_differs and source.published_from.year == 2023
    text = preview.content.decode()
    assert "공개된 제1판의 ‘지난 회의 건의사항 추진 현황’은 2023년 하반기" in text
    assert "다시 공개하면 새 기준으로 새 판이 만들어집니다" in text


def test_in_order_import_and_publication_note_nothing(history, client):
    council, staff = history["council"], history["staff"]
    _import(history["a"], council, staff, dt.date(2024, 1, 22))
    apply, plan = _plan(history["b"], council, dt.date(2024, 7, 22))
    assert plan.following == []
    result = apply(staff)
    assert result.carried_from.year == 2023
    client.force_login(staff)
    source = client.get(
        reverse("reports:preview", args=[council.slug, result.meeting.slug])
    ).context["carried_source"]
    assert not source.published_differs and source.waiting == []


def test_an_older_carried_state_does_not_overwrite_a_later_record(history):
    council, staff = history["council"], history["staff"]
    _import(history["a"], council, staff, dt.date(2024, 1, 22))
    first, second = Commitment.objects.filter(
        response__proposal__meeting__council=council
    ).order_by("response__proposal__number", "order")[:2]
    # Recorded at a later meeting (after 2024. 7. 22.): 장기 검토.
    cs.record_progress(
        commitment=first,
        version=first.version,
        status=_status(council, "장기 검토"),
        reason="예산 미확보",
        user=staff,
        as_staff=True,
        now=_at(2024, 9, 1),
    )
    apply, plan = _plan(history["b"], council, dt.date(2024, 7, 22))
    flags = {c.commitment_id: c.later_record for c in plan.carried}
    assert flags[first.pk] and not flags[second.pk]
    apply(staff)
    first.refresh_from_db()
    assert (first.status.name, first.reason) == ("장기 검토", "예산 미확보")


@pytest.mark.django_db(transaction=True)
def test_the_migration_records_what_each_stored_version_carried(world):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from reports.models import PublishedResult

    a = factories.make_result_meeting(world.council, year=2023, half=2)
    _publish(a, _at(2024, 1, 22))
    b = factories.make_result_meeting(world.council, year=2024, half=1)
    _publish(b, _at(2024, 7, 22))
    other = factories.make_result_meeting(world.other_council, year=2024, half=2)
    _publish(other, _at(2025, 1, 20))
    executor = MigrationExecutor(connection)
    executor.migrate([("reports", "0004_letter_settings")])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    carried = dict(PublishedResult.objects.values_list("meeting_id", "carried_from_id"))
    assert carried == {a.pk: None, b.pk: a.pk, other.pk: None}
