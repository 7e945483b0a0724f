"""`{% url %}` answers from remembered addresses (lib.templatetags.cached_url, a template
builtin): the same text as Django's reverse(), under the URLconf, prefix and namespace."""

from __future__ import annotations

import pytest
from django.template import engines
from django.urls import NoReverseMatch, reverse, set_script_prefix

from lib.templatetags import cached_url


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def test_the_tag_is_the_remembering_one_on_every_template():
    node = engines["django"].from_string("{% url 'home' %}").template.nodelist[0]
    assert isinstance(node, cached_url.CachedURLNode)


def test_same_addresses_as_reverse_and_remembered():
    cached_url.forget()
    source = "{% url 'portal:dashboard' slug %}|{% url 'council:meeting_detail' slug 'x-1' %}"
    first = _render(source, slug="gangbuk")
    assert first == (
        reverse("portal:dashboard", args=["gangbuk"])
        + "|"
        + reverse("council:meeting_detail", args=["gangbuk", "x-1"])
    )
    assert len(cached_url._reversed) == 2
    assert _render(source, slug="gangbuk") == first  # from memory, same text
    assert _render(source, slug="nowon").startswith(reverse("portal:dashboard", args=["nowon"]))


def test_as_variable_and_missing_names_as_django():
    assert _render("{% url 'portal:dashboard' 'gangbuk' as u %}[{{ u }}]") == (
        "[" + reverse("portal:dashboard", args=["gangbuk"]) + "]"
    )
    assert _render("{% url 'no-such-page' as u %}[{{ u }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        _render("{% url 'no-such-page' %}")


def test_the_script_prefix_is_part_of_the_key():
    cached_url.forget()
    try:
        set_script_prefix("/portal/")
        assert _render("{% url 'home' %}") == "/portal/"
    finally:
        set_script_prefix("/")
    assert _render("{% url 'home' %}") == "/"


def test_another_urlconf_is_not_answered_from_memory(settings):
    before = _render("{% url 'home' %}")
    settings.ROOT_URLCONF = "tests.core.prefixed_urls"
    assert _render("{% url 'home' %}") == "/prefixed" + before
    assert _render("{% url 'home' %}") == "/prefixed" + before  # remembered under its URLconf


def test_arguments_other_than_text_and_numbers_are_not_remembered():
    cached_url.forget()

    class Slug:
        def __str__(self):
            return "gangbuk"

    assert _render("{% url 'portal:dashboard' slug %}", slug=Slug()) == reverse(
        "portal:dashboard", args=["gangbuk"]
    )
    assert cached_url._reversed == {}


def test_a_one_time_token_in_a_link_is_not_kept():
    cached_url.forget()
    token = "cx4q2a-" + "0123456789abcdef" * 2  # as PasswordResetTokenGenerator makes
    assert _render("{% url 'password_reset_confirm' uidb64='MTI' token=token %}", token=token) == (
        reverse("password_reset_confirm", kwargs={"uidb64": "MTI", "token": token})
    )
    assert cached_url._reversed == {}
