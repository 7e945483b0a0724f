"""Moving one item up or down a numbered list: the one rule for agenda items,
categories and proposals.

The caller locks and loads the list (in its order), asks `swap_with_neighbour`
for the new order, then writes the numbers its own way (proposals must step
around a unique constraint and record history; the others just save).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from django.utils.translation import gettext as _

from lib.errors import Refused

T = TypeVar("T")
UP, DOWN = "up", "down"


def swap_with_neighbour(items: Sequence[T], index: int, direction: str) -> list[T]:
    """`items` with the one at `index` swapped with the one above or below it.

    Refused (in Korean) when the direction is unknown or the item is already
    at that end, so every list answers a useless move the same way.
    """
    if direction not in (UP, DOWN):
        raise Refused(_("위로 또는 아래로만 옮길 수 있습니다."))
    target = index - 1 if direction == UP else index + 1
    if not 0 <= target < len(items):
        raise Refused(_("더 이상 옮길 수 없습니다."))
    reordered = list(items)
    reordered[index], reordered[target] = reordered[target], reordered[index]
    return reordered


def renumber(items: Sequence, *, field: str = "order") -> None:
    """Save `field` as 1..n in the given order, writing only the rows that change."""
    for number, item in enumerate(items, start=1):
        if getattr(item, field) != number:
            setattr(item, field, number)
            item.save(update_fields=[field])


def move_page(request, move: Callable[[str], object], *, done: str, back: str):
    """The POST of a list's 위로/아래로 button: `move(direction)`, then back to the list
    saying it moved (`done`) or why it did not."""
    from django.contrib import messages
    from django.shortcuts import redirect

    try:
        move(request.POST.get("direction", ""))
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(back)
