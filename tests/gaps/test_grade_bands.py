"""Grade-aware gaps: children per grade band, places per time band counting only the
facilities open then and taking those grades — against figures worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Dong
from facilities.gaps import gap_report
from facilities.models import Facility, GapSettings
from tests.factories import add_figures, make_facility, make_population
from tests.gaps.files import GUSEO2, JANGJEON1

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 11, 30)
T = dt.time


def _ages(by_age: dict[int, int]) -> list[int]:
    counts = [3] * 101
    for age, n in by_age.items():
        counts[age] = n
    return counts


@pytest.fixture
def bands(coded):
    council = coded.council
    # 구서2동: 7세 30, 8세 20 (초1–2: 50), 9세 25 (초3), 10–12세 10 each (초4–6: 30)
    # 장전1동: 7세 4, 8세 6 (10), 9세 12, 10–12세 2 each (6)
    make_population(
        council,
        [
            (GUSEO2, _ages({7: 30, 8: 20, 9: 25, 10: 10, 11: 10, 12: 10})),
            (JANGJEON1, _ages({7: 4, 8: 6, 9: 12, 10: 2, 11: 2, 12: 2})),
        ],
    )
    guseo, jangjeon = (Dong.objects.get(council=council, name=n) for n in ("구서2동", "장전1동"))
    # A: 학교 돌봄, 초1–2 only, 13:00–17:00, no vacation hours, no Saturday; 정원 40.
    a = make_facility(
        council, kind=Facility.Kind.SCHOOL, dong=guseo, closes_at=T(17), grade_min=1, grade_max=2
    )
    add_figures(a, dt.date(2026, 3, 2), 40, 38)
    # B: 다함께돌봄센터, 초1–6, to 19:00, vacation 09–18, Saturday 09–13; 정원 20.
    b = make_facility(
        council,
        dong=guseo,
        closes_at=T(19),
        vacation_opens_at=T(9),
        vacation_closes_at=T(18),
        saturday_opens_at=T(9),
        saturday_closes_at=T(13),
    )
    add_figures(b, dt.date(2026, 9, 1), 20, 20)
    # C: 지역아동센터, 초3–6, to 18:00 exactly (not after 18:00), vacation 16–20 (not
    # daytime 09–15); 정원 15.
    c = make_facility(
        council,
        kind=Facility.Kind.COMMUNITY,
        dong=guseo,
        closes_at=T(18),
        vacation_opens_at=T(16),
        vacation_closes_at=T(20),
        grade_min=3,
    )
    add_figures(c, dt.date(2026, 9, 1), 15, 12)
    # D: 온동네 돌봄·교육센터 in 장전1동, 초3–4, to 21:00; only the flag for 방학 중 돌봄; 정원 8.
    d = make_facility(
        council,
        kind=Facility.Kind.ONDONGNE,
        dong=jangjeon,
        closes_at=T(21),
        vacation_care=True,
        grade_min=3,
        grade_max=4,
    )
    add_figures(d, dt.date(2026, 9, 1), 8, 8)
    # E: closed before the day: counts nowhere.
    e = make_facility(
        council,
        dong=jangjeon,
        closes_at=T(21),
        status=Facility.Status.CLOSED,
        closed_on=dt.date(2026, 1, 1),
    )
    add_figures(e, dt.date(2025, 9, 1), 50, 50)
    return coded


def _cell(report, dong, grade, time):
    row = next(r for r in report["grades"]["rows"] if r["dong"] == dong)
    return row["children"][grade], row["cells"][grade][time]


def test_children_per_grade_band_add_up_to_the_7_to_12_total(bands):
    report = gap_report(council=bands.council, as_of=AS_OF)
    grades = report["grades"]
    assert grades["bands"] == ["초1–2", "초3", "초4–6"]
    guseo = next(r for r in grades["rows"] if r["dong"] == "구서2동")
    jangjeon = next(r for r in grades["rows"] if r["dong"] == "장전1동")
    assert guseo["children"] == [50, 25, 30] and jangjeon["children"] == [10, 12, 6]
    # The existing per-동 figures (7–12) are the total of the bands.
    for row in grades["rows"]:
        assert row["children_total"] == next(
            r["children"] for r in report["rows"] if r["dong"] == row["dong"]
        )
    assert grades["total"]["children"] == [60, 37, 36]
    assert grades["total"]["children_total"] == report["total"]["children"] == 133


@pytest.mark.parametrize(
    ("dong", "grade", "time", "children", "places", "facilities", "uncovered"),
    [
        # 초1–2, 학기 중 15:00 이후: A (40, to 17:00) + B (20) = 60 for 50 children.
        ("구서2동", 0, 0, 50, 60, 2, 0),
        # 초1–2 after 18:00: only B (to 19:00).
        ("구서2동", 0, 1, 50, 20, 1, 30),
        # 초1–2 방학 낮: B (09–18); A has no vacation hours.
        ("구서2동", 0, 2, 50, 20, 1, 30),
        # 초1–2 토요일: B.
        ("구서2동", 0, 3, 50, 20, 1, 30),
        # 초3 after 15:00: B + C (A takes 초1–2 only).
        ("구서2동", 1, 0, 25, 35, 2, 0),
        # 초3 after 18:00: B only; C closes at 18:00 exactly.
        ("구서2동", 1, 1, 25, 20, 1, 5),
        # 초3 방학 낮: B; C's vacation hours 16–20 are not daytime.
        ("구서2동", 1, 2, 25, 20, 1, 5),
        # 초4–6 after 15:00: B + C.
        ("구서2동", 2, 0, 30, 35, 2, 0),
        # 초4–6 토요일: B (C has no Saturday).
        ("구서2동", 2, 3, 30, 20, 1, 10),
        # 장전1동: D takes 초3–4 to 21:00 (the closed E counts nowhere).
        ("장전1동", 0, 1, 10, 0, 0, 10),
        ("장전1동", 1, 1, 12, 8, 1, 4),
        ("장전1동", 2, 1, 6, 8, 1, 0),  # 초4 is in 초4–6
        ("장전1동", 1, 2, 12, 8, 1, 4),  # the 방학 중 돌봄 flag without hours
        ("장전1동", 1, 3, 12, 0, 0, 12),
    ],
)
def test_each_grade_and_time_band_against_hand_computed_figures(
    bands, dong, grade, time, children, places, facilities, uncovered
):
    report = gap_report(council=bands.council, as_of=AS_OF)
    got_children, cell = _cell(report, dong, grade, time)
    assert (got_children, cell["places"], cell["facilities"], cell["uncovered"]) == (
        children,
        places,
        facilities,
        uncovered,
    )


def test_the_policy_times_are_settings_that_move_the_bands(bands):
    GapSettings.objects.update_or_create(
        council=bands.council,
        defaults={
            "late_from": T(17),
            "after_school_from": T(17),
            "policy_source": "시범 기준",
            "policy_date": dt.date(2026, 5, 1),
        },
    )
    report = gap_report(council=bands.council, as_of=AS_OF)
    # After 17:00 C (to 18:00) now counts for 초3, A (to 17:00 exactly) does not for 초1–2.
    assert _cell(report, "구서2동", 1, 1)[1]["places"] == 35
    assert _cell(report, "구서2동", 0, 0)[1]["places"] == 20
    assert report["grades"]["policy"]["source"] == "시범 기준"
    assert report["grades"]["times"][1] == "학기 중 17:00 이후"


def test_the_page_answers_where_3rd_graders_lack_care_after_18(bands, client):
    client.force_login(bands.staff)
    url = reverse("facilities:gaps", args=[bands.council.slug])
    response = client.get(url, {"as_of": "2026-11-30"})
    page = response.content.decode()
    assert "교육부 「2026년 온동네 초등돌봄·교육 추진 방안」 (2026. 2. 3.)" in page
    assert "초1–2는 학교의 무료 2시간 프로그램으로 15:00까지" in page
    focus = response.context["focus"]
    assert (focus["band"], focus["time_label"]) == ("초3", "학기 중 18:00 이후")
    assert [(r["dong"], r["children"], r["places"], r["uncovered"]) for r in focus["rows"]] == [
        ("구서2동", 25, 20, 5),
        ("장전1동", 12, 8, 4),
    ]
    saturday = client.get(url, {"as_of": "2026-11-30", "grade": "0", "time": "3"})
    assert saturday.context["focus"]["total"] == {
        "children": 60,
        "places": 20,
        "facilities": 1,
        "uncovered": 40,
    }
    # The frozen tables (page and agenda snapshot) hold the district's matrix too.
    matrix = response.context["snapshot"]["tables"][2]
    assert matrix["columns"][:3] == ["학년군", "아동", "학기 중 15:00 이후"]
    assert matrix["rows"][1][:4] == ["초3", "37", "43 (0)", "28 (9)"]
    assert (
        "교육부 「2026년 온동네 초등돌봄·교육 추진 방안」"
        in response.context["snapshot"]["notes"][-1]
    )
    # A bad choice falls back to the default instead of failing.
    assert client.get(url, {"grade": "9", "time": "x"}).context["focus"]["band"] == "초3"


def test_the_grade_view_costs_no_query_per_dong_or_facility(bands, client):
    client.force_login(bands.staff)
    url = reverse("facilities:gaps", args=[bands.council.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    council = bands.council
    for i in range(20):
        dong = Dong.objects.create(council=council, name=f"새{i}동", order=20 + i)
        for _ in range(3):
            facility = make_facility(council, dong=dong, grade_min=3, saturday_care=True)
            add_figures(facility, dt.date(2026, 9, 1), 10, 5)
    with CaptureQueriesContext(connection) as large:
        assert "새19동" in client.get(url).content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
