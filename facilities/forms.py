"""Forms of the registry's pages. Their rules live in facilities.rules, which the xlsx
importer applies too (with these forms' fields, built once per upload)."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.forms import PersonalDataExportForm
from council.models import Council, Dong
from facilities import rules
from facilities.models import Facility, FacilityFigures, FacilityKindOption
from lib.forms import XlsxUploadForm
from lib.phones import normalize_mobile

FACILITY_FIELDS = [
    "code",
    "kind",
    "other_kind",
    "name",
    "dong",
    "address",
    "address_en",
    "operator",
    "phone",
    "contact_email",
    "contact_mobile",
    "status",
    "opened_on",
    "closed_on",
    "opens_at",
    "closes_at",
    "vacation_opens_at",
    "vacation_closes_at",
    "saturday_care",
    "saturday_opens_at",
    "saturday_closes_at",
    "holiday_opens_at",
    "holiday_closes_at",
    "night_care",
    "night_care_until",
    "temporary_care",
    "temporary_spare",
    "vacation_care",
    "notes",
    "grade_min",
    "grade_max",
    "how_to_apply",
    "how_to_apply_en",
    "is_public",
    "monthly_fee",
    "support_kind",
]

_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME_RE = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")


class IsoDateField(forms.DateField):
    """Reads YYYY-MM-DD without strptime and the locale's format list (the common case
    in forms and spreadsheets); anything else goes through Django's input formats."""

    def to_python(self, value):
        if isinstance(value, str) and _ISO_DATE_RE.match(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        return super().to_python(value)


class IsoTimeField(forms.TimeField):
    """Reads HH:MM and HH:MM:SS directly; anything else goes through Django's input formats."""

    def to_python(self, value):
        if isinstance(value, str) and _ISO_TIME_RE.match(value.strip()):
            parts = [int(p) for p in value.strip().split(":")]
            try:
                return dt.time(*parts)
            except ValueError:
                pass
        return super().to_python(value)


_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _model_field(name: str):
    return Facility._meta.get_field(name)


class FacilityForm(forms.ModelForm):
    """A facility's registry entry. The code is fixed once the facility exists."""

    # Typed as people write it (010-1234-5678), stored normalized (lib.phones).
    contact_mobile = forms.CharField(
        label=_model_field("contact_mobile").verbose_name,
        help_text=_model_field("contact_mobile").help_text,
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    class Meta:
        model = Facility
        fields = FACILITY_FIELDS
        widgets = {
            "opened_on": _DATE,
            "closed_on": _DATE,
            "opens_at": _TIME,
            "closes_at": _TIME,
            "vacation_opens_at": _TIME,
            "vacation_closes_at": _TIME,
            "saturday_opens_at": _TIME,
            "saturday_closes_at": _TIME,
            "holiday_opens_at": _TIME,
            "holiday_closes_at": _TIME,
            "night_care_until": _TIME,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "how_to_apply": forms.Textarea(attrs={"rows": 3}),
            "how_to_apply_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
        }
        field_classes = {
            "opened_on": IsoDateField,
            "closed_on": IsoDateField,
            "opens_at": IsoTimeField,
            "closes_at": IsoTimeField,
            "vacation_opens_at": IsoTimeField,
            "vacation_closes_at": IsoTimeField,
            "saturday_opens_at": IsoTimeField,
            "saturday_closes_at": IsoTimeField,
            "holiday_opens_at": IsoTimeField,
            "holiday_closes_at": IsoTimeField,
            "night_care_until": IsoTimeField,
        }

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        self.fields["dong"].queryset = Dong.objects.filter(council=council)
        self.fields["dong"].empty_label = _("행정동 선택")
        self.fields["other_kind"].queryset = FacilityKindOption.objects.filter(council=council)
        self.fields["temporary_spare"].required = False
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("기관 코드는 바꿀 수 없습니다.")
        else:
            self.fields["code"].validators.append(rules.validate_new_code)

    def clean_contact_mobile(self) -> str:
        raw = self.cleaned_data["contact_mobile"].strip()
        return normalize_mobile(raw) if raw else ""

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if self.instance.pk:
            return self.instance.code
        if Facility.objects.filter(council=self.council, code__iexact=code).exists():
            raise forms.ValidationError(_("이미 등록된 기관 코드입니다."))
        return code

    def clean(self) -> dict:
        data = super().clean()
        rules.add_rule_errors(self, rules.facility_errors(data))
        return data


class FiguresForm(forms.ModelForm):
    """정원 / 현원 / 대기 as of a date; enrolment above capacity needs a reason."""

    class Meta:
        model = FacilityFigures
        fields = FacilityFigures.FIELDS
        widgets = {"as_of": _DATE}
        field_classes = {"as_of": IsoDateField}

    def __init__(self, *args, facility: Facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.facility = facility
        self.fields["waiting"].required = False
        self.fields["as_of"].validators.append(rules.validate_past_or_today)

    def clean_as_of(self) -> dt.date:
        day = self.cleaned_data["as_of"]
        if FacilityFigures.objects.filter(facility=self.facility, as_of=day).exists():
            raise forms.ValidationError(_("이 기준일의 기록이 이미 있습니다."))
        return day

    def clean(self) -> dict:
        data = super().clean()
        rules.add_rule_errors(self, rules.figures_errors(data))
        return data


class FacilityFilterForm(forms.Form):
    q = forms.CharField(label=_("검색"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("유형"), required=False)
    dong = forms.ModelChoiceField(label=_("행정동"), required=False, queryset=Dong.objects.none())
    status = forms.ChoiceField(label=_("운영 상태"), required=False)
    night_care = forms.BooleanField(label=_("야간돌봄"), required=False)
    open_after_20 = forms.BooleanField(label=_("20시 이후 운영"), required=False)
    temporary_vacancy = forms.BooleanField(label=_("일시돌봄 여유 있음"), required=False)

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("전체"))] + list(Facility.Kind.choices)
        self.fields["status"].choices = [("", _("전체"))] + list(Facility.Status.choices)
        self.fields["dong"].queryset = Dong.objects.filter(council=council)
        self.fields["dong"].empty_label = _("전체")
        self.fields["q"].widget.attrs["placeholder"] = _("기관명, 코드, 주소, 운영 주체")


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("기준일"), required=False, widget=_DATE)

    def day(self) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("as_of"):
            return self.cleaned_data["as_of"]
        return timezone.localdate()


class RegistryExportForm(PersonalDataExportForm, AsOfForm):
    """The registry export (operators and telephone numbers): a date and a reason."""


class ImportUploadForm(XlsxUploadForm):
    """The registry spreadsheet (lib.forms.XlsxUploadForm)."""
