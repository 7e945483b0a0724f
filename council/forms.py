"""Forms of the council app: roster, meetings, agenda, materials and the opinion."""

from __future__ import annotations

import datetime as dt
import os

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from council.models import AgendaItem, Category, Council, Meeting, Member, Opinion
from council.resets import PortalPasswordResetForm
from lib import compiled
from lib.forms import XlsxUploadForm
from lib.materials import check_material_content

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_and_time_field(label, *, help_text="", date_label, time_label) -> forms.SplitDateTimeField:
    """A date picker and a 24-hour time typed as 14:05.

    Not `datetime-local`: a browser draws its time in the device's locale, which
    in Korean is `오후 2:05`; the portal writes times as 14:05 everywhere.
    """
    return forms.SplitDateTimeField(
        label=label,
        help_text=help_text,
        input_date_formats=["%Y-%m-%d"],
        input_time_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.SplitDateTimeWidget(
            date_attrs={"type": "date", "aria-label": date_label},
            date_format="%Y-%m-%d",
            time_attrs={
                "inputmode": "numeric",
                "placeholder": "14:05",
                "aria-label": time_label,
                "autocomplete": "off",
            },
            time_format="%H:%M",
        ),
        error_messages={"invalid_time": _("시각은 24시간제로 14:05처럼 적어 주세요.")},
    )


