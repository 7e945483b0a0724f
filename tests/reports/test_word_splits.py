"""Korean words are never split across lines in a rendered PDF (issue 25, item 1).

Every document type is rendered for real (WeasyPrint), its text read back with
its positions (pdftotext -bbox-layout, tests/word_splits.py), and each line
break checked against the source text: a word that fits on its line is never
cut; a longer one is cut after its own `-`, `·`, `/`, `,`; only a run with none
of these is cut between syllables.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from council.models import Meeting
from facilities import flyers
from lib.korean import keep_words_html, keep_words_in_html
from portal.demo import load_demo
from reports.document import build_result_context, render_document_file
from reports.letters import build_letter, build_letters, letter_html
from tests.factories import SEOUL, make_answered_proposal, make_commitment, make_result_meeting
from tests.reports.access_cases import _stored_version
from tests.word_splits import word_splits

BASE = "https://dolbom.example.go.kr/"
# The seed's long compounds, and 13–15-syllable words that fit a cell line.
HEADLINES = [
    "다함께돌봄센터-학부모와의 만남 행사 개최 건의",
    "다함께돌봄센터나 지역아동센터의 돌봄 운영 시간 연장",
    "돌봄시설 간의 만남 건의 다함께돌봄센터-지역아동센터",
]
DETAILS = [
    "금정구 다함께돌봄센터가 연합하여 부모교육·체육대회·작품전시회 등을 개최하여 학부모가 "
    "아동들의 돌봄 프로그램 결과물을 직접 확인하고, 이용자 수요에 맞는 프로그램을 구성함.",
    "연 1회 다함께돌봄센터-지역아동센터 장 간의 만남의 장을 통해 각 센터별 우수한 "
    "프로그램 및 돌봄 노하우를 공유하여 금정구 공적 돌봄서비스 질을 높이고자 함.",
    "긴급돌봄이 필요한 지역주민 누구나 어디서든 안심하고 돌봄서비스를 이용할 수 있도록 "
    "초등학교돌봄교실운영시간연장필요 학교밖돌봄시설확충계획수립 등이 필요하며 "
    "다함께돌봄센터-지역아동센터-학부모교육·체육대회 연계가 필요함.",
    "방학기간 또는 학교 공사 등의 이유로 학교 내 돌봄교실 운영을 하지 않는 경우, 맞벌이 "
    "학부모가 돌봄공백으로 어려움을 겪고 있음 https://dolbom.example.go.kr/f/geumjeong/3",
]
RESPONSES = [
    "금사 도시재생어울림센터 내 다함께 돌봄센터가 2024년에 신규 개소 예정이며, 차질없이 "
    "추진하기 위해 노력하겠음.",
    "다함께돌봄센터-학부모와의 행사 개최 시 구에서도 홍보·관련 부서 협조 요청·협업 간담회 "
    "개최 등 적극적으로 지원하도록 하겠음.",
    "구 주관 회의·행사·간담회 시 다함께돌봄센터-지역아동센터 간 의사소통의 장을 가질 수 "
    "있도록 구에서도 방안을 모색하겠음.",
]
# A string typed without spaces: longer than any line, it may break between syllables.
UNBROKEN = "가" * 41


def _check(pdf: bytes, html: str, tmp_path: Path, name: str) -> int:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    bad, allowed = word_splits(path, html)
    assert bad == [], [str(split) for split in bad]
    return len(allowed)


def _result_pdf(meeting, tmp_path, name, **kwargs):
    from lib.pdf import render_pdf

    html = render_document_file(build_result_context(meeting, **kwargs), for_pdf=True)
    return _check(render_pdf(html), html, tmp_path, name)


def test_the_filter_keeps_pieces_together_and_text_unchanged():
    html = keep_words_in_html("<p>부모교육·체육대회·작품전시회·발표회 &lt;b&gt; 금빛아이</p>")
    assert html == (
        '<p><span class="kw">부\u2060모\u2060교\u2060육\u2060·<wbr>체\u2060육\u2060대\u2060회'
        "\u2060·<wbr>작\u2060품\u2060전\u2060시\u2060회\u2060·<wbr>발\u2060표\u2060회</span> &lt;b&gt; "
        "금\u2060빛\u2060아\u2060이</p>"
    )
    # Latin letters are never joined to each other: a joiner inside "fi" turned the
    # ligature's text into " " when the PDF was read back (file → " le").
    assert keep_words_in_html("file 파일로") == "file 파\u2060일\u2060로"
    # A shorter one is joined whole, separators and all: it fits every line.
    assert keep_words_in_html("홍보·관련") == "\u2060".join("홍보·관련")
    # Web pages: the text as typed (browsers keep words whole with keep-all).
    assert keep_words_html("부모교육·체육대회 <b>") == "부모교육·체육대회 &lt;b&gt;"


@pytest.mark.django_db
def test_the_demo_result_and_letters_split_no_word(tmp_path):
    with_demo = load_demo
    with_demo()
    meeting = Meeting.objects.get(council__slug="geumjeong", slug="2023-h2")
    _result_pdf(meeting, tmp_path, "demo-result")
    current = Meeting.objects.filter(council__slug="geumjeong").exclude(pk=meeting.pk).first()
    _result_pdf(current, tmp_path, "demo-current", final_only=False)  # with section II
    from lib.pdf import render_pdf

    for index, letter in enumerate(build_letters(meeting, base_url=BASE)):
        html = letter_html(letter)
        _check(render_pdf(html), html, tmp_path, f"demo-letter-{index}")


@pytest.fixture
def stress(world):
    """A published meeting whose open commitments the next one carries, and that next
    meeting: 60 proposals with the seed's long compounds, 35 of them for one department."""
    earlier = make_result_meeting(world.council, proposals=0, year=2023, half=2)
    for number in range(1, 9):
        proposal = make_answered_proposal(
            earlier, number, headline=HEADLINES[number % 3], details=DETAILS[number % 4]
        )
        make_commitment(
            proposal,
            what=f"다함께돌봄센터-지역아동센터 연계 부모교육·체육대회·작품전시회 {number}차 추진",
            due_date=dt.date(2024, 6, 30),
            status="추진 중",
        )
    result = _stored_version(earlier)
    result.published_at = dt.datetime(2024, 1, 22, 10, tzinfo=SEOUL)
    result.save()
    Meeting.objects.filter(pk=earlier.pk).update(status=Meeting.Status.PUBLISHED)
    meeting = make_result_meeting(world.council, proposals=0, year=2024, half=1)
    for number in range(1, 61):
        details = "\n".join(DETAILS[(number + k) % 4] for k in range(2))
        if number == 7:
            details += "\n" + UNBROKEN
        make_answered_proposal(
            meeting,
            number,
            headline=HEADLINES[number % 3],
            details=details,
            department=world.department if number <= 35 else world.other_department,
            response_lines="\n".join(RESPONSES[(number + k) % 3] for k in range(2)),
        )
    return meeting


