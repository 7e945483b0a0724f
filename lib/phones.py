"""Korean mobile numbers: one stored form, whatever form was typed.

`010-1234-5678`, `010 1234 5678`, `01012345678`, `+82 10-1234-5678` and
`+82 010 1234 5678` all become `01012345678`. A landline (`02-…`, `051-…`,
`070-…`) cannot receive 문자 and is refused with a Korean message.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MOBILE = re.compile(r"^01[016789]\d{7,8}$")
_SEPARATORS = re.compile(r"[\s\-.()]")


def normalize_mobile(raw: str) -> str:
    """The number as 11 (or 10) digits starting with 01; ValidationError otherwise."""
    value = _SEPARATORS.sub("", raw or "")
    if value.startswith("+82"):
        value = value[3:]
        value = value if value.startswith("0") else "0" + value
    elif value.startswith("0082"):
        value = "0" + value[4:].lstrip("0")
    if not value.isdigit():
        raise ValidationError(
            _("휴대전화 번호는 숫자로 적어 주세요. 예: 010-1234-5678"), code="invalid"
        )
    if not MOBILE.match(value):
        if value.startswith("0") and not value.startswith("01"):
            raise ValidationError(
                _(
                    "휴대전화 번호가 아닙니다(일반 전화·인터넷 전화로는 문자를 받을 수 없습니다). "
                    "010으로 시작하는 번호를 적어 주세요."
                ),
                code="landline",
            )
        raise ValidationError(_("휴대전화 번호 형식이 아닙니다. 예: 010-1234-5678"), code="invalid")
    return value


def display_mobile(value: str) -> str:
    """`01012345678` → `010-1234-5678` (as people read it)."""
    if len(value) == 11:
        return f"{value[:3]}-{value[3:7]}-{value[7:]}"
    if len(value) == 10:
        return f"{value[:3]}-{value[3:6]}-{value[6:]}"
    return value
