"""The one way a refused request reaches the user: an exception carrying a Korean message.

Services raise `Refused` (or a subclass) when a rule forbids what was asked;
views show `str(exc)` and keep what the user typed. Nothing else decides the
wording of a refusal.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class Refused(ValidationError):
    """A rule forbids the request; `str(exc)` is the Korean message for the user."""

    def __str__(self) -> str:
        return " ".join(str(message) for message in self.messages)


class StaleVersion(Refused):
    """The one optimistic-lock conflict: the object changed since the form was
    loaded (its `version` moved on), or the save would replace what someone
    else sent. Nothing was written; `current` is the object as stored now
    (None if it was never saved), for the page that shows both versions."""

    def __init__(self, message: str | None = None, *, current: Any) -> None:
        super().__init__(
            message or _("저장하지 않았습니다. 이 양식을 여신 뒤에 다른 곳에서 먼저 저장했습니다.")
        )
        self.current = current