class LoginForm(AuthenticationForm):
    """Django's login form in the words of Korean public sites (아이디, not 사용자 이름)."""

    error_messages = {
        "invalid_login": _(
            "아이디 또는 비밀번호가 맞지 않습니다. 한/영 전환과 대소문자를 확인해 주세요."
        ),
        "inactive": _("사용이 중지된 계정입니다. 구청 담당자에게 문의해 주세요."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("아이디")
        self.fields["password"].label = _("비밀번호")


class ResetRequestForm(PortalPasswordResetForm):
    """The reset form in the portal's words (council.resets does the same work either way)."""

    email = forms.EmailField(
        label=_("등록한 전자우편 주소"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("위원 명단이나 담당자 계정에 등록된 주소를 적어 주세요."),
    )


class MemberForm(forms.ModelForm):
    """Add or edit a member; the e-mail lives on the login account."""

    email = forms.EmailField(label=_("전자우편"), help_text=_("비밀번호 설정 링크를 보냅니다."))

    class Meta:
        model = Member
        fields = ["name", "role", "sector", "affiliation", "term_start", "term_end"]
        widgets = {"term_start": DATE_WIDGET, "term_end": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email
        # The groups the council's kind offers (council/kinds.py); the roster counts them.
        choices = self.instance.council.affiliation_choices() if self.instance.council_id else []
        self.fields["sector"] = forms.ChoiceField(
            label=_("소속 구분"),
            choices=[("", _("선택"))] + choices,
            required=False,
            initial=self.instance.sector,
            help_text=_("협의체 구성 현황(예: 교육지원청 2, 학교 3)을 셉니다."),
        )


class MemberAddForm(MemberForm):
    username = forms.RegexField(
        label=_("아이디"),
        required=False,
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("비워 두면 자동으로 만듭니다 (예: geumjeong-m11)."),
    )

    class Meta(MemberForm.Meta):
        fields = ["name", "role", "sector", "affiliation", "term_start", "term_end"]

    existing_login = forms.CharField(
        label=_("이미 쓰는 로그인 아이디 (다른 협의체 위원·담당자)"),
        required=False,
        max_length=150,
        help_text=_(
            "같은 자치구의 다른 협의체에서 활동하는 사람이면 그 아이디를 적으세요. 새 아이디를 "
            "만들지 않고, 그 로그인으로 두 협의체를 오가며 봅니다."
        ),
    )

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
        refusal = Member.term_refusal(self.member.term_start, value)
        if refusal:
            raise ValidationError(refusal)
        return value


class RenewTermsForm(forms.Form):
    """연임: select members, one new end date, one save."""

    members = forms.ModelMultipleChoiceField(
        label=_("연임할 위원"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("연임할 위원을 한 명 이상 고르세요.")},
    )
    term_end = forms.DateField(
        label=_("새 임기 종료일"),
        widget=DATE_WIDGET,
        help_text=_("고른 위원 모두의 임기가 이 날까지 이어집니다."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = candidates

    def clean_term_end(self):
        value = self.cleaned_data["term_end"]
        if value <= timezone.localdate():
            raise ValidationError(_("새 임기 종료일은 오늘보다 뒤여야 합니다."))
        return value


class MeetingForm(forms.ModelForm):
    deadline = date_and_time_field(
        _("의견 제출 마감"),
        help_text=_("날짜를 고르고 시각을 24시간제로 적습니다(예: 18:00). 한국 시간 기준입니다."),
        date_label=_("의견 제출 마감 날짜"),
        time_label=_("의견 제출 마감 시각 (24시간제, 예: 18:00)"),
    )

    class Meta:
        model = Meeting
        fields = ["year", "half", "method", "period_start", "period_end", "deadline"]
        widgets = {"period_start": DATE_WIDGET, "period_end": DATE_WIDGET}

    def __init__(self, *args, council: Council, **kwargs):
        self.council = council
        super().__init__(*args, **kwargs)

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
        from council.services.meetings import PastMeetingData

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


class DeadlineExtensionForm(forms.Form):
    """A later opinion deadline (the rule is the service's: later than now and
    than the current one)."""

    deadline = date_and_time_field(
        _("새 의견 제출 마감"),
        help_text=_("날짜를 고르고 시각을 24시간제로 적습니다(예: 18:00). 한국 시간 기준입니다."),
        date_label=_("새 마감 날짜"),
        time_label=_("새 마감 시각 (24시간제, 예: 18:00)"),
    )


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


class StaffSeatForm(forms.Form):
    """Giving an existing login a staff seat on this council (council.seats)."""

    login = forms.CharField(
        label=_("아이디 또는 전자우편"),
        max_length=254,
        help_text=_("그 사람이 로그인할 때 쓰는 아이디나 계정의 전자우편 주소입니다."),
    )
    name = forms.CharField(
        label=_("이 협의체에서 보일 이름"),
        max_length=50,
        required=False,
        help_text=_("비워 두면 그 계정의 이름을 씁니다."),
    )


class ReasonForm(forms.Form):
    """A reason asked before a security action on someone's account (unlocking it,
    resetting their second factor); it goes to the audit log."""

    reason = forms.CharField(
        label=_("사유"),
        max_length=200,
        help_text=_("감사 기록에 남습니다. 예: 본인이 전화로 확인을 요청함"),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 2:
            raise ValidationError(_("사유를 적어 주세요."))
        return reason


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
    from lib.xlsx import UploadRejected

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
    # parses, no HTML or scripts (lib.materials).
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


class SharedChoices:
    """One choice list shared by every point form of a page, with its `<option>`s
    rendered once per selected value (council/includes/select_options.html),
    not once per form: the page shows the same categories and agenda items in
    each point."""

    template_name = "council/includes/select_options.html"

    def __init__(self, choices: list[tuple[str, str]]):
        self.choices = choices
        self._rendered: dict[str, str] = {}

    def options_html(self, selected: str) -> str:
        if selected not in self._rendered:
            self._rendered[selected] = render_to_string(
                self.template_name, {"choices": self.choices, "selected": selected}
            )
        return self._rendered[selected]


class PlainTextarea(forms.Textarea):
    """Django's Textarea, written in one `format_html` instead of a widget template
    and an attributes template (the page draws up to three of them)."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        # Django's textarea.html starts the content on a new line (a leading
        # newline of the value would otherwise be dropped by the browser).
        return format_html(
            "<textarea{}>\n{}</textarea>", flatatt(final_attrs), self.format_value(value) or ""
        )


class SharedChoicesSelect(forms.Select):
    """A `<select>` drawing its options from a `SharedChoices` (set per form)."""

    shared: SharedChoices | None = None

    def render(self, name, value, attrs=None, renderer=None):
        if self.shared is None:
            return super().render(name, value, attrs, renderer)
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = "" if value is None else str(value)
        return format_html(
            "<select{}>{}</select>", flatatt(final_attrs), self.shared.options_html(selected)
        )


class OpinionPointForm(forms.Form):
    """One point of an opinion: text, optional category and agenda item.

    Drawn by `render()` in the KRDS field markup of the crispy pack
    (templates/krds/field.html): the text, then the two optional choices; the
    formset's DELETE box is drawn by points_formset.html. Written in Python
    rather than a form template because the page draws it once per point (the
    bench's opinion-page row). The two choices are plain fields checked against
    the page's categories and agenda items (one dict each, shared by every point
    form), and their selects share their rendered options (`SharedChoices`).
    """

    invalid_choice = _("올바르게 선택해 주세요. 선택한 항목이 목록에 없습니다.")

    text = forms.CharField(
        label=_("의견 내용"),
        required=False,
        max_length=4000,
        widget=PlainTextarea(attrs={"rows": 4, "class": "krds-input"}),
    )
    category = forms.CharField(
        label=_("분야 (선택)"),
        required=False,
        widget=SharedChoicesSelect(attrs={"class": "krds-form-select"}),
    )
    agenda_item = forms.CharField(
        label=_("관련 안건 (선택)"),
        required=False,
        widget=SharedChoicesSelect(attrs={"class": "krds-form-select"}),
    )

    def __init__(
        self,
        *args,
        categories: dict[str, Category],
        agenda_items: dict[str, AgendaItem],
        category_choices: SharedChoices,
        agenda_choices: SharedChoices,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self._categories = categories
        self._agenda_items = agenda_items
        self.fields["category"].widget.shared = category_choices
        self.fields["agenda_item"].widget.shared = agenda_choices

    @property
    def point_fields(self) -> list[forms.BoundField]:
        """The three fields in order (the formset's DELETE box is drawn apart)."""
        return [self["text"], self["category"], self["agenda_item"]]

    def render(self, template_name=None, context=None, renderer=None):
        if template_name is not None or context is not None:
            return super().render(template_name, context, renderer)
        parts = [
            format_html('<div class="alert alert-danger">{}</div>', error)
            for error in self.non_field_errors()
        ]
        for field in self.point_fields:
            errors = field.errors
            error_block = (
                format_html(
                    '<div id="{}_error" class="form-hint-invalid">{}</div>',
                    field.auto_id,
                    format_html_join(
                        "",
                        '<p id="error_{}_{}">{}</p>',
                        ((n, field.auto_id, e) for n, e in enumerate(errors, start=1)),
                    ),
                )
                if errors
                else ""
            )
            parts.append(
                format_html(
                    '\n<div id="div_{}" class="form-group">\n'
                    '<div class="form-tit"><label for="{}">{}</label></div>\n'
                    '<div class="form-conts{}">{}</div>\n{}</div>',
                    field.auto_id,
                    field.auto_id,
                    field.label,
                    " is-error" if errors else "",
                    str(field),
                    error_block,
                )
            )
        return mark_safe("".join(parts))  # noqa: S308 - every part is format_html output

    # Django binds these to its own render(); `{{ form }}` must reach this one.
    __str__ = render
    __html__ = render

    def _choice(self, name: str, known: dict):
        key = self.cleaned_data[name]
        if key and key not in known:
            raise ValidationError(self.invalid_choice, code="invalid_choice")
        return known.get(key)

    def clean_category(self) -> Category | None:
        return self._choice("category", self._categories)

    def clean_agenda_item(self) -> AgendaItem | None:
        return self._choice("agenda_item", self._agenda_items)


class BasePointFormSet(forms.BaseFormSet):
    deletion_widget = forms.CheckboxInput

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("이 의견 빼기")


OpinionPointFormSet = forms.formset_factory(
    OpinionPointForm,
    formset=BasePointFormSet,
    extra=1,
    max_num=30,
    validate_max=True,
    can_delete=True,
)


def categories_query(council_id: int) -> QuerySet[Category]:
    """A council's categories in the models' order, without its join (one council)."""
    return Category.objects.filter(council_id=council_id).order_by("order", "pk")


def agenda_query(meeting_id: int) -> QuerySet[AgendaItem]:
    """A meeting's agenda items in order; the forms need only the titles and ids."""
    return (
        AgendaItem.objects.filter(meeting_id=meeting_id)
        .order_by("order", "pk")
        .only("pk", "meeting_id", "title")
    )


def point_formset(meeting: Meeting, *, data=None, initial=None) -> forms.BaseFormSet:
    """The points formset of `meeting`, with its council's categories and its agenda."""
    # Asked on every visit of the opinion page: their SQL is compiled once (lib.compiled).
    categories = {str(c.pk): c for c in compiled.instances(categories_query, meeting.council_id)}
    agenda_items = {str(a.pk): a for a in compiled.instances(agenda_query, meeting.pk)}
    none = [("", str(_("선택 안 함")))]
    return OpinionPointFormSet(
        data=data,
        initial=initial,
        prefix="points",
        form_kwargs={
            "categories": categories,
            "agenda_items": agenda_items,
            "category_choices": SharedChoices(none + [(k, c.name) for k, c in categories.items()]),
            "agenda_choices": SharedChoices(
                none
                + [(k, f"{n}. {a.title}") for n, (k, a) in enumerate(agenda_items.items(), start=1)]
            ),
        },
    )


class VersionForm(forms.Form):
    """The opinion version a form was loaded with (0: none yet), sent back on save."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class BehalfForm(forms.Form):
    """Provenance of an opinion entered by staff on a member's behalf."""

    channel = forms.ChoiceField(
        label=_("접수 경로"),
        choices=[("", _("선택하세요"))]
        + [c for c in Opinion.Channel.choices if c[0] != Opinion.Channel.PORTAL],
    )
    received_at = date_and_time_field(
        _("접수일시"),
        help_text=_(
            "구청에 의견서가 도착한 때(팩스 수신, 전화 통화, 메일 수신)입니다. "
            "시각은 24시간제로 적습니다(예: 14:05)."
        ),
        date_label=_("접수 날짜"),
        time_label=_("접수 시각 (24시간제, 예: 14:05)"),
    )
    behalf_note = forms.CharField(
        label=_("대리 입력 메모"),
        max_length=200,
        required=False,
        help_text=_("예: 팩스 접수, 원본 보관"),
    )
    confirmed_before_opening = forms.BooleanField(
        label=_("접수 시작 전에 도착한 의견서가 맞습니다"),
        required=False,
        help_text=_("접수일시가 의견 접수를 시작한 때보다 이를 때만 표시합니다."),
    )
    late_reason = forms.CharField(
        label=_("마감 후 접수 사유"),
        max_length=200,
        required=False,
        help_text=_(
            "접수일시가 마감보다 늦을 때만 적습니다: 마감 전에 도착했다는 근거"
            "(예: 팩스 발신 기록 17:58). 기록으로 남습니다."
        ),
    )
    replace_submission = forms.BooleanField(
        label=_("위원이 직접 제출한 의견서를 이 내용으로 바꿉니다"),
        required=False,
    )

    def __init__(self, *args, meeting=None, member_submitted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if not member_submitted:
            del self.fields["replace_submission"]
        if not self.is_bound:
            self.fields["received_at"].initial = timezone.localtime().replace(
                second=0, microsecond=0
            )

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now() + dt.timedelta(minutes=5):
            raise ValidationError(_("접수일시는 지금보다 늦을 수 없습니다."))
        return value

    def clean(self):
        data = super().clean()
        received_at = data.get("received_at")
        if self.meeting is not None and received_at:
            try:
                self.meeting.check_received_at(
                    received_at,
                    confirmed_before_opening=data.get("confirmed_before_opening", False),
                    late_reason=data.get("late_reason", ""),
                )
            except ValidationError as exc:
                field = (
                    "late_reason" if exc.code == "after_deadline" else "confirmed_before_opening"
                )
                self.add_error(field, exc)
        return data


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


class RosterUploadForm(XlsxUploadForm):
    """명단 가져오기 (lib.forms.XlsxUploadForm with the roster's label)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("위원 명단 xlsx 파일")


class OwnDistrictExamplesMixin:
    """Help texts show examples in the council's own district.

    The models' help texts give examples from the seed's district (금정구); on
    another district's settings pages they name that district instead (and its
    시도 where the council records one), so nobody copies 금정구 into their own
    settings.
    """

    EXAMPLE_REGION = "부산광역시 금정구"
    EXAMPLE_DISTRICT = "금정구"

    def use_district_examples(self, council) -> None:
        district = council.district
        if not district or district == self.EXAMPLE_DISTRICT:
            return
        sido = getattr(council, "sido", "")
        region = f"{sido} {district}" if sido else district
        for field in self.fields.values():
            if field.help_text:
                field.help_text = (
                    str(field.help_text)
                    .replace(self.EXAMPLE_REGION, region)
                    .replace(self.EXAMPLE_DISTRICT, district)
                )
