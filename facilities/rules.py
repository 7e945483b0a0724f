"""The registry's rules, written once: the page forms and the xlsx import both call them.

Plain functions over *cleaned* values (Python dates, times, numbers, choice
values): a field that failed its own cleaning is simply missing, and the
rules that need it are not checked. Each function returns the broken rules as
``[(field name, Korean message), ...]`` (empty when the values are fine); callers
turn them into form errors (pages) or row/column errors (the import). None of them
queries the database: what needs the registry (a code already taken, a date
already recorded) is checked by the caller against data it loaded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, MutableMapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from facilities.models import Facility

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
# Path segments of facilities/urls.py that a code must not shadow.
RESERVED_CODES = {
    "new",
    "report",
    "export",
    "import",
    "snapshot",
    "gaps",
    "population",
    "opendata",
    "finder",
}


def validate_new_code(code: str) -> None:
    """A new facility's code: letters, digits, '-' and '_', and not a page's URL segment."""
    if not CODE_RE.match(code):
        raise ValidationError(
            _("기관 코드는 영문, 숫자, 하이픈(-), 밑줄(_)만 쓸 수 있습니다. 예: GJ-DH-001"),
            code="code_format",
        )
    if code.lower() in RESERVED_CODES:
        raise ValidationError(_("이 기관 코드는 쓸 수 없습니다."), code="code_reserved")


def validate_past_or_today(day: dt.date) -> None:
    """Figures are recorded as of a day that has come."""
    if day > timezone.localdate():
        raise ValidationError(_("기준일은 오늘보다 늦을 수 없습니다."), code="future")


# The four time bands a facility's hours are kept for (표준데이터: 평일운영시작시각 …).
HOUR_BANDS = (
    ("opens_at", "closes_at", _lazy("학기 중")),
    ("vacation_opens_at", "vacation_closes_at", _lazy("방학 중")),
    ("saturday_opens_at", "saturday_closes_at", _lazy("토요일")),
    ("holiday_opens_at", "holiday_closes_at", _lazy("일요일·공휴일")),
)


def facility_errors(data: MutableMapping[str, Any]) -> list[tuple[str, str]]:
    """The rules between a facility's fields; blank spare places become 0 in `data`."""
    errors: list[tuple[str, str]] = []
    if "temporary_spare" in data and data["temporary_spare"] is None:
        data["temporary_spare"] = 0
    closes = data.get("closes_at")
    for start, end, band in HOUR_BANDS:
        opens_value, closes_value = data.get(start), data.get(end)
        if opens_value and closes_value and closes_value <= opens_value:
            errors.append(
                (end, _("%(band)s 종료 시각은 시작 시각보다 늦어야 합니다.") % {"band": band})
            )
    if data.get("saturday_opens_at") and data.get("saturday_closes_at"):
        data["saturday_care"] = True
    kind, other = data.get("kind"), data.get("other_kind")
    if kind == Facility.Kind.OTHER and "other_kind" in data and not other:
        errors.append(("other_kind", _("유형이 ‘기타’이면 협의체가 정한 유형을 골라 주세요.")))
    if kind and kind != Facility.Kind.OTHER and other:
        errors.append(("other_kind", _("협의체가 정한 유형은 유형이 ‘기타’일 때만 고릅니다.")))
    until = data.get("night_care_until")
    if data.get("night_care"):
        if not until:
            errors.append(
                ("night_care_until", _("야간돌봄을 하면 야간돌봄 종료 시각을 적어 주세요."))
            )
        elif closes and until <= closes:
            errors.append(
                ("night_care_until", _("야간돌봄 종료 시각은 학기 중 종료 시각보다 늦어야 합니다."))
            )
    elif until:
        errors.append(
            ("night_care_until", _("야간돌봄을 하지 않으면 야간돌봄 종료 시각을 비워 두세요."))
        )
    if not data.get("temporary_care") and data.get("temporary_spare"):
        errors.append(
            ("temporary_spare", _("일시돌봄을 하지 않으면 일시돌봄 여유 인원은 0이어야 합니다."))
        )
    status = data.get("status")
    opened, closed = data.get("opened_on"), data.get("closed_on")
    if status == Facility.Status.CLOSED and not closed:
        errors.append(("closed_on", _("폐지한 시설은 폐지일을 적어 주세요.")))
    if status != Facility.Status.CLOSED and closed:
        errors.append(("closed_on", _("폐지일은 운영 상태가 ‘폐지’일 때만 적습니다.")))
    if opened and closed and closed < opened:
        errors.append(("closed_on", _("폐지일은 개소일보다 빠를 수 없습니다.")))
    if status == Facility.Status.OPERATING and not opened:
        errors.append(("opened_on", _("운영 중인 시설은 개소일을 적어 주세요.")))
    grade_min, grade_max = data.get("grade_min"), data.get("grade_max")
    if grade_min and grade_max and grade_max < grade_min:
        errors.append(("grade_max", _("대상 학년(까지)은 대상 학년(부터)보다 낮을 수 없습니다.")))
    return errors


def figures_errors(data: MutableMapping[str, Any]) -> list[tuple[str, str]]:
    """The rules between one day's figures. In `data`, a blank waiting list becomes 0 and
    the over-capacity reason is stripped, and dropped when enrolment is within capacity."""
    errors: list[tuple[str, str]] = []
    if "waiting" in data and data["waiting"] is None:
        data["waiting"] = 0
    reason = (data.get("over_capacity_reason") or "").strip()
    data["over_capacity_reason"] = reason
    capacity, enrolled = data.get("capacity"), data.get("enrolled")
    if capacity is not None and enrolled is not None:
        if enrolled > capacity and not reason:
            errors.append(
                ("over_capacity_reason", _("현원이 정원보다 많으면 정원 초과 사유를 적어 주세요."))
            )
        if enrolled <= capacity:
            data["over_capacity_reason"] = ""
    return errors


def add_rule_errors(form, errors: Iterable[tuple[str, str]]) -> None:
    """Show broken rules on a form, each under its field."""
    for name, message in errors:
        form.add_error(name, message)
