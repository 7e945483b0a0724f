"""A bullet typed in front of a line is dropped when stored (the document adds ○ / ▷),
and the migration cleans rows stored before (issue 25, item 7)."""

import importlib

from django.apps import apps as django_apps

from lib.korean import without_bullets
from proposals.models import DepartmentResponse, Proposal
from reports.document import build_result_context, render_document_fragment
from tests.factories import make_answered_proposal, make_result_meeting

TYPED = (
    "○ 돌봄시설 확충\n  ▷ 다함께돌봄센터 확충\n- 야간 운영\n· 홍보\n• 안내\n○ ○ 두 번\n-3도 유지"
)


def test_typed_bullets_go_and_text_stays():
    assert without_bullets(TYPED) == (
        "돌봄시설 확충\n다함께돌봄센터 확충\n야간 운영\n홍보\n안내\n두 번\n-3도 유지"
    )


def test_a_saved_proposal_and_response_lose_the_typed_bullets(world):
    meeting = make_result_meeting(world.council, proposals=0)
    proposal = make_answered_proposal(
        meeting, 1, headline="○ 돌봄시설 확충", details=TYPED, response_lines="○ 검토하겠음\n- 추진"
    )
    proposal.refresh_from_db()
    assert proposal.headline == "돌봄시설 확충"
    assert proposal.detail_lines[0] == "돌봄시설 확충"
    assert proposal.response.response_lines == ["검토하겠음", "추진"]
    html = render_document_fragment(build_result_context(meeting))
    assert "○ ○" not in html and "○</span> ○" not in html
    assert "▷</span> ▷" not in html


def test_the_migration_cleans_rows_stored_before(world):
    meeting = make_result_meeting(world.council, proposals=0)
    proposal = make_answered_proposal(meeting, 1)
    Proposal.objects.filter(pk=proposal.pk).update(headline="○ 확충", details="▷ 첫째\n둘째")
    DepartmentResponse.objects.filter(proposal=proposal).update(lines="○ 검토\n• 추진")
    migration = importlib.import_module("proposals.migrations.0005_typed_bullets")
    migration.clean(django_apps, None)
    proposal.refresh_from_db()
    assert (proposal.headline, proposal.details) == ("확충", "첫째\n둘째")
    assert proposal.response.lines == "검토\n추진"
