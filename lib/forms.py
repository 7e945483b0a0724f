"""Form pieces every app's pages share."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

XLSX_ACCEPT = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class XlsxUploadForm(forms.Form):
    """One spreadsheet to import: checked by lib.xlsx's guard before anything reads it."""

    file = forms.FileField(
        label=_("xlsx 파일"),
        help_text=_("양식 파일(.xlsx)에 적어 올려 주세요. 매크로 파일(.xlsm)은 받지 않습니다."),
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_ACCEPT}),
    )

    def clean_file(self):
        from lib.xlsx import check_xlsx_upload

        upload = self.cleaned_data["file"]
        check_xlsx_upload(upload)
        return upload
