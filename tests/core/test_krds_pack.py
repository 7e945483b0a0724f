"""The crispy-forms template pack (templates/krds/) writes KRDS form markup."""

from __future__ import annotations

from django import forms
from django.template import engines

from council.models import Category, Member


class SampleForm(forms.Form):
    name = forms.CharField(label="이름", help_text="실명을 적어 주세요.")
    category = forms.ModelChoiceField(label="분야", queryset=Category.objects.all(), required=False)
    role = forms.ChoiceField(label="구분", choices=[("", "---------"), *Member.Position.choices])
    agree = forms.BooleanField(label="동의합니다")
    channel = forms.ChoiceField(
        label="경로", choices=[("fax", "팩스"), ("phone", "전화")], widget=forms.RadioSelect
    )


def _render(form) -> str:
    template = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")
    return template.render({"form": form})


def test_it_writes_krds_field_groups_with_labels_and_hints(db):
    html = _render(SampleForm())
    assert '<div id="div_id_name" class="form-group">' in html
    assert '<div class="form-tit"><label for="id_name">이름</label></div>' in html
    assert 'class="textinput krds-input"' in html
    assert '<p id="id_name_helptext" class="form-hint">실명을 적어 주세요.</p>' in html
    assert 'class="select krds-form-select"' in html
    assert '<div class="krds-form-check">' in html
    assert '<legend class="form-tit">경로</legend>' in html


def test_a_select_offers_a_korean_blank_choice_not_dashes(db):
    html = _render(SampleForm())
    assert "---------" not in html
    assert html.count('<option value="" selected>선택하세요</option>') == 2


def test_errors_are_tied_to_their_control(db):
    html = _render(SampleForm(data={"name": "", "role": "", "channel": "fax"}))
    assert '<div class="form-conts is-error">' in html
    assert '<div id="id_name_error" class="form-hint-invalid"><p id="error_1_id_name">' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html
