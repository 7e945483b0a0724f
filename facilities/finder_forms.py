"""Forms of the public finder, the correction request and the finder's staff pages."""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from council.forms import OwnDistrictExamplesMixin
from council.models import Council, Dong
from facilities.finder import ADDRESS_PLACEHOLDER, GRADES, Filters, Late
from facilities.models import Facility

# --- the finder's search ---------------------------------------------------------------------


class FinderForm(forms.Form):
    """A parent's search (GET). A value that does not fit is left out of the search,
    never an error page: `ignored()` names what was left out."""

    dong = forms.TypedChoiceField(label=_("행정동"), required=False, coerce=int, empty_value=None)
    nearby = forms.ChoiceField(
        label=_("이웃 동"),
        required=False,
        choices=[("1", _("이웃 동 포함")), ("0", _("이 동만"))],
    )
    kind = forms.ChoiceField(label=_("유형"), required=False)
    grade = forms.TypedChoiceField(label=_("학년"), required=False, coerce=int, empty_value=None)
    late = forms.ChoiceField(
        label=_("끝나는 시각"),
        required=False,
        choices=[
            ("", _("상관없음")),
            (Late.EVENING, _("19시 이후")),
            (Late.NIGHT, _("야간(22시)")),
        ],
    )
    vacation = forms.BooleanField(label=_("방학 중 운영"), required=False)
    temporary = forms.BooleanField(label=_("일시돌봄"), required=False)
    vacancy = forms.BooleanField(label=_("빈자리 있음"), required=False)

    def __init__(self, data=None, *, dongs: list[Dong]):
        super().__init__(data)
        self.dongs = {dong.pk: dong for dong in dongs}
        self.fields["dong"].choices = [("", _("전체"))] + [(d.pk, d.name) for d in dongs]
        self.fields["kind"].choices = [("", _("전체"))] + list(Facility.Kind.choices)
        self.fields["grade"].choices = [("", _("전체"))] + [
            (n, _("%(grade)s학년") % {"grade": n}) for n in GRADES
        ]
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field, forms.BooleanField) else "form-select"
            field.widget.attrs["class"] = css

    def filters(self) -> Filters:
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data = self.cleaned_data  # the fields that validated; the others are left out
        return Filters(
            dong=self.dongs.get(data.get("dong")),
            nearby=data.get("nearby") != "0",
            kind=data.get("kind") or "",
            grade=data.get("grade"),
            late=data.get("late") or "",
            vacation=bool(data.get("vacation")),
            temporary=bool(data.get("temporary")),
            vacancy=bool(data.get("vacancy")),
        )

    def ignored(self) -> list[str]:
        """Labels of the conditions whose values did not fit (left out of the search)."""
        if not self.is_bound:
            return []
        return [str(self.fields[name].label) for name in self.errors if name in self.fields]


# --- correction requests ----------------------------------------------------------------------

TOKEN_SALT = "facilities.correction-form"
TOKEN_MAX_AGE = 24 * 60 * 60
# A person reads the page and types; a script posts at once.
MIN_FILL_SECONDS = 3


def issue_token(facility: Facility, issued: float | None = None) -> str:
    """The form's signed start time, bound to the facility."""
    return signing.dumps(
        {"f": facility.pk, "t": int(issued if issued is not None else time.time())},
        salt=TOKEN_SALT,
    )


