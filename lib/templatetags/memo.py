"""What a template node keeps of its own answers, forgotten whenever a setting changes
(tests switch languages, catalogues, URLconfs and storages). Used by i18n_memo and
static_memo; not a tag library (it registers nothing)."""

from __future__ import annotations

from django.core.signals import setting_changed

_generation = 0  # bumped on every settings change: older memos are dropped


def _forget(**_kwargs) -> None:
    global _generation
    _generation += 1


setting_changed.connect(_forget, dispatch_uid="lib.templatetags.memo.forget")


class NodeMemo:
    """A node's answers by key (language, script prefix...), valid until a setting changes."""

    __slots__ = ("_generation", "_values")

    def __init__(self):
        self._generation, self._values = _generation, {}

    def get(self, key):
        if self._generation != _generation:
            self._generation, self._values = _generation, {}
        return self._values.get(key)

    def put(self, key, value) -> None:
        self._values[key] = value


def memo_of(node) -> NodeMemo:
    """The node's memo (nodes get their class swapped after parsing, so no __init__)."""
    found = node.__dict__.get("_memo")
    if found is None:
        found = node.__dict__["_memo"] = NodeMemo()
    return found


def swap(node, cls):
    """Parse with Django's tag function, then answer with `cls` (a subclass of its node)."""
    node.__class__ = cls
    return node
