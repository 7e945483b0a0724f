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
LONG_RUN = 40
# Korean lines break between words (어절), as district documents do. Browsers
# do that with `word-break: keep-all`; WeasyPrint does not know it and breaks
# between any two syllables ("시/범"), so each Hangul word is kept whole in a
# `nowrap` span (.rd-w). Only words that fit a narrow table cell: a longer run
# (a pasted string without spaces) keeps breaking anywhere rather than overflow.
KEEP_WHOLE = 12
TOKENS = re.compile(r"(\s+)")
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


def _word(token: str, keep_whole: bool) -> str:
    if keep_whole and len(token) <= KEEP_WHOLE and HANGUL.search(token):
        return f'<span class="rd-w">{escape(token)}</span>'
    if len(token) > LONG_RUN:
        chunks = [token[i : i + LONG_RUN] for i in range(0, len(token), LONG_RUN)]
        return "<wbr>".join(escape(chunk) for chunk in chunks)
    return escape(token)


@register.filter(is_safe=True)
def breakable(value: object, for_pdf: bool = False) -> SafeString:
    """Escape `value` and allow a line break (`<wbr>`) inside very long unbroken
    runs; for the PDF (`|breakable:for_pdf`) also keep short Hangul words whole
    on a line (web pages get that from CSS)."""
    parts = [
        escape(token) if not token or token.isspace() else _word(token, bool(for_pdf))
        for token in TOKENS.split(str(value))
    ]
    # Every piece of user text above went through escape(); only our spans and
    # <wbr> are markup.
    return mark_safe("".join(parts))  # noqa: S308
