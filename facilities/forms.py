"""Forms of the registry: one place for the rules, used by the pages and the xlsx importer."""

from __future__ import annotations

import copy
import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance, model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.forms import PersonalDataExportForm
from council.models import Council, Dong
from facilities.models import Facility, FacilityFigures

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
# Path segments of facilities/urls.py that a code must not shadow.
RESERVED_CODES = {"new", "report", "export", "import", "snapshot"}

FACILITY_FIELDS = [
    "code",
    "kind",
    "name",
    "dong",
    "address",
    "operator",
    "phone",
    "status",
    "opened_on",
    "closed_on",
    "opens_at",
    "closes_at",
    "vacation_opens_at",
    "vacation_closes_at",
    "saturday_care",
    "night_care",
    "night_care_until",
    "temporary_care",
    "temporary_spare",
    "vacation_care",
    "notes",
]
FIGURES_FIELDS = ["as_of", "capacity", "enrolled", "waiting", "over_capacity_reason"]

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


class _KnownDongField(forms.ModelChoiceField):
    """Looks a 동 up in a dict the importer already loaded: no query per row."""

    def __init__(self, *args, known: dict[str, Dong], **kwargs):
        super().__init__(*args, **kwargs)
        self.known = known

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.known[str(value)]
        except KeyError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class RowFormMixin:
    """Validate many spreadsheet rows with the rules of one form, without rebuilding it.

    Building a form deep-copies its fields (about a millisecond for the facility
    form), which dominates at thousands of rows. ``for_row`` returns a shallow
    copy of an unbound template form, bound to one row's data and instance and
    sharing the template's field objects (fields keep no state while cleaning).
    The template must be built with the same kind of instance (new or saved):
    a saved instance's code field is disabled.
    """

    def for_row(self, data: dict, *, instance):
        form = copy.copy(self)
        form.data = data
        form.files = {}
        form.is_bound = True
        form._errors = None
        form._bound_fields_cache = {}
        form.instance = instance
        form.initial = model_to_dict(instance, self._meta.fields, self._meta.exclude)
        form.row_mode = True
        return form

    def _clean_fields(self):
        if not getattr(self, "row_mode", False):
            super()._clean_fields()
            return
        # Django's loop without building a BoundField per field and row: the
        # same value (initial when disabled, else the widget's reading of the
        # data), the field's clean() and then clean_<name>().
        for name, field in self.fields.items():
            if field.disabled:
                value = self.get_initial_for_field(field, name)
            else:
                value = field.widget.value_from_datadict(
                    self.data, self.files, self.add_prefix(name)
                )
            try:
                self.cleaned_data[name] = field.clean(value)
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except ValidationError as e:
                self.add_error(name, e)

    def _post_clean(self):
        if not getattr(self, "row_mode", False):
            super()._post_clean()
            return
        # A spreadsheet row: fill the instance but skip the model's own full_clean.
        # Its checks repeat the form fields' (choices, lengths, blanks), and its
        # constraint checks cost queries or query building per row; the forms'
        # clean() and the importer check the same rules (the over-capacity reason,
        # codes unique within the council) against data loaded once.
        try:
            self.instance = construct_instance(
                self, self.instance, self._meta.fields, self._meta.exclude
            )
        except ValidationError as e:
            self._update_errors(e)


