"""Django's `static` tag library with literal paths' addresses remembered (config.settings
maps the `{% load static %}` label here).

`{% static "css/portal.css" %}` asks the storage for the same address on every page
(with the manifest storage, a lookup of the file's hashed name). The answer depends
only on the path, the storage's settings and the script prefix, so each node keeps it
per script prefix, and forgets it whenever a setting changes. A path given by a
variable is looked up every time, as Django does; so is a path the storage refuses
(a file missing from the manifest raises each time).
"""

from __future__ import annotations

from django.template import Library
from django.templatetags import static as django_static
from django.urls import get_script_prefix

from lib.templatetags.memo import memo_of, swap

register = Library()
register.tags.update(django_static.register.tags)
register.filters.update(django_static.register.filters)


class LiteralStaticNode(django_static.StaticNode):
    """`{% static "literal/path" %}`: the storage's answer, kept per script prefix."""

    def url(self, context):
        memo, prefix = memo_of(self), get_script_prefix()
        url = memo.get(prefix)
        if url is None:
            url = super().url(context)
            memo.put(prefix, url)
        return url


@register.tag("static")
def do_static(parser, token):
    node = django_static.do_static(parser, token)
    expression = node.path
    # A quoted path is parsed into its text (a variable stays a Variable).
    literal = not expression.filters and isinstance(expression.var, str)
    return swap(node, LiteralStaticNode) if literal else node
