"""One badge for every status shown as a coloured label.

A model says what its status means to the eye through a tone (Bootstrap's
contextual words: success, warning, secondary, primary, dark, danger), named
once next to the status (`Facility.status_tone`, `DepartmentResponse.status_tone`,
`CommitmentStatus.tone` …); this tag alone turns the tone into the badge's
classes, so no template maps a status string to a colour.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()

TONES = frozenset({"success", "warning", "secondary", "primary", "dark", "danger"})


@register.simple_tag
def badge(label, tone: str, extra: str = "") -> str:
    """`<span class="badge text-bg-<tone> <extra>">label</span>` (label escaped)."""
    if tone not in TONES:
        raise ValueError(f"unknown badge tone {tone!r}")
    classes = " ".join(part for part in ("badge", f"text-bg-{tone}", extra) if part)
    return format_html('<span class="{}">{}</span>', classes, label)
