"""The administrator's "새 협의체" form: the same fields as `manage.py createcouncil`."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from council.models import Council
from council.setup import NewCouncil


class NewCouncilForm(forms.Form):
    sido = forms.CharField(label=_("시도"), max_length=20, help_text=_("예: 부산광역시"))
    district = forms.CharField(label=_("시군구"), max_length=50, help_text=_("예: 금정구"))
    district_code = forms.CharField(
        label=_("시군구 코드"),
        max_length=5,
        validators=[RegexValidator(r"^\d{5}$", _("시군구 코드는 숫자 5자리입니다. 예: 26410"))],
        help_text=_("행정기관코드의 앞 5자리. 예: 부산광역시 금정구 26410"),
    )
    name = forms.CharField(
        label=_("협의체 이름"), max_length=100, help_text=_("예: 금정구 지역 초등돌봄·교육 협의체")
    )
    kind = forms.ChoiceField(
        label=_("협의체 종류"), choices=Council.Kind.choices, initial=Council.Kind.ELEMENTARY
    )
    slug = forms.SlugField(
        label=_("주소 이름"),
        max_length=50,
        help_text=_(
            "화면 주소 /c/<주소 이름>/ 에 쓰입니다. 영문 소문자, 숫자, - 만. 예: geumjeong"
        ),
    )
    contact_name = forms.CharField(
        label=_("문의처"),
        max_length=100,
        required=False,
        help_text=_("위원에게 안내할 담당 부서·팀. 예: 금정구청 아동청소년과 돌봄지원팀"),
    )
    contact_phone = forms.CharField(label=_("문의 전화"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("문의 전자우편"), required=False)
    staff_name = forms.CharField(label=_("첫 구청 담당자 이름"), max_length=50)
    staff_username = forms.CharField(label=_("첫 구청 담당자 아이디"), max_length=150)
    staff_email = forms.EmailField(
        label=_("첫 구청 담당자 전자우편"),
        help_text=_("비밀번호를 직접 정하는 일회용 링크가 이 주소로 갑니다."),
    )

    def new_council(self) -> NewCouncil:
        data = self.cleaned_data
        return NewCouncil(
            **{name: str(data.get(name) or "").strip() for name in NewCouncil.__dataclass_fields__}
        )
