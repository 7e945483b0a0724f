"""명단 가져오기: the roster from a spreadsheet — template, preview with Korean row errors,
all-or-nothing apply, a set-password link to each new member, re-import updates."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from council.models import Member
from lib.xlsx import DATE_FORMAT

HEADER = ["이름", "소속·분야", "소속 구분", "구분", "임기 시작일", "임기 종료일", "전자우편"]
URL = reverse("council:roster_import", args=["geumjeong"])
CONFIRM = reverse("council:roster_import_confirm", args=["geumjeong"])


def _xlsx(rows: list[list], header: list[str] = HEADER) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("roster.xlsx", buffer.getvalue())


ROWS = [
    [
        "최교육",
        "부산금정교육지원청",
        "교육지원청",
        "위원장",
        "2026-03-01",
        "2028-02-29",
        "choi@example.go.kr",
    ],
    ["정학부모", "학부모", "", "", "2026. 3. 1.", "", "Jung@Example.com"],
    [
        "김위원",
        "다함께돌봄센터장",
        "돌봄기관",
        "위원",
        dt.date(2026, 3, 1),
        dt.date(2027, 12, 31),
        "member@example.com",
    ],
]


def _state() -> list[tuple]:
    return list(
        Member.objects.order_by("pk").values_list(
            "council__slug", "name", "affiliation", "role", "term_start", "term_end", "user__email"
        )
    )


def test_the_template_is_the_upload_format(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("council:roster_template", args=["geumjeong"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [*HEADER, "휴대전화"]
    example = [c.value for c in sheet[2]]
    # The example's 임기 dates are real dates, shown as `2026. 3. 1.`; the sheet prints on A4.
    assert [c.number_format for c in sheet[2][4:6]] == [DATE_FORMAT, DATE_FORMAT]
    assert all(isinstance(v, dt.datetime) for v in example[4:6])
    assert sheet.page_setup.paperSize == 9 and sheet.print_title_rows == "$1:$1"
    response = client.post(URL, {"file": _xlsx([example], [*HEADER, "휴대전화"])})
    assert "새 위원 1 · 바뀜 0 · 그대로 0 · 오류 0" in response.content.decode()


def test_it_previews_then_adds_new_members_updates_matches_and_mails_links(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    before = Member.objects.count()
    response = client.post(URL, {"file": _xlsx(ROWS)})
    html = response.content.decode()
    # 김위원 (member@example.com) is on the roster already: matched, not added again.
    assert "새 위원 2 · 바뀜 1 · 그대로 0 · 오류 0" in html
    assert Member.objects.count() == before  # a preview writes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONFIRM)
    assert response.status_code == 302
    assert Member.objects.count() == before + 2
    chair = Member.objects.get(user__email="choi@example.go.kr")
    assert (chair.role, chair.sector, chair.term_end) == (
        Member.Position.CHAIR,
        "education_office",
        dt.date(2028, 2, 29),
    )
    parent = Member.objects.get(user__email="jung@example.com")
    assert (parent.role, parent.term_start, parent.term_end) == (
        Member.Position.MEMBER,
        dt.date(2026, 3, 1),
        None,
    )
    assert not parent.user.has_usable_password()
    world.member.refresh_from_db()
    assert world.member.affiliation == "다함께돌봄센터장"
    assert world.member.history.first().history_change_reason == "명단 가져오기"
    # Each new member gets their one-time set-password link; the matched one does not.
    assert sorted(m.to[0] for m in mail.outbox) == ["choi@example.go.kr", "jung@example.com"]
    assert all(re.search(r"/accounts/reset/\S+/", m.body) for m in mail.outbox)

    # The same file again, one affiliation changed: an update, no duplicate, no new mail.
    again = [list(r) for r in ROWS]
    again[1][1] = "학부모 대표"
    response = client.post(URL, {"file": _xlsx(again)})
    assert "새 위원 0 · 바뀜 1 · 그대로 2 · 오류 0" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONFIRM)
    assert Member.objects.count() == before + 2
    assert Member.objects.get(pk=parent.pk).affiliation == "학부모 대표"
    assert len(mail.outbox) == 2


def _refused(client, rows) -> str:
    before = _state()
    response = client.post(URL, {"file": _xlsx(rows)})
    html = response.content.decode()
    assert "지금은 아무것도 반영되지 않았습니다" in html
    assert 'action="' + CONFIRM not in html  # no apply button
    assert client.post(CONFIRM).status_code == 302  # nothing pending: sent back
    assert _state() == before
    assert mail.outbox == []
    return html


def test_a_row_without_a_name_is_refused_and_nothing_is_written(client, world):
    client.force_login(world.staff)
    html = _refused(
        client, [ROWS[0], ["", "학부모", "", "위원", "2026-03-01", "", "x@example.com"]]
    )
    assert "3행 ‘이름’ 열: 비어 있습니다. ‘이름’ 칸을 채워 주세요." in html


def test_a_term_that_ends_before_it_starts_is_refused(client, world):
    client.force_login(world.staff)
    html = _refused(
        client, [["박위원", "학교", "", "위원", "2026-03-01", "2025-02-28", "park@example.com"]]
    )
    assert "2행 ‘임기 종료일’ 열: 임기 종료일이 임기 시작일보다 빠릅니다." in html


def test_the_same_email_twice_in_one_file_is_refused(client, world):
    client.force_login(world.staff)
    html = _refused(
        client,
        [
            ["박위원", "학교", "", "위원", "2026-03-01", "", "park@example.com"],
            ["박위원2", "학교", "", "위원", "2026-03-01", "", "PARK@example.com"],
        ],
    )
    assert "3행 ‘전자우편’ 열: 같은 전자우편이 2행에도 있습니다." in html


def test_bad_dates_and_another_councils_address_are_refused(client, world):
    client.force_login(world.staff)
    html = _refused(
        client,
        [
            ["박위원", "학교", "", "위원", "3월 1일", "", "park@example.com"],
            ["해운대", "학교", "", "위원", "2026-03-01", "", world.other_council_staff.email],
        ],
    )
    assert "2행 ‘임기 시작일’ 열: ‘3월 1일’은 날짜가 아닙니다" in html
    assert (
        "3행 ‘전자우편’ 열: 이 전자우편은 이 협의체 위원이 아닌 다른 계정이 쓰고 있습니다." in html
    )
    html = _refused(
        client, [["박위원", "학교", "요양·돌봄 서비스", "위원", "2026-03-01", "", "p@example.com"]]
    )
    assert "2행 ‘소속 구분’ 열:" in html  # not a group this council's kind offers


def test_its_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    client.force_login(world.staff)
    rows = [
        [f"위원{i}", "학부모", "", "위원", "2026-03-01", "", f"m{i}@example.com"] for i in range(60)
    ]
    upload = _xlsx(rows)
    with django_assert_max_num_queries(12):
        response = client.post(URL, {"file": upload})
    assert "새 위원 60" in response.content.decode()


MOBILE_HEADER = [*HEADER, "휴대전화"]


def test_mobile_numbers_are_stored_in_one_form_and_a_landline_is_refused(client, world):
    client.force_login(world.staff)
    before = _state()
    landline = [
        ["박위원", "학교", "", "위원", "2026-03-01", "", "park@example.com", "051-519-0000"]
    ]
    html = client.post(URL, {"file": _xlsx(landline, MOBILE_HEADER)}).content.decode()
    assert "2행 ‘휴대전화’ 열: 휴대전화 번호가 아닙니다" in html
    assert "지금은 아무것도 반영되지 않았습니다" in html and _state() == before
    response = client.post(
        URL,
        {
            "file": _xlsx(
                [
                    [
                        "박위원",
                        "학교",
                        "",
                        "위원",
                        "2026-03-01",
                        "",
                        "park@example.com",
                        "+82 10-1234-5678",
                    ]
                ],
                MOBILE_HEADER,
            )
        },
    )
    assert response.status_code == 200
    client.post(CONFIRM)
    member = Member.objects.get(name="박위원")
    assert member.contact.mobile == "01012345678"


def test_the_same_mobile_twice_in_one_file_is_refused(client, world):
    client.force_login(world.staff)
    rows = [
        ["박위원", "학교", "", "위원", "2026-03-01", "", "park@example.com", "010-1234-5678"],
        ["이위원", "학교", "", "위원", "2026-03-01", "", "lee@example.com", "01012345678"],
    ]
    before = _state()
    html = client.post(URL, {"file": _xlsx(rows, MOBILE_HEADER)}).content.decode()
    assert "3행 ‘휴대전화’ 열: 같은 휴대전화 번호가 2행에도 있습니다." in html
    assert _state() == before


def test_a_re_import_matches_a_member_by_mobile_when_the_email_changed(client, world):
    """Same person, new e-mail address: the row updates the member found by mobile
    number instead of adding a second one."""
    client.force_login(world.staff)
    first = [["박위원", "학교", "", "위원", "2026-03-01", "", "park@example.com", "010-1234-5678"]]
    client.post(URL, {"file": _xlsx(first, MOBILE_HEADER)})
    client.post(CONFIRM)
    count = Member.objects.count()
    again = [
        ["박위원", "교장", "", "위원", "2026-03-01", "", "park.new@example.com", "01012345678"]
    ]
    client.post(URL, {"file": _xlsx(again, MOBILE_HEADER)})
    client.post(CONFIRM)
    assert Member.objects.count() == count
    member = Member.objects.get(name="박위원")
    assert (member.affiliation, member.user.email) == ("교장", "park.new@example.com")
