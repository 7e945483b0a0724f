"""The demo council, built from the seed document (금정구, 2023 하반기 서면회의 결과).

The council, its categories, 동 and departments come from the one world builder
(`portal/world.py`, shared with the tests and the bench); the rest is made the
way a district would make it, through the portal's own services: accounts and
roster, the facility registry through its import, the seed's
meeting replayed from opening to the published result at its real dates, and
a meeting of the current half that is taking opinions now (whatever day the
demo is loaded). The proposals and responses carry the seed's exact text; the
members, their opinion points and the facilities are plausible, clearly-demo
stand-ins.

The package is split by what it builds: `seed` (the document's content, as
data), `roster` (accounts), `facilities` (registry, population, finder),
`meetings` (the replayed seed meeting and the current one) and `council2026`
(the 2026 초등돌봄·교육 협의체 beside it); `load_demo` below puts them together
in order. `load_demo`, `demo_logins`, `demo_tour`,
`COUNCIL` and `DEMO_PASSWORD` are the public entry points (`loaddemo`, the
tests and the bench import them from `portal.demo`).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from council.models import Attachment, Council, Meeting
from council.notices.events import expand_broadcasts
from council.notices.models import Notice
from council.services import roster as roster_services
from facilities.models import Facility
from lib.dates import korean_date
from portal.demo.council2026 import DEMO_2026_TOUR, load_demo_2026
from portal.demo.facilities import load_facilities, load_finder_settings, load_population
from portal.demo.meetings import (
    current_meeting_dates,
    load_commitments,
    open_current_meeting,
    replay_seed_meeting,
)
from portal.demo.roster import build_roster, demo_logins, set_password
from portal.demo.seed import (
    CATEGORIES,
    COUNCIL,
    DEMO_PASSWORD,
    DEPARTMENT,
    DONGS,
    LETTER_SETTINGS,
    PARTNER_DEPARTMENT,
    TERM_ENDING,
    TERM_ENDING_IN_DAYS,
)
from portal.demo.surveys import load_survey_demo
from portal.world import build_council
from reports.models import LetterSettings

__all__ = ["COUNCIL", "DEMO_PASSWORD", "demo_logins", "demo_tour", "load_demo"]


def demo_tour(today: dt.date | None = None) -> list[tuple[str, str]]:
    """What each demo login lands on (printed by `loaddemo` and told in the README)."""
    today = today or timezone.localdate()
    current = current_meeting_dates(today)
    ending = korean_date(today + dt.timedelta(days=TERM_ENDING_IN_DAYS))
    return [
        (
            "gj-staff",
            f"대시보드: {current['title']} 의견 접수 중 (위원 10명 중 4명 제출), "
            f"임기 만료 예정 1명 경고(임시우, {ending}, 연임 처리 링크), "
            "2023년 하반기 회의는 결과 공개",
        ),
        (
            "gj-reviewer",
            "검토 요청: 기한이 지난 후속 조치(추진 경과를 적을 것)와 2023년 하반기 건의사항 6건",
        ),
        (
            "gj-member01",
            f"내 회의: {current['title']} 의견서 작성 전 (마감 {current['deadline_text']}), "
            "2023년 하반기 회의 결과 보기와 내 의견이 취합된 건의사항",
        ),
        ("gj-member02…05", "의견서 제출 완료 (마감 전까지 고칠 수 있음)"),
        ("gj-member06, 07", "의견서 임시 저장 상태"),
        ("admin", "협의체 목록과 관리자 화면"),
        *DEMO_2026_TOUR,
    ]


def _remove_demo_council() -> None:
    """Start from nothing: the demo council and everything it holds (accounts stay)."""
    council = Council.objects.filter(slug=COUNCIL["slug"]).first()
    if council is None:
        return
    # Protected references first (opinions and invitations name members, proposals
    # name categories and departments, facilities name 동), then the council.
    for meeting in Meeting.objects.filter(council=council):
        for result in meeting.publications.all():
            for field_file in result.stored_files():
                field_file.storage.delete(field_file.name)
        for attachment in Attachment.objects.filter(agenda_item__meeting=meeting):
            attachment.file.storage.delete(attachment.file.name)
        meeting.delete()
    Facility.objects.filter(council=council).delete()
    council.delete()


@transaction.atomic
def load_demo(*, today: dt.date | None = None) -> list[tuple[str, str, str]]:
    """Build the demo council from scratch through the portal's own services.

    The seed's 2023 second-half meeting is replayed as it happened (opened,
    opinions submitted, closed, aggregated, answered, published) at its real
    dates; then a meeting of the current half is opened yesterday with a
    deadline three days ahead. Running it again rebuilds the demo council as
    of that day. Returns the demo logins (role, username, password).
    """
    today = today or timezone.localdate()
    _remove_demo_council()
    parts = build_council(
        **COUNCIL, categories=CATEGORIES, dongs=DONGS, departments=(DEPARTMENT, PARTNER_DEPARTMENT)
    )
    council, categories = parts.council, parts.categories
    LetterSettings.objects.create(council=council, **LETTER_SETTINGS)
    department = parts.departments[DEPARTMENT]

    staff_user, reviewer_user, members = build_roster(council, department, today)

    load_facilities(council, staff_user)
    seed_meeting = replay_seed_meeting(council, members, categories, department, staff_user)
    load_commitments(seed_meeting, staff_user, reviewer_user)
    open_current_meeting(council, members, categories, today)
    # One term ends in a few weeks (after the open meeting's deadline): the
    # dashboard warns and offers the renewal (연임) page.
    roster_services.end_term(
        member=members[TERM_ENDING], term_end=today + dt.timedelta(days=TERM_ENDING_IN_DAYS)
    )
    load_population(council, today)
    load_finder_settings(council)
    load_survey_demo(council=council, staff_user=staff_user, today=today)
    load_demo_2026(
        today=today, dongs=DONGS, set_password=set_password, load_population=load_population
    )
    # The notices of the replayed history are written (its broadcasts expanded) and
    # count as sent when they were due (the demo sends nothing); what the visitor
    # does next goes through the worker.
    expand_broadcasts()
    Notice.objects.filter(state=Notice.State.QUEUED).update(
        state=Notice.State.SENT, sent_at=F("due_at")
    )
    return demo_logins()
