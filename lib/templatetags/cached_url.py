"""`{% url %}` with the reversed addresses remembered (a template builtin: config.settings).

The same tag and the same result as Django's: `reverse()` is a pure function of the URL
patterns, the URLconf, the script prefix, the language and the namespace being served,
so the answer is kept under all of them. A page's navigation, footer and rows ask for
some thirty addresses; reversing each again cost the staff dashboard ~0.6 ms per request
(docs/PERFORMANCE.md, throughput). No user data is kept: addresses only, bounded in
number, and forgotten whenever a setting changes (tests swap the URLconf).

Arguments that are not plain strings or integers (a model, a lazy string) are reversed
every time, as Django does, since their text could change; so are texts longer than a
slug (a one-time token in a link is never kept).
"""

from __future__ import annotations

from django import template
from django.core.signals import setting_changed
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# Addresses by (URLconf, prefix, language, namespace, name, args, kwargs). Cleared when full.
_MAX = 4096
_reversed: dict[tuple, str] = {}
# Template literals are SafeStrings: the same text as str.
_PLAIN = (str, SafeString, int)
_NONE = object()
_LONGEST = 32


def forget(**_kwargs) -> None:
    _reversed.clear()


setting_changed.connect(forget, dispatch_uid="lib.cached_url.forget")


def _keepable(value) -> bool:
    # Slugs, codes and ids; a long text may be a one-time token (the password reset
    # e-mail's link), which is never kept in memory.
    return type(value) in _PLAIN and (type(value) is int or len(value) <= _LONGEST)


def environment() -> tuple:
    """What a reversed address depends on besides its arguments: the URLconf, the
    script prefix and the language."""
    return (get_urlconf(), get_script_prefix(), get_language())


_ENVIRONMENT = "_cached_url_environment"


def render_environment(context) -> tuple:
    """`environment()` once per render: none of it changes while a page renders, except
    the language inside `{% language %}` (lib.templatetags.i18n_memo forgets it there)."""
    found = context.__dict__.get(_ENVIRONMENT)
    if found is None:
        found = context.__dict__[_ENVIRONMENT] = environment()
    return found


def forget_render_environment(context) -> tuple | None:
    """Drop the render's environment (returned, to be put back with `keep_...`)."""
    return context.__dict__.pop(_ENVIRONMENT, None)


def keep_render_environment(context, found: tuple) -> None:
    context.__dict__[_ENVIRONMENT] = found


def cached_reverse(
    view_name, args: list, kwargs: dict, current_app: str | None, env: tuple | None = None
) -> str:
    """`reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)`, remembered
    when every argument is a plain string or integer (NoReverseMatch is never kept).
    `env` is `environment()` when the caller has it."""
    if (
        type(view_name) not in _PLAIN
        or not all(_keepable(v) for v in args)
        or not all(_keepable(v) for v in kwargs.values())
    ):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    key = (
        env or environment(),
        current_app,
        view_name,
        tuple(args),
        tuple(sorted(kwargs.items())) if kwargs else (),
    )
    url = _reversed.get(key)
    if url is None:
        url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        if len(_reversed) >= _MAX:
            _reversed.clear()
        _reversed[key] = url
    return url


class CachedURLNode(URLNode):
    def render(self, context):
        from django.urls import NoReverseMatch

        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        # As Django's: the request's current_app, else the namespace being served
        # (looked up without raising: an exception per tag cost more than the lookup).
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", _NONE)
        if current_app is _NONE:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        url = ""
        try:
            url = cached_reverse(view_name, args, kwargs, current_app, render_environment(context))
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """Django's `{% url %}` (same syntax, same errors), answered from `cached_reverse`."""
    node = django_url(parser, token)
    node.__class__ = CachedURLNode
    return node
