"""Forms of the 현황 조사: the facility's phone form, and the staff's round and return forms."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility

_NUMBER = {
    "required": _("숫자를 적어 주세요. 없으면 0을 적습니다."),
    "invalid": _("숫자만 적어 주세요. 예: 25"),
    "min_value": _("0보다 작을 수 없습니다."),
    "max_value": _("%(limit_value)s 이하로 적어 주세요."),
}
_TIME = {"invalid": _("시각을 13:00처럼 적어 주세요.")}
MESSAGE_MAX = 2000


def _number(label, *, required=True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=9999,
        required=required,
        error_messages=_NUMBER,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )


def _time(label) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        error_messages=_TIME,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


class SurveyAnswerForm(forms.Form):
    """What a facility confirms or corrects (pre-filled with the registry's values)."""

    capacity = _number(_("정원"))
    enrolled = _number(_("현원"))
    waiting = _number(_("대기 인원"), required=False)
    over_capacity = forms.BooleanField(
        label=_("현원이 정원보다 많은 것이 맞습니다"), required=False
    )
    over_capacity_reason = forms.CharField(
        label=_("정원 초과 사유"), max_length=200, required=False
    )
    opens_at = _time(_("학기 중 시작 시각"))
    closes_at = _time(_("학기 중 종료 시각"))
    vacation_opens_at = _time(_("방학 중 시작 시각"))
    vacation_closes_at = _time(_("방학 중 종료 시각"))
    saturday_opens_at = _time(_("토요일 시작 시각"))
    saturday_closes_at = _time(_("토요일 종료 시각"))
    holiday_opens_at = _time(_("일요일·공휴일 시작 시각"))
    holiday_closes_at = _time(_("일요일·공휴일 종료 시각"))
    monthly_fee = forms.IntegerField(
        label=_("월 이용료 (원)"),
        min_value=0,
        max_value=10_000_000,
        required=False,
        error_messages=_NUMBER,
        help_text=_("무료면 0"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )
    phone = forms.CharField(label=_("전화번호"), max_length=30, required=False)
    message = forms.CharField(
        label=_("구청에 남길 말 (선택)"),
        max_length=MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "남길 말은 %(limit_value)d자까지 적을 수 있습니다. 지금 %(show_value)d자입니다."
            )
        },
    )
    form_nonce = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)

    def clean(self):
        data = super().clean()
        capacity, enrolled = data.get("capacity"), data.get("enrolled")
        if capacity is not None and enrolled is not None and enrolled > capacity:
            if not data.get("over_capacity"):
                self.add_error(
                    "enrolled",
                    _(
                        "현원(%(enrolled)s명)이 정원(%(capacity)s명)보다 많습니다. 맞다면 "
                        "'현원이 정원보다 많은 것이 맞습니다'에 체크하고 사유를 적어 주세요."
                    )
                    % {"enrolled": enrolled, "capacity": capacity},
                )
            elif not (data.get("over_capacity_reason") or "").strip():
                self.add_error("over_capacity_reason", _("정원을 넘은 사유를 적어 주세요."))
        else:
            data["over_capacity_reason"] = ""
        for start, end in (
            ("opens_at", "closes_at"),
            ("vacation_opens_at", "vacation_closes_at"),
            ("saturday_opens_at", "saturday_closes_at"),
            ("holiday_opens_at", "holiday_closes_at"),
        ):
            if data.get(start) and data.get(end) and data[end] <= data[start]:
                self.add_error(end, _("끝나는 시각은 시작 시각보다 늦어야 합니다."))
        return data


class RoundForm(forms.Form):
    title = forms.CharField(label=_("조사 이름"), max_length=100)
    survey_date = forms.DateField(
        label=_("조사 기준일"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("승인한 정원·현원은 이 날짜의 기록이 됩니다. 오늘이나 지난 날."),
    )
    closes_on = forms.DateField(
        label=_("마감일"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("이날이 지나면 링크가 닫힙니다."),
    )
    facilities = forms.ModelMultipleChoiceField(
        label=_("조사할 시설"),
        queryset=Facility.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("조사할 시설을 하나 이상 골라 주세요.")},
    )

    def __init__(self, *args, council, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["facilities"].queryset = (
            Facility.objects.filter(council=council)
            .exclude(status=Facility.Status.CLOSED)
            .select_related("dong")
            .order_by("dong__order", "name")
        )
        self.fields["facilities"].label_from_instance = _channels_label

    def clean_survey_date(self):
        day = self.cleaned_data["survey_date"]
        if day > self.today:
            raise forms.ValidationError(_("조사 기준일은 오늘이나 지난 날이어야 합니다."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("closes_on") and data["closes_on"] < self.today:
            self.add_error("closes_on", _("마감일은 오늘이나 그 뒤여야 합니다."))
        return data


def _channels_label(facility: Facility) -> str:
    """The facility and how its link will go: 문자, 전자우편, or neither."""
    ways = [
        str(w)
        for w, ok in ((_("문자"), facility.survey_mobile), (_("전자우편"), facility.contact_email))
        if ok
    ]
    how = " · ".join(ways) if ways else str(_("연락처 없음"))
    return f"{facility.name} · {facility.dong.name} ({how})"


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("반려 사유"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("시설이 무엇을 고쳐야 하는지 적어 주세요.")},
    )
