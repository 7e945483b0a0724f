"""`{% load i18n %}` and `{% load static %}` are Django's libraries with the answers for
literal messages and paths remembered (lib.templatetags.i18n_memo / static_memo,
mapped in config.settings): the same text as Django's, in every language, escaped as
Django escapes it, and forgotten when a setting changes."""

from __future__ import annotations

import pytest
from django.template import engines
from django.templatetags.static import static
from django.urls import reverse, set_script_prefix
from django.utils import translation

from lib.templatetags import i18n_memo, static_memo


def _template(source: str):
    return engines["django"].from_string(source)


def test_the_libraries_are_the_remembering_ones():
    nodes = _template(
        "{% load i18n static %}{% translate '로그인' %}{% static 'css/portal.css' %}"
        "{% blocktranslate %}x{% endblocktranslate %}{% translate name %}{% static path %}"
    ).template.nodelist
    kinds = [type(n) for n in nodes][1:]
    with_context = _template("{% load i18n %}{% translate '메뉴' context '위치' %}")
    assert type(with_context.template.nodelist[1]) is i18n_memo.ConstantTranslateNode
    assert kinds[0] is i18n_memo.ConstantTranslateNode
    assert kinds[1] is static_memo.LiteralStaticNode
    assert kinds[2] is i18n_memo.KeptIdsBlockTranslateNode
    # A message or a path in a variable is looked up every time, as Django does.
    assert kinds[3] is not i18n_memo.ConstantTranslateNode
    assert kinds[4] is not static_memo.LiteralStaticNode


def test_only_the_two_mapped_labels_name_two_modules():
    """templates.W003 is silenced in settings for the i18n and static mapping only."""
    from django.core import checks

    doubled = [m.msg for m in checks.run_checks(tags=["templates"]) if m.id == "templates.W003"]
    assert sorted(msg.split("'")[1] for msg in doubled) == ["i18n", "static"]
    assert all("_memo" in msg for msg in doubled)


def test_a_literal_message_follows_the_active_language():
    page = _template("{% load i18n %}{% translate '회의 결과 공개' %}")
    with translation.override("en"):
        assert page.render({}) == "Published results"
    with translation.override("ko"):
        assert page.render({}) == "회의 결과 공개"
    with translation.override("en"):
        assert page.render({}) == "Published results"  # kept per language, not the first one


def _in(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def test_blocktranslate_with_plural_and_variables_as_django():
    page = _template(
        "{% load i18n %}{% blocktranslate count n=k %}{{ n }} item{% plural %}{{ n }} items"
        "{% endblocktranslate %}/{% blocktranslate with who=name %}by {{ who }}"
        "{% endblocktranslate %}"
    )
    with translation.override("en"):
        assert page.render({"k": 1, "name": "<b>"}) == "1 item/by &lt;b&gt;"
        assert page.render({"k": 3, "name": "x"}) == "3 items/by x"


def test_a_settings_change_forgets_what_was_kept(settings):
    page = _template("{% load i18n %}{% translate '회의 결과 공개' %}")
    with translation.override("en"):
        assert page.render({}) == "Published results"
        settings.LOCALE_PATHS = []  # no catalogue of ours: Django answers the message itself
        assert page.render({}) == "회의 결과 공개"


def test_static_addresses_as_django_and_per_script_prefix():
    page = _template("{% load static %}{% static 'css/portal.css' %}")
    assert page.render({}) == static("css/portal.css")
    try:
        set_script_prefix("/portal/")
        assert page.render({}) == static("css/portal.css")  # what Django says there
    finally:
        set_script_prefix("/")
    assert page.render({}) == static("css/portal.css")


def test_static_address_follows_a_storage_change(settings):
    page = _template("{% load static %}{% static 'css/portal.css' %}")
    before = page.render({})
    settings.STATIC_URL = "/elsewhere/"
    after = page.render({})
    assert after != before
    assert after == static("css/portal.css")


def test_language_tag_reverses_addresses_in_its_language_and_back():
    page = _template(
        "{% load i18n %}{% url 'home' %}|{% language 'en' %}{% translate '회의 결과 공개' %}"
        "{% url 'home' %}{% endlanguage %}|{% translate '회의 결과 공개' %}"
    )
    with translation.override("ko"):
        out = page.render({}).split("|")
    assert out[0] == reverse("home")
    assert out[1] == "Published results" + reverse("home")
    assert out[2] == "회의 결과 공개"


_DJANGO = None


def _as_django(source: str, context: dict) -> str:
    """The same source through Django's own i18n library."""
    from django.template import Context, Engine

    global _DJANGO
    if _DJANGO is None:
        _DJANGO = Engine(libraries={"i18n": "django.templatetags.i18n"})
    return _DJANGO.from_string(source).render(Context(context))


@pytest.mark.parametrize(
    "source",
    [
        "{% translate '{{ x }}' %}",
        "{% translate '50%' %}",
        "{% translate 'a < b' as t %}[{{ t }}]{% translate 'a < b' %}",
        "{% autoescape off %}{% translate 'a < b' %}{% endautoescape %}{% translate 'a < b' %}",
        "{% translate '회의 결과 공개' context '메뉴' %}",
        "{% translate '회의 결과 공개' noop %}",
        "{% translate msg %}",
    ],
)
def test_renders_as_django(source):
    source = "{% load i18n %}" + source
    context = {"msg": "a & b"}
    for language in ("ko", "en"):
        with translation.override(language):
            page = _template(source)
            ours = page.render(context)
            assert ours == _as_django(source, context)
            assert page.render(context) == ours  # and again, from what the node kept
