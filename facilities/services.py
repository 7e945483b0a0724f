"""Writes to the registry that touch more than one row: the xlsx import."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from council.models import Council
from facilities.importer import Action, RowResult, judge_rows
from facilities.models import Facility, FacilityFigures
from lib.imports import ConflictsRemain

BATCH_SIZE = 500


class ImportRejected(ConflictsRemain):
    """The rows no longer validate against the registry; nothing was written."""

    def __init__(self, results: list[RowResult]):
        first = next((r.row for r in results if r.errors), None)
        super().__init__(
            _(
                "그 사이 등록부가 바뀌어 %(row)s행을 반영할 수 없습니다. "
                "아무것도 반영하지 않았습니다. 파일을 다시 올려 주세요."
            )
            % {"row": first or "-"}
        )
        self.results = results


def apply_import(*, council: Council, user: User, rows: list[dict]) -> list[RowResult]:
    """Judge `rows` again against the registry as it is now and write all of them, or none.

    Raises ImportRejected (and writes nothing) when any row has an error, or
    when the database refuses a row that changed meanwhile (a unique code).
    Writes in batches (facilities with their history records, then figures):
    the number of queries does not grow with the number of rows.
    """
    try:
        return _apply_import(council=council, user=user, rows=rows)
    except IntegrityError:
        raise ImportRejected([]) from None


@transaction.atomic
def _apply_import(*, council: Council, user: User, rows: list[dict]) -> list[RowResult]:
    # Two confirms of the same upload (a double click, two tabs) run one after
    # the other: the second judges the rows against what the first wrote.
    Council.objects.select_for_update().filter(pk=council.pk).first()
    results = judge_rows(council=council, rows=rows)
    if any(r.action == Action.ERROR for r in results):
        raise ImportRejected(results)
    saved_by_code = _write_facilities(results, user)
    _write_figures(results, user, saved_by_code)
    return results


def _write_facilities(results: list[RowResult], user: User) -> dict[str, Facility]:
    """The new and changed facilities, with their history records; the new ones by code."""
    now = timezone.now()
    reason = gettext("엑셀 파일 가져오기")
    created: list[Facility] = []
    # Changed facilities grouped by the fields that changed: bulk_update writes a
    # CASE per field and row, so updating only those fields is much cheaper (an
    # edited spreadsheet usually changes the same column or two on many rows).
    updated: dict[tuple[str, ...], list[Facility]] = {}
    for result in results:
        if not result.facility_changed:
            continue
        facility = result.facility
        facility.updated_by = user
        facility.updated_at = now  # bulk_update does not apply auto_now
        if facility.pk:
            updated.setdefault(tuple(result.changed_fields), []).append(facility)
        else:
            created.append(facility)
    history = {"default_user": user, "default_change_reason": reason, "default_date": now}
    saved_by_code: dict[str, Facility] = {}
    if created:
        # The returned objects carry primary keys even on databases that do not
        # return them from a bulk insert (simple_history reads them back).
        for facility in bulk_create_with_history(
            created, Facility, batch_size=BATCH_SIZE, **history
        ):
            saved_by_code[facility.code] = facility
    for fields, facilities in updated.items():
        bulk_update_with_history(
            facilities,
            Facility,
            [*fields, "updated_at", "updated_by"],
            batch_size=BATCH_SIZE,
            **history,
        )
    return saved_by_code


def _write_figures(
    results: list[RowResult], user: User, saved_by_code: dict[str, Facility]
) -> None:
    """The new and changed figures, in batches."""
    new_figures: list[FacilityFigures] = []
    changed_figures: dict[tuple[str, ...], list[FacilityFigures]] = {}
    for result in results:
        if result.figures is None or not result.figures_changed:
            continue
        figures = result.figures
        current = result.existing_figures
        if current is None:
            facility = result.facility
            current = FacilityFigures(
                facility=saved_by_code.get(facility.code, facility), as_of=figures["as_of"]
            )
            new_figures.append(current)
        else:
            changed_figures.setdefault(tuple(result.changed_figures), []).append(current)
        for name in FacilityFigures.VALUE_FIELDS:
            setattr(current, name, figures[name])
        current.recorded_by = user
    FacilityFigures.objects.bulk_create(new_figures, batch_size=BATCH_SIZE)
    for fields, figures in changed_figures.items():
        FacilityFigures.objects.bulk_update(
            figures, [*fields, "recorded_by"], batch_size=BATCH_SIZE
        )
