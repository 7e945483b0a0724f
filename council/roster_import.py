"""The member roster from a spreadsheet, on the one importer contract (lib.imports).

Columns: 이름, 소속·분야, 소속 구분 (the groups the council's kind offers, e.g.
교육지원청; optional), 구분 (위원장/위원), 임기 시작일, 임기 종료일, 전자우편.
A row is matched to a member of this council by e-mail (the login's address,
case-insensitive): a match is updated (its changes kept in the member's
history as "명단 가져오기"), anything else is a new member with a login that
has no password and gets the one-time set-password link by e-mail once the
whole file is applied. Refused, row by row and with nothing written: a row
without a name, affiliation, start date or e-mail; a date that is no date; a
term that ends before it starts; the same e-mail twice in the file; an e-mail
that belongs to another council's account or to a staff or reviewer login.
Members the file does not name are left as they are (a term is ended on the
roster page).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from council.models import Council, Member
from council.notices.models import MemberContact
from council.services import roster as roster_services
from lib import imports
from lib.dates import DATE_EXAMPLE, parse_date
from lib.errors import Refused
from lib.korean import particle
from lib.phones import normalize_mobile
from lib.xlsx import RowError, finish_workbook

MAX_ROWS = 500
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "위원 명단"


@dataclass(frozen=True)
class DateColumn(imports.Column):
    def clean(self, text: str) -> dt.date | None:
        text = text.strip()
        if not text:
            if self.required:
                raise ValidationError(_("날짜를 적어 주세요 (예: %(e)s).") % {"e": DATE_EXAMPLE})
            return None
        day = parse_date(text)
        if day is None:
            raise ValidationError(
                _("‘%(value)s’%(p)s 날짜가 아닙니다 (예: %(e)s).")
                % {"value": text[:30], "p": particle(text[:30], "은/는"), "e": DATE_EXAMPLE}
            )
        return day


@dataclass(frozen=True)
class EmailColumn(imports.Column):
    def clean(self, text: str) -> str:
        text = text.strip().lower()
        if not text:
            raise ValidationError(_("전자우편을 적어 주세요. 비밀번호 설정 링크를 보냅니다."))
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError(
                _("‘%(value)s’%(p)s 전자우편 주소가 아닙니다.")
                % {"value": text[:60], "p": particle(text[:60], "은/는")}
            ) from None
        return text


@dataclass(frozen=True)
class MobileColumn(imports.Column):
    """A mobile number in any common form, stored as digits (lib.phones); may be empty."""

    def clean(self, text: str) -> str:
        text = text.strip()
        return normalize_mobile(text) if text else ""


@dataclass(frozen=True)
class RequiredText(imports.TextColumn):
    def clean(self, text: str) -> str:
        text = super().clean(text)
        if not text:
            raise ValidationError(
                _("비어 있습니다. ‘%(what)s’ 칸을 채워 주세요.") % {"what": self.header}
            )
        return text


COLUMNS = (
    RequiredText("name", "이름", required=True, max_length=50, help=gettext_lazy("예: 홍길동")),
    RequiredText(
        "affiliation",
        "소속·분야",
        required=True,
        max_length=100,
        help=gettext_lazy("예: 부산금정교육지원청, 다함께돌봄센터장, 학부모"),
    ),
    imports.ChoiceColumn(
        "role",
        "구분",
        choices={"위원장": Member.Position.CHAIR, "위원": Member.Position.MEMBER},
        help=gettext_lazy("위원장 또는 위원 (비워 두면 위원)"),
    ),
    DateColumn("term_start", "임기 시작일", required=True, help=DATE_EXAMPLE),
    DateColumn("term_end", "임기 종료일", help=gettext_lazy("비워 두면 정하지 않음")),
    EmailColumn("email", "전자우편", required=True),
    MobileColumn(
        "mobile",
        "휴대전화",
        help=gettext_lazy("예: 010-1234-5678 (문자·알림톡을 받을 번호, 비워도 됨)"),
    ),
)


@dataclass
class RosterRow:
    row: int
    values: dict[str, Any]
    action: str
    member: Member | None = None
    changes: list[str] | None = None
    errors: list[RowError] | None = None


def template_workbook(*, council: Council) -> tuple[str, str, bytes]:
    """An empty roster sheet with the headers, 소속 구분 and 구분 drop-downs, one example row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    columns = columns_for(council)
    sheet.append([column.header for column in columns])
    groups = list(columns[2].choices)
    sheet.append(
        ["홍길동", "부산금정교육지원청", groups[0] if groups else "", "위원"]
        + [dt.date(2026, 3, 1), dt.date(2028, 2, 29), "hong@example.com"]
    )
    for letter, options in (("C", groups), ("D", ["위원장", "위원"])):
        if options:
            choice = DataValidation(
                type="list", formula1='"' + ",".join(options) + '"', allow_blank=True
            )
            sheet.add_data_validation(choice)
            choice.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    for letter, width in zip("ABCDEFG", (14, 28, 14, 10, 14, 14, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    notes = workbook.create_sheet("안내")
    for line in (
        [f"{council.name} 위원 명단 양식"],
        ["첫 행의 열 제목은 그대로 두세요. 한 사람이 한 행입니다."],
        ["이름·소속·분야·임기 시작일·전자우편은 꼭 적어야 합니다."],
        ["날짜는 2026-03-01 또는 2026. 3. 1. 처럼 적습니다."],
        [
            "이미 등록된 위원은 전자우편으로 찾아 고칩니다. 새 위원에게는 비밀번호 설정 링크가 갑니다."
        ],
        [
            "파일에 없는 위원은 그대로 둡니다. 임기를 끝내려면 위원 명단 화면에서 ‘임기 종료’를 누르세요."
        ],
    ):
        notes.append(line)
    finish_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"{council.slug}-roster-template.xlsx", XLSX_TYPE, buffer.getvalue()


FIELDS = ("name", "affiliation", "sector", "role", "term_start", "term_end")


def columns_for(council: Council) -> tuple[imports.Column, ...]:
    """COLUMNS with 소속 구분 after 소속·분야: the groups this council's kind offers."""
    sector = imports.ChoiceColumn(
        "sector",
        "소속 구분",
        choices={str(label): key for key, label in council.affiliation_choices()},
        help=gettext_lazy("비워 두어도 됩니다"),
    )
    return (*COLUMNS[:2], sector, *COLUMNS[2:])


def _changes(member: Member, values: dict[str, Any], columns) -> list[str]:
    labels = {c.key: c.header for c in columns}
    changed = [labels[key] for key in FIELDS if getattr(member, key) != values[key]]
    if member.user.email.lower() != values["email"]:
        changed.append(labels["email"])
    if values.get("mobile") and _mobile_of(member) != values["mobile"]:
        changed.append(labels["mobile"])
    return changed


def _mobile_of(member: Member) -> str:
    contact = getattr(member, "contact", None)
    return contact.mobile if contact is not None else ""


def _record_mobile(member: Member, mobile: str, user) -> None:
    """Keep the file's mobile number (an empty cell leaves a known one as it is)."""
    if not mobile:
        return
    contact, _created = MemberContact.objects.get_or_create(member=member)
    if contact.mobile != mobile:
        contact.mobile = mobile
        contact.changed_by = user
        contact.save(update_fields=["mobile", "changed_by"])


class RosterImporter(imports.Importer):
    kind = "roster_import"

    def __init__(self, council: Council, *, base_url: str = ""):
        self.council, self.scope = council, council.slug
        self.columns = columns_for(council)
        self.base_url = base_url

    def read(self, data) -> list[dict]:
        return imports.read_xlsx_rows(
            data["file"],
            self.columns,
            max_rows=MAX_ROWS,
            empty_message=_("파일에 위원 행이 없습니다. 양식의 둘째 행부터 적어 주세요."),
        )

    def judge(self, payload: list[dict]) -> imports.Preview:
        """Every row against the council's members as they are now. Three queries."""
        emails = {raw["values"].get("email", "").strip().lower() for raw in payload}
        users = {
            u.email.lower(): u
            for u in User.objects.filter(email__in=[e for e in emails if e]).select_related(
                "member__contact", "staff"
            )
        }
        # A member already on the roster is found by e-mail, or else by mobile number
        # (a re-import after someone's e-mail changed updates rather than duplicates).
        mobiles = {}
        for raw in payload:
            try:
                mobile = normalize_mobile(raw["values"].get("mobile", "") or "")
            except ValidationError:
                continue
            mobiles[mobile] = None
        by_mobile = {
            contact.mobile: contact.member
            for contact in MemberContact.objects.filter(
                member__council=self.council, mobile__in=list(mobiles)
            ).select_related("member__user", "member__contact")
        }
        seen: dict[str, int] = {}
        seen_mobiles: dict[str, int] = {}
        rows: list[RosterRow] = []
        errors: list[RowError] = []
        for raw in payload:
            cleaned, cell_errors = imports.clean_cells(self.columns, raw["values"], row=raw["row"])
            problems = list(cell_errors)
            cleaned["role"] = cleaned.get("role") or Member.Position.MEMBER
            cleaned["sector"] = cleaned.get("sector") or ""
            start, end = cleaned.get("term_start"), cleaned.get("term_end")
            if start and end and end < start:
                problems.append(
                    RowError(
                        raw["row"], "임기 종료일", _("임기 종료일이 임기 시작일보다 빠릅니다.")
                    )
                )
            email = cleaned.get("email")
            member = None
            if email:
                if email in seen:
                    problems.append(
                        RowError(
                            raw["row"],
                            "전자우편",
                            _(
                                "같은 전자우편이 %(row)s행에도 있습니다. 한 사람은 한 행에만 적어 주세요."
                            )
                            % {"row": seen[email]},
                        )
                    )
                seen.setdefault(email, raw["row"])
                user = users.get(email)
                member = getattr(user, "member", None) if user else None
                if user is not None and (member is None or member.council_id != self.council.pk):
                    problems.append(
                        RowError(
                            raw["row"],
                            "전자우편",
                            _("이 전자우편은 이 협의체 위원이 아닌 다른 계정이 쓰고 있습니다."),
                        )
                    )
                    member = None
            mobile = cleaned.get("mobile") or ""
            if mobile:
                if mobile in seen_mobiles:
                    problems.append(
                        RowError(
                            raw["row"],
                            "휴대전화",
                            _("같은 휴대전화 번호가 %(row)s행에도 있습니다.")
                            % {"row": seen_mobiles[mobile]},
                        )
                    )
                seen_mobiles.setdefault(mobile, raw["row"])
                if member is None and email and users.get(email) is None:
                    member = by_mobile.get(mobile)
            if problems:
                errors.extend(problems)
                rows.append(RosterRow(raw["row"], cleaned, imports.Action.ERROR, errors=problems))
                continue
            if member is None:
                rows.append(RosterRow(raw["row"], cleaned, imports.Action.NEW))
                continue
            changes = _changes(member, cleaned, self.columns)
            action = imports.Action.CHANGED if changes else imports.Action.UNCHANGED
            rows.append(RosterRow(raw["row"], cleaned, action, member, changes))
        return imports.Preview(rows=rows, errors=errors, actions=[r.action for r in rows])

    @transaction.atomic
    def apply(self, payload, *, user, options) -> dict[str, int]:
        preview = self.judge(payload)
        if preview.has_errors:
            raise Refused(_("명단이 그사이 바뀌어 다시 확인해야 합니다. 파일을 다시 올려 주세요."))
        added: list[Member] = []
        updated = 0
        for row in preview.rows:
            values = row.values
            if row.action == imports.Action.NEW:
                new = roster_services.add_member(
                    council=self.council,
                    name=values["name"],
                    email=values["email"],
                    role=values["role"],
                    sector=values["sector"],
                    affiliation=values["affiliation"],
                    term_start=values["term_start"],
                    term_end=values["term_end"],
                    base_url=self.base_url,
                )
                _record_mobile(new, values.get("mobile", ""), user)
                added.append(new)
            elif row.action == imports.Action.CHANGED:
                member = (
                    Member.objects.select_for_update().select_related("user").get(pk=row.member.pk)
                )
                for key in FIELDS:
                    setattr(member, key, values[key])
                member._change_reason = _("명단 가져오기")
                member.save()
                if member.user.email.lower() != values["email"]:
                    member.user.email = values["email"]
                    member.user.save(update_fields=["email"])
                _record_mobile(member, values.get("mobile", ""), user)
                updated += 1
        return {"added": len(added), "updated": updated}

    def applied(self, result: dict[str, int]) -> tuple[str, str]:
        message = (
            _(
                "명단을 반영했습니다: 새 위원 %(added)s명(비밀번호 설정 링크를 보냈습니다), 고친 위원 %(updated)s명."
            )
            % result
        )
        return message, reverse("council:roster", args=[self.council.slug])
