"""The one way a refused request reaches the user: an exception carrying a Korean message.

Services raise `Refused` (or a subclass) when a rule forbids what was asked;
views show `str(exc)` and keep what the user typed. Nothing else decides the
wording of a refusal.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class Refused(ValidationError):
    """A rule forbids the request; `str(exc)` is the Korean message for the user."""

    def __str__(self) -> str:
        return " ".join(str(message) for message in self.messages)
