"""A new council from nothing: the council, its default categories and its first staff account.

One service for `manage.py createcouncil` and the administrator's "새 협의체"
page, so both refuse the same things with the same Korean line and leave
nothing behind when they do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from council.categories import start_council_of_kind
from council.models import Council, Staff
from council.services.roster import set_password_url
from lib import mail
from lib.errors import Refused
from lib.korean import particle

DISTRICT_CODE_RE = re.compile(r"^\d{5}$")
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def mail_server_configured() -> bool:
    """EMAIL_URL names a mail server (otherwise mail is only printed to the console)."""
    return settings.EMAIL_BACKEND == SMTP_BACKEND


@dataclass(frozen=True)
class NewCouncil:
    """What a new council needs; every text is stripped before it is checked."""

    slug: str
    sido: str
    district: str
    district_code: str
    name: str
    staff_username: str
    staff_name: str
    staff_email: str
    kind: str = Council.Kind.ELEMENTARY
    purpose: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""


def _refuse_duplicates(data: NewCouncil) -> None:
    if Council.objects.filter(slug=data.slug).exists():
        raise Refused(
            _("주소 이름 ‘%(slug)s’%(p)s 이미 다른 협의체가 쓰고 있습니다. 다른 이름을 고르세요.")
            % {"slug": data.slug, "p": particle(data.slug, "은/는")}
        )
    same = Council.objects.filter(district_code=data.district_code, kind=data.kind).first()
    if same is not None:
        raise Refused(
            _(
                "%(region)s(%(code)s)에는 이미 %(kind)s인 ‘%(name)s’%(p)s 있습니다. "
                "같은 시군구에 같은 종류의 협의체는 하나만 만들 수 있습니다."
            )
            % {
                "region": same.region_name,
                "code": data.district_code,
                "kind": same.get_kind_display(),
                "name": same.name,
                "p": particle(same.name, "이/가"),
            }
        )
    if User.objects.filter(username=data.staff_username).exists():
        raise Refused(
            _("아이디 ‘%(username)s’%(p)s 이미 있습니다. 다른 아이디를 고르세요.")
            % {"username": data.staff_username, "p": particle(data.staff_username, "은/는")}
        )


def _check(data: NewCouncil) -> None:
    required = {
        _("주소 이름"): data.slug,
        _("시도"): data.sido,
        _("시군구"): data.district,
        _("시군구 코드"): data.district_code,
        _("협의체 이름"): data.name,
        _("담당자 아이디"): data.staff_username,
        _("담당자 이름"): data.staff_name,
        _("담당자 전자우편"): data.staff_email,
    }
    missing = [label for label, value in required.items() if not value]
    if missing:
        raise Refused(_("빠진 항목이 있습니다: %(fields)s") % {"fields": ", ".join(missing)})
    if not DISTRICT_CODE_RE.match(data.district_code):
        raise Refused(
            _("시군구 코드는 숫자 5자리입니다(예: 부산광역시 금정구 26410). 받은 값: ‘%(code)s’")
            % {"code": data.district_code}
        )
    if data.kind not in Council.Kind.values:
        raise Refused(
            _("협의체 종류 ‘%(kind)s’%(p)s 없습니다. 고를 수 있는 종류: %(kinds)s")
            % {
                "kind": data.kind,
                "p": particle(data.kind, "은/는"),
                "kinds": ", ".join(Council.Kind.values),
            }
        )


@transaction.atomic
def create_council(*, data: NewCouncil) -> tuple[Council, Staff]:
    """The council, its kind's default categories and its first staff account (no
    usable password: the account sets its own through `set_password_url`).

    Refused (nothing written) when a field is missing or malformed, the slug is
    taken, the district already has a council of this kind, or the username exists.
    """
    _check(data)
    _refuse_duplicates(data)
    council = Council(
        slug=data.slug,
        name=data.name,
        kind=data.kind,
        sido=data.sido,
        district=data.district,
        district_code=data.district_code,
        purpose=data.purpose,
        contact_name=data.contact_name,
        contact_phone=data.contact_phone,
        contact_email=data.contact_email,
    )
    # The kind's purpose line when none is given (council/kinds.py).
    council.purpose = council.purpose or str(council.profile.purpose)
    try:
        council.full_clean()
    except ValidationError as error:
        raise Refused(
            " ".join(
                f"{council._meta.get_field(f).verbose_name}: {' '.join(m)}"
                for f, m in error.message_dict.items()
            )
        ) from None
    council.save()
    start_council_of_kind(council)  # the kind's default categories
    user = User(username=data.staff_username, email=data.staff_email, first_name=data.staff_name)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    staff = Staff.objects.create(user=user, council=council, name=data.staff_name)
    return council, staff


def send_staff_link(*, staff: Staff, base_url: str) -> str:
    """E-mail the staff member their one-time set-password link; returns the link
    (the command prints it when no mail server is configured)."""
    url = set_password_url(user=staff.user, base_url=base_url)
    context = {
        "staff": staff,
        "council": staff.council,
        "username": staff.user.username,
        "url": url,
    }
    mail.send_or_log(
        subject=_("[%(council)s] 포털 비밀번호를 설정해 주세요") % {"council": staff.council.name},
        message=render_to_string("council/email/staff_set_password.txt", context),
        recipient_list=[staff.user.email],
    )
    return url
