from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from council.notices.models import AlimtalkTemplate, Channel
from lib.phones import display_mobile, normalize_mobile


class ContactForm(forms.Form):
    mobile = forms.CharField(
        label=_("휴대전화"),
        max_length=20,
        required=False,
        help_text=_("예: 010-1234-5678. 비워 두면 전자우편으로만 알려 드립니다."),
    )
    channel = forms.ChoiceField(
        label=_("알림 받는 방법"), choices=Channel.choices, widget=forms.RadioSelect
    )
    consent = forms.BooleanField(
        label=_("문자·카카오 알림톡으로 포털 알림을 받는 데 동의합니다."),
        required=False,
        help_text=_("언제든 이 화면이나 문자에 있는 수신거부 주소에서 철회할 수 있습니다."),
    )
    opted_out = forms.BooleanField(
        label=_("알림을 받지 않습니다 (수신 거부)"),
        required=False,
        help_text=_("의견 접수 시작·마감·결과 공개 알림을 어떤 방법으로도 보내지 않습니다."),
    )

    @classmethod
    def initial_for(cls, contact) -> dict:
        if contact is None:
            return {"channel": Channel.EMAIL}
        return {
            "mobile": display_mobile(contact.mobile),
            "channel": contact.channel,
            "consent": contact.consent_at is not None,
            "opted_out": contact.withdrawn,
        }

    def clean_mobile(self) -> str:
        value = self.cleaned_data["mobile"].strip()
        return normalize_mobile(value) if value else ""

    def clean(self):
        data = super().clean()
        if data.get("channel") not in (None, Channel.EMAIL):
            if not data.get("mobile") and "mobile" not in self.errors:
                self.add_error("mobile", _("문자·알림톡으로 받으려면 휴대전화 번호를 적어 주세요."))
            if not data.get("consent"):
                self.add_error("consent", _("문자·알림톡으로 받으려면 수신에 동의해 주세요."))
        return data


class TemplateStatusForm(forms.ModelForm):
    class Meta:
        model = AlimtalkTemplate
        fields = ["template_id", "status"]

    def clean(self):
        data = super().clean()
        if data.get("status") == AlimtalkTemplate.Status.APPROVED and not data.get("template_id"):
            raise ValidationError(_("승인된 템플릿은 템플릿 ID를 적어야 합니다."))
        return data


class ReminderScheduleForm(forms.Form):
    """The reminder schedule staff set when opening a round (empty: the default)."""

    reminder_days = forms.CharField(
        label=_("마감 며칠 전에 독려할까요"),
        required=False,
        max_length=30,
        help_text=_(
            "쉼표로 구분. 예: 3, 1 (비우면 알림 예약 없이, 마감 24시간·2시간 전에 "
            "전자우편으로만 독려합니다)"
        ),
    )
    reminder_hour = forms.IntegerField(
        label=_("독려 시각(시)"), required=False, min_value=8, max_value=20
    )

    def clean_reminder_days(self) -> list[int]:
        raw = self.cleaned_data["reminder_days"].replace("，", ",")
        days = []
        for part in raw.split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 30:
                raise ValidationError(
                    _("독려 날짜는 마감 1~30일 전의 숫자로 적어 주세요. 예: 3, 1")
                )
            days.append(int(part))
        return days

    def times(self, meeting) -> list | None:
        """The schedule's times; None when the form was not sent (the default)."""
        from council.notices.events import reminder_times

        if "reminder_days" not in self.data:
            return None
        days = self.cleaned_data["reminder_days"]
        hour = self.cleaned_data.get("reminder_hour") or 10
        return reminder_times(meeting, days=days, hour=hour) if days else []
