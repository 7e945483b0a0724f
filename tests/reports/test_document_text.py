"""Long unbroken user text gets break opportunities, and stays escaped."""

import re

from django.template import engines

from reports.document import build_result_context, render_document_fragment
from tests.factories import make_answered_proposal, make_result_meeting


def _render(value: str, *, for_pdf: bool = False) -> str:
    template = engines["django"].from_string(
        "{% load document_text %}{{ value|breakable:for_pdf }}"
    )
    return template.render({"value": value, "for_pdf": for_pdf})


def test_it_inserts_a_break_opportunity_every_forty_characters_of_an_unbroken_run():
    assert _render("가" * 85) == "가" * 40 + "<wbr>" + "가" * 40 + "<wbr>" + "가" * 5


def test_it_leaves_ordinary_prose_alone_on_the_web():
    text = "돌봄시설 간의 만남의 장을 통해 각 센터별 우수한 프로그램을 공유하고자 함."
    assert _render(text) == text


def test_for_the_pdf_it_keeps_each_korean_word_whole_and_the_text_unchanged():
    text = "돌봄시설 간의 만남의 장을 통해 각 센터별 우수한 프로그램을 공유하고자 함."
    html = _render(text, for_pdf=True)
    assert re.sub(r"<[^>]+>", "", html) == text
    assert html.count('<span class="rd-w">') == len(text.split())
    assert '<span class="rd-w">프로그램을</span>' in html


def test_a_long_word_or_a_latin_word_is_not_held_together():
    html = _render("가나다라마바사아자차카타파 https://example.com/a", for_pdf=True)
    assert "rd-w" not in html


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
