"""The 돌봄 공백 report, its page, charts, spreadsheet, thresholds and agenda snapshot."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from council.models import AgendaItem, Dong
from facilities.gaps import FLAG_LOW, FLAG_NO_EVENING, gap_report
from facilities.models import Facility, GapSettings
from tests.factories import add_figures, make_facility, make_meeting, make_population
from tests.gaps.files import GUSEO2, JANGJEON1, ages

AS_OF = dt.date(2026, 11, 30)


def import_population(council, rows, **kwargs):
    return make_population(council, rows, **kwargs)


@pytest.fixture
def gaps(coded):
    council = coded.council
    import_population(council, [(GUSEO2, ages(10, school=40)), (JANGJEON1, ages(5, school=12))])
    guseo, jangjeon = (Dong.objects.get(council=council, name=n) for n in ("구서2동", "장전1동"))
    a = make_facility(council, kind=Facility.Kind.TOGETHER, dong=guseo, closes_at=dt.time(19, 0))
    add_figures(a, dt.date(2026, 9, 1), 30, 28, 4)
    b = make_facility(
        council,
        kind=Facility.Kind.COMMUNITY,
        dong=guseo,
        closes_at=dt.time(20, 0),
        vacation_care=True,
    )
    add_figures(b, dt.date(2026, 10, 1), 29, 27, 1)
    c = make_facility(
        council,
        kind=Facility.Kind.SCHOOL,
        dong=jangjeon,
        closes_at=dt.time(17, 0),
        night_care_until=dt.time(22, 0),
        temporary_spare=3,
    )
    add_figures(c, dt.date(2026, 3, 2), 10, 10, 6)
    make_facility(council, dong=jangjeon, status=Facility.Status.PLANNED, opened_on=None)
    return coded


def _row(report, dong):
    return next(r for r in report["rows"] if r["dong"] == dong)


def test_it_compares_children_with_places_per_dong(gaps):
    report = gap_report(council=gaps.council, as_of=AS_OF)
    guseo, jangjeon = _row(report, "구서2동"), _row(report, "장전1동")
    assert report["month"] == "2026-10-01" and report["ages"] == [7, 12]
    assert guseo["children"] == 240 and jangjeon["children"] == 72
    assert (guseo["capacity"], guseo["enrolled"], guseo["waiting"]) == (59, 55, 5)
    assert guseo["kinds"][0] == {"capacity": 30, "enrolled": 28, "waiting": 4}
    assert guseo["per_100"] == 24.6 and jangjeon["per_100"] == 13.9
    assert report["district_ratio"] == 22.1  # 69 places for 312 children
    assert report["threshold"] == 15.5  # 30% below the district's own ratio
    assert guseo["evening"] == 1 and guseo["night"] == 0  # the 20:00 centre
    assert jangjeon["evening"] == 1 and jangjeon["night"] == 1  # night care to 22:00
    assert guseo["vacation_capacity"] == 29
    assert (jangjeon["temporary"], jangjeon["temporary_spare"]) == (1, 3)
    assert guseo["figures_from"] == "2026-09-01" and guseo["figures_to"] == "2026-10-01"
    assert guseo["flags"] == [] and jangjeon["flags"] == [FLAG_LOW]
    assert report["flagged"] == 1


def test_thresholds_and_ages_come_from_the_councils_settings(gaps):
    GapSettings.objects.filter(council=gaps.council).update(
        age_from=7, age_to=7, min_places=100, evening_after=dt.time(20, 0)
    )
    report = gap_report(council=gaps.council, as_of=AS_OF)
    guseo = _row(report, "구서2동")
    assert guseo["children"] == 40 and guseo["per_100"] == 147.5
    assert report["threshold"] == 100.0
    assert _row(report, "장전1동")["flags"] == [FLAG_LOW]  # 10 places for 12 children
    assert guseo["evening"] == 0 and FLAG_NO_EVENING in guseo["flags"]  # 20:00 is not after 20:00


def test_the_population_month_is_the_latest_on_or_before_the_day(gaps):
    import_population(gaps.council, [(GUSEO2, ages(10, school=1))], month=12)
    assert gap_report(council=gaps.council, as_of=AS_OF)["month"] == "2026-10-01"
    later = gap_report(council=gaps.council, as_of=dt.date(2026, 12, 5))
    assert later["month"] == "2026-12-01" and _row(later, "장전1동")["children"] is None
    assert gap_report(council=gaps.council, as_of=dt.date(2026, 1, 1))["month"] is None


def test_the_page_shows_every_figure_with_its_month_and_date(gaps, client):
    client.force_login(gaps.staff)
    url = reverse("facilities:gaps", args=[gaps.council.slug])
    page = client.get(url, {"as_of": "2026-11-30"}).content.decode()
    assert "학령 아동 7–12세 (2026. 10.)" in page
    assert "2026. 11. 30.에 운영 중인 시설" in page
    assert "2026. 3. 2. ~ 2026. 10. 1." in page  # the figures' own dates
    assert "기준에 못 미치는 동이 1곳 있습니다." in page and "장전1동" in page
    assert page.count('role="img"') == 2 and "<desc" in page
    assert "아동 100명당 정원 표로 보기" in page
    assert "정원 부족" in page


def test_the_page_without_population_says_what_to_do(coded, client):
    client.force_login(coded.staff)
    page = client.get(reverse("facilities:gaps", args=[coded.council.slug])).content.decode()
    assert "아직 인구 자료가 없어" in page
    assert reverse("facilities:population", args=[coded.council.slug]) in page


def _grow(council, start: int, n: int) -> None:
    dongs = [
        Dong.objects.create(
            council=council, name=f"시험{i}동", order=10 + i, code=f"26410{i:03d}00"
        )
        for i in range(start, start + n)
    ]
    for i, dong in enumerate(dongs):
        for k in range(3):
            facility = make_facility(council, dong=dong, kind=list(Facility.Kind)[k])
            add_figures(facility, dt.date(2026, 9, 1), 20 + i, 10)
    import_population(
        council,
        [
            ((f"부산광역시 금정구 {d.name}", d.code), ages(10))
            for d in Dong.objects.filter(council=council, code__isnull=False)
        ],
    )


def test_the_page_runs_the_same_queries_for_2_or_40_dong(gaps, client):
    client.force_login(gaps.staff)
    url = reverse("facilities:gaps", args=[gaps.council.slug])
    client.get(url)
    _grow(gaps.council, 1, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(gaps.council, 3, 38)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert "시험40동" in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries) <= 12


def test_the_spreadsheet_has_the_pages_figures_and_neutralises_formulas(gaps, client):
    Dong.objects.filter(council=gaps.council, name="장전1동").update(name="=HYPERLINK(1)")
    client.force_login(gaps.staff)
    response = client.get(
        reverse("facilities:gaps_xlsx", args=[gaps.council.slug]), {"as_of": "2026-11-30"}
    )
    assert response["Content-Disposition"].endswith('care-gaps-geumjeong-2026-11-30.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][1] == "학령 아동 7–12세 (2026. 10.)"
    guseo = next(r for r in rows if r[0] == "구서2동")
    assert guseo[1:6] == (240, 59, 55, 5, 24.6)
    assert any(r[0] == "'=HYPERLINK(1)" for r in rows)


def test_staff_attach_the_report_to_an_agenda_item_frozen(gaps, client):
    meeting = make_meeting(gaps.council, status="draft")
    item = meeting.agenda_items.get()
    client.force_login(gaps.staff)
    page = client.get(meeting.get_absolute_url()).content.decode()
    url = reverse(
        "council:agenda_snapshot", args=[gaps.council.slug, meeting.slug, item.pk, "care_gaps"]
    )
    assert url in page and "돌봄 공백 현황 첨부" in page
    response = client.post(url, {"as_of": "2026-11-30"})
    assert response.status_code == 302
    item = AgendaItem.objects.get(pk=item.pk)
    assert item.snapshot["title"] == "돌봄 공백 현황"
    assert item.snapshot["tables"][0]["rows"][0][:3] == ["구서2동", "240", "59"]
    Facility.objects.filter(council=gaps.council).delete()  # the registry changes …
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert (
        "돌봄 공백 현황 (2026. 11. 30. 기준)" in page and ">59<" in page
    )  # … the meeting keeps it


def test_staff_change_the_thresholds(gaps, client):
    client.force_login(gaps.staff)
    url = reverse("facilities:gaps_settings", args=[gaps.council.slug])
    data = {
        "age_from": "9",
        "age_to": "8",
        "margin": "30",
        "evening_after": "19:00",
        "night_until": "22:00",
        "flag_no_evening": "on",
    }
    assert "끝 나이는 시작 나이보다" in client.post(url, data).content.decode()
    data["age_to"] = "12"
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("facilities:gaps", args=[gaps.council.slug])).content.decode()
    assert "학령 아동: 9–12세 (협의체 설정)" in page


def test_hostile_dong_names_are_text_in_the_table_and_the_charts(gaps, client):
    from tests.hostile.html_checks import injected_markup

    names = ["<script>alert(1)</script>", '"><img src=x onerror=1>', "<svg onload=alert(1)>"]
    for dong, name in zip(Dong.objects.filter(council=gaps.council), names, strict=False):
        dong.name = name
        dong.save()
    client.force_login(gaps.staff)
    page = client.get(reverse("facilities:gaps", args=[gaps.council.slug])).content.decode()
    # The two charts are the page's own <svg>; any other element or handler is a leak.
    ours = {"raw '<svg' in the HTML", "<svg> element"}
    assert not [p for p in injected_markup(page) if p not in ours]
    assert page.count("<svg") == 2 == page.count('<svg viewBox="0 0 360')
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</text>" in page  # a chart label, escaped
