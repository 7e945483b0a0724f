"""Forms of the aggregation page, the proposal editor and the response form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from council.forms import DATE_WIDGET, CouncilNameForm, check_material
from council.models import Category, Meeting, OpinionPoint
from proposals.models import (
    Commitment,
    CommitmentStatus,
    Department,
    DepartmentResponse,
    Proposal,
)


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
        label=_("검토 의견"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("한 줄에 하나씩 적습니다. 각 줄 앞에 ○가 붙습니다."),
    )


class CommitmentForm(forms.Form):
    """A commitment row of the response form; an empty new row is ignored, a
    half-filled one is an error."""

    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    what = forms.CharField(label=_("추진 계획"), max_length=300, required=False)
    department = forms.ModelChoiceField(
        label=_("담당 부서"), queryset=Department.objects.none(), required=False
    )
    due_date = forms.DateField(label=_("완료 예정일"), widget=DATE_WIDGET, required=False)

    def __init__(self, *args, departments=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["department"].queryset = departments
            self.fields["department"].empty_label = None

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        if not data.get("what") and not data.get("pk"):
            return data  # an unused blank row
        if not data.get("what"):
            self.add_error("what", _("추진 계획을 적으세요."))
        if not data.get("due_date"):
            self.add_error("due_date", _("완료 예정일을 적으세요."))
        if not data.get("department"):
            self.add_error("department", _("담당 부서를 고르세요."))
        return data

    @classmethod
    def initial_for(cls, commitment: Commitment) -> dict:
        return {
            "pk": commitment.pk,
            "version": commitment.version,
            "what": commitment.what,
            "department": commitment.department_id,
            "due_date": commitment.due_date,
        }


CommitmentFormSet = forms.formset_factory(CommitmentForm, extra=1, can_delete=True, max_num=20)


class ProgressForm(forms.Form):
    """A progress update of one commitment: a status change and/or a dated note."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ModelChoiceField(
        label=_("추진 상태"), queryset=CommitmentStatus.objects.none(), empty_label=None
    )
    reason = forms.CharField(
        label=_("사유"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("장기 검토·추진 불가처럼 사유가 필요한 상태에 적습니다."),
    )
    note_date = forms.DateField(label=_("추진 경과 날짜"), widget=DATE_WIDGET, required=False)
    note_text = forms.CharField(
        label=_("추진 경과 내용"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachment = forms.FileField(
        label=_("첨부 파일 (선택)"),
        required=False,
        help_text=_("PDF, 한글(HWP·HWPX), 엑셀(XLSX), 그림(PNG·JPEG) 파일"),
    )

    def __init__(self, *args, statuses, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].queryset = statuses
        self.fields["status"].label_from_instance = lambda status: status.label

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            content_type, name = check_material(upload)
            self.cleaned_data["attachment_type"] = content_type
            self.cleaned_data["attachment_name"] = name
        return upload


class CommitmentStatusForm(forms.ModelForm):
    class Meta:
        model = CommitmentStatus
        fields = ["name", "progress", "kind", "needs_reason"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = CommitmentStatus.objects.filter(council=self.instance.council_id, name=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("같은 이름의 추진 상태가 이미 있습니다."))
        return name


class BoardFilterForm(forms.Form):
    """Filters of the commitments board; the choices are the council's own."""

    STATES = [("open", _("진행 중")), ("closed", _("종결")), ("all", _("전체"))]

    department = forms.ModelChoiceField(
        label=_("담당 부서"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("전체"),
    )
    status = forms.ModelChoiceField(
        label=_("추진 상태"),
        queryset=CommitmentStatus.objects.none(),
        required=False,
        empty_label=_("전체"),
    )
    meeting = forms.ModelChoiceField(
        label=_("회의"), queryset=Meeting.objects.none(), required=False, empty_label=_("전체")
    )
    state = forms.ChoiceField(label=_("구분"), choices=STATES, required=False)
    overdue = forms.BooleanField(label=_("기한 지난 것만"), required=False)

    def __init__(self, *args, departments, statuses, meetings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["status"].queryset = statuses
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: m.title
        for name in ("department", "status", "meeting", "state"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["overdue"].widget.attrs["class"] = "form-check-input"


class MemberMailForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("내 의견이 반영된 건의사항의 추진 상태가 바뀌면 전자우편으로 알려 주세요."),
        required=False,
    )


class RecordedProposalForm(forms.ModelForm):
    """A proposal of a meeting recorded after the fact (no opinion points to aggregate)."""

    class Meta:
        model = Proposal
        fields = ["category", "headline", "details", "department"]
        widgets = {"details": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        council_id = self.instance.meeting.council_id
        self.fields["category"].queryset = Category.objects.filter(council=council_id)
        self.fields["department"].queryset = Department.objects.filter(council=council_id)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("보완 요청 사유"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("검토 의견 xlsx 파일"))


class ProgressUploadForm(forms.Form):
    file = forms.FileField(label=_("추진 현황 xlsx 파일"))


class DepartmentForm(CouncilNameForm):
    duplicate_message = _("같은 이름의 부서가 이미 있습니다.")

    class Meta:
        model = Department
        fields = ["name"]


class PlanFieldsForm(forms.Form):
    """A commitment's 지역사회보장계획 fields (proposals.plan_services checks them)."""

    project_code = forms.CharField(label=_("세부사업 코드"), max_length=30, required=False)
    project_name = forms.CharField(label=_("세부사업명"), max_length=200, required=False)
    indicator = forms.CharField(label=_("성과지표"), max_length=200, required=False)
    unit = forms.CharField(label=_("단위"), max_length=20, required=False)
    target_value = forms.DecimalField(
        label=_("목표값"), max_digits=14, decimal_places=2, required=False
    )
    actual_value = forms.DecimalField(
        label=_("실적값"), max_digits=14, decimal_places=2, required=False
    )
    budget = forms.IntegerField(label=_("예산 (원)"), min_value=0, required=False)

    def __init__(self, *args, council_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.council_id = council_id

    def fields_value(self):
        from proposals.plan_services import PlanFields

        data = self.cleaned_data
        values = {}
        for name in PlanFieldsForm.base_fields:
            value = data.get(name)
            values[name] = (value or "") if name in _TEXT else value
        return PlanFields(**values)

    def clean(self):
        from proposals.plan_services import plan_errors

        data = super().clean()
        if not self.errors:
            for name, message in plan_errors(self.fields_value(), council_id=self.council_id):
                self.add_error(name, message)
        return data


_TEXT = {"project_code", "project_name", "indicator", "unit"}
