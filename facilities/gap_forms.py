"""Forms of the 돌봄 공백 pages: thresholds, population and open-data uploads, 동 codes."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms import modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.forms import OwnDistrictExamplesMixin
from council.models import Dong
from facilities.models import FacilitySource, GapSettings
from lib.dates import korean_month

_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GapSettingsForm(OwnDistrictExamplesMixin, forms.ModelForm):
    class Meta:
        model = GapSettings
        fields = [
            "age_from",
            "age_to",
            "margin",
            "min_places",
            "flag_no_evening",
            "evening_after",
            "night_until",
            "after_school_from",
            "late_from",
            "vacation_day_from",
            "vacation_day_to",
            "policy_source",
            "policy_date",
            "region_name",
        ]
        widgets = {
            "evening_after": _TIME,
            "night_until": _TIME,
            "after_school_from": _TIME,
            "late_from": _TIME,
            "vacation_day_from": _TIME,
            "vacation_day_to": _TIME,
            "policy_date": _DATE,
        }

    POLICY_FIELDS = (
        "after_school_from",
        "late_from",
        "vacation_day_from",
        "vacation_day_to",
        "policy_source",
        "policy_date",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.POLICY_FIELDS:
            self.fields[name].required = False  # left empty: the saved (or default) value
        self.use_district_examples(self.instance.council)

    def clean(self):
        data = super().clean()
        for name in self.POLICY_FIELDS:
            if data.get(name) in (None, "") and name not in self.errors:
                data[name] = getattr(self.instance, name)
        a, b = data.get("age_from"), data.get("age_to")
        if a is not None and b is not None:
            if b > 100:
                self.add_error("age_to", _("나이는 100세까지 적을 수 있습니다."))
            elif a > b:
                self.add_error("age_to", _("끝 나이는 시작 나이보다 작을 수 없습니다."))
        evening, night = data.get("evening_after"), data.get("night_until")
        if evening and night and night <= evening:
            self.add_error(
                "night_until", _("야간 돌봄 기준 시각은 저녁 기준 시각보다 늦어야 합니다.")
            )
        day_from, day_to = data.get("vacation_day_from"), data.get("vacation_day_to")
        if day_from and day_to and day_to <= day_from:
            self.add_error("vacation_day_to", _("방학 중 낮 돌봄 끝은 시작보다 늦어야 합니다."))
        return data


class GradeFocusForm(forms.Form):
    """Which grade band and time band the per-동 table shows (GET); 초3 after the
    evening time by default, the question the view is asked most."""

    grade = forms.TypedChoiceField(label=_("학년군"), coerce=int, required=False)
    time = forms.TypedChoiceField(label=_("시간대"), coerce=int, required=False)

    def __init__(self, *args, bands: list[str], times: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = list(enumerate(bands))
        self.fields["time"].choices = list(enumerate(times))

    def values(self) -> tuple[int, int]:
        default = (1, 1)
        if not self.is_bound or not self.is_valid():
            return default
        grade, time = self.cleaned_data["grade"], self.cleaned_data["time"]
        return (
            default[0] if grade in (None, "") else grade,
            default[1] if time in (None, "") else time,
        )


class GapFilterForm(forms.Form):
    """Which day's registry and which population month the page shows (GET)."""

    as_of = forms.DateField(label=_("시설 기준일"), required=False, widget=_DATE)
    month = forms.TypedChoiceField(
        label=_("인구 통계 기준월"),
        required=False,
        coerce=dt.date.fromisoformat,
        empty_value=None,
    )

    def __init__(self, *args, months: list[dt.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [("", _("기준일 이전 최신"))] + [
            (m.isoformat(), korean_month(m)) for m in months
        ]

    def values(self) -> tuple[dt.date, dt.date | None]:
        today = timezone.localdate()
        if not self.is_bound or not self.is_valid():
            return today, None
        return self.cleaned_data["as_of"] or today, self.cleaned_data["month"]


class PopulationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("주민등록 연령별 인구현황 CSV"),
        help_text=_(
            "행정안전부 주민등록 인구통계 → 연령별 인구현황 → 1세 단위, 읍면동까지 펼쳐 "
            "CSV로 내려받은 파일 (UTF-8 또는 CP949/EUC-KR, 10 MB 이하)"
        ),
    )


class DongListUploadForm(forms.Form):
    file = forms.FileField(
        label=_("행정동 목록 CSV"),
        help_text=_(
            "주민등록 연령별 인구현황 CSV(첫 열 ‘행정구역’, 읍면동까지) 또는 "
            "‘행정동,행정기관코드’ 두 열짜리 CSV (UTF-8 또는 CP949/EUC-KR, 10 MB 이하)"
        ),
    )


class OpenDataUploadForm(forms.Form):
    format = forms.ChoiceField(label=_("자료 형식"), choices=FacilitySource.Format.choices)
    file = forms.FileField(
        label=_("공공데이터 파일"),
        help_text=_("공공데이터포털의 표준데이터 CSV 또는 JSON (UTF-8 또는 CP949, 10 MB 이하)"),
    )


class DongCodeForm(forms.ModelForm):
    class Meta:
        model = Dong
        fields = ["code"]

    def clean_code(self):
        return (self.cleaned_data.get("code") or "").strip() or None


DongCodeFormSet = modelformset_factory(Dong, form=DongCodeForm, extra=0, can_delete=False)
