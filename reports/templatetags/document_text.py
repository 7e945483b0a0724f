"""Presentation of user text in the result document."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Pango shapes an unbroken run in time that grows with the square of its
# length: 600 Hangul syllables without a space cost ~1 s in WeasyPrint, 5,000
# over a minute. A break opportunity every 40 characters keeps it linear and
# changes nothing for ordinary Korean prose, which has spaces far more often.
LONG_RUN = re.compile(r"\S{40}(?=\S)")


@register.filter(is_safe=True)
def breakable(value: object) -> SafeString:
    """Escape `value` and allow a line break (`<wbr>`) inside very long unbroken runs."""
    text = str(value)
    parts: list[str] = []
    start = 0
    for match in LONG_RUN.finditer(text):
        parts.append(escape(text[start : match.end()]))
        parts.append("<wbr>")
        start = match.end()
    parts.append(escape(text[start:]))
    # Every piece of user text above went through escape(); only our <wbr> is markup.
    return mark_safe("".join(parts))  # noqa: S308
