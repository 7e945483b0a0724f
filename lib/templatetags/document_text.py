"""Template filters for documents: long runs made breakable, particles by the last sound.

`{{ value|breakable }}` escapes plain text and lets a very long run without
spaces wrap (web pages keep words whole with `word-break: keep-all`; every PDF
gets that from lib.pdf.render_pdf). `{{ name|josa:"(으)로" }}` prints only the
particle that follows `name`.
"""

from django import template
from django.utils.safestring import SafeString

from lib.korean import keep_words_html, particle

register = template.Library()


@register.filter(is_safe=True)
def breakable(value: object) -> SafeString:
    """Escape `value`, with a break opportunity inside very long unbroken runs."""
    return keep_words_html(value)


@register.filter
def josa(value: object, kind: str) -> str:
    """The particle after `value`: `{{ name|josa:"을/를" }}` → 을 or 를."""
    return particle(value, kind)
