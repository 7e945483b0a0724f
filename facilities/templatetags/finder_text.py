"""The public finder's council-level text in the page's language (facilities.english)."""

from django import template

from facilities import english

register = template.Library()


@register.filter
def district_name(council) -> str:
    """`금정구`, or `Geumjeong-gu` on an English page."""
    return english.district(council)


@register.filter
def dong_name(dong) -> str:
    """The 동's name, or its official English name / romanization on an English page."""
    return english.dong(dong)


@register.filter
def finder_notice(council) -> english.Text:
    """The finder's notice: English where staff entered it, else Korean marked as such."""
    return english.free_text(council.finder_notice, council.finder_notice_en)
