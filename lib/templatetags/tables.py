"""`{% for label, cell in row|with_labels:columns %}`: each cell with its column's
name, for tables whose rows become label–value cards on a phone (`.table-cards`)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def with_labels(row, columns) -> list[tuple[str, str]]:
    labels = list(columns or [])
    return [(labels[i] if i < len(labels) else "", cell) for i, cell in enumerate(row or [])]
