"""Long unbroken user text gets break opportunities, and stays escaped."""

from django.template import engines

from lib.korean import keep_words_in_html
from reports.document import build_result_context, render_document_fragment
from tests.factories import make_answered_proposal, make_result_meeting


def _render(value: str) -> str:
    template = engines["django"].from_string("{% load document_text %}{{ value|breakable }}")
    return template.render({"value": value})


def test_it_inserts_a_break_opportunity_every_forty_characters_of_an_unbroken_run():
    assert _render("가" * 85) == "가" * 40 + "<wbr>" + "가" * 40 + "<wbr>" + "가" * 5


def test_it_leaves_ordinary_prose_alone_on_the_web():
    text = "돌봄시설 간의 만남의 장을 통해 각 센터별 우수한 프로그램을 공유하고자 함."
    assert _render(text) == text


def test_for_the_pdf_each_word_is_joined_and_the_text_unchanged():
    text = "돌봄시설 간의 만남의 장을 통해 각 센터별 우수한 프로그램을 공유하고자 함."
    html = keep_words_in_html(f"<p>{text}</p>")
    assert html.replace("\u2060", "") == f"<p>{text}</p>"
    assert "프\u2060로\u2060그\u2060램\u2060을" in html


def test_a_pasted_run_longer_than_a_word_is_left_to_break_between_syllables():
    html = keep_words_in_html(
        "<p>" + "가" * 35 + " https://dolbom.example.go.kr/c/geumjeong/review/</p>"
    )
    assert "가" * 35 in html  # no joiners: Pango breaks it where the line ends
    assert '<span class="kw">' in html  # the address breaks at its own / first


def test_it_escapes_markup_and_never_splits_an_entity():
    html = _render("<script>alert(1)</script>" + "&" * 60)
    assert "<script>" not in html
    assert html.startswith("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert html.count("&amp;") == 60
    assert "<wbr>" in html


def test_the_document_breaks_a_very_long_line_from_a_member(world):
    meeting = make_result_meeting(world.council, proposals=0)
    make_answered_proposal(meeting, 1, details="가" * 600)
    html = render_document_fragment(build_result_context(meeting, final_only=False))
    assert html.count("<wbr>") >= 14