class FacilityForm(RowFormMixin, forms.ModelForm):
    """A facility's registry entry. The code is fixed once the facility exists."""

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
            "night_care_until": _TIME,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {
            "opened_on": IsoDateField,
            "closed_on": IsoDateField,
            "opens_at": IsoTimeField,
            "closes_at": IsoTimeField,
            "vacation_opens_at": IsoTimeField,
            "vacation_closes_at": IsoTimeField,
            "night_care_until": IsoTimeField,
        }

    def __init__(
        self,
        *args,
        council: Council,
        check_code_unique: bool = True,
        dongs: dict[str, Dong] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.council = council
        self.check_code_unique = check_code_unique
        council_dongs = Dong.objects.filter(council=council)
        if dongs is not None:
            # The importer passes the council's 동 by primary key (as text).
            old = self.fields["dong"]
            self.fields["dong"] = _KnownDongField(council_dongs, known=dongs, label=old.label)
        self.fields["dong"].queryset = council_dongs
        self.fields["dong"].empty_label = _("행정동 선택")
        self.fields["temporary_spare"].required = False
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("기관 코드는 바꿀 수 없습니다.")

    def clean_code(self) -> str:
        code = (self.cleaned_data.get("code") or "").strip()
        if self.instance.pk:
            return self.instance.code
        if not CODE_RE.match(code):
            raise forms.ValidationError(
                _("기관 코드는 영문, 숫자, 하이픈(-), 밑줄(_)만 쓸 수 있습니다. 예: GJ-DH-001")
            )
        if code.lower() in RESERVED_CODES:
            raise forms.ValidationError(_("이 기관 코드는 쓸 수 없습니다."))
        if (
            self.check_code_unique
            and Facility.objects.filter(council=self.council, code__iexact=code).exists()
        ):
            raise forms.ValidationError(_("이미 등록된 기관 코드입니다."))
        return code

    def clean_temporary_spare(self) -> int:
        return self.cleaned_data.get("temporary_spare") or 0

    def clean(self) -> dict:
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("학기 중 종료 시각은 시작 시각보다 늦어야 합니다."))
        v_opens, v_closes = data.get("vacation_opens_at"), data.get("vacation_closes_at")
        if v_opens and v_closes and v_closes <= v_opens:
            self.add_error(
                "vacation_closes_at", _("방학 중 종료 시각은 시작 시각보다 늦어야 합니다.")
            )
        if data.get("night_care"):
            until = data.get("night_care_until")
            if not until:
                self.add_error(
                    "night_care_until", _("야간돌봄을 하면 야간돌봄 종료 시각을 적어 주세요.")
                )
            elif closes and until <= closes:
                self.add_error(
                    "night_care_until",
                    _("야간돌봄 종료 시각은 학기 중 종료 시각보다 늦어야 합니다."),
                )
        elif data.get("night_care_until"):
            self.add_error(
                "night_care_until",
                _("야간돌봄을 하지 않으면 야간돌봄 종료 시각을 비워 두세요."),
            )
        if not data.get("temporary_care") and data.get("temporary_spare"):
            self.add_error(
                "temporary_spare",
                _("일시돌봄을 하지 않으면 일시돌봄 여유 인원은 0이어야 합니다."),
            )
        status = data.get("status")
        opened, closed = data.get("opened_on"), data.get("closed_on")
        if status == Facility.Status.CLOSED and not closed:
            self.add_error("closed_on", _("폐지한 시설은 폐지일을 적어 주세요."))
        if status != Facility.Status.CLOSED and closed:
            self.add_error("closed_on", _("폐지일은 운영 상태가 ‘폐지’일 때만 적습니다."))
        if opened and closed and closed < opened:
            self.add_error("closed_on", _("폐지일은 개소일보다 빠를 수 없습니다."))
        if status == Facility.Status.OPERATING and not opened:
            self.add_error("opened_on", _("운영 중인 시설은 개소일을 적어 주세요."))
        return data


class FiguresForm(RowFormMixin, forms.ModelForm):
    """정원 / 현원 / 대기 as of a date; enrolment above capacity needs a reason."""

    class Meta:
        model = FacilityFigures
        fields = FIGURES_FIELDS
        widgets = {"as_of": _DATE}
        field_classes = {"as_of": IsoDateField}

    def __init__(self, *args, facility: Facility | None = None, allow_existing_day=False, **kw):
        super().__init__(*args, **kw)
        self.facility = facility
        self.allow_existing_day = allow_existing_day
        self.fields["waiting"].required = False

    def clean_as_of(self) -> dt.date:
        day = self.cleaned_data["as_of"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("기준일은 오늘보다 늦을 수 없습니다."))
        if (
            self.facility is not None
            and self.facility.pk
            and not self.allow_existing_day
            and FacilityFigures.objects.filter(facility=self.facility, as_of=day).exists()
        ):
            raise forms.ValidationError(_("이 기준일의 기록이 이미 있습니다."))
        return day

    def clean_waiting(self) -> int:
        return self.cleaned_data.get("waiting") or 0

    def clean(self) -> dict:
        data = super().clean()
        capacity, enrolled = data.get("capacity"), data.get("enrolled")
        reason = (data.get("over_capacity_reason") or "").strip()
        data["over_capacity_reason"] = reason
        if capacity is not None and enrolled is not None:
            if enrolled > capacity and not reason:
                self.add_error(
                    "over_capacity_reason",
                    _("현원이 정원보다 많으면 정원 초과 사유를 적어 주세요."),
                )
            if enrolled <= capacity and reason:
                data["over_capacity_reason"] = ""
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


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("xlsx 파일"),
        help_text=_("양식 파일(.xlsx)에 적어 올려 주세요. 매크로 파일(.xlsm)은 받지 않습니다."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        from council.xlsx import check_xlsx_upload

        upload = self.cleaned_data["file"]
        check_xlsx_upload(upload)
        return upload
