"""A number field typed with letters says so in plain Korean, not "정수를 입력하세요"."""

from django import forms
from django.utils import translation


class _Form(forms.Form):
    capacity = forms.IntegerField(label="정원")


def test_a_number_field_asks_for_digits_in_plain_words():
    with translation.override("ko"):
        form = _Form({"capacity": "스무 명"})
        assert not form.is_valid()
        assert form.errors["capacity"] == ["숫자로 적어 주세요."]
