"""A council's categories (분야) as its kind starts them, and their removal.

`start_council_of_kind` gives a new council its kind's purpose line and default
categories (council creation calls it); `delete_category` removes a category
only while nothing uses it, and otherwise says what does.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _

from council.models import Category, Council, OpinionPoint
from lib.errors import Refused
from lib.ordering import renumber


@transaction.atomic
def start_council_of_kind(council: Council) -> None:
    """Fill what a new council of its kind starts with: the purpose line when empty,
    and the kind's default categories when it has none."""
    profile = council.profile
    if not council.purpose:
        council.purpose = str(profile.purpose)
        council.save(update_fields=["purpose"])
    if not Category.objects.filter(council=council).exists():
        Category.objects.bulk_create(
            Category(council=council, name=str(name), order=order)
            for order, name in enumerate(profile.categories, start=1)
        )


@transaction.atomic
def delete_category(*, category: Category) -> None:
    """Remove a category nothing uses; refused, with the reason, while proposals
    (kept by the database: PROTECT) or members' opinion points are filed under it."""
    locked = Category.objects.select_for_update().get(pk=category.pk)
    points = OpinionPoint.objects.filter(category=locked).count()
    try:
        with transaction.atomic():
            if points:
                raise Refused("", code="category_in_use")
            locked.delete()
    except (ProtectedError, Refused) as exc:
        proposals = len(exc.protected_objects) if isinstance(exc, ProtectedError) else 0
        used = [
            _("건의사항 %(count)s건") % {"count": proposals} if proposals else "",
            _("위원 의견 %(count)s건") % {"count": points} if points else "",
        ]
        raise Refused(
            _(
                "‘%(name)s’ 분야는 %(used)s에 쓰이고 있어 지울 수 없습니다. "
                "분야 이름을 바꾸거나 순서를 옮겨 주세요."
            )
            % {"name": locked.name, "used": ", ".join(u for u in used if u)},
            code="category_in_use",
        ) from exc
    renumber(list(Category.objects.select_for_update().filter(council=locked.council_id)))
