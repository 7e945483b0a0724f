"""Issue 13, case 12: publishing renders the PDF outside any transaction, so an
unrelated write goes through meanwhile (it waited 20.9 s at 200 proposals).

The renderer is wrapped to look, while it renders, at whether the publishing
connection is inside a transaction, and to make an unrelated write through a
second connection (another thread). The longest wait at 200 proposals is in
`make bench` (bench/publish_wait.py).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from council.models import AuditEvent, Meeting
from reports import services
from tests.factories import make_result_meeting

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_pdf_is_rendered_outside_the_write_transaction(world, monkeypatch):
    meeting = make_result_meeting(world.council, proposals=3)
    render_pdf = services.pdf_from_context
    seen: dict[str, object] = {}

    def rendering(context):
        seen["in_transaction"] = connection.in_atomic_block

        def unrelated_write():
            try:
                AuditEvent.objects.create(action="other_work", target="렌더링 중의 다른 저장")
                seen["write"] = "stored"
            except Exception as exc:  # "database is locked" under the old code
                seen["write"] = exc
            finally:
                connections.close_all()

        writer = threading.Thread(target=unrelated_write)
        writer.start()
        writer.join(30)
        return render_pdf(context)

    monkeypatch.setattr(services, "pdf_from_context", rendering)
    result = services.publish_meeting(meeting=meeting, user=world.staff)
    assert seen == {"in_transaction": False, "write": "stored"}
    assert result.version == 1
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PUBLISHED
    assert AuditEvent.objects.filter(action="other_work").count() == 1


def test_a_change_while_rendering_is_not_published_stale(world, monkeypatch):
    """Stored only if unchanged: an edit during rendering makes it render again."""
    meeting = make_result_meeting(world.council, proposals=2)
    render_pdf = services.pdf_from_context
    calls = []

    def rendering(context):
        calls.append(1)
        if len(calls) == 1:
            proposal = meeting.proposals.order_by("number").first()
            proposal.headline = "렌더링 중에 고친 건의"
            proposal.save()
        return render_pdf(context)

    monkeypatch.setattr(services, "pdf_from_context", rendering)
    result = services.publish_meeting(meeting=meeting, user=world.staff)
    assert len(calls) == 2
    assert "렌더링 중에 고친 건의" in result.html
