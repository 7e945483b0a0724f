"""The agenda of a meeting (items, materials, report snapshots) and the council's categories.

The agenda may change only while the meeting allows it (`Meeting.agenda_editable`).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from council.models import (
    AgendaItem,
    Attachment,
    Category,
    Council,
    Meeting,
)
from council.services.meetings import TransitionError
from lib.ordering import renumber, swap_with_neighbour


def _lock_for_agenda(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.agenda_editable():
        raise TransitionError(_("마감된 회의의 안건과 자료는 고칠 수 없습니다."))
    return meeting


@transaction.atomic
def save_agenda_item(*, item: AgendaItem) -> AgendaItem:
    """Add (numbered last) or update an agenda item while the agenda may change."""
    meeting = _lock_for_agenda(item.meeting)
    if item.pk is None:
        item.order = (meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1
    item.save()
    return item


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, direction: str) -> None:
    """Swap the item with its neighbour; orders stay 1..n."""
    _lock_for_agenda(item.meeting)
    items = list(AgendaItem.objects.select_for_update().filter(meeting=item.meeting_id))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    renumber(swap_with_neighbour(items, index, direction))


@transaction.atomic
def delete_agenda_item(*, item: AgendaItem) -> None:
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    if not meeting.agenda_items_deletable():
        raise TransitionError(_("준비 중인 회의의 안건만 삭제할 수 있습니다."))
    files = [a.file.name for a in item.attachments.all()]
    item.delete()
    renumber(list(AgendaItem.objects.select_for_update().filter(meeting=meeting)))
    _delete_files_on_commit(files)


@transaction.atomic
def add_attachment(
    *, item: AgendaItem, upload, original_name: str, content_type: str, user: User
) -> Attachment:
    _lock_for_agenda(item.meeting)
    return Attachment.objects.create(
        agenda_item=item,
        file=upload,
        original_name=original_name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )


@transaction.atomic
def delete_attachment(*, attachment: Attachment) -> None:
    _lock_for_agenda(attachment.agenda_item.meeting)
    name = attachment.file.name
    attachment.delete()
    _delete_files_on_commit([name])


def _delete_files_on_commit(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def attach_snapshot(*, item: AgendaItem, snapshot: dict, as_of: dt.date) -> AgendaItem:
    """Freeze a report (lib.snapshots) into the agenda item as meeting material."""
    _lock_for_agenda(item.meeting)
    item.snapshot = snapshot
    item.snapshot_as_of = as_of
    item.save(update_fields=["snapshot", "snapshot_as_of"])
    return item


@transaction.atomic
def add_category(*, council: Council, name: str) -> Category:
    """A new category, last in the council's order."""
    Council.objects.select_for_update().filter(pk=council.pk).first()
    last = Category.objects.filter(council=council).aggregate(m=Max("order"))["m"] or 0
    return Category.objects.create(council=council, name=name, order=last + 1)


@transaction.atomic
def move_category(*, category: Category, direction: str) -> None:
    """Swap a category with its neighbour in the council's order (kept 1..n)."""
    categories = list(Category.objects.select_for_update().filter(council=category.council_id))
    index = next(i for i, c in enumerate(categories) if c.pk == category.pk)
    renumber(swap_with_neighbour(categories, index, direction))
