"""The demo's 현황 조사 (issue 28): a round in progress, so a newcomer sees every state.

The seed's figures date from 2023, past the age limit. A round started a week ago
(기준일 today) asks every facility except the planned one: most answered "변동 없음"
(their figures are now fresh), a few sent changes that wait for staff approval, and a
few have not answered (their figures stay old: the finder labels them "…년 전 자료"
and the dashboard lists them). GJ-DH-002 stays 개소 예정 with its 2024 date passed, so
the finder shows "개소 여부 확인 중". Each link went by e-mail, and by 문자 to those yet to
answer (the tracker shows each facility's notices). Called with one line from the demo builder.
"""

from __future__ import annotations

import datetime as dt

from facilities import surveys
from facilities.models import Facility

# Facilities that sent changes waiting for approval: code → (정원, 현원, 대기, 종료 시각).
WAITING = {
    "GJ-DH-001": (25, 22, 4, dt.time(20, 0)),
    "GJ-JA-002": (29, 27, 2, dt.time(21, 0)),
    "GJ-CD-003": (40, 38, 0, dt.time(17, 0)),
}
# Facilities that have not answered yet (their figures stay past the age limit).
UNANSWERED = ("GJ-DH-004", "GJ-JA-005", "GJ-CD-004")


def load_survey_demo(*, council, staff_user, today: dt.date) -> None:
    facilities = list(
        Facility.objects.filter(council=council)
        .exclude(status=Facility.Status.PLANNED)
        .order_by("code")
    )
    for number, facility in enumerate(facilities, start=1):
        facility.contact_email = f"{facility.code.lower()}@example.com"
        # Those yet to answer also get 문자 (made-up numbers): the tracker shows both channels.
        facility.contact_mobile = f"0100000{number:04d}" if facility.code in UNANSWERED else ""
        facility.save(update_fields=["contact_email", "contact_mobile"])
    survey = surveys.start_round(
        council=council,
        user=staff_user,
        title=f"{today.year}년 현황 조사 (데모)",
        survey_date=today,
        closes_on=today + dt.timedelta(days=14),
        facilities=facilities,
    )  # the links are queued in the outbox; the demo builder counts them as sent
    for request in survey.requests.select_related("facility"):
        code = request.facility.code
        if code in UNANSWERED:
            continue
        if code in WAITING:
            capacity, enrolled, waiting, closes_at = WAITING[code]
            values = surveys.current_values(request.facility, today)
            values.update(
                capacity=capacity, enrolled=enrolled, waiting=waiting, closes_at=closes_at
            )
            surveys.submit(
                request,
                values={name: values.get(name) for name in surveys.SURVEY_FIELDS},
                message="방학 중에는 저녁 8시까지 운영합니다." if code == "GJ-DH-001" else "",
                form_nonce="",
                today=today,
            )
        else:
            surveys.confirm_unchanged(request, message="", today=today)
