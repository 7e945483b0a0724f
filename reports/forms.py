"""Forms of the reports app."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from reports import trends as trend_data


class YearRangeForm(forms.Form):
    first_year = forms.IntegerField(label=_lazy("시작 연도"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_lazy("끝 연도"), min_value=2000, max_value=2100)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _lazy("끝 연도는 시작 연도보다 빠를 수 없습니다."))
        if first and last and last - first > 20:
            self.add_error("first_year", _lazy("한 번에 20년까지 볼 수 있습니다."))
        return data

    def __init__(self, *args, **kwargs):
        # The last few years unless told otherwise (the agenda attach page passes an
        # "as of" date it does not use).
        initial = kwargs.pop("initial", None) or {}
        today = timezone.localdate()
        initial.setdefault("first_year", today.year - trend_data.DEFAULT_YEARS + 1)
        initial.setdefault("last_year", today.year)
        super().__init__(*args, initial=initial, **kwargs)


class LetterSettingsForm(forms.ModelForm):
    """The council's 공문 details (reports.models.LetterSettings) and its 시도."""

    sido = forms.CharField(
        label=_lazy("시도"),
        max_length=20,
        required=False,
        help_text=_lazy("공문의 행정기관명: 시도와 자치구 (예: 부산광역시 금정구)"),
    )

    class Meta:
        from reports.models import LetterSettings

        model = LetterSettings
        fields = [
            "office",
            "postal_code",
            "address",
            "homepage",
            "phone",
            "fax",
            "email",
            "disclosure",
            "drafter_title",
            "drafter_name",
            "reviewer_title",
            "reviewer_name",
            "cooperator_title",
            "cooperator_name",
            "approver_title",
            "approver_name",
        ]
