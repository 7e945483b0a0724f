from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibConfig(AppConfig):
    name = "lib"
    verbose_name = "공용 도구"

    def ready(self) -> None:
        from django import forms

        # Django's Korean "정수를 입력하세요." is a mathematician's word; people filling
        # in 정원 or 인원 read this instead (every number field of every form).
        forms.IntegerField.default_error_messages["invalid"] = _("숫자로 적어 주세요.")

        # Every form's text fields drop noncharacters and control characters, and
        # one-line fields refuse line breaks (lib/text.py).
        from lib.text import install

        install()
