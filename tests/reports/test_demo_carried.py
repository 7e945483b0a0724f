"""The demo (Done-when of issue 15): an earlier published meeting with commitments in
several statuses, and the current meeting's document carrying them."""

from __future__ import annotations

import datetime as dt

import time_machine

from council.models import Meeting
from portal.demo import load_demo
from proposals.models import Commitment
from reports.document import build_result_context, render_document_fragment

SEOUL = dt.timezone(dt.timedelta(hours=9))


def test_the_demo_current_meeting_carries_the_2023_commitments(db, settings):
    settings.DEBUG = True
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, 0, tzinfo=SEOUL), tick=False):
        load_demo()
        seed = Meeting.objects.get(slug="2023-h2")
        statuses = set(
            Commitment.objects.filter(response__proposal__meeting=seed).values_list(
                "status__name", flat=True
            )
        )
        assert statuses == {"계획", "추진 중", "완료", "장기 검토", "추진 불가"}
        current = Meeting.objects.filter(council=seed.council).exclude(pk=seed.pk).get()
        context = build_result_context(current, final_only=False)
        doc = context["doc"]
        assert doc.carried_from.startswith("2023년 하반기")
        assert doc.carried_published_on == "2024. 1. 22."
        assert [(r.number, r.status_name) for r in doc.carried] == [
            (1, "완료"),
            (1, "장기 검토"),
            (2, "추진 중"),
            (3, "완료"),
            (4, "계획"),
            (5, "추진 불가"),
            (6, "완료"),
        ]
        html = render_document_fragment(context)
        assert "II. 지난 회의 건의사항 추진 현황" in html
        assert "개소 (정원 25명), 개소식 개최" in html
        # The seed's own document has no such section: it was the first meeting.
        assert "지난 회의 건의사항" not in seed.publications.get().html
        # Staff recorded progress for the department without a reviewer, as such.
        partner = Commitment.objects.get(what__startswith="관내 초등학교")
        assert partner.notes.get().entered_by_staff
