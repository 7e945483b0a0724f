"""Journey 3: staff run a whole round, from a new meeting to the published PDF.

Create the meeting and its agenda, open it, watch the tracker, close it,
aggregate points into proposals, take the department responses, publish past
the not-final warning, and check the PDF (with the Korean font embedded) and
the public archive as an anonymous visitor.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from django.utils import timezone

from council.models import Meeting
from proposals.models import DepartmentResponse, Proposal
from reports.models import PublishedResult
from tests.browser.conftest import axe_check, download, login
from tests.factories import make_opinion

pytestmark = pytest.mark.browser


def _accept_next_dialog(page) -> list[str]:
    """Accept the next confirm() (the site's data-confirm handler), remembering its text."""
    seen: list[str] = []

    def accept(dialog):
        seen.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    return seen


def _point_row(page, text: str):
    return page.locator("tbody tr", has_text=text).locator("input[type=checkbox]")


def _answer(page, headline: str, state: str, lines: str, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=headline).click()
    axe_check(page)
    page.get_by_label("검토 결과").select_option(label=state)
    page.get_by_label("검토 의견", exact=True).fill(lines)
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()
    axe_check(page)


def test_it_runs_a_round_from_new_meeting_to_published_pdf(new_page, world):
    page = new_page()
    login(page, world.staff.username)
    assert page.url.endswith("/c/geumjeong/")
    axe_check(page)

    # --- a new meeting: first with a mistake, then right ---
    with page.expect_navigation():
        page.get_by_role("link", name="새 회의 만들기").click()
    axe_check(page)
    today = timezone.localdate()
    deadline = today + dt.timedelta(days=7)
    page.locator("input[name=period_start]").fill(f"{deadline:%Y-%m-%d}")
    page.locator("input[name=period_end]").fill(f"{today:%Y-%m-%d}")
    page.locator("input[name=deadline_0]").fill(f"{deadline:%Y-%m-%d}")
    page.locator("input[name=deadline_1]").fill("18:00")
    with page.expect_navigation():
        page.get_by_role("button", name="저장").click()
    assert "기간 종료일은 시작일보다 빠를 수 없습니다." in page.content()
    axe_check(page)  # the form-error state
    page.locator("input[name=period_start]").fill(f"{today:%Y-%m-%d}")
    page.locator("input[name=period_end]").fill(f"{deadline:%Y-%m-%d}")
    with page.expect_navigation():
        page.get_by_role("button", name="저장").click()
    assert "회의를 만들었습니다. 안건과 자료를 등록하세요." in page.content()
    meeting = Meeting.objects.get(council=world.council)
    assert meeting.status == Meeting.Status.DRAFT
    assert "준비 중" in page.locator("main dl").inner_text()
    axe_check(page)

    with page.expect_navigation():
        page.get_by_role("link", name="안건 추가").click()
    axe_check(page)
    page.locator("input[name=title]").fill("금정구 초등돌봄 기관별 현황")
    page.locator("textarea[name=body]").fill("구별 돌봄시설 현황을 보고합니다.")
    with page.expect_navigation():
        page.get_by_role("button", name="저장").click()
    assert "안건을 추가했습니다." in page.content()
    assert "금정구 초등돌봄 기관별 현황" in page.locator("#agenda + ol").inner_text()

    # --- open it (confirm dialog accepted) ---
    dialogs = _accept_next_dialog(page)
    with page.expect_navigation():
        page.get_by_role("button", name="의견 접수 시작").click()
    assert dialogs and dialogs[0].startswith("의견 접수를 시작할까요?")
    assert "의견 접수를 시작했습니다. 참석 대상 위원 2명이 확정되었습니다." in page.content()
    assert "의견 접수 중" in page.locator("main dl").inner_text()
    axe_check(page)

    # --- the tracker: 0 / 2, then 2 / 2 ---
    with page.expect_navigation():
        page.get_by_role("link", name="제출 현황").click()
    assert page.locator("p.display-6").inner_text() == "0 / 2"
    assert "미제출 2명" in page.content()
    axe_check(page)
    meeting.refresh_from_db()
    make_opinion(
        meeting, world.member, ["다함께돌봄센터를 늘려 주세요.", "방학 중 돌봄이 필요합니다."]
    )
    make_opinion(meeting, world.other_member, ["돌봄센터 접근성을 높여 주세요."])
    page.reload()
    assert page.locator("p.display-6").inner_text() == "2 / 2"
    assert "참석 대상 위원 2명 중 2명 제출" in page.content()
    axe_check(page)

    # --- close it ---
    page.goto(meeting.get_absolute_url())
    dialogs = _accept_next_dialog(page)
    with page.expect_navigation():
        page.get_by_role("button", name="지금 마감").click()
    assert dialogs and dialogs[0].startswith("지금 의견 접수를 마감할까요?")
    assert "의견 접수를 마감했습니다." in page.content()
    axe_check(page)

    # --- aggregate three points into two proposals ---
    with page.expect_navigation():
        page.get_by_role("link", name="의견 취합").click()
    assert "제출된 의견 3" in page.locator("#points-heading").inner_text()
    axe_check(page)
    with page.expect_navigation():  # nothing selected: refused, in Korean
        page.get_by_role("button", name="새 건의사항 만들기").click()
    assert "건의사항으로 만들 의견을 하나 이상 선택하세요." in page.content()
    axe_check(page)

    _point_row(page, "다함께돌봄센터를 늘려 주세요.").check()
    _point_row(page, "돌봄센터 접근성을 높여 주세요.").check()
    page.locator("#id_headline").fill("다함께돌봄센터 확충")
    with page.expect_navigation():
        page.get_by_role("button", name="새 건의사항 만들기").click()
    assert "1번 건의사항을 만들었습니다." in page.content()
    axe_check(page)
    page.locator("select[name=category]").select_option(label="시설 확충")
    page.locator("select[name=department]").select_option(label="아동청소년과")
    with page.expect_navigation():
        page.get_by_role("button", name="저장").click()
    assert "건의사항을 저장했습니다." in page.content()

    with page.expect_navigation():
        page.get_by_role("link", name="의견 취합").click()
    _point_row(page, "방학 중 돌봄이 필요합니다.").check()
    page.locator("#id_headline").fill("방학 중 돌봄 운영")
    with page.expect_navigation():
        page.get_by_role("button", name="새 건의사항 만들기").click()
    assert "2번 건의사항을 만들었습니다." in page.content()
    page.locator("select[name=category]").select_option(label="운영")
    page.locator("select[name=department]").select_option(label="교육지원과")
    with page.expect_navigation():
        page.get_by_role("button", name="저장").click()
    assert "건의사항을 저장했습니다." in page.content()
    with page.expect_navigation():
        page.get_by_role("link", name="의견 취합").click()
    assert "모든 의견이 건의사항으로 취합되었습니다." in page.content()
    assert "건의사항 (취합 결과) 2" in page.locator("#proposals").inner_text()
    axe_check(page)
    proposals = list(Proposal.objects.filter(meeting=meeting).order_by("number"))
    assert [(p.headline, p.department.name, p.category.name) for p in proposals] == [
        ("다함께돌봄센터 확충", "아동청소년과", "시설 확충"),
        ("방학 중 돌봄 운영", "교육지원과", "운영"),
    ]
    assert proposals[0].source_points.count() == 2

    # --- department responses: one final, one still a draft ---
    with page.expect_navigation():
        page.get_by_role("link", name="부서 검토 의견 목록").click()
    axe_check(page)
    dialogs = _accept_next_dialog(page)  # 최종 제출 asks first
    _answer(page, "다함께돌봄센터 확충", "부분 반영", "2024년 1개소 추가 설치 예정", "최종 제출")
    assert dialogs and "최종 제출할까요?" in dialogs[0]
    assert "검토 의견을 최종 제출했습니다." in page.content()
    with page.expect_navigation():
        page.get_by_role("link", name="부서 검토 의견 목록").click()
    _answer(page, "방학 중 돌봄 운영", "중장기 검토", "방학 중 운영 인력 확보 검토", "임시 저장")
    assert "검토 의견을 임시 저장했습니다." in page.content()

    # --- publish: the not-final warning first ---
    page.goto(meeting.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name="회의 결과 미리보기·공개").click()
    assert "부서 검토 의견 1건이 아직 최종 제출되지 않았습니다." in page.content()
    axe_check(page)
    dialogs = _accept_next_dialog(page)
    with page.expect_navigation():
        page.get_by_role("button", name="결과 공개하기").click()
    assert dialogs and "공개하면 누구나 볼 수 있습니다." in dialogs[0]
    assert page.get_by_role("heading", level=1).inner_text() == "공개 전 확인"
    assert "방학 중 돌봄 운영" in page.locator("tbody").inner_text()
    axe_check(page)
    # Staff go back and finish the second response instead.
    with page.expect_navigation():
        page.get_by_role("link", name="취소하고 돌아가기").click()
    assert not PublishedResult.objects.filter(meeting=meeting).exists()
    page.goto(f"/c/geumjeong/meetings/{meeting.slug}/responses/")
    with page.expect_navigation():
        page.get_by_role("link", name="방학 중 돌봄 운영").click()
    _accept_next_dialog(page)
    with page.expect_navigation():
        page.get_by_role("button", name="최종 제출").click()
    assert "검토 의견을 최종 제출했습니다." in page.content()
    assert set(DepartmentResponse.objects.values_list("status", flat=True)) == {"final"}

    page.goto(f"/c/geumjeong/meetings/{meeting.slug}/result/")
    assert "아직 최종 제출되지 않았습니다" not in page.content()
    assert "공개하면 로그인하지 않은 누구나 볼 수 있습니다." in page.content()
    # Cancelling the question publishes nothing; accepting it publishes.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="결과 공개하기").click()
    assert not PublishedResult.objects.filter(meeting=meeting).exists()
    _accept_next_dialog(page)
    with page.expect_navigation():
        page.get_by_role("button", name="결과 공개하기").click()
    assert "회의 결과를 공개했습니다 (제1판)." in page.content()
    axe_check(page)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED

    # --- the stored PDF: a PDF with Noto Sans KR embedded ---
    name, pdf = download(page, page.locator("main table").get_by_role("link", name="PDF"))
    assert name.endswith(".pdf")
    assert pdf.startswith(b"%PDF")
    fonts = subprocess.run(
        ["pdffonts", "-"], input=pdf, capture_output=True, check=True, timeout=30
    ).stdout.decode()
    noto = [
        line for line in fonts.splitlines() if "notosanskr" in re.sub(r"[^a-z]", "", line.lower())
    ]
    assert noto, fonts
    # Columns: name type encoding emb sub uni object ID — "emb" must say yes.
    assert all(line.split()[-5] == "yes" for line in noto), fonts

    # --- the public archive, as an anonymous visitor ---
    public = new_page()
    public.goto("/archive/")
    axe_check(public)
    with public.expect_navigation():
        public.get_by_role("link", name=f"{meeting.title} 결과").click()
    document = public.locator("main").inner_text()
    for text in (
        "다함께돌봄센터 확충",
        "2024년 1개소 추가 설치 예정",
        "방학 중 돌봄 운영",
        "방학 중 운영 인력 확보 검토",
    ):
        assert text in document
    # The ▷ details came from the points, but who wrote them stays private.
    assert "다함께돌봄센터를 늘려 주세요." in document
    assert world.member.name not in document and world.other_member.name not in document
    axe_check(public)
    name, public_pdf = download(public, public.get_by_role("link", name="PDF 내려받기"))
    assert public_pdf.startswith(b"%PDF")
    assert not page.console_errors, page.console_errors
    assert not public.console_errors, public.console_errors
