"""Django's `i18n` tag library with constant translations remembered (config.settings
maps the `{% load i18n %}` label here).

Every tag is Django's own. Only `{% translate "literal" %}` changes how it answers: the
text of a literal message in a given language is a pure function of the catalogues,
so each node keeps its rendered text per (language, autoescape) instead of going
through the translation machinery again. A page says some thirty of them; asking
Django each time cost the staff dashboard and the opinion page about a tenth of their
template time (docs/PERFORMANCE.md, throughput). A message given by a variable, with
filters, or with a variable context is translated every time, as Django does. What
is kept is the interface's own text, never user data, and it is forgotten whenever a
setting changes (tests switch languages and catalogues).

`{% blocktranslate %}` keeps its message ids: Django rebuilds them from the block's
text on every render, though they never change.
"""

from __future__ import annotations

from django.template import Library
from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language

from lib.templatetags.cached_url import forget_render_environment, keep_render_environment
from lib.templatetags.memo import memo_of, swap

register = Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)


def _literal(expression) -> bool:
    """A quoted text without filters (parsed into its text, or into a literal Variable)."""
    return (
        expression is not None
        and not expression.filters
        and (
            isinstance(expression.var, str) or getattr(expression.var, "literal", None) is not None
        )
    )


class ConstantTranslateNode(django_i18n.TranslateNode):
    """A `{% translate %}` of a literal message: Django's answer, kept per language."""

    def render(self, context):
        memo, key = memo_of(self), (get_language(), context.autoescape)
        value = memo.get(key)
        if value is None:
            asvar, self.asvar = self.asvar, None
            try:
                value = super().render(context)
            finally:
                self.asvar = asvar
            memo.put(key, value)
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


class KeptIdsBlockTranslateNode(django_i18n.BlockTranslateNode):
    """`{% blocktranslate %}` with its singular and plural ids built once."""

    def render_token_list(self, tokens):
        memo = self.__dict__.setdefault("_ids", {})
        key = id(tokens)
        if key not in memo:
            memo[key] = super().render_token_list(tokens)
        text, names = memo[key]
        return text, list(names)


class LanguageNode(django_i18n.LanguageNode):
    """`{% language %}`: addresses inside it are reversed in its language, and after
    it in the page's again (lib.templatetags.cached_url keeps them per render)."""

    def render(self, context):
        outer = forget_render_environment(context)
        try:
            return super().render(context)
        finally:
            forget_render_environment(context)
            if outer is not None:
                keep_render_environment(context, outer)


@register.tag("language")
def language(parser, token):
    return swap(django_i18n.language(parser, token), LanguageNode)


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = django_i18n.do_translate(parser, token)
    constant = _literal(node.filter_expression) and (
        node.message_context is None or _literal(node.message_context)
    )
    return swap(node, ConstantTranslateNode) if constant else node


@register.tag("blocktranslate")
@register.tag("blocktrans")
def do_block_translate(parser, token):
    return swap(django_i18n.do_block_translate(parser, token), KeptIdsBlockTranslateNode)
