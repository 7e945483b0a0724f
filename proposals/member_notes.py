"""What 내 회의 (council's member home) shows a member about proposals they fed:
the published commitments and where each stands. Listed in portal/navigation.py (MEMBER_NOTES)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from council.extensions import MemberNote
from council.models import Meeting, Member
from lib.dates import korean_date
from proposals.models import Commitment


def notes_for(member: Member, meetings: list[Meeting]) -> dict[int, list[MemberNote]]:
    """{meeting id: notes} for the published meetings among `meetings`, in one query."""
    published = [m.pk for m in meetings if m.is_published]
    if not published:
        return {}
    commitments = (
        Commitment.objects.public()
        .filter(
            response__proposal__meeting__in=published,
            response__proposal__source_points__opinion__member=member,
        )
        .distinct()
        .with_latest_note()
        .select_related("status", "department", "response__proposal")
        .order_by("response__proposal__number", "order")
    )
    url = reverse("proposals:member_follow_ups", args=[member.council.slug])
    notes: dict[int, list[MemberNote]] = {}
    for c in commitments:
        proposal = c.response.proposal
        detail = (
            _("%(date)s %(text)s")
            % {"date": korean_date(c.latest_note_date), "text": c.latest_note_text}
            if c.latest_note_date
            else _("완료 예정 %(date)s") % {"date": korean_date(c.due_date)}
        )
        notes.setdefault(proposal.meeting_id, []).append(
            MemberNote(
                heading=f"{proposal.number}. {proposal.headline} — {c.what}",
                status=c.status.label,
                detail=detail.strip(),
                url=f"{url}#commitment-{c.pk}",
            )
        )
    return notes
