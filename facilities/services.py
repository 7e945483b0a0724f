"""Writes to the registry that touch more than one row: the xlsx import."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext
from simple_history.utils import update_change_reason

from council.models import Council
from facilities.importer import Action, RowResult, judge_rows
from facilities.models import FacilityFigures


class ImportRejected(Exception):
    """The rows no longer validate; nothing was written."""

    def __init__(self, results: list[RowResult]):
        super().__init__("import rejected")
        self.results = results


@transaction.atomic
def apply_import(*, council: Council, user: User, rows: list[dict]) -> list[RowResult]:
    """Judge `rows` again against the registry as it is now and write all of them, or none.

    Raises ImportRejected (and writes nothing) when any row has an error.
    """
    results = judge_rows(council=council, rows=rows)
    if any(r.action == Action.ERROR for r in results):
        raise ImportRejected(results)
    for result in results:
        if result.action == Action.UNCHANGED:
            continue
        form = result.facility_form
        facility = form.instance
        if result.facility_changed:
            facility = form.save(commit=False)
            facility.council = council
            facility.updated_by = user
            facility.save()
            update_change_reason(facility, gettext("xlsx 가져오기"))
        if result.figures_form is not None and result.figures_changed:
            cleaned = result.figures_form.cleaned_data
            FacilityFigures.objects.update_or_create(
                facility=facility,
                as_of=cleaned["as_of"],
                defaults={
                    "capacity": cleaned["capacity"],
                    "enrolled": cleaned["enrolled"],
                    "waiting": cleaned["waiting"],
                    "over_capacity_reason": cleaned["over_capacity_reason"],
                    "recorded_by": user,
                },
            )
    return results
