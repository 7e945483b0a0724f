"""A commitment's place in the 지역사회보장계획: its 세부사업, 성과지표, 목표·실적, 예산.

One rule home: `set_plan_fields` files a commitment under a 세부사업 of its own
council (made on first use of a code) and records the indicator figures. The same
code may be used by two councils; each keeps its own 세부사업 row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from lib.errors import Refused
from proposals.models import Commitment, PlanProject

CODE_RE = re.compile(r"^[0-9A-Za-z가-힣][0-9A-Za-z가-힣._-]{0,29}$")


@dataclass(frozen=True)
class PlanFields:
    project_code: str = ""
    project_name: str = ""
    indicator: str = ""
    unit: str = ""
    target_value: Decimal | None = None
    actual_value: Decimal | None = None
    budget: int | None = None


def plan_errors(fields: PlanFields, *, council_id: int) -> list[tuple[str, str]]:
    """What is wrong with the fields, as (field, Korean message); reads the council's
    세부사업 of that code when one is given."""
    errors: list[tuple[str, str]] = []
    code, name = fields.project_code.strip(), fields.project_name.strip()
    if code and not CODE_RE.match(code):
        errors.append(
            ("project_code", _("세부사업 코드는 글자·숫자·점·하이픈으로 30자까지 적습니다."))
        )
    elif code:
        existing = PlanProject.objects.filter(council_id=council_id, code=code).first()
        if existing is None and not name:
            errors.append(("project_name", _("새 세부사업 코드이면 세부사업명을 적어 주세요.")))
        elif existing is not None and name and name != existing.name:
            errors.append(
                (
                    "project_name",
                    _("이 협의체에서 코드 %(code)s는 ‘%(name)s’ 세부사업입니다.")
                    % {"code": code, "name": existing.name},
                )
            )
    elif name:
        errors.append(("project_code", _("세부사업명을 적으면 코드도 적어 주세요.")))
    has_figures = fields.target_value is not None or fields.actual_value is not None
    if has_figures and not fields.indicator.strip():
        errors.append(("indicator", _("목표값·실적값을 적으면 성과지표도 적어 주세요.")))
    for name_, value in (
        ("target_value", fields.target_value),
        ("actual_value", fields.actual_value),
    ):
        if value is not None and value < 0:
            errors.append((name_, _("0 이상의 값을 적어 주세요.")))
    return errors


@transaction.atomic
def set_plan_fields(*, commitment: Commitment, fields: PlanFields) -> Commitment:
    """Record the plan fields (refused with the reasons when they are wrong)."""
    council_id = commitment.department.council_id
    errors = plan_errors(fields, council_id=council_id)
    if errors:
        raise Refused(" ".join(message for _f, message in errors), code="plan_fields")
    code = fields.project_code.strip()
    project = None
    if code:
        project, _created = PlanProject.objects.get_or_create(
            council_id=council_id, code=code, defaults={"name": fields.project_name.strip()}
        )
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    locked.plan_project = project
    locked.indicator = fields.indicator.strip()
    locked.unit = fields.unit.strip()
    locked.target_value = fields.target_value
    locked.actual_value = fields.actual_value
    locked.budget = fields.budget
    locked.save(
        update_fields=[
            "plan_project",
            "indicator",
            "unit",
            "target_value",
            "actual_value",
            "budget",
        ]
    )
    return locked
