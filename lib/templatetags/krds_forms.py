"""Helpers of the KRDS crispy template pack (templates/krds/)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

register = template.Library()

DJANGO_BLANK = "---------"


@register.simple_tag
def krds_blank_label(bound_field) -> str:
    """Say "선택하세요" on a select's empty choice instead of Django's "---------".

    Called by the pack's field.html before the select is drawn; changes the
    label only (the empty value and what is valid stay as the form made them).
    """
    field = bound_field.field
    if getattr(field, "empty_label", None) == DJANGO_BLANK:  # ModelChoiceField
        field.empty_label = gettext("선택하세요")
    else:
        choices = getattr(field, "choices", None)
        if choices and any(label == DJANGO_BLANK for _value, label in choices):
            field.choices = [
                (value, gettext("선택하세요") if label == DJANGO_BLANK else label)
                for value, label in choices
            ]
    return ""
