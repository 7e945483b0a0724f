"""The renderer: counts, the context computed from data, escaping in the HTML."""

from __future__ import annotations

import pytest

from council.models import Category
from lib.pdf import printable_text
from proposals.models import DepartmentResponse
from reports.document import build_result_context, render_document_fragment
from tests.factories import make_answered_proposal, make_result_meeting

MARKUP = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "<link href=http://example.com/x.css rel=stylesheet>",
    '<a href="javascript:alert(3)">x</a>',
]


def test_it_counts_proposals_per_category_in_council_order_leaving_out_empty_ones(world):
    council = world.council
    # A category placed first with no proposals must not appear.
    Category.objects.create(council=council, name="인력", order=0)
    meeting = make_result_meeting(council, proposals=0)
    facilities, operation, community = council.categories.filter(order__gte=1).order_by("order")
    for number, category in enumerate([community, operation, operation, facilities], start=1):
        make_answered_proposal(meeting, number, category=category)

    doc = build_result_context(meeting)["doc"]

    assert doc.counts_line == "총 4건 (시설 확충 1건, 운영 2건, 지역사회 연계 1건)"
    assert [c.name for c in doc.category_counts] == ["인력", "시설 확충", "운영", "지역사회 연계"]


def test_it_counts_the_roster_and_submitted_opinions_only(world):
    meeting = make_result_meeting(world.council, invited=5, submitted=3, proposals=1)

    doc = build_result_context(meeting)["doc"]

    assert doc.attendance == "위원 5명 ▷ 의견제출 3명"


def test_it_builds_the_title_purpose_and_running_header_from_data(world):
    meeting = make_result_meeting(world.council, proposals=1)

    doc = build_result_context(meeting)["doc"]

    assert doc.purpose_line == "- 지역 맞춤형 돌봄체계 강화 및 돌봄사각지대 해소를 위한 -"
    assert doc.title == "2023년 하반기 금정구 지역돌봄협의체 회의 결과"
    assert doc.running_header == "- 2023년 하반기 - 금정구 지역돌봄협의체 회의 결과"
    assert doc.method == "서면회의"
    assert doc.agenda == ["금정구 초등돌봄 기관별 현황"]


def test_it_shows_only_final_responses_unless_previewing(world):
    meeting = make_result_meeting(world.council, proposals=0)
    make_answered_proposal(meeting, 1, response_lines="최종 의견")
    make_answered_proposal(
        meeting,
        2,
        response_lines="아직 작성 중인 의견",
        response_status=DepartmentResponse.Status.DRAFT,
    )
    make_answered_proposal(meeting, 3, response_lines=None)

    published = render_document_fragment(build_result_context(meeting, final_only=True))
    preview = render_document_fragment(build_result_context(meeting, final_only=False))

    assert "최종 의견" in published
    assert "아직 작성 중인 의견" not in published
    assert published.count("부서 검토 중") == 2
    assert "미확정" not in published
    assert "아직 작성 중인 의견" in preview
    assert preview.count("미확정") == 2


def test_it_escapes_markup_in_every_text_field(world):
    council = world.council
    council.purpose = MARKUP[0] + " 해소"
    council.district = MARKUP[1]
    council.save()
    category = council.categories.first()
    category.name = "<link href=http://e.x/a>"  # the column holds 50 characters
    category.save()
    meeting = make_result_meeting(council, proposals=0)
    meeting.agenda_items.update(title=MARKUP[3])
    make_answered_proposal(
        meeting,
        1,
        category=category,
        headline=MARKUP[0],
        details="\n".join(MARKUP),
        response_lines="\n".join(MARKUP),
    )

    html = render_document_fragment(build_result_context(meeting, final_only=False))

    for raw in ("<script", "<img", "<link", "<a href"):
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html
    assert "&lt;link href=http://e.x/a&gt;" in html
    assert "&lt;a href=&quot;javascript:alert(3)&quot;&gt;x&lt;/a&gt;" in html


def test_it_replaces_characters_the_font_lacks():
    assert printable_text("좋아요 👍 최고") == "좋아요 (이모지) 최고"
    # A family emoji with joiners and a variation selector is one replacement.
    assert printable_text("가족👨\u200d👩\u200d👧 ❤\ufe0f") == "가족(이모지) (이모지)"
    assert (
        printable_text("○ 확충 ▷ 부모교육·체육대회 '학부모'")
        == "○ 확충 ▷ 부모교육·체육대회 '학부모'"
    )


@pytest.mark.parametrize("proposals", [2, 12])
def test_it_builds_the_context_in_a_fixed_number_of_queries(
    world, proposals, django_assert_num_queries
):
    meeting = make_result_meeting(world.council, proposals=proposals)

    # Meeting data (4), its commitments (1), the previous publication (1: none here).
    with django_assert_num_queries(6):
        context = build_result_context(meeting)
        render_document_fragment(context)

    assert context["doc"].total == proposals
