"""Forms of the council app: roster, meetings, agenda, materials and the opinion."""

from __future__ import annotations

import os

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from council.materials import check_material_content
from council.models import AgendaItem, Category, Council, Meeting, Member, Opinion

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberForm(forms.ModelForm):
    """Add or edit a member; the e-mail lives on the login account."""

    email = forms.EmailField(label=_("전자우편"), help_text=_("비밀번호 설정 링크를 보냅니다."))

    class Meta:
        model = Member
        fields = ["name", "role", "affiliation", "term_start", "term_end"]
        widgets = {"term_start": DATE_WIDGET, "term_end": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("임기 종료일은 임기 시작일보다 빠를 수 없습니다."))
        return data


class MemberAddForm(MemberForm):
    username = forms.RegexField(
        label=_("아이디"),
        required=False,
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("비워 두면 자동으로 만듭니다 (예: geumjeong-m11)."),
    )

    class Meta(MemberForm.Meta):
        fields = ["name", "role", "affiliation", "term_start", "term_end"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if username and User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("이미 사용 중인 아이디입니다."))
        return username


class EndTermForm(forms.Form):
    term_end = forms.DateField(label=_("임기 종료일"), widget=DATE_WIDGET)

    def __init__(self, *args, member: Member, **kwargs):
        self.member = member
        super().__init__(*args, **kwargs)
        self.fields["term_end"].initial = timezone.localdate()

    def clean_term_end(self):
        value = self.cleaned_data["term_end"]
        if value < self.member.term_start:
            raise ValidationError(_("임기 종료일은 임기 시작일보다 빠를 수 없습니다."))
        return value


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["year", "half", "method", "period_start", "period_end", "deadline"]
        widgets = {
            "period_start": DATE_WIDGET,
            "period_end": DATE_WIDGET,
            "deadline": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        help_texts = {"deadline": _("한국 시간(Asia/Seoul) 기준입니다.")}

    def __init__(self, *args, council: Council, **kwargs):
        self.council = council
        super().__init__(*args, **kwargs)
        self.fields["deadline"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("기간 종료일은 시작일보다 빠를 수 없습니다."))
        year, half = data.get("year"), data.get("half")
        if year and half:
            clash = Meeting.objects.filter(council=self.council, year=year, half=half)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise ValidationError(_("같은 연도·반기의 회의가 이미 있습니다."))
        return data


class PastMeetingForm(forms.Form):
    """A meeting held before the portal was used, with its real dates and attendance."""

    year = forms.IntegerField(label=_("연도"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(label=_("반기"), choices=Meeting.Half.choices, coerce=int)
    method = forms.ChoiceField(label=_("방법"), choices=Meeting.Method.choices)
    period_start = forms.DateField(label=_("기간 시작일"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("기간 종료일"), widget=DATE_WIDGET)
    deadline = forms.DateTimeField(
        label=_("의견 제출 마감 (알 때만)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("모르면 비워 두세요. 지어낸 마감을 남기지 않습니다."),
    )
    invited_count = forms.IntegerField(label=_("위원 수"), min_value=0, max_value=1000)
    submitted_count = forms.IntegerField(
        label=_("의견 제출 위원 수"), min_value=0, max_value=1000, initial=0
    )
    attended_count = forms.IntegerField(
        label=_("참석 위원 수 (대면·화상 회의)"), min_value=0, max_value=1000, required=False
    )
    agenda = forms.CharField(
        label=_("안건"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("결과 문서의 ‘내용’에 적힌 안건을 한 줄에 하나씩 적습니다."),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("기간 종료일은 시작일보다 빠를 수 없습니다."))
        takes_attendance = data.get("method") in (Meeting.Method.IN_PERSON, Meeting.Method.VIDEO)
        if takes_attendance and data.get("attended_count") is None:
            self.add_error("attended_count", _("대면·화상 회의는 참석 위원 수를 적으세요."))
        return data

    def past_meeting_data(self):
        from council.services import PastMeetingData

        data = self.cleaned_data
        takes_attendance = data["method"] in (Meeting.Method.IN_PERSON, Meeting.Method.VIDEO)
        return PastMeetingData(
            year=data["year"],
            half=data["half"],
            method=data["method"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            invited_count=data["invited_count"],
            submitted_count=data["submitted_count"] or 0,
            attended_count=data["attended_count"] if takes_attendance else None,
            agenda_titles=data["agenda"].splitlines(),
            deadline=data["deadline"],
        )

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        return {
            "year": meeting.year,
            "half": meeting.half,
            "method": meeting.method,
            "period_start": meeting.period_start,
            "period_end": meeting.period_end,
            "deadline": timezone.localtime(meeting.deadline) if meeting.deadline else None,
            "invited_count": meeting.recorded_invited_count,
            "submitted_count": meeting.recorded_submitted_count,
            "attended_count": meeting.recorded_attended_count,
            "agenda": "\n".join(item.title for item in meeting.agenda_items.all()),
        }


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("참석한 위원"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(m.pk), f"{m.name} ({m.affiliation})") for m in members
        ]


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["kind", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}


class PersonalDataExportForm(forms.Form):
    """Asked before any export of personal data: the reason goes to the audit log."""

    reason = forms.CharField(
        label=_("내보내는 사유"),
        max_length=200,
        help_text=_(
            "개인정보(이름·연락처 등)가 들어 있어 사유를 기록합니다. 예: 2024년 상반기 현황 보고"
        ),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 2:
            raise ValidationError(_("내보내는 사유를 적어 주세요."))
        return reason


class SnapshotForm(forms.Form):
    as_of = forms.DateField(
        label=_("현황 기준일"),
        widget=DATE_WIDGET,
        help_text=_("이 날짜의 시설 현황을 고정된 자료로 첨부합니다."),
    )


# Allowed materials: extension → (content type, magic-byte prefixes).
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".hwp": ("application/x-hwp", (OLE,)),
    ".hwpx": ("application/hwp+zip", (ZIP,)),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (ZIP,),
    ),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


def check_material(upload) -> tuple[str, str]:
    """Check an uploaded material file (meeting materials, progress-note attachments):
    allowed extension, size, content matching the extension, and for zip packages
    (HWPX, XLSX) no bomb, macro or XML entities. Returns (content type, shown name)."""
    from council.xlsx import UploadRejected

    name = os.path.basename(upload.name or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in ATTACHMENT_TYPES:
        raise ValidationError(_("PDF, HWP, HWPX, XLSX, PNG, JPEG 파일만 올릴 수 있습니다."))
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("파일이 너무 큽니다. %(mb)d MB 이하만 올릴 수 있습니다.")
            % {"mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )
    content_type, magics = ATTACHMENT_TYPES[ext]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in magics):
        raise ValidationError(
            _("파일 내용이 확장자(%(ext)s)와 맞지 않습니다.") % {"ext": ext.lstrip(".")}
        )
    # Beyond the first bytes: the zip guard and the format's parts, a PDF that
    # parses, no HTML or scripts (council.materials).
    try:
        check_material_content(upload, ext=ext)
    except UploadRejected as exc:
        raise ValidationError(str(exc)) from None
    return content_type, name[:255]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("자료 파일"),
        help_text=_("PDF, 한글(HWP·HWPX), 엑셀(XLSX), 그림(PNG·JPEG) 파일"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        content_type, name = check_material(upload)
        self.cleaned_data["content_type"] = content_type
        self.cleaned_data["original_name"] = name
        return upload


def _attrs_html(attrs: dict) -> SafeString:
    """What Django's widgets/attrs.html writes: ` name="value"`, a bare name for True,
    nothing for False; values escaped."""
    return mark_safe(
        "".join(
            f" {name}" if value is True else f' {name}="{escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


class PointBoundField(forms.BoundField):
    """Bootstrap's `is-invalid` on a control with errors (Django itself adds
    `aria-invalid` and `aria-describedby` pointing at the `<id>_error` block)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            base = attrs.get("class") or (widget or self.field.widget).attrs.get("class", "")
            attrs["class"] = f"{base} is-invalid".strip()
        return attrs


class OpinionPointForm(forms.Form):
    """One point. The choice lists are read once per formset, not once per point.

    Rendered with Django's own form rendering (`template_name`, Bootstrap classes
    on the widgets) rather than crispy-forms: the page shows up to three of these
    (the draft's points, the blank one, the add-point template), and crispy's
    template chain per field was most of the page's cost. The markup is the same
    as crispy-bootstrap5's: wrapper `div.mb-3`, `label.form-label`, `is-invalid`
    and an `invalid-feedback` block the control's `aria-describedby` points at.
    """

    template_name = "council/includes/point_form.html"
    bound_field_class = PointBoundField

    text = forms.CharField(
        label=_("의견 내용"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "textarea form-control"}),
    )
    category = forms.ChoiceField(
        label=_("분야 (선택)"),
        required=False,
        widget=forms.Select(attrs={"class": "select form-select"}),
    )
    agenda_item = forms.ChoiceField(
        label=_("관련 안건 (선택)"),
        required=False,
        widget=forms.Select(attrs={"class": "select form-select"}),
    )

    def __init__(self, *args, categories: list, agenda_items: list, **kwargs):
        super().__init__(*args, **kwargs)
        self._categories = {str(c.pk): c for c in categories}
        self._agenda_items = {str(a.pk): a for a in agenda_items}
        none = [("", str(_("선택 안 함")))]  # translated once, not once per option rendered
        self.fields["category"].choices = none + [(k, c.name) for k, c in self._categories.items()]
        self.fields["agenda_item"].choices = none + [
            (k, f"{n}. {a.title}") for n, (k, a) in enumerate(self._agenda_items.items(), start=1)
        ]

    def get_context(self):
        """Each field with its errors and what its widget would render, so the
        template writes the controls in one pass instead of a widget template, an
        attributes template and an option template per control and per option."""
        context = super().get_context()
        context["controls"] = [
            (field, errors, self._control(field)) for field, errors in context["fields"]
        ]
        return context

    @staticmethod
    def _control(field: forms.BoundField) -> dict:
        """BoundField.as_widget() without the render: the same attributes (the
        widget's, is-invalid, aria-invalid, aria-describedby, id), the value as
        Textarea / Select format it, and for a select its flat choices with the
        selected one."""
        widget = field.field.widget
        attrs = {**widget.attrs, **field.build_widget_attrs({}, widget)}
        if field.auto_id:
            attrs.setdefault("id", field.auto_id)
        control = {"name": field.html_name, "attrs": _attrs_html(attrs)}
        value = field.value()
        if isinstance(widget, forms.Select):
            selected = "" if value is None else str(value)
            control["options"] = [
                (str(key), label, str(key) == selected) for key, label in field.field.choices
            ]
        else:
            control["value"] = widget.format_value(value)
        return control

    def clean_category(self):
        return self._categories.get(self.cleaned_data["category"])

    def clean_agenda_item(self):
        return self._agenda_items.get(self.cleaned_data["agenda_item"])


OpinionPointFormSet = forms.formset_factory(
    OpinionPointForm, extra=1, max_num=30, validate_max=True
)


def point_formset(meeting: Meeting, *, data=None, initial=None) -> forms.BaseFormSet:
    """The points formset of `meeting`, with its council's categories and its agenda."""
    return OpinionPointFormSet(
        data=data,
        initial=initial,
        prefix="points",
        form_kwargs={
            # Ordered as the models' Meta.ordering within one council / meeting,
            # without its join; the forms need only the names and ids.
            "categories": list(
                Category.objects.filter(council_id=meeting.council_id).order_by("order", "pk")
            ),
            "agenda_items": list(
                AgendaItem.objects.filter(meeting_id=meeting.pk)
                .order_by("order", "pk")
                .only("pk", "meeting_id", "title")
            ),
        },
    )


class BehalfForm(forms.Form):
    """Provenance of an opinion entered by staff on a member's behalf."""

    channel = forms.ChoiceField(
        label=_("접수 경로"),
        choices=[c for c in Opinion.Channel.choices if c[0] != Opinion.Channel.PORTAL],
    )
    behalf_note = forms.CharField(
        label=_("대리 입력 메모"),
        max_length=200,
        required=False,
        help_text=_("예: 12. 21. 팩스 접수, 원본 보관"),
    )


class CouncilNameForm(forms.ModelForm):
    """A name that must be unique within the instance's council.

    The model's (council, name) constraint is not checked by the form because
    `council` is not one of its fields, so the rule is stated here once.
    """

    duplicate_message = ""

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        model = type(self.instance)
        taken = model.objects.filter(council=self.instance.council_id, name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(self.duplicate_message)
        return name


class CategoryForm(CouncilNameForm):
    duplicate_message = _("같은 이름의 분야가 이미 있습니다.")

    class Meta:
        model = Category
        fields = ["name"]
