"""The request letters (부서 검토 협조 요청 공문): one per department, HWPX and PDF, from data."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import subprocess
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from council.models import AuditEvent
from proposals.models import Proposal
from reports.letters import (
    NoLetters,
    build_letter,
    build_letters,
    export_letter,
    head_of_office,
    letter_html,
)
from tests import factories
from tests.factories import make_answered_proposal as make_proposal
from tests.factories import make_result_meeting
from tests.reports.hwpx_reading import assert_valid_hwpx, html_blocks, read_hwpx, section_xml
from tests.reports.test_document import MARKUP

BASE = "https://dolbom.example.go.kr/"


@pytest.fixture
def routed(world):
    """A closed meeting: two proposals for 아동청소년과 (two due dates), one for
    교육지원과 (no due date), one with no department."""
    meeting = make_result_meeting(world.council, proposals=0)
    children = world.department
    first = make_proposal(
        meeting, 1, headline="돌봄시설 확충", details="첫째 줄\n둘째 줄", department=children
    )
    second = make_proposal(
        meeting, 2, headline="운영 시간 연장", response_lines=None, department=children
    )
    Proposal.objects.filter(pk=first.pk).update(due_date=dt.date(2024, 1, 19))
    Proposal.objects.filter(pk=second.pk).update(due_date=dt.date(2024, 1, 12))
    make_proposal(meeting, 3, headline="방학 중 돌봄", department=world.other_department)
    unassigned = make_proposal(meeting, 4, headline="담당 미정", response_lines=None)
    Proposal.objects.filter(pk=unassigned.pk).update(department=None)
    return meeting


def _client(client, user):
    client.force_login(user)
    return client


def test_it_writes_one_letter_per_department_from_data(world, routed):
    letters = build_letters(routed, base_url=BASE, sender=world.staff)

    assert [letter.department for letter in letters] == ["교육지원과", "아동청소년과"]
    education, children = letters
    assert children.issuer == "금정구" and children.sender == "금정구청장"
    assert children.recipient == "아동청소년과장"
    assert children.title == "2023년 하반기 금정구 지역돌봄협의체 회의 건의사항 검토 협조 요청"
    assert [(p.number, p.headline, p.due) for p in children.proposals] == [
        (1, "돌봄시설 확충", "2024. 1. 19.(금)"),
        (2, "운영 시간 연장", "2024. 1. 12.(금)"),
    ]
    assert children.proposals[0].detail_lines == ["첫째 줄", "둘째 줄"]
    body = [f"{c.mark} {c.text}" for c in children.body]
    assert (
        body[0]
        == "1. 관련: 2023년 하반기 금정구 지역돌봄협의체 회의(서면회의, 2023. 12. 20.(수) ~ 12. 22.(금))"
    )
    # The earliest due date of the department's proposals; each one's own in the table.
    assert "2건에 대하여 검토를 요청하오니, 검토 의견을 2024. 1. 12.(금)까지 회신" in body[1]
    assert children.due == "2024. 1. 12.(금)부터 건별로 다름 (아래 표의 회신 기한)"
    # How to answer: the reviewer's page in the portal (with the reviewer's name), or the sheet.
    assert f"{BASE}c/geumjeong/review/ 에 부서 담당자 계정(검토자)으로" in body[5]
    assert "엑셀 회신" in body[6] and "작성 양식(엑셀)" in children.attachments[0].label
    # The sender: the council's secretariat and the staff member who made it.
    assert body[7] == "라. 문의: 금정구 지역돌봄협의체 사무국 담당자 (전자우편 staff@example.com)"
    assert [p.number for p in education.proposals] == [3]
    assert education.proposals[0].due == "-" and education.due_dates_missing == 1
    assert education.due == "정해진 기한 없음 (사무국과 협의)"
    # The proposal with no department is in no letter.
    assert all(p.number != 4 for letter in letters for p in letter.proposals)


def test_nothing_is_tied_to_one_district(db):
    council = factories.make_council("gijang", "기장군")
    department = factories.make_department(council, "여성가족과")
    meeting = make_result_meeting(council, proposals=1)
    Proposal.objects.filter(meeting=meeting).update(department=department)

    (letter,) = build_letters(meeting, base_url="http://localhost:8000/")

    assert (letter.issuer, letter.sender, letter.recipient) == (
        "기장군",
        "기장군수",
        "여성가족과장",
    )
    assert "기장군 지역돌봄협의체" in letter.title
    text = " ".join(read_hwpx(export_letter(letter, "hwpx")[2]).blocks)
    assert "금정" not in text
    assert "http://localhost:8000/c/gijang/review/" in text
    # No staff member (made from the shell): the secretariat alone.
    assert letter.contact == "기장군 지역돌봄협의체 사무국"
    assert head_of_office("김해시") == "김해시장"


def test_the_hwpx_letter_says_what_the_pdf_letter_says(world, routed, tmp_path):
    letter = build_letters(routed, base_url=BASE, sender=world.staff)[1]
    path = tmp_path / "letter.hwpx"
    path.write_bytes(export_letter(letter, "hwpx")[2])

    assert_valid_hwpx(path)
    content = read_hwpx(path.read_bytes())
    assert content.blocks == html_blocks(letter_html(letter))
    assert content.blocks[:4] == [
        "금정구",
        "수신 아동청소년과장",
        "(경유)",
        "제목 2023년 하반기 금정구 지역돌봄협의체 회의 건의사항 검토 협조 요청",
    ]
    closing = content.blocks[content.blocks.index("금정구청장") :]
    assert content.blocks[content.blocks.index("금정구청장") - 1] == (
        "붙임 2023년 하반기 금정구 지역돌봄협의체 회의 부서 검토 의견 작성 양식(엑셀) 1부. 끝."
    )
    # 결문: signers, then 시행/접수 with the numbers 온나라 gives left blank, address, contact.
    assert closing[1:4] == ["기안자", "검토자", "결재권자"]
    # (no 처리과 set for the sender yet; 접수 is the receiving department's)
    assert closing[4].startswith("시행 (") and "접수 아동청소년과- (" in closing[4]
    assert closing[-1] == "전화 / 전송 / staff@example.com / 공개"
    table = content.tables[0]
    assert table.repeat_header and table.header[0] == [True] * 4
    assert table.rows[0] == [["번호"], ["분야"], ["건의사항"], ["회신 기한"]]
    assert table.rows[1] == [
        ["1"],
        ["시설 확충"],
        ["○ 돌봄시설 확충", "▷ 첫째 줄", "▷ 둘째 줄"],
        ["2024. 1. 19.(금)"],
    ]


def test_the_pdf_letter_embeds_the_font_and_draws_every_glyph(world, routed, tmp_path, caplog):
    letter = build_letters(routed, base_url=BASE, sender=world.staff)[1]

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        filename, content_type, pdf = export_letter(letter, "pdf")

    assert content_type == "application/pdf" and filename.endswith("아동청소년과.pdf")
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    squashed = "".join(text.split())
    for piece in ("수신아동청소년과장", "○돌봄시설확충", "▷첫째줄", "금정구청장", "끝."):
        assert piece in squashed, piece
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Noto-Sans-KR" in fonts
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text


def test_hostile_text_stays_literal_and_emoji_print_as_in_the_result(world, routed, tmp_path):
    Proposal.objects.filter(meeting=routed, number=1).update(
        headline="좋아요 👍 " + MARKUP[0], details="\n".join(MARKUP)
    )
    letter = build_letters(routed, base_url=BASE, sender=world.staff)[1]

    hwpx = export_letter(letter, "hwpx")[2]
    rows = read_hwpx(hwpx).tables[0].rows
    assert rows[1][2][0] == "○ 좋아요 (이모지) " + MARKUP[0]
    assert rows[1][2][1:] == [f"▷ {' '.join(raw.split())}" for raw in MARKUP]
    assert "<script>" not in section_xml(hwpx)
    html = letter_html(letter)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_department_or_meeting_with_nothing_to_ask_is_refused_in_korean(world):
    meeting = make_result_meeting(world.council, proposals=0)

    with pytest.raises(NoLetters, match="담당 부서가 정해진 건의사항이 없어"):
        build_letters(meeting, base_url=BASE)
    with pytest.raises(NoLetters, match="아동청소년과에 배정된 건의사항이 이 회의에 없어"):
        build_letter(meeting, world.department, base_url=BASE)


def test_staff_download_one_letter_or_all_of_them_as_a_zip(world, routed, client):
    client = _client(client, world.staff)
    args = [world.council.slug, routed.slug]

    page = client.get(reverse("reports:letters", args=args))
    assert page.status_code == 200
    html = page.content.decode()
    assert "담당 부서가 정해지지 않은 건의사항 1건" in html
    assert "회신 기한이 정해지지 않은 건의사항이 1건" in html
    assert reverse("reports:letter_file", args=[*args, world.department.pk, "hwpx"]) in html
    assert reverse("proposals:export_xlsx", args=[*args, world.department.pk]) in html

    one = client.get(reverse("reports:letter_file", args=[*args, world.department.pk, "hwpx"]))
    assert one.status_code == 200 and one["Content-Type"] == "application/hwp+zip"
    letter = read_hwpx(one.content)
    assert "수신 아동청소년과장" in letter.blocks
    assert "http://localhost:8000/c/geumjeong/review/" in " ".join(letter.blocks)  # PORTAL_BASE_URL
    pdf = client.get(reverse("reports:letter_file", args=[*args, world.department.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    response = client.get(reverse("reports:letters_zip", args=args))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert names == [
        "2023-h2-교육지원과-검토의견.xlsx",  # each letter's 붙임
        "2023-h2-아동청소년과-검토의견.xlsx",
        "geumjeong-2023-h2-request-교육지원과.hwpx",
        "geumjeong-2023-h2-request-교육지원과.pdf",
        "geumjeong-2023-h2-request-아동청소년과.hwpx",
        "geumjeong-2023-h2-request-아동청소년과.pdf",
    ]
    names = names[2:]
    education = read_hwpx(archive.read(names[0]))
    assert "수신 교육지원과장" in education.blocks
    assert [row[0] for row in education.tables[0].rows[1:]] == [["3"]]
    assert archive.read(names[1]).startswith(b"%PDF")
    assert list(
        AuditEvent.objects.filter(council=world.council)
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["request_letter_hwpx", "request_letter_pdf", "request_letters_zip"]


def test_bad_requests_get_a_korean_message_never_a_500(world, client):
    client = _client(client, world.staff)
    meeting = make_result_meeting(world.council, proposals=0)
    args = [world.council.slug, meeting.slug]

    page = client.get(reverse("reports:letters", args=args))
    assert page.status_code == 200
    assert "담당 부서가 정해진 건의사항이 없어 보낼 공문이 없습니다." in page.content.decode()

    for url in (
        reverse("reports:letters_zip", args=args),
        reverse("reports:letter_file", args=[*args, world.department.pk, "hwpx"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("reports:letters", args=args)
        message = [str(m) for m in get_messages(response.wsgi_request)][-1]
        assert "보낼 공문이 없습니다" in message

    other = factories.make_department(world.other_council, "해운대 부서")
    for department, fmt in ((other.pk, "hwpx"), (world.department.pk, "docx"), (999999, "pdf")):
        url = reverse("reports:letter_file", args=[*args, department, fmt])
        assert client.get(url).status_code == 404


def test_the_preview_and_the_meeting_page_link_to_the_letters(world, client):
    client = _client(client, world.staff)
    meeting = make_result_meeting(world.council, proposals=1)
    letters_url = reverse("reports:letters", args=[world.council.slug, meeting.slug])

    preview = client.get(reverse("reports:preview", args=[world.council.slug, meeting.slug]))
    assert letters_url in preview.content.decode()
    assert (
        reverse("reports:preview_file", args=[world.council.slug, meeting.slug, "hwpx"])
        in preview.content.decode()
    )
    meeting_page = client.get(meeting.get_absolute_url())
    assert letters_url in meeting_page.content.decode()


def test_each_letters_download_holds_exactly_the_files_its_attachment_line_names(
    world, routed, client
):
    """붙임: the per-department zip holds the letter (HWPX, PDF) and every file the 붙임
    line names, and nothing else; the line in the PDF names each of them."""
    from openpyxl import load_workbook

    from reports.letters import build_letter

    client = _client(client, world.staff)
    args = [world.council.slug, routed.slug, world.department.pk, "zip"]
    response = client.get(reverse("reports:letter_file", args=args))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    letter = build_letter(routed, world.department, base_url=BASE, sender=world.staff)
    stem = letter.filename_stem
    attached = sorted(set(archive.namelist()) - {f"{stem}.hwpx", f"{stem}.pdf"})
    assert attached == sorted(a.filename for a in letter.attachments) != []
    sheet = load_workbook(io.BytesIO(archive.read(attached[0]))).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [1, 2]
    pdf_text = subprocess.run(
        ["pdftotext", "-raw", "-", "-"],
        input=archive.read(f"{stem}.pdf"),
        capture_output=True,
        check=True,
    ).stdout.decode()
    line = re.sub(r"\s+", "", pdf_text.rsplit("붙임", 1)[1].split("끝.")[0])
    assert line == "".join(re.sub(r"\s+", "", a.label) for a in letter.attachments)
    assert "엑셀" in line


def test_the_letter_carries_its_closing_from_the_councils_settings(world, routed, client, tmp_path):
    """결문 (별지 제1호서식): 행정기관명 with 시도, signers with 직위, 시행/접수 with blank
    numbers, address, phone, fax, e-mail, 공개 구분 — edited on the settings page; and the
    body alone as text for 온나라."""
    from reports.letters import build_letter, letter_pdf

    client = _client(client, world.staff)
    url = reverse("reports:letter_settings", args=[world.council.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "sido": "부산광역시",
            "office": "아동청소년과",
            "postal_code": "46294",
            "address": "부산광역시 금정구 중앙대로 1777",
            "homepage": "www.geumjeong.go.kr",
            "phone": "051-519-4000",
            "fax": "051-519-4009",
            "email": "care@example.go.kr",
            "disclosure": "partial",
            "drafter_title": "주무관",
            "drafter_name": "한담당",
            "reviewer_title": "돌봄지원팀장",
            "approver_title": "아동청소년과장",
        },
    )
    assert response.status_code == 302
    world.council.refresh_from_db()
    letter = build_letter(routed, world.department, base_url=BASE, sender=world.staff)
    assert letter.issuer == "부산광역시 금정구"
    assert "(전화 051-519-4000, 전자우편 care@example.go.kr)" in letter.body[-1].text
    path = tmp_path / "letter.pdf"
    path.write_bytes(letter_pdf(letter))
    text = re.sub(r"\s+", " ", pdf_text_of(path))
    for piece in (
        "부 산 광 역 시 금 정 구",  # the 행정기관명, letter-spaced as the title
        "기안자 주무관",
        "검토자 돌봄지원팀장",
        "결재권자 아동청소년과장",
        "한담당",
        "시행 아동청소년과-",
        "접수 아동청소년과-",
        "우 46294 부산광역시 금정구 중앙대로 1777 / www.geumjeong.go.kr",
        "전화 051-519-4000 / 전송 051-519-4009 / care@example.go.kr / 부분공개",
    ):
        assert piece in text or piece.replace(" ", "") in text.replace(" ", ""), piece
    # The body alone, for 온나라: no 두문 or 결문.
    body = letter.body_text
    assert body.startswith("1. 관련:") and body.rstrip().endswith("끝.")
    assert "금정구청장" not in body and "시행" not in body
    page = client.get(reverse("reports:letters", args=[world.council.slug, routed.slug]))
    assert "본문만 복사" in page.content.decode()
    # 접수 is the receiving department's 처리과, not the sender's.
    other = build_letter(routed, world.other_department, base_url=BASE, sender=world.staff)
    assert other.closing.receipt.startswith(f"접수 {world.other_department.name}-")
    assert other.closing.enforcement.startswith("시행 아동청소년과-")


def pdf_text_of(path) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_the_closing_never_stands_alone_on_a_page(db, settings, tmp_path):
    """The demo letter that put `금정구청장` alone on page 2: its last page now also holds
    the 붙임 line (the closing is kept with what comes before it)."""
    from django.core.management import call_command

    from council.models import Meeting
    from reports.letters import build_letters, letter_pdf

    settings.DEBUG = True
    call_command("loaddemo")
    meeting = Meeting.objects.get(council__slug="geumjeong", slug="2023-h2")
    for index, letter in enumerate(build_letters(meeting, base_url=BASE)):
        path = tmp_path / f"{index}.pdf"
        path.write_bytes(letter_pdf(letter))
        pages = int(
            re.search(
                r"Pages:\s+(\d+)",
                subprocess.run(
                    ["pdfinfo", str(path)], capture_output=True, text=True, check=True
                ).stdout,
            )[1]
        )
        last = subprocess.run(
            ["pdftotext", "-raw", "-f", str(pages), "-l", str(pages), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        last = re.sub(r"\s+", "", last)  # the 발신명의 is letter-spaced
        assert "금정구청장" in last and "기안자" in last
        assert "붙임" in last, f"letter {index}: the closing stands alone on page {pages}"
