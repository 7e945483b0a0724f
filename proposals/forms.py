"""Forms of the aggregation page, the proposal editor and the response form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from council.forms import CouncilNameForm
from council.models import Category, Meeting, OpinionPoint
from proposals.models import Department, DepartmentResponse, FollowUp, Proposal


class PointFilterForm(forms.Form):
    """Filters of the aggregation page; the choices come from the points themselves,
    so the page needs no query per dropdown."""

    category = forms.TypedChoiceField(label=_("분야"), coerce=int, required=False)
    agenda_item = forms.TypedChoiceField(label=_("관련 안건"), coerce=int, required=False)
    member = forms.TypedChoiceField(label=_("위원"), coerce=int, required=False)
    unused = forms.BooleanField(label=_("아직 쓰이지 않은 의견만"), required=False)

    def __init__(self, *args, points: list[OpinionPoint], **kwargs) -> None:
        super().__init__(*args, **kwargs)

        def choices(objects) -> list[tuple]:
            unique = {obj.pk: obj for obj in objects if obj is not None}
            ordered = sorted(unique.values(), key=lambda o: (getattr(o, "order", 0), str(o)))
            return [("", _("전체"))] + [(obj.pk, str(obj)) for obj in ordered]

        self.fields["category"].choices = choices(p.category for p in points)
        self.fields["agenda_item"].choices = choices(p.agenda_item for p in points)
        self.fields["member"].choices = choices(p.opinion.member for p in points)

    def apply(self, points: list[OpinionPoint], used: set[int]) -> list[OpinionPoint]:
        """The points that pass the filters (all of them when the form is invalid)."""
        if not self.is_valid():
            return points
        data = self.cleaned_data
        return [
            p
            for p in points
            if (data["category"] in (None, "") or p.category_id == data["category"])
            and (data["agenda_item"] in (None, "") or p.agenda_item_id == data["agenda_item"])
            and (data["member"] in (None, "") or p.opinion.member_id == data["member"])
            and (not data["unused"] or p.pk not in used)
        ]


class AggregateActionForm(forms.Form):
    """The checkbox selection of points and what to do with them."""

    points = forms.ModelMultipleChoiceField(
        label=_("선택한 의견"), queryset=OpinionPoint.objects.none()
    )
    action = forms.ChoiceField(choices=[("create", "create"), ("add", "add")])
    headline = forms.CharField(label=_("새 건의사항 제목 (○)"), max_length=300, required=False)
    proposal = forms.ModelChoiceField(
        label=_("추가할 건의사항"), queryset=Proposal.objects.none(), required=False
    )

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["points"].queryset = OpinionPoint.objects.filter(
            opinion__meeting=meeting, opinion__status="submitted"
        ).select_related("category")
        self.fields["proposal"].queryset = Proposal.objects.filter(meeting=meeting)

    def clean(self):
        data = super().clean()
        if data.get("action") == "add" and not data.get("proposal"):
            self.add_error("proposal", _("의견을 추가할 건의사항을 고르세요."))
        return data


class SourcePointField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: OpinionPoint) -> str:
        return f"{obj.opinion.member.name}: {obj.text[:80]}"


class ProposalForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    source_points = SourcePointField(
        label=_("원 의견"),
        queryset=OpinionPoint.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Proposal
        fields = ["category", "headline", "details", "department", "due_date", "source_points"]
        widgets = {
            "details": forms.Textarea(attrs={"rows": 6}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        meeting = self.instance.meeting
        self.fields["category"].queryset = Category.objects.filter(council=meeting.council_id)
        self.fields["department"].queryset = Department.objects.filter(council=meeting.council_id)
        self.fields["source_points"].queryset = OpinionPoint.objects.filter(
            opinion__meeting=meeting, opinion__status="submitted"
        ).select_related("opinion__member")
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class ResponseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    state = forms.ChoiceField(
        label=_("검토 결과"),
        choices=[("", _("선택하세요"))] + list(DepartmentResponse.State.choices),
        required=False,
    )
    lines = forms.CharField(
        label=_("검토 의견 (○)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("한 줄에 하나씩 적습니다. 각 줄 앞에 ○가 붙습니다."),
    )


class FollowUpForm(forms.ModelForm):
    """A follow-up row; an empty row is ignored, a half-filled one is an error."""

    class Meta:
        model = FollowUp
        fields = ["text", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        self.fields["due_date"].required = False

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        if data.get("text") and not data.get("due_date"):
            self.add_error("due_date", _("완료 예정일을 적으세요."))
        if data.get("due_date") and not data.get("text"):
            self.add_error("text", _("후속 조치 내용을 적으세요."))
        return data


FollowUpFormSet = forms.formset_factory(FollowUpForm, extra=1, can_delete=True, max_num=20)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("보완 요청 사유"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("검토 의견 xlsx 파일"))


class DepartmentForm(CouncilNameForm):
    duplicate_message = _("같은 이름의 부서가 이미 있습니다.")

    class Meta:
        model = Department
        fields = ["name"]