class CorrectionForm(forms.Form):
    """정보가 다르면 알려 주세요: what is wrong and, if the sender wants an answer, a contact.

    Against spam without third-party services: a field people never see
    (`homepage`, hidden by CSS; a filled one marks a robot) and a signed start
    time (`form_token`) that must be at least MIN_FILL_SECONDS old and at most a day.
    """

    message = forms.CharField(
        label=_("무엇이 다른가요?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("예: 전화번호가 바뀌었습니다. 방학 중에는 9시에 문을 엽니다."),
    )
    contact = forms.CharField(
        label=_("연락처 (선택)"),
        max_length=100,
        required=False,
        help_text=_("답을 받고 싶으면 전화번호나 이메일을 적어 주세요. 담당 공무원만 봅니다."),
    )
    homepage = forms.CharField(label=_("이 칸은 비워 두세요"), required=False, max_length=200)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, facility: Facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.facility = facility
        self.fields["message"].error_messages["required"] = _("무엇이 다른지 적어 주세요.")
        self._token_ok = False
        self.token = issue_token(facility)

    def clean_message(self) -> str:
        text = self.cleaned_data["message"].replace("\r\n", "\n").strip()
        if not text:
            raise forms.ValidationError(_("무엇이 다른지 적어 주세요."))
        return text

    def clean_contact(self) -> str:
        return self.cleaned_data["contact"].strip()

    def clean(self) -> dict:
        data = super().clean()
        raw = self.data.get("form_token", "")
        try:
            payload = signing.loads(raw, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
            issued = float(payload["t"])
            if payload["f"] != self.facility.pk:
                raise signing.BadSignature("another facility's form")
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            # Expired, forged or missing: the page that is shown again carries a new one.
            raise forms.ValidationError(
                _("입력 화면이 오래되었습니다. 적은 내용을 확인하고 다시 보내 주세요.")
            ) from None
        # Still valid: the page shown again keeps the original start time.
        self.token = raw
        if time.time() - issued < MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("너무 빨리 보냈습니다. 적은 내용을 확인하고 다시 보내 주세요.")
            )
        return data

    @property
    def is_robot(self) -> bool:
        """The hidden field was filled: only a program that fills every field does that."""
        return bool((self.data.get("homepage") or "").strip())


class ResolveForm(forms.Form):
    """Staff close a request with what they did about it."""

    staff_note = forms.CharField(
        label=_("처리 내용"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("예: 전화번호를 고쳤습니다. / 확인해 보니 등록된 정보가 맞습니다."),
        error_messages={"required": _("처리한 내용을 적어 주세요.")},
    )

    def clean_staff_note(self) -> str:
        note = self.cleaned_data["staff_note"].strip()
        if not note:
            raise forms.ValidationError(_("처리한 내용을 적어 주세요."))
        return note


# --- the district's settings -------------------------------------------------------------------


class FinderSettingsForm(OwnDistrictExamplesMixin, forms.ModelForm):
    class Meta:
        model = Council
        fields = ["map_url_template", "finder_notice"]
        widgets = {"finder_notice": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.use_district_examples(self.instance)

    def clean_map_url_template(self) -> str:
        template = self.cleaned_data["map_url_template"].strip()
        if not template:
            return ""
        if template.count(ADDRESS_PLACEHOLDER) != 1:
            raise forms.ValidationError(_("주소가 들어갈 자리에 {address}를 한 번 적어 주세요."))
        sample = template.replace(ADDRESS_PLACEHOLDER, "address")
        if "{" in sample or "}" in sample:
            raise forms.ValidationError(_("{address} 말고는 중괄호를 쓸 수 없습니다."))
        try:
            URLValidator(schemes=["https", "http"])(sample)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("https:// 로 시작하는 지도 서비스 주소를 적어 주세요.")
            ) from None
        return template


class DongNeighboursForm(forms.ModelForm):
    """A 동's neighbours, chosen among the council's other 동 (symmetric)."""

    class Meta:
        model = Dong
        fields = ["neighbours"]
        widgets = {"neighbours": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["neighbours"]
        field.queryset = Dong.objects.filter(council_id=self.instance.council_id).exclude(
            pk=self.instance.pk
        )
        field.help_text = _(
            "이웃으로 고른 동에도 이 동이 이웃으로 함께 표시됩니다. 고르지 않으면 이 동만 보입니다."
        )


# --- flyers ------------------------------------------------------------------------------------


class FlyerForm(forms.Form):
    """Whom the flyer is for: a 동, or a school (its 학교 돌봄, formerly 초등돌봄교실, in the registry)."""

    target = forms.ChoiceField(label=_("가정통신문 대상"))

    def __init__(self, data=None, *, dongs: list[Dong], schools: list[Facility]):
        super().__init__(data)
        self.dongs = {f"dong-{d.pk}": d for d in dongs}
        self.schools = {f"school-{s.pk}": s for s in schools}
        choices: list = [("", _("행정동 또는 학교를 고르세요"))]
        choices.append((_("행정동"), [(key, d.name) for key, d in self.dongs.items()]))
        if self.schools:
            choices.append((_("학교"), [(key, s.name) for key, s in self.schools.items()]))
        self.fields["target"].choices = choices
        self.fields["target"].error_messages["required"] = _("행정동 또는 학교를 골라 주세요.")

    def chosen(self) -> tuple[Dong, Facility | None] | None:
        """(the 동, the school or None) once valid."""
        if not self.is_valid():
            return None
        key = self.cleaned_data["target"]
        if key in self.schools:
            school = self.schools[key]
            return school.dong, school
        return self.dongs[key], None