def test_a_sixty_proposal_document_with_carried_commitments_splits_no_word(stress, tmp_path):
    now = timezone.now()  # after the commitments were made
    doc = build_result_context(stress, now=now)["doc"]
    assert len(doc.rows) == 60 and len(doc.carried) == 8
    allowed = _result_pdf(stress, tmp_path, "stress", now=now)
    assert allowed >= 1  # the 41-syllable run, longer than its line, wraps


def test_a_thirty_five_proposal_letter_splits_no_word(stress, world, tmp_path):
    from lib.pdf import render_pdf

    letter = build_letter(stress, world.department, base_url=BASE, sender=world.staff)
    assert letter.count == 35
    html = letter_html(letter)
    _check(render_pdf(html), html, tmp_path, "letter-35")


def test_a_flyer_of_twelve_facilities_splits_no_word(tmp_path, world):
    from lib.pdf import render_pdf
    from tests.factories import make_facility

    dong = world.council.dongs.order_by("order").first()
    for n in range(12):
        make_facility(
            world.council,
            dong=dong,
            is_public=True,
            name=f"금정구 다함께돌봄센터-지역아동센터 {n}호점",
            address=f"부산광역시 금정구 금샘로{n}번길 도시재생어울림센터 {n}층",
            phone=f"051-519-{4000 + n}",
            night_care_until=dt.time(22, 0),
            temporary_spare=1,
        )
    context, html = _flyer(world, dong)
    assert len(context["rows"]) == 12
    _check(render_pdf(html), html, tmp_path, "flyer")


def _flyer(world, dong) -> tuple[dict, str]:
    context = flyers.flyer_context(
        council=world.council,
        dong=dong,
        school=None,
        url="https://dolbom.example.go.kr/f/geumjeong/1",
        today=dt.date(2026, 12, 1),
    )
    return context, flyers.flyer_html(context)


def test_a_flyer_without_facilities_splits_no_word(tmp_path, world):
    """The empty flyer: its heading `…의 시설` and the paragraph `이 지역에 …` share one text
    flow; the heading's line ends with room to spare, so `시설│이` is no split (the counter
    took it for one)."""
    from lib.pdf import render_pdf

    context, html = _flyer(world, world.council.dongs.order_by("order").first())
    assert context["rows"] == []
    assert "시설이 아직 없습니다" in html
    _check(render_pdf(html), html, tmp_path, "flyer-empty")


def test_the_counter_finds_the_splits_of_a_pdf_that_does_not_keep_words(
    stress, world, tmp_path, monkeypatch
):
    """The same 35-proposal letter rendered without keeping words (WeasyPrint alone breaks
    Korean between any syllables): the counter finds the splits, so its 0 above means 0."""
    from lib import pdf

    letter = build_letter(stress, world.department, base_url=BASE, sender=world.staff)
    html = letter_html(letter)
    monkeypatch.setattr(pdf, "keep_words_in_html", lambda text: text)
    path = tmp_path / "unkept.pdf"
    path.write_bytes(pdf.render_pdf(html))
    bad, _allowed = word_splits(path, html)
    assert len(bad) > 20, [str(split) for split in bad]
