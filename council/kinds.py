"""What kind of council a council is, and what a new one of each kind starts with.

The one place council kinds are listed: the `Council.kind` field takes its
choices from `CouncilKind`, and `createcouncil` (and the administrator's
"새 협의체" form) give a new council the categories of its kind. Add a kind here
(and its default categories) and a migration that only changes the field's
choices; nothing else names the kinds.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CouncilKind(models.TextChoices):
    # 2026: every district runs one with its 교육(지원)청 (the default for a new council).
    ELEMENTARY_CARE = "elementary_care", _("지역 초등돌봄·교육 협의체")
    # The seed's council (2023).
    CHILD_CARE = "child_care", _("지역아동돌봄협의체")


DEFAULT_KIND = CouncilKind.ELEMENTARY_CARE

# A new council's categories (분야), in order; staff rename, reorder and add to them
# at /c/<council>/categories/.
DEFAULT_CATEGORIES: dict[str, list[str]] = {
    CouncilKind.ELEMENTARY_CARE: ["시설 확충", "운영", "지역사회 연계"],
    CouncilKind.CHILD_CARE: ["시설 확충", "운영", "지역사회 연계"],
}


def default_categories(kind: str) -> list[str]:
    return DEFAULT_CATEGORIES.get(kind, DEFAULT_CATEGORIES[DEFAULT_KIND])
